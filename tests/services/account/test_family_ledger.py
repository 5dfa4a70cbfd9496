"""family_ledger(): a page of the account in the same number of statements whatever the
family's size (the whole account is built; only the page is answered)."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event

from odpay.db.practice import cache as practice
from odpay.db.sql import Sql
from odpay.services.account.family_ledger import family_ledger
from tests.factories import add, patient, procedure
from tests.services.payments.payment_support import post

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")


@contextmanager
def _statements(db: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    run_by_odpay = Sql.cursor

    def counted(sql: Sql, conn: Connection, params: Mapping[str, Any]) -> Any:
        seen.append(str(sql.statement))
        return run_by_odpay(sql, conn, params)

    event.listen(db, "before_cursor_execute", count)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Sql, "cursor", counted)
            yield seen
    finally:
        event.remove(db, "before_cursor_execute", count)


def _family(db: Engine, procedures: int) -> int:
    G = patient(db)
    C = patient(db, G)
    for n in range(procedures):
        proc = procedure(db, C if n % 2 else G, "10.00", date(2024, 1, 5))
        add(db, "claimproc", ProcNum=proc, PatNum=G, Status=1, ClaimNum=n + 1,
            InsPayAmt="2.00", DateCP=date(2024, 2, 1), ProvNum=1)  # fmt: skip
    for _ in range(min(procedures, 5)):
        post(db, PatNum=G, PayAmt="5")
    return G


def test_a_page_costs_the_same_statements_whatever_the_familys_size(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(practice, "MAX_AGE_SECONDS", 3600.0)
    small, large = _family(db, 1), _family(db, 120)
    family_ledger(db, small, None, None)  # the practice's rows are read once per process

    with _statements(db) as small_statements:
        small_page = family_ledger(db, small, None, None)
    with _statements(db) as large_statements:
        large_page = family_ledger(db, large, "10", "50")

    assert len(small_statements) == len(large_statements)
    assert (small_page.total, large_page.total) == (1 + 1 + 1, 120 + 120 + 5)
    assert (large_page.offset, len(large_page.lines)) == (10, 50)
