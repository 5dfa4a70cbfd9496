"""The rows the account view (domain/account.py) needs beside the family: payment heads, claim
payments and procedure descriptions, each in one statement over the family's guarantor."""

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from odpay.db.schema import claimproc, patient, payment, paysplit, procedurecode, procedurelog
from odpay.domain.account import ClaimPayment, PaymentHead
from odpay.domain.enums import ClaimProcStatus
from odpay.domain.money import from_double

_MEMBER_NUMS = select(patient.c.PatNum).where(
    or_(
        patient.c.Guarantor == bindparam("guarantor"),
        and_(patient.c.PatNum == bindparam("guarantor"), patient.c.Guarantor == 0),
    )
)
_PAYMENTS = select(
    payment.c.PayNum, payment.c.PatNum, payment.c.PayDate, payment.c.PayAmt, payment.c.PayType
).where(
    payment.c.PayNum.in_(
        select(paysplit.c.PayNum).where(paysplit.c.PatNum.in_(_MEMBER_NUMS)).distinct()
    )
)
_RECEIVED = (int(ClaimProcStatus.Received), int(ClaimProcStatus.Supplemental))
_CLAIMS = (
    select(
        claimproc.c.ClaimNum,
        claimproc.c.PatNum,
        claimproc.c.DateCP,
        func.sum(claimproc.c.InsPayAmt),
        func.sum(claimproc.c.WriteOff),
    )
    .where(
        claimproc.c.PatNum.in_(_MEMBER_NUMS),
        claimproc.c.Status.in_(_RECEIVED),
        claimproc.c.ClaimNum > 0,
    )
    .group_by(claimproc.c.ClaimNum, claimproc.c.PatNum, claimproc.c.DateCP)
)
_DESCRIPTIONS = (
    select(procedurecode.c.ProcCode, procedurecode.c.Descript)
    .where(
        procedurecode.c.CodeNum.in_(
            select(procedurelog.c.CodeNum).where(procedurelog.c.PatNum.in_(_MEMBER_NUMS))
        )
    )
    .distinct()
)


def family_payments(conn: Connection, guarantor: int) -> dict[int, PaymentHead]:
    """The payments with a split on a member of the family, by PayNum."""
    rows = conn.execute(_PAYMENTS, {"guarantor": guarantor})
    return {
        r[0]: PaymentHead(int(r[0]), int(r[1]), r[2], from_double(r[3]), int(r[4])) for r in rows
    }


def family_claim_payments(conn: Connection, guarantor: int) -> list[ClaimPayment]:
    """Received insurance money of the family's claims, per claim, patient and date."""
    rows = conn.execute(_CLAIMS, {"guarantor": guarantor})
    found = [
        ClaimPayment(int(r[0]), int(r[1]), r[2], from_double(r[3]), from_double(r[4])) for r in rows
    ]
    return [c for c in found if c.InsPayAmt or c.WriteOff]


def family_descriptions(conn: Connection, guarantor: int) -> dict[str, str]:
    """ProcCode -> description of the codes of the family's procedures."""
    return {str(r[0]): str(r[1]) for r in conn.execute(_DESCRIPTIONS, {"guarantor": guarantor})}
