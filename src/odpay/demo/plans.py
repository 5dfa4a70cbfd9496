"""A demo family's dynamic payment plan: a crown on the plan, its charges from
`odpay.domain.payplans.schedule` (the due ones and the later ones), most due charges paid."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from odpay.demo import catalog as catalog
from odpay.domain.money import to_double
from odpay.domain.payplans.schedule import Production, Terms, build_schedule, terms_note


class PlanFamily(Protocol):
    """What a plan needs of the demo family it is written into (`odpay.demo.family.DemoFamily`
    has it; naming the protocol here keeps the two modules from importing each other)."""

    rng: random.Random
    practice: Any
    now: datetime
    today: date
    clinic: int
    payments: dict[date, list[dict[str, Any]]]

    def add(self, table: str, row: dict[str, Any]) -> int: ...

    def procedure_row(
        self, pat_num: int, code: str, on: date, status: int, prov: int
    ) -> dict[str, Any]: ...


def add_payment_plan(family: PlanFamily, pat_num: int, guarantor: int) -> None:
    """A crown on a dynamic plan: its charges due so far, its later ones, most of the due
    ones paid."""
    rng = family.rng
    on = family.today - timedelta(days=rng.randint(60, 300))
    prov = rng.choice(family.practice.dentists)
    proc = family.procedure_row(pat_num, catalog.PLAN_CODE, on, 2, prov)
    fee = family.practice.codes[catalog.PLAN_CODE][1]
    apr = Decimal(rng.choice((0, 0, 0, 6)))
    terms = Terms(
        PayPlanDate=on,
        DatePayPlanStart=on + timedelta(days=30),
        PayAmt=Decimal(rng.choice((100, 125, 150, 200))),
        APR=apr,
        DownPayment=Decimal(rng.choice((0, 0, 250))),
    )
    production = [Production(2, proc["ProcNum"], fee, prov, family.clinic)]
    schedule = build_schedule(terms, production, family.today)
    plan_num = family.add(
        "payplan",
        {
            "PatNum": pat_num,
            "Guarantor": guarantor,
            "PayPlanDate": on,
            "APR": to_double(apr),
            "Note": terms_note(on, terms, fee, schedule),
            "CompletedAmt": to_double(fee),
            "PayAmt": to_double(terms.PayAmt),
            "DownPayment": to_double(terms.DownPayment),
            "IsDynamic": 1,
            "ChargeFrequency": 3,
            "DatePayPlanStart": terms.DatePayPlanStart,
            "IsLocked": int(apr > 0),
            "DateInterestStart": date(1, 1, 1),
            "DynamicPayPlanTPOption": 1,
            "PaySchedule": 0,
            "NumberOfPayments": 0,
        },
    )
    family.add(
        "payplanlink",
        {
            "PayPlanNum": plan_num,
            "LinkType": 2,
            "FKey": proc["ProcNum"],
            "AmountOverride": 0.0,
            "SecDateTEntry": datetime.combine(on, datetime.min.time()),
        },
    )
    due = [c for c in schedule.charges if c.ChargeDate <= family.today]
    paid = len(due) - rng.randint(0, min(1, len(due)))
    for number, charge in enumerate(schedule.charges):
        charge_num = family.add(
            "payplancharge",
            {
                "PayPlanNum": plan_num,
                "Guarantor": pat_num,
                "PatNum": pat_num,
                "ChargeDate": charge.ChargeDate,
                "Principal": to_double(charge.Principal),
                "Interest": to_double(charge.Interest),
                "Note": charge.Note,
                "ProvNum": prov,
                "ClinicNum": family.clinic,
                "ChargeType": 0,
                "ProcNum": 0,
                "SecDateTEntry": family.now,
                "SecDateTEdit": family.now,
                "FKey": proc["ProcNum"],
                "LinkType": 2,
                "IsOffset": 0,
                "IsDownPayment": int(charge.IsDownPayment),
            },
        )
        if number >= paid:
            continue
        for amount, debit_type in ((charge.Interest, 2), (charge.Principal, 1)):
            if amount > 0:
                family.payments.setdefault(charge.ChargeDate, []).append(
                    {
                        "SplitAmt": amount,
                        "PatNum": pat_num,
                        "ProvNum": prov,
                        "ProcNum": proc["ProcNum"],
                        "PayPlanNum": plan_num,
                        "PayPlanChargeNum": charge_num,
                        "PayPlanDebitType": debit_type,
                    }
                )
