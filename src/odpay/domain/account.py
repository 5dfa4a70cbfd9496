"""The family's account as Open Dental's Account module shows it (odpay's ledger console).

One line per completed procedure, adjustment, insurance claim payment and payment, by date,
with charges, credits and the running balance; a payment line holds its splits, each naming
the line it paid. Read-only and separate from the engine's ledger (ledger.py), which holds what
charges still owe rather than what was entered. docs/decisions.md "Preview, explanation and
console".
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum

from odpay.domain.enums import ProcStat
from odpay.domain.family import Family
from odpay.domain.insurance import fee_total
from odpay.domain.money import ZERO
from odpay.domain.records import PaySplit


class LineKind(IntEnum):
    """What an account line is; the values order the lines of one date."""

    Procedure = 0
    Adjustment = 1
    Insurance = 2
    Payment = 3


@dataclass(frozen=True, slots=True)
class PaymentHead:
    """The payment row behind a payment line."""

    PayNum: int
    PatNum: int
    PayDate: date
    PayAmt: Decimal
    PayType: int


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    """A claim's received insurance money for one patient on one date."""

    ClaimNum: int
    PatNum: int
    DateCP: date
    InsPayAmt: Decimal
    WriteOff: Decimal


@dataclass(frozen=True, slots=True)
class AccountLine:
    kind: LineKind
    date: date
    PatNum: int
    key: int  # ProcNum, AdjNum, ClaimNum or PayNum
    ProvNum: int
    code: str  # ProcCode of a procedure
    description: str
    charge: Decimal
    credit: Decimal
    balance: Decimal  # running: charges less credits of this line and every one before
    splits: tuple[PaySplit, ...] = ()  # a payment's splits within the family


def account_lines(
    family: Family,
    payments: dict[int, PaymentHead],
    claims: list[ClaimPayment],
    descriptions: dict[str, str],
    pay_type_names: dict[int, str],
) -> list[AccountLine]:
    """Every line of the family's account in order, with running balances."""
    members = family.member_nums
    raw: list[
        tuple[LineKind, date, int, int, int, str, str, Decimal, Decimal, tuple[PaySplit, ...]]
    ]
    raw = []
    for proc in family.procedures:
        if proc.PatNum in members and proc.ProcStatus == ProcStat.C:
            raw.append((
                LineKind.Procedure, proc.ProcDate, proc.PatNum, proc.ProcNum, proc.ProvNum,
                proc.ProcCode, descriptions.get(proc.ProcCode, ""), fee_total(proc), ZERO, (),
            ))  # fmt: skip
    for adj in family.adjustments:
        if adj.PatNum in members:
            charge, credit = (adj.AdjAmt, ZERO) if adj.AdjAmt >= ZERO else (ZERO, -adj.AdjAmt)
            text = "Adjustment" + (f" on procedure {adj.ProcNum}" if adj.ProcNum else "")
            raw.append((
                LineKind.Adjustment, adj.AdjDate, adj.PatNum, adj.AdjNum, adj.ProvNum, "", text,
                charge, credit, (),
            ))  # fmt: skip
    for claim in claims:
        text = f"Insurance payment, claim {claim.ClaimNum}"
        if claim.WriteOff:
            text += f" (write-off {claim.WriteOff:.2f})"
        raw.append((
            LineKind.Insurance, claim.DateCP, claim.PatNum, claim.ClaimNum, 0, "", text, ZERO,
            claim.InsPayAmt + claim.WriteOff, (),
        ))  # fmt: skip
    by_payment: dict[int, list[PaySplit]] = {}
    for split in family.paysplits:
        if split.PatNum in members:
            by_payment.setdefault(split.PayNum, []).append(split)
    for pay_num, splits in by_payment.items():
        splits.sort(key=lambda s: s.SplitNum)
        head = payments.get(pay_num)
        day = head.PayDate if head is not None else splits[0].DatePay
        payer = head.PatNum if head is not None and head.PatNum in members else splits[0].PatNum
        name = pay_type_names.get(head.PayType, "") if head is not None else ""
        total = sum((s.SplitAmt for s in splits), ZERO)
        raw.append((
            LineKind.Payment, day, payer, pay_num, 0, "", f"Payment {name}".rstrip(), ZERO, total,
            tuple(splits),
        ))  # fmt: skip
    raw.sort(key=lambda line: (line[1], line[0], line[3]))
    lines: list[AccountLine] = []
    running = ZERO
    for kind, day, pat_num, key, prov, code, text, charge, credit, paid in raw:
        running += charge - credit
        lines.append(
            AccountLine(kind, day, pat_num, key, prov, code, text, charge, credit, running, paid)
        )
    return lines
