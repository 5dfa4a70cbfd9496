"""Seeded random families for the engine's regression test, and what the engine makes of them.

`case(seed)` builds one family, its preferences and a few payments from random.Random(seed);
`results(case)` runs every public entry point of the engine on it (build_ledger, outstanding,
partial_splits, the linked ledger, family_balances, production_owed, auto_split) and returns
plain JSON values. tests/domain/golden/engine_cases.json holds those results as the engine
computed them before it was optimised; test_engine_regression.py checks they never change.

Regenerate only when a change of results is intended and reviewed:
    .venv/bin/python -m tests.domain.engine_cases
"""

import hashlib
import json
import random
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.balances import family_balances
from odpay.domain.entries import AccountEntry
from odpay.domain.enums import (
    ClaimProcStatus,
    DefCat,
    PayPlanChargeType,
    PayPlanDebitType,
    PayPlanLinkType,
    ProcStat,
)
from odpay.domain.family import Family
from odpay.domain.ledger import Ledger, build_ledger
from odpay.domain.linking import implicit_link
from odpay.domain.outstanding import (
    explicit_ledger,
    linked_ledger,
    outstanding,
    partial_splits,
)
from odpay.domain.payplans.production import production_owed
from odpay.domain.prefs import Prefs
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    Definition,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
    Provider,
)
from odpay.domain.refund import refund_splits
from tests.domain.builders import BLANK_DEFINITIONS, TODAY, patient

GOLDEN = Path(__file__).parent / "golden" / "engine_cases.json"
SEEDS = range(300)
OUTSIDER = 99  # a patient of another family whose plan the payer may guarantee
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Case:
    family: Family
    prefs: Prefs
    requests: tuple[PaymentRequest, ...]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """Whole cents between low and high dollars; round dollars half of the time."""
    if rng.random() < 0.5:
        return Decimal(rng.randint(low, high)).quantize(CENT)
    return (Decimal(rng.randint(low * 100, high * 100)) * CENT).quantize(CENT)


def _day(rng: random.Random) -> date:
    """Mostly past dates, some after TODAY (future plan charges), many shared (sort ties)."""
    if rng.random() < 0.3:
        return rng.choice((date(2024, 1, 5), date(2024, 3, 1), date(2024, 6, 15)))
    return date(2023, 1, 1) + timedelta(days=rng.randint(0, 600))


def _size(seed: int, rng: random.Random) -> int:
    """How many procedures: small families mostly, a few medium and large ones."""
    if seed % 25 == 0:
        return rng.randint(150, 400)
    if seed % 5 == 0:
        return rng.randint(20, 60)
    return rng.randint(0, 14)


