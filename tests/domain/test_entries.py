"""The engine's working records and "balance" (allocation.md §2.0, §6.4 step 7)."""

from odpay.domain.entries import AccountEntry, EntryKind, SplitCredit, balance
from tests.domain.builders import d, money, split

M = money


def entry(pk: int, amount: str) -> AccountEntry:
    return AccountEntry(
        kind=EntryKind.Procedure,
        date=d("2024-01-01"),
        pk=pk,
        seq=pk,
        PatNum=1,
        ProvNum=1,
        ClinicNum=0,
        amount=M(amount),
    )


def test_balance_lets_each_positive_take_from_the_negatives_in_order() -> None:
    entries = [entry(1, "30"), entry(2, "-10"), entry(3, "50"), entry(4, "-25"), entry(5, "-40")]
    balance(entries, entries)
    assert [e.amount for e in entries] == [M("0"), M("0"), M("5"), M("0"), M("0")]


def test_balance_never_crosses_zero() -> None:
    entries = [entry(1, "5"), entry(2, "-20")]
    balance(entries, entries)
    assert [e.amount for e in entries] == [M("0"), M("-15")]


def test_a_copy_of_an_entry_is_independent() -> None:
    original = entry(1, "30")
    copied = original.copy()
    copied.amount = M("0")
    assert (original.amount, copied.amount) == (M("30"), M("0"))


def test_a_split_credit_starts_with_the_whole_split_amount() -> None:
    row = split(7, 10, "12.34", ProcNum=3, PayPlanNum=4, UnearnedType=283)
    credit = SplitCredit.of(row)
    assert (
        credit.SplitNum,
        credit.rem,
        credit.ProcNum,
        credit.PayPlanNum,
        credit.UnearnedType,
    ) == (
        7,
        M("12.34"),
        3,
        4,
        283,
    )
