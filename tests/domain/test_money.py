"""Money: the one rounding rule and the texts Open Dental shows (README conventions 1)."""

from decimal import Decimal

import pytest

from odpay.domain.money import amount_text, dollars_text, from_double, to_cents, to_double


@pytest.mark.parametrize(
    ("given", "cents"),
    [
        ("0.005", "0.00"),
        ("0.015", "0.02"),
        ("0.025", "0.02"),
        ("-0.015", "-0.02"),
        ("129.99", "129.99"),
        ("1E+2", "100.00"),
        ("33.3333333", "33.33"),
    ],
)
def test_amounts_round_half_to_even_to_whole_cents(given: str, cents: str) -> None:
    assert to_cents(given) == Decimal(cents)
    assert to_cents(given).as_tuple().exponent == -2


def test_text_that_is_no_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not an amount"):
        to_cents("twelve")


def test_a_double_is_read_through_its_shortest_text() -> None:
    assert from_double(0.1 + 0.2) == Decimal("0.30")
    assert from_double(129.99) == Decimal("129.99")
    assert from_double(None) == Decimal("0.00")
    assert from_double(2.675) == Decimal("2.68")  # repr is 2.675, half-even keeps 2.68


def test_the_double_written_reads_back_to_the_same_cents() -> None:
    for text in ("0.01", "129.99", "-25.50", "1234567.89", "9999999999999.99"):
        assert from_double(to_double(Decimal(text))) == Decimal(text)


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("339", "339"),
        ("339.00", "339"),
        ("129.99", "129.99"),
        ("-129.99", "-129.99"),
        ("100.10", "100.1"),
        ("100", "100"),
        ("0.5", "0.5"),
        ("0.05", "0.05"),
        ("-0.5", "-0.5"),
        ("1234567.89", "1234567.89"),
        ("1000000", "1000000"),
        ("33.3333333", "33.33"),
        ("0", "0"),
        ("-0", "0"),
    ],
)
def test_payamt_text_matches_the_wire_format_table(stored: str, text: str) -> None:
    assert amount_text(Decimal(stored)) == text


def test_security_log_money_has_a_dollar_sign_separators_and_two_decimals() -> None:
    assert dollars_text(Decimal("1234.5")) == "$1,234.50"
    assert dollars_text(Decimal("-129.99")) == "-$129.99"
    assert dollars_text(Decimal("0")) == "$0.00"
