"""GET /odpay/v1/families/{PatNum}/ledger (odpay extension): a page of the family's account as
Open Dental's Account module shows it (domain/account.py), for the ledger console.

The whole account is built on each request (running balances need every line before the page)
and a page of it answered: offset and limit count lines; a payment's splits come with it.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.account import family_claim_payments, family_descriptions, family_payments
from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import definition_names
from odpay.domain.account import AccountLine, LineKind, account_lines
from odpay.domain.enums import DefCat
from odpay.domain.money import ZERO
from odpay.domain.records import Patient
from odpay.services.patient_checks import existing_patient, refuse_deleted
from odpay.services.refusals import LEDGER_LIMIT_OUT_OF_RANGE, NOT_WHOLE_NUMBER
from odpay.services.transaction import read_transaction

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class LedgerPage:
    guarantor: int
    members: tuple[Patient, ...]
    total: int  # lines in the whole account
    offset: int
    limit: int
    balance: Decimal  # the family's balance: the last line's running balance
    lines: list[AccountLine]
    # (kind, key) of a procedure or adjustment line -> its position in the whole account, for
    # the lines the page's splits paid
    targets: dict[tuple[LineKind, int], int]


def family_ledger(
    engine: Engine, pat_num: int, offset: str | None, limit: str | None
) -> LedgerPage:
    first = _whole_number(offset, "offset", 0)
    count = _whole_number(limit, "limit", DEFAULT_LIMIT)
    if not 1 <= count <= MAX_LIMIT:
        raise LEDGER_LIMIT_OUT_OF_RANGE.error(max_limit=MAX_LIMIT)
    return read_transaction(engine, lambda conn: _page(conn, pat_num, first, count))


def _whole_number(text: str | None, name: str, default: int) -> int:
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise NOT_WHOLE_NUMBER.error(name=name)
    return int(text)


def _page(conn: Connection, pat_num: int, offset: int, limit: int) -> LedgerPage:
    family = existing_patient(load_family(conn, pat_num))
    refuse_deleted(family.payer)
    guarantor = family.guarantor
    lines = account_lines(
        family,
        family_payments(conn, guarantor),
        family_claim_payments(conn, guarantor),
        family_descriptions(conn, guarantor),
        definition_names(conn, DefCat.PaymentTypes),
    )
    page = lines[offset : offset + limit]
    wanted = {
        key
        for line in page
        for split in line.splits
        for key in ((LineKind.Procedure, split.ProcNum), (LineKind.Adjustment, split.AdjNum))
        if key[1] > 0
    }
    targets = {
        (line.kind, line.key): position
        for position, line in enumerate(lines)
        if (line.kind, line.key) in wanted
    }
    members = tuple(sorted(family.members, key=lambda p: (p.PatNum != guarantor, p.PatNum)))
    balance = lines[-1].balance if lines else ZERO
    return LedgerPage(guarantor, members, len(lines), offset, limit, balance, page, targets)
