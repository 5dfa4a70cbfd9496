"""Lenient query integers and paging (wire-format.md §3, §6)."""

import pytest

from odpay.services.query_params import Page, lenient_int, page_of, query_flag


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("+12", 12),
        ("-12", -12),
        (" 12 ", 12),
        ("\t12\r\n", 12),
        ("007", 7),
        ("9223372036854775807", 9223372036854775807),
        ("-9223372036854775808", -9223372036854775808),
        ("9223372036854775808", 0),
        ("", 0),
        (None, 0),
        ("1.5", 0),
        ("12abc", 0),
        ("1 2", 0),
        ("+", 0),
        ("١٢", 0),
        ("\u00a012", 0),
        ("0x1F", 0),
    ],
)
def test_lenient_int_reads_sign_and_digits_and_counts_the_rest_as_zero(
    text: str | None, value: int
) -> None:
    assert lenient_int(text) == value


@pytest.mark.parametrize(
    ("limit", "offset", "page"),
    [
        (None, None, Page(100, 0)),
        ("0", "0", Page(100, 0)),
        ("-5", "-5", Page(100, 0)),
        ("junk", "junk", Page(100, 0)),
        ("1", "3", Page(1, 3)),
        ("1000", "1000", Page(1000, 1000)),
        ("1001", "9", Page(1000, 9)),
        (" 250 ", "+2", Page(250, 2)),
    ],
)
def test_page_of_applies_the_defaults_and_the_ceiling(
    limit: str | None, offset: str | None, page: Page
) -> None:
    assert page_of(limit, offset) == page


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, False), ("", False), ("true", True), (" TRUE ", True), ("True", True),
     ("false", False), ("1", False), ("yes", False), ("truee", False)],
)  # fmt: skip
def test_query_flag_is_true_only_for_the_word_true(text: str | None, expected: bool) -> None:
    assert query_flag(text) is expected
