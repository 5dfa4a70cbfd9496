"""update_paysplit(): payments.md §8 in order, writes only on change, one security-log row."""

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import PaySplitUpdate
from odpay.services.payments.update_paysplit import update_paysplit
from tests.factories import EDITED_AT, KEY, add, patient, payment, rows, set_pref, split


def _split(db: Engine, **columns: Any) -> tuple[int, int, int]:
    """A split of a new payment; returns (SplitNum, PayNum, the split's PatNum)."""
    pat_num = patient(db, LName="Doe", FName="Jane")
    pay_num = payment(db, pat_num)
    return split(db, pay_num, pat_num, ProvNum=1, **columns), pay_num, pat_num


def _refusal(db: Engine, update: PaySplitUpdate) -> tuple[type, str]:
    with pytest.raises((BadRequest, NotFound)) as refused:
        update_paysplit(db, update, KEY)
    return type(refused.value), refused.value.message


def test_id_row_and_body_are_checked_in_that_order(db: Engine) -> None:
    assert _refusal(db, PaySplitUpdate(None, body_error="Invalid JSON.")) == (
        BadRequest,
        "PaySplit ID is required.",
    )
    assert _refusal(db, PaySplitUpdate(0)) == (BadRequest, "PaySplit ID is required.")
    assert _refusal(db, PaySplitUpdate(-1, body_error="Invalid JSON.")) == (
        NotFound,
        "PaySplit not found.",
    )
    split_num, _, _ = _split(db)
    assert _refusal(db, PaySplitUpdate(split_num, body_error="Invalid JSON.", ProvNum=-1)) == (
        BadRequest,
        "Invalid JSON.",
    )


@pytest.mark.parametrize(
    ("unearned", "update", "message"),
    [
        (0, {"ProvNum": 0}, "ProvNum is invalid."),
        (283, {"ProvNum": -1}, "ProvNum is invalid."),
        (0, {"ProvNum": 987654321, "ClinicNum": -1}, "ProvNum is invalid."),
        (0, {"ClinicNum": -1}, "ClinicNum is invalid."),
        (0, {"ClinicNum": 987654321}, "ClinicNum is invalid."),
    ],
)
def test_refusals(db: Engine, unearned: int, update: dict[str, Any], message: str) -> None:
    split_num, _, _ = _split(db, UnearnedType=unearned)
    assert _refusal(db, PaySplitUpdate(split_num, **update)) == (BadRequest, message)


def test_an_unearned_split_keeps_its_provider_when_the_office_says_so(fresh_db: Engine) -> None:
    set_pref(fresh_db, "AllowPrepayProvider", "0")
    split_num, _, _ = _split(fresh_db, UnearnedType=283)
    assert _refusal(fresh_db, PaySplitUpdate(split_num, ProvNum=0)) == (
        BadRequest,
        "ProvNum cannot be changed for a paysplit with an UnearnedType.",
    )
    assert update_paysplit(fresh_db, PaySplitUpdate(split_num, ProvNum=1), KEY).split.ProvNum == 1


def test_an_edit_returns_the_stored_split_and_logs_the_changes(db: Engine) -> None:
    clinic_num = add(db, "clinic", Abbr="West")
    split_num, pay_num, pat_num = _split(db, UnearnedType=283)
    view = update_paysplit(db, PaySplitUpdate(split_num, ProvNum=0, ClinicNum=clinic_num), KEY)
    stored = rows(db, "paysplit", SplitNum=split_num)[0]
    assert (view.split.ProvNum, view.split.ClinicNum, view.split.SplitAmt) == (
        0,
        clinic_num,
        Decimal("10.00"),
    )
    assert view.unearned_type_name == "Prepayment"
    assert view.split.SecDateTEdit == stored["SecDateTEdit"] != EDITED_AT
    (log,) = rows(db, "securitylog", FKey=pay_num)
    assert (log["PermType"], log["PatNum"], log["LogText"], log["DateTPrevious"]) == (
        16,
        pat_num,
        f"Paysplit {split_num} edited for Doe, Jane\r\nProvNum changed from '1' to '0'."
        f"\r\nClinicNum changed from '0' to '{clinic_num}'. by Acme Dental Apps through API.",
        EDITED_AT,
    )


def test_nothing_changed_means_nothing_written(db: Engine) -> None:
    split_num, pay_num, _ = _split(db)
    before = rows(db, "paysplit", SplitNum=split_num)
    view = update_paysplit(db, PaySplitUpdate(split_num, ProvNum=1, ClinicNum=0), KEY)
    assert view.split.SecDateTEdit == EDITED_AT
    assert rows(db, "paysplit", SplitNum=split_num) == before
    assert rows(db, "securitylog", FKey=pay_num) == []