def case(seed: int) -> Case:
    rng = random.Random(seed)
    member_nums = [10, *range(11, 11 + rng.randint(0, 3))]
    payer_num = rng.choice(member_nums) if rng.random() < 0.3 else 10
    members = tuple(patient(n, Guarantor=10, PriProv=rng.choice((0, 1, 2))) for n in member_nums)
    payer = next(m for m in members if m.PatNum == payer_num)
    provs = (1, 2, 3)[: rng.randint(1, 3)]
    clinics = (0, 1, 2)[: rng.randint(1, 3)]

    def owner() -> tuple[int, int, int]:
        return rng.choice(member_nums), rng.choice(provs), rng.choice(clinics)

    procedures: list[Procedure] = []
    claimprocs: list[ClaimProc] = []
    proc_nums = rng.sample(range(1, 2000), _size(seed, rng))  # creation order ≠ ProcNum order
    for num in proc_nums:
        pat, prov, clinic = owner()
        status = rng.choice([ProcStat.C] * 6 + [ProcStat.TP, ProcStat.TP, ProcStat.EC, ProcStat.D])
        procedures.append(
            Procedure(
                ProcNum=num,
                PatNum=pat,
                ProcDate=_day(rng),
                ProcFee=rng.choice((Decimal("0.00"), _money(rng, 1, 900), _money(rng, 20, 200))),
                ProcStatus=status,
                ProvNum=prov,
                ClinicNum=clinic,
                UnitQty=rng.choice((1, 1, 1, 0, 2)),
                BaseUnits=rng.choice((0, 0, 0, 1)),
                Discount=rng.choice((Decimal("0.00"), _money(rng, 0, 30))),
                DiscountPlanAmt=rng.choice((Decimal("0.00"), Decimal("0.00"), _money(rng, 0, 20))),
                ProcCode=rng.choice(("D0120", "D1110", "D2391", "ZZZFIX")),
            )
        )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            claimprocs.append(_claimproc(rng, len(claimprocs) + 1, num, pat, prov, clinic))
    for _ in range(rng.choice((0, 0, 1, 3))):  # pay-as-total insurance
        pat, prov, clinic = owner()
        claimprocs.append(
            ClaimProc(
                ClaimProcNum=len(claimprocs) + 1,
                ProcNum=0,
                PatNum=pat,
                Status=rng.choice(
                    (
                        ClaimProcStatus.Received,
                        ClaimProcStatus.Supplemental,
                        ClaimProcStatus.Estimate,
                    )
                ),
                ClaimNum=rng.choice((70, 71, 72)),
                ProvNum=prov,
                ClinicNum=clinic,
                InsPayAmt=rng.choice((_money(rng, 1, 300), -_money(rng, 1, 50), Decimal("0.00"))),
                WriteOff=rng.choice((Decimal("0.00"), _money(rng, 1, 20))),
            )
        )

    adjustments: list[Adjustment] = []
    for num in range(1, rng.choice((0, 1, 3, 6, max(1, len(procedures) // 4))) + 1):
        pat, prov, clinic = owner()
        attached = rng.choice([0, 0, *proc_nums[:40], 3999])
        if attached in proc_nums and rng.random() < 0.7:  # usually the procedure's own owner
            row = procedures[proc_nums.index(attached)]
            pat, prov, clinic = row.PatNum, row.ProvNum, row.ClinicNum
        amount = _money(rng, 1, 150)
        adjustments.append(
            Adjustment(
                AdjNum=num,
                PatNum=pat,
                AdjDate=_day(rng),
                AdjAmt=amount if rng.random() < 0.5 else -amount,
                ProvNum=prov,
                ClinicNum=clinic,
                ProcNum=attached,
            )
        )

    plans: list[PayPlan] = []
    charges: list[PayPlanCharge] = []
    links: list[PayPlanLink] = []
    adj_nums = [a.AdjNum for a in adjustments]
    if proc_nums and rng.random() < 0.5:
        _dynamic_plan(rng, 5, payer_num, member_nums, proc_nums, adj_nums, plans, charges, links)
        if plans[-1].PatNum == OUTSIDER:  # §2.3.3: production of another family
            num = 4000 + seed
            procedures.append(
                Procedure(num, OUTSIDER, _day(rng), _money(rng, 50, 400), ProvNum=rng.choice(provs))
            )
            claimprocs.append(
                ClaimProc(
                    len(claimprocs) + 1,
                    num,
                    OUTSIDER,
                    ClaimProcStatus.Estimate,
                    InsPayEst=_money(rng, 0, 40),
                )
            )
            adjustments.append(
                Adjustment(
                    len(adjustments) + 1,
                    OUTSIDER,
                    _day(rng),
                    _money(rng, 1, 30),
                    ProvNum=1,
                    ProcNum=num,
                )
            )
            links.append(
                PayPlanLink(
                    len(links) + 1,
                    5,
                    PayPlanLinkType.Procedure,
                    num,
                    rng.choice((Decimal("0.00"), _money(rng, 10, 90))),
                )
            )
            charges.append(
                _debit(
                    rng, len(charges) + 1, 5, OUTSIDER, payer_num, PayPlanLinkType.Procedure, num
                )
            )
            if rng.random() < 0.5:  # the outside adjustment on the plan too
                override = rng.choice((Decimal("0.00"), _money(rng, 1, 20)))
                links.append(
                    PayPlanLink(
                        len(links) + 1,
                        5,
                        PayPlanLinkType.Adjustment,
                        adjustments[-1].AdjNum,
                        override,
                        datetime(2024, 2, 1),
                    )
                )
    if proc_nums and rng.random() < 0.4:
        outside = rng.random() < 0.2
        if outside:  # §2.3.3 again: a static plan on another family's procedure
            num = 5000 + seed
            procedures.append(Procedure(num, OUTSIDER, _day(rng), _money(rng, 50, 400), ProvNum=2))
        _static_plan(
            rng,
            6,
            (payer_num, OUTSIDER) if outside else (10, rng.choice(member_nums)),
            [num] if outside else proc_nums,
            plans,
            charges,
        )
    if rng.random() < 0.25:  # a second dynamic plan guaranteed by another member
        _dynamic_plan(
            rng, 7, rng.choice(member_nums), member_nums, proc_nums, adj_nums, plans, charges, links
        )
    if any(cp.PayPlanNum == 8 for cp in claimprocs):  # an insurance payment plan
        plans.append(PayPlan(8, 10, 10, PlanNum=3, IsDynamic=False, IsClosed=rng.random() < 0.2))
        debit = rng.choice((_money(rng, 0, 400), -_money(rng, 1, 50)))
        charges.append(PayPlanCharge(len(charges) + 1, 8, 10, 10, _day(rng), debit))
        charges.append(
            PayPlanCharge(
                len(charges) + 1,
                8,
                10,
                10,
                _day(rng),
                _money(rng, 0, 400),
                ChargeType=PayPlanChargeType.Credit,
            )
        )

    paysplits = _paysplits(
        rng, member_nums, provs, clinics, procedures, adjustments, plans, charges
    )
    definitions: tuple[Definition, ...] = BLANK_DEFINITIONS
    if rng.random() < 0.2:  # one more reserved (hidden) unearned type
        definitions += (
            Definition(
                DefNum=400, Category=DefCat.PaySplitUnearnedType, ItemName="Res", ItemValue="X"
            ),
        )
    family = Family(
        payer=payer,
        members=members,
        procedures=tuple(sorted(procedures, key=lambda p: p.ProcNum)),
        adjustments=tuple(adjustments),
        claimprocs=tuple(claimprocs),
        paysplits=tuple(paysplits),
        payplans=tuple(sorted(plans, key=lambda p: p.PayPlanNum)),
        payplancharges=tuple(charges),
        payplanlinks=tuple(links),
        definitions=definitions,
        providers=(
            Provider(1, "DOC1", 2),
            Provider(2, "DOC2", 1),
            Provider(3, "HYG", 0, IsHidden=True),
        ),
    )
    prefs = Prefs(
        RigorousAccounting=rng.choice((0, 1, 1, 2)),
        PrepaymentUnearnedType=rng.choice((283, 283, 400)),
        BalancesDontSubtractIns=rng.random() < 0.2,
        AdjustmentsOffsetEachOther=rng.random() < 0.7,
        PayPlansVersion=rng.choice((1, 1, 2, 4)),
        PrePayAllowedForTpProcs=rng.random() < 0.3,
        PracticeDefaultProv=rng.choice((0, 1)),
        EasyNoClinics=rng.random() < 0.6,
    )
    return Case(family, prefs, _requests(rng, family, plans, proc_nums))


def _claimproc(
    rng: random.Random, num: int, proc_num: int, pat: int, prov: int, clinic: int
) -> ClaimProc:
    minus_one = Decimal("-1.00")
    return ClaimProc(
        ClaimProcNum=num,
        ProcNum=proc_num,
        PatNum=pat,
        Status=rng.choice(list(ClaimProcStatus) + [ClaimProcStatus.Estimate] * 4),
        ClaimNum=rng.choice((0, 70, 71)),
        ProvNum=prov,
        ClinicNum=clinic,
        InsPayEst=rng.choice((_money(rng, 0, 500), Decimal("0.00"), -_money(rng, 1, 5))),
        InsPayAmt=rng.choice((Decimal("0.00"), _money(rng, 0, 900))),
        WriteOff=rng.choice((Decimal("0.00"), _money(rng, 0, 40))),
        WriteOffEst=rng.choice((minus_one, _money(rng, 0, 40))),
        WriteOffEstOverride=rng.choice((minus_one, minus_one, _money(rng, 0, 40))),
        NoBillIns=rng.random() < 0.2,
        PayPlanNum=rng.choice((0, 0, 0, 8)),
    )


def _debit(
    rng: random.Random,
    num: int,
    plan_num: int,
    pat: int,
    guarantor: int,
    link_type: int,
    fkey: int,
    proc_num: int = 0,
) -> PayPlanCharge:
    offset = rng.random() < 0.1
    principal = _money(rng, 0, 120)
    return PayPlanCharge(
        PayPlanChargeNum=num,
        PayPlanNum=plan_num,
        Guarantor=guarantor,
        PatNum=pat,
        ChargeDate=_day(rng),
        Principal=-principal if offset or rng.random() < 0.05 else principal,
        Interest=rng.choice((Decimal("0.00"), Decimal("0.00"), _money(rng, 0, 9))),
        ProvNum=rng.choice((1, 2)),
        ClinicNum=rng.choice((0, 1)),
        ProcNum=proc_num,
        FKey=fkey,
        LinkType=link_type,
        IsOffset=offset,
    )


def _dynamic_plan(
    rng: random.Random,
    plan_num: int,
    guarantor: int,
    member_nums: list[int],
    proc_nums: list[int],
    adj_nums: list[int],
    plans: list[PayPlan],
    charges: list[PayPlanCharge],
    links: list[PayPlanLink],
) -> None:
    """A dynamic plan on some procedures and adjustments, with due, future and offset charges."""
    pat = rng.choice([*member_nums, OUTSIDER]) if plan_num == 5 else rng.choice(member_nums)
    plans.append(
        PayPlan(
            PayPlanNum=plan_num,
            PatNum=pat,
            Guarantor=guarantor,
            IsDynamic=True,
            IsClosed=rng.random() < 0.1,
            DynamicPayPlanTPOption=rng.choice((0, 1, 2)),
        )
    )
    linked_procs = rng.sample(proc_nums, min(len(proc_nums), rng.randint(0, 3)))
    linked_adjs = rng.sample(adj_nums, min(len(adj_nums), rng.randint(0, 2)))
    if rng.random() < 0.1:  # a link to an adjustment that is not loaded
        linked_adjs.append(3999)
    for num in linked_procs:
        override = rng.choice((Decimal("0.00"), Decimal("0.00"), _money(rng, 5, 150)))
        links.append(
            PayPlanLink(len(links) + 1, plan_num, PayPlanLinkType.Procedure, num, override)
        )
    for num in linked_adjs:
        entered = datetime(2023, 1, 1) + timedelta(days=rng.randint(0, 600))
        override = rng.choice((Decimal("0.00"), _money(rng, 5, 50)))
        links.append(
            PayPlanLink(
                len(links) + 1, plan_num, PayPlanLinkType.Adjustment, num, override, entered
            )
        )
    targets = [(PayPlanLinkType.Procedure, n) for n in linked_procs]
    targets += [(PayPlanLinkType.Adjustment, n) for n in linked_adjs]
    targets += [(PayPlanLinkType.None_, 0)]
    for _ in range(rng.randint(1, 12)):
        link_type, fkey = rng.choice(targets)
        charges.append(_debit(rng, len(charges) + 1, plan_num, pat, guarantor, link_type, fkey))


def _static_plan(
    rng: random.Random,
    plan_num: int,
    guarantor_and_patient: tuple[int, int],
    proc_nums: list[int],
    plans: list[PayPlan],
    charges: list[PayPlanCharge],
) -> None:
    """A static plan: credits (some negative, some on missing procedures), then debits."""
    guarantor, pat = guarantor_and_patient
    plans.append(PayPlan(plan_num, pat, guarantor, IsDynamic=False, IsClosed=rng.random() < 0.1))
    for _ in range(rng.randint(0, 3)):
        principal = _money(rng, 1, 300)
        charges.append(
            PayPlanCharge(
                PayPlanChargeNum=len(charges) + 1,
                PayPlanNum=plan_num,
                Guarantor=guarantor,
                PatNum=pat,
                ChargeDate=_day(rng),
                Principal=-principal if rng.random() < 0.25 else principal,
                ProvNum=rng.choice((1, 2)),
                ChargeType=PayPlanChargeType.Credit,
                ProcNum=rng.choice([0, 3999, *proc_nums[:10]]),
                LinkType=rng.choice((0, 0, 0, 1)),
            )
        )
    for _ in range(rng.randint(1, 8)):
        charges.append(
            _debit(
                rng,
                len(charges) + 1,
                plan_num,
                pat,
                guarantor,
                0,
                0,
                rng.choice([0, *proc_nums[:5]]),
            )
        )


def _paysplits(
    rng: random.Random,
    member_nums: list[int],
    provs: tuple[int, ...],
    clinics: tuple[int, ...],
    procedures: list[Procedure],
    adjustments: list[Adjustment],
    plans: list[PayPlan],
    charges: list[PayPlanCharge],
) -> list[PaySplit]:
    """Existing splits of every kind: on procedures (own owner or not), adjustments, plans
    (charge, debit type, production), unattached, unearned, reserved, refunds."""
    splits: list[PaySplit] = []
    count = rng.choice((0, 1, 3, 6, 10, len(procedures) // 3))
    kinds = ("proc", "proc", "adj", "plan", "plan", "free", "unearned", "hidden", "refund")
    for num in range(1, count + 1):
        kind = rng.choice(kinds)
        pat, prov, clinic = rng.choice(member_nums), rng.choice(provs), rng.choice(clinics)
        amount = _money(rng, 1, 250)
        cols: dict[str, Any] = {}
        if kind in ("proc", "refund") and procedures:
            row = rng.choice(procedures)
            cols["ProcNum"] = row.ProcNum
            if rng.random() < 0.7:
                pat, prov, clinic = row.PatNum, row.ProvNum, row.ClinicNum
        elif kind == "adj" and adjustments:
            row_adj = rng.choice(adjustments)
            cols["AdjNum"] = row_adj.AdjNum
            if rng.random() < 0.5:
                cols["ProcNum"] = row_adj.ProcNum
            if rng.random() < 0.7:
                pat, prov, clinic = row_adj.PatNum, row_adj.ProvNum, row_adj.ClinicNum
        elif kind == "plan" and plans:
            chosen = rng.choice(plans)
            cols["PayPlanNum"] = chosen.PayPlanNum
            plan_charges = [c for c in charges if c.PayPlanNum == chosen.PayPlanNum]
            if plan_charges and rng.random() < 0.7:
                target = rng.choice(plan_charges)
                cols["PayPlanChargeNum"] = target.PayPlanChargeNum
                if target.LinkType == PayPlanLinkType.Procedure:
                    cols["ProcNum"] = target.FKey
                elif target.LinkType == PayPlanLinkType.Adjustment:
                    cols["AdjNum"] = target.FKey
                prov, clinic = target.ProvNum, target.ClinicNum
                pat = rng.choice((chosen.Guarantor, chosen.PatNum, pat))
            cols["PayPlanDebitType"] = rng.choice(list(PayPlanDebitType))
            if rng.random() < 0.25:
                amount = -amount
        elif kind == "unearned":
            prov, cols["UnearnedType"] = rng.choice((0, prov)), rng.choice((283, 283, 308, 400))
        elif kind == "hidden":
            prov, cols["UnearnedType"] = 0, 299
        if kind == "refund" or (kind in ("free", "proc") and rng.random() < 0.1):
            amount = -amount
        splits.append(
            PaySplit(
                SplitNum=num,
                PayNum=100 + rng.randint(1, max(1, count // 2)),  # some payments have several
                SplitAmt=amount,
                PatNum=pat,
                DatePay=_day(rng),
                ProvNum=prov,
                ClinicNum=clinic,
                **cols,
            )
        )
    return splits


def _requests(
    rng: random.Random, family: Family, plans: list[PayPlan], proc_nums: list[int]
) -> tuple[PaymentRequest, ...]:
    """Four payments: a dollar, part of what is owed, more than is owed, and one of random
    shape (negative, prepayment, pay-first, one plan, patient preferred)."""
    owed = sum((p.ProcFee for p in family.procedures), Decimal("0.00"))
    amounts = [
        Decimal("1.00"),
        max(CENT, (owed * Decimal(rng.randint(5, 80)) / 100).quantize(CENT)),
        owed + _money(rng, 1, 500),
        rng.choice((-_money(rng, 1, 200), _money(rng, 1, 300), Decimal("0.37"))),
    ]
    requests = []
    for amount in amounts:
        plan = rng.choice([0, 0, *(p.PayPlanNum for p in plans)])
        requests.append(
            PaymentRequest(
                PatNum=family.payer.PatNum,
                PayAmt=amount,
                PayDate=rng.choice((TODAY, TODAY - timedelta(days=3))),
                ClinicNum=rng.choice((0, 1, 2)),
                isPatientPreferred=rng.random() < 0.3,
                isPrepayment=rng.random() < 0.1,
                procNums=tuple(
                    rng.sample(
                        [*proc_nums, 3999], min(rng.choice((0, 0, 1, 3)), len(proc_nums) + 1)
                    )
                ),
                payPlanNum=plan,
                payPlanIsDynamic=any(p.PayPlanNum == plan and p.IsDynamic for p in plans),
            )
        )
    return tuple(requests)


def _json(value: object) -> Any:
    """Decimal and dates as text, enums as ints, so the golden file is exact and diffable."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    return value


def _row(record: object) -> list[Any]:
    return [_json(getattr(record, f.name)) for f in fields(record)]  # type: ignore[arg-type]


# Entries by field name, so that reordering AccountEntry's fields changes nothing here.
_ENTRY_FIELDS = sorted(f.name for f in fields(AccountEntry))


def _entry(entry: AccountEntry) -> list[Any]:
    return [_json(getattr(entry, name)) for name in _ENTRY_FIELDS]


def _ledger_state(ledger: Ledger) -> dict[str, Any]:
    """The amounts the entries and credits hold, in ledger order (the entries' other fields
    are recorded once, from build_ledger)."""
    return {
        "amounts": [str(e.amount) for e in ledger.entries],
        "split_rems": [[s.SplitNum, str(s.rem)] for s in ledger.splits],
        "pay_as_total_rems": [str(p.rem) for p in ledger.pay_as_totals],
    }


def _partial_pairs(
    case_: Case, leave_out: int
) -> tuple[list[tuple[int, Decimal]], list[tuple[int, Decimal]]]:
    """Some procedures and charges with what they owe (or part of it), as a service would ask."""
    owed = outstanding(case_.family, case_.prefs, TODAY, leave_out)
    procs = [(n, a) for n, a in owed.procedures.items() if a > 0][:3]
    procs = [(n, a if n % 2 else max(CENT, (a / 2).quantize(CENT))) for n, a in procs]
    charges = [(n, a) for n, a in owed.charges.items() if a > 0][:3]
    return procs, charges


def results(case_: Case) -> dict[str, Any]:
    fam, prefs = case_.family, case_.prefs
    leave_out = fam.paysplits[0].PayNum if fam.paysplits else 0
    built = build_ledger(fam, prefs, TODAY)
    owed_all = outstanding(fam, prefs, TODAY)
    owed_partial = outstanding(fam, prefs, TODAY, leave_out)
    procs, charges = _partial_pairs(case_, leave_out)
    settled = explicit_ledger(fam, prefs, TODAY)
    implicit_link(settled, fam.payer.PatNum)
    balances = family_balances(fam, prefs, TODAY)
    return {
        "ledger": {
            "entry_fields": _ENTRY_FIELDS,
            "entries": [_entry(e) for e in built.entries],
            **_ledger_state(built),
            "hidden": sorted(built.hidden_types),
        },
        "explicit": _ledger_state(explicit_ledger(fam, prefs, TODAY)),
        "settled": _ledger_state(settled),
        "outstanding": [
            {
                "procedures": [[n, str(a)] for n, a in owed.procedures.items()],
                "charges": [[n, str(a)] for n, a in owed.charges.items()],
            }
            for owed in (owed_all, owed_partial)
        ],
        "partial": [
            _row(s) for s in partial_splits(fam, prefs, TODAY, TODAY, leave_out, procs, charges)
        ],
        "balances": _json_tree(balances),
        "production_owed": [
            [[k[0], k[1], str(v)] for k, v in production_owed(fam, prefs, TODAY, num).items()]
            for num in (0, *(p.PayPlanNum for p in fam.payplans))
        ],
        "linked": [str(e.amount) for e in linked_ledger(fam, prefs, TODAY)],
        "refund": [_row(s) for s in refund_splits(fam.paysplits, TODAY)],
        "payments": [
            [_row(s) for s in auto_split(fam, prefs, request, TODAY)] for request in case_.requests
        ],
    }


def _json_tree(value: object) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _json_tree(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    if isinstance(value, dict):
        return [[_json(k), _json_tree(v)] for k, v in value.items()]
    return _json(value)


def fingerprint(case_: Case) -> str:
    """A short hash of the inputs, so a change in the generator is told apart from a change
    in the engine."""
    return hashlib.sha256(repr(_by_name(case_)).encode()).hexdigest()[:16]


def _by_name(value: object) -> object:
    """Records as their fields by name, so that reordering a record's fields changes nothing."""
    if hasattr(value, "__dataclass_fields__"):
        shown = sorted(f.name for f in fields(value) if f.repr)  # type: ignore[arg-type]
        return type(value).__name__, [(name, _by_name(getattr(value, name))) for name in shown]
    if isinstance(value, tuple | list):
        return [_by_name(item) for item in value]
    return value


def golden_line(seed: int) -> dict[str, Any]:
    case_ = case(seed)
    return {"seed": seed, "inputs": fingerprint(case_), **results(case_)}


def main() -> None:
    GOLDEN.parent.mkdir(exist_ok=True)
    with GOLDEN.open("w") as out:
        out.write("[\n")
        for n, seed in enumerate(SEEDS):
            line = json.dumps(golden_line(seed), separators=(",", ":"))
            out.write(line + (",\n" if n < len(SEEDS) - 1 else "\n"))
        out.write("]\n")


if __name__ == "__main__":
    main()
