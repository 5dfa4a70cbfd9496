"""list_paysplits(): existence checks, filters above 0, paging (payments.md §7)."""

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from odpay.services.errors import NotFound
from odpay.services.payments.list_paysplits import list_paysplits
from tests.factories import add, patient, payment, split


def test_views_carry_the_unearned_type_name(db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "40.00")
    first = split(db, pay_num, pat_num, "25.50", ProvNum=1)
    second = split(db, pay_num, pat_num, "14.50", UnearnedType=283)
    views = list_paysplits(db, None, str(pay_num), None, None, None)
    assert [(v.split.SplitNum, v.split.SplitAmt, v.unearned_type_name) for v in views] == [
        (first, Decimal("25.50"), ""),
        (second, Decimal("14.50"), "Prepayment"),
    ]


def test_an_unknown_patient_comes_before_an_unknown_payment(db: Engine) -> None:
    with pytest.raises(NotFound) as refused:
        list_paysplits(db, "987654321", "987654321", None, None, None)
    assert refused.value.message == "Patient not found."
    with pytest.raises(NotFound) as refused:
        list_paysplits(db, "0", "987654321", None, None, None)
    assert refused.value.message == "Payment not found."


def test_procnum_only_filters_and_values_of_zero_or_junk_do_not(db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "20.00")
    proc_num = add(db, "procedurelog", PatNum=pat_num, ProcFee="20.00", ProcStatus=2)
    on_proc = split(db, pay_num, pat_num, "5", ProcNum=proc_num)
    loose = split(db, pay_num, pat_num, "15")
    assert [v.split.SplitNum for v in list_paysplits(db, "x", str(pay_num), "-1", None, None)] == [
        on_proc,
        loose,
    ]
    assert [v.split.SplitNum for v in list_paysplits(db, None, None, str(proc_num), "", "")] == [
        on_proc
    ]
    assert list_paysplits(db, None, None, "987654321", None, None) == []


def test_pages_follow_splitnum_order(db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "3.00")
    split_nums = [split(db, pay_num, pat_num, "1") for _ in range(3)]
    paged = list_paysplits(db, str(pat_num), None, None, "2", "1")
    assert [v.split.SplitNum for v in paged] == split_nums[1:]
