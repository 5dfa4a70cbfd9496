"""GET /paysplits: splits filtered by patient, payment and procedure, one page at a time.

Spec: payments.md §7, wire-format.md §6 (paging).
"""

from sqlalchemy import Connection, Engine

from odpay.db.ledger.payments import get_payment, page_of_paysplits
from odpay.db.practice.cache import get_patient
from odpay.services.errors import NotFound
from odpay.services.patient_checks import existing_patient
from odpay.services.query_params import lenient_int, page_of
from odpay.services.transaction import read_transaction
from odpay.services.views import PaySplitView, paysplit_views


def list_paysplits(
    engine: Engine,
    PatNum: str | None,
    PayNum: str | None,
    ProcNum: str | None,
    Limit: str | None,
    Offset: str | None,
) -> list[PaySplitView]:
    """The page of splits matching every filter given with a value above 0.

    Parameters arrive as the query string gave them (None when absent).
    """
    pat_num, pay_num, proc_num = lenient_int(PatNum), lenient_int(PayNum), lenient_int(ProcNum)
    page = page_of(Limit, Offset)

    def work(conn: Connection) -> list[PaySplitView]:
        # Steps 1-2: only existence is checked, never the patient's status (odpay rule).
        if pat_num > 0:
            existing_patient(get_patient(conn, pat_num))
        if pay_num > 0 and get_payment(conn, pay_num) is None:
            raise NotFound("Payment not found.")
        splits = page_of_paysplits(
            conn,
            pat_num if pat_num > 0 else None,
            pay_num if pay_num > 0 else None,
            proc_num if proc_num > 0 else None,  # step 3: a filter only, no existence check
            page.limit,
            page.offset,
        )
        return paysplit_views(conn, splits)

    return read_transaction(engine, work)
