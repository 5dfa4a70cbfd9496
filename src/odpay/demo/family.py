"""One demo family's rows, written as the engine reads them (allocation.md): a split on a
procedure has its patient, provider and clinic and never exceeds what the procedure owes after
insurance and its attached adjustments. Names and codes come from `odpay.demo.catalog`. Date-times
are the load's `now` (the office clock), never the database's: a seed and `now` fix every row.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from odpay.db.schema import metadata
from odpay.demo import catalog as catalog
from odpay.demo.plans import add_payment_plan
from odpay.domain.money import ZERO, to_double

TABLES = (
    "patient",
    "procedurelog",
    "claimproc",
    "adjustment",
    "payment",
    "paysplit",
    "payplan",
    "payplancharge",
    "payplanlink",
)
CENT = Decimal("0.01")
PREPAYMENT, CHECK, CASH, CARD = 283, 69, 70, 71
DISCOUNT_TYPE, REFERRAL_TYPE, BROKEN_APPT_TYPE = 8, 13, 14
Rows = dict[str, list[dict[str, Any]]]
_KEY_COLUMNS = {t: next(iter(metadata.tables[t].primary_key.columns)).name for t in TABLES}


@dataclass
class DemoPractice:
    dentists: list[int]
    hygienists: list[int]
    clinics: list[int]
    codes: dict[str, tuple[int, Decimal, str]]  # ProcCode -> CodeNum, fee, kind
    keys: dict[str, int]  # table -> last key used


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


class DemoFamily:
    """One family's rows; `make` appends them to the batch."""

    def __init__(
        self,
        rng: random.Random,
        practice: DemoPractice,
        now: datetime,
        rows: Rows,
    ) -> None:
        self.rng, self.practice, self.now, self.today, self.rows = (
            rng,
            practice,
            now,
            now.date(),
            rows,
        )
        self.clinic = rng.choice(practice.clinics) if practice.clinics else 0
        self.insured = rng.random() < 0.6
        self.payments: dict[date, list[dict[str, Any]]] = {}

    def key(self, table: str) -> int:
        self.practice.keys[table] += 1
        return self.practice.keys[table]

    def add(self, table: str, row: dict[str, Any]) -> int:
        """Append `row` to the batch's `table` under the table's next key; that key."""
        key = self.key(table)
        self.rows[table].append({_KEY_COLUMNS[table]: key, **row})
        return key

    def make(self) -> None:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5, 6), weights=(30, 25, 20, 13, 8, 4))[0]
        last = rng.choice(catalog.LAST_NAMES)
        guarantor = self.key("patient")
        people = [(guarantor, rng.randint(30, 70), 0 if size == 1 else 1)]
        if size > 1 and rng.random() < 0.7:
            people.append((self.key("patient"), people[0][1] + rng.randint(-4, 4), 1))
        while len(people) < size:
            people.append((self.key("patient"), rng.randint(3, 17), 2))
        for pat_num, years, position in people:
            self.patient(pat_num, guarantor, last, years, position)
            for _ in range(rng.randint(1, 5)):
                self.procedure(pat_num, years, guarantor)
            if rng.random() < 0.3:
                self.planned(pat_num, years)
        if rng.random() < 0.12:
            self.adjustment(
                guarantor, rng.choice(((BROKEN_APPT_TYPE, "25.00"), (REFERRAL_TYPE, "-10.00")))
            )
        if rng.random() < 0.12:
            self.prepayment(guarantor)
        if rng.random() < 0.1:
            add_payment_plan(self, rng.choice(people)[0], guarantor)
        for pay_date, splits in sorted(self.payments.items()):
            self.payment(guarantor, pay_date, splits)

    def patient(self, pat_num: int, guarantor: int, last: str, years: int, position: int) -> None:
        rng = self.rng
        female = rng.random() < 0.5
        city, state, zip_code = rng.choice(catalog.CITIES)
        first = rng.choice(catalog.FEMALE_NAMES if female else catalog.MALE_NAMES)
        self.rows["patient"].append(
            {
                "PatNum": pat_num,
                "LName": last,
                "FName": first,
                "PatStatus": 0,
                "Gender": 1 if female else 0,
                "Position": position,
                "Birthdate": date(self.today.year - years, rng.randint(1, 12), rng.randint(1, 28)),
                "Address": f"{rng.randint(10, 9999)} {rng.choice(catalog.STREETS)} Rd",
                "City": city,
                "State": state,
                "Zip": zip_code,
                "HmPhone": f"(801)555-{rng.randint(0, 9999):04d}",
                "Email": f"{first.lower()}.{last.lower()}@example.com",
                "Guarantor": guarantor,
                "PriProv": rng.choice(self.practice.dentists),
                "ClinicNum": self.clinic,
                "SecDateEntry": self.today,
                "DateTStamp": self.now,
            }
        )

    def procedure_row(
        self, pat_num: int, code: str, on: date, status: int, prov: int
    ) -> dict[str, Any]:
        code_num, fee, _kind = self.practice.codes[code]
        row = {
            "ProcNum": self.key("procedurelog"),
            "PatNum": pat_num,
            "ProcDate": on,
            "ProcFee": to_double(fee),
            "ProcStatus": status,
            "ProvNum": prov,
            "ClinicNum": self.clinic,
            "CodeNum": code_num,
            "DateTP": on,
            "DateComplete": on if status == 2 else date(1, 1, 1),
            "SecDateEntry": self.now,
            "DateTStamp": self.now,
        }
        self.rows["procedurelog"].append(row)
        return row

    def _provider_for(self, code: str) -> int:
        kind = self.practice.codes[code][2]
        return self.rng.choice(
            self.practice.hygienists if kind == "hygiene" else self.practice.dentists
        )

    def procedure(self, pat_num: int, years: int, guarantor: int) -> None:
        rng = self.rng
        code = rng.choice(catalog.CHILD_CODES if years < 18 else catalog.ADULT_CODES)
        on = self.today - timedelta(days=rng.randint(0, 420))
        prov = self._provider_for(code)
        row = self.procedure_row(pat_num, code, on, 2, prov)
        _code_num, fee, kind = self.practice.codes[code]
        owed = fee
        if self.insured:
            owed -= self.insurance(row, fee, kind)
        if rng.random() < 0.15:  # a courtesy discount attached to the procedure
            discount = _cents(fee * Decimal("0.10"))
            self.adjustment(pat_num, (DISCOUNT_TYPE, str(-discount)), on, row["ProcNum"], prov)
            owed -= discount
        age = (self.today - on).days
        if age > 20 and owed > 0:
            share = rng.random()
            paid = owed if share < 0.6 else _cents(owed / 2) if share < 0.75 else ZERO
            if paid > 0:
                pay_date = min(on + timedelta(days=rng.randint(0, 7)), self.today)
                self.payments.setdefault(pay_date, []).append(
                    {
                        "SplitAmt": paid,
                        "PatNum": pat_num,
                        "ProvNum": prov,
                        "ProcNum": row["ProcNum"],
                    }
                )

    def insurance(self, row: dict[str, Any], fee: Decimal, kind: str) -> Decimal:
        """A claimproc for the procedure; returns what the engine subtracts for it."""
        rng = self.rng
        age = (self.today - row["ProcDate"]).days
        pays = _cents(fee * catalog.INSURANCE_SHARE[kind])
        write_off = _cents(fee * Decimal("0.08")) if kind != "diagnostic" else ZERO
        pays = min(pays, fee - write_off)
        status = 1 if age > 45 else (0 if rng.random() < 0.5 else 6)
        received = status == 1
        self.add(
            "claimproc",
            {
                "ProcNum": row["ProcNum"],
                "ClaimNum": 0 if status == 6 else row["ProcNum"],
                "PatNum": row["PatNum"],
                "ProvNum": row["ProvNum"],
                "FeeBilled": row["ProcFee"],
                "InsPayEst": to_double(pays),
                "Status": status,
                "InsPayAmt": to_double(pays) if received else 0.0,
                "PlanNum": 1,
                "InsSubNum": 1,
                "DateCP": row["ProcDate"] + timedelta(days=30) if received else date(1, 1, 1),
                "WriteOff": to_double(write_off) if received else 0.0,
                "WriteOffEst": -1.0 if received else to_double(write_off),
                "ProcDate": row["ProcDate"],
                "DateEntry": row["ProcDate"],
                "ClinicNum": row["ClinicNum"],
                "InsEstTotal": to_double(pays),
                "BaseEst": to_double(pays),
                "SecDateEntry": row["ProcDate"],
                "SecDateTEdit": self.now,
            },
        )
        return pays + write_off

    def planned(self, pat_num: int, years: int) -> None:
        code = self.rng.choice(catalog.CHILD_CODES if years < 18 else catalog.ADULT_CODES)
        on = self.today - timedelta(days=self.rng.randint(0, 60))
        self.procedure_row(pat_num, code, on, 1, self._provider_for(code))

    def adjustment(
        self,
        pat_num: int,
        kind: tuple[int, str],
        on: date | None = None,
        proc_num: int = 0,
        prov: int = 0,
    ) -> None:
        on = on or self.today - timedelta(days=self.rng.randint(5, 200))
        self.add(
            "adjustment",
            {
                "AdjDate": on,
                "AdjAmt": to_double(Decimal(kind[1])),
                "PatNum": pat_num,
                "AdjType": kind[0],
                "ProvNum": prov or self.practice.dentists[0],
                "AdjNote": "",
                "ProcDate": on,
                "ProcNum": proc_num,
                "DateEntry": on,
                "ClinicNum": self.clinic,
                "SecUserNumEntry": 1,
                "SecDateTEdit": self.now,
            },
        )

    def prepayment(self, guarantor: int) -> None:
        on = self.today - timedelta(days=self.rng.randint(1, 90))
        amount = Decimal(self.rng.choice((50, 75, 100, 150, 200)))
        self.payments.setdefault(on, []).append(
            {"SplitAmt": amount, "PatNum": guarantor, "ProvNum": 0, "UnearnedType": PREPAYMENT}
        )

    def payment(self, guarantor: int, pay_date: date, splits: list[dict[str, Any]]) -> None:
        rng = self.rng
        if rng.random() < 0.1:  # paid a little more than was owed: unearned money
            splits.append(
                {
                    "SplitAmt": Decimal(rng.choice((5, 10, 20, 40))),
                    "PatNum": guarantor,
                    "ProvNum": 0,
                    "UnearnedType": PREPAYMENT,
                }
            )
        total = sum((s["SplitAmt"] for s in splits), ZERO)
        pay_type = rng.choice((CHECK, CASH, CARD))
        pay_num = self.add(
            "payment",
            {
                "PayType": pay_type,
                "PayDate": pay_date,
                "PayAmt": to_double(total),
                "CheckNum": f"{rng.randint(1000, 9999)}" if pay_type == CHECK else "",
                "PayNote": "",
                "PatNum": guarantor,
                "ClinicNum": self.clinic,
                "DateEntry": pay_date,
                "SecUserNumEntry": 1,
                "SecDateTEdit": self.now,
                "PaymentSource": 0,
                "ProcessStatus": 0,
            },
        )
        for split in splits:
            self.add(
                "paysplit",
                {
                    "SplitAmt": to_double(split["SplitAmt"]),
                    "PatNum": split["PatNum"],
                    "PayNum": pay_num,
                    "ProvNum": split["ProvNum"],
                    "PayPlanNum": split.get("PayPlanNum", 0),
                    "DatePay": pay_date,
                    "ProcNum": split.get("ProcNum", 0),
                    "DateEntry": pay_date,
                    "UnearnedType": split.get("UnearnedType", 0),
                    "ClinicNum": self.clinic,
                    "SecUserNumEntry": 1,
                    "SecDateTEdit": self.now,
                    "AdjNum": 0,
                    "PayPlanChargeNum": split.get("PayPlanChargeNum", 0),
                    "PayPlanDebitType": split.get("PayPlanDebitType", 0),
                },
            )
