"""Body reading and the lenient conversions of wire-format.md §3, one declared type at a time."""

from typing import Any

import pytest

from odpay.http.wire.json_body import (
    MAX_BODY_CHARS,
    RawBody,
    amount,
    boolean_text,
    integer,
    integers,
    objects,
    read_object,
    text,
)
from odpay.services.errors import BadRequest


def _fields(body: str | bytes) -> dict[str, Any]:
    return read_object(RawBody(body.encode("utf-8") if isinstance(body, str) else body))


def _refusal(call: Any, *args: Any) -> str:
    with pytest.raises(BadRequest) as refused:
        call(*args)
    return refused.value.message


@pytest.mark.parametrize("body", [b"", b" ", b"\r\n\t ", b"\n"])
def test_an_empty_or_blank_body_asks_for_a_json_resource(body: bytes) -> None:
    assert _refusal(read_object, RawBody(body)) == "Include a JSON resource."


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe{}",
        b'{"PayNote": "\xe9"}',
        b"{",
        b"{'PatNum': 1}",
        b'{"PatNum": 1,}',
        b"[]",
        b'[{"PatNum": 1}]',
        b'"text"',
        b"12",
        b"null",
        b"true",
        b'{"PayAmt": NaN}',
        b'{"PayAmt": Infinity}',
        b'{"a": 1} {"b": 2}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_body_that_is_not_a_json_object_is_invalid(body: bytes) -> None:
    assert _refusal(read_object, RawBody(body)) == "Invalid JSON."


def test_a_body_over_the_size_limit_is_invalid_json() -> None:
    padding = " " * (MAX_BODY_CHARS - 2)
    assert _fields("{}" + padding) == {}
    assert _refusal(read_object, RawBody(("{}" + padding + " ").encode())) == "Invalid JSON."
    assert _refusal(read_object, RawBody(b"", oversize=True)) == "Invalid JSON."


def test_the_last_of_a_repeated_key_wins_and_a_bom_is_allowed() -> None:
    assert _fields('{"PatNum": 1, "PatNum": 2}') == {"PatNum": "2"}
    assert _fields(b'\xef\xbb\xbf{"PayNote": "x"}') == {"PayNote": "x"}


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("1568", 1568),
        ("-3", -3),
        ("1568.0", 1568),
        ("1.568e3", 1568),
        ("-0.0", 0),
        ("9223372036854775807", 9223372036854775807),
        ("-9223372036854775808", -9223372036854775808),
        ('"1568"', 1568),
        ('" 1568 "', 1568),
        ('"+7"', 7),
        ('"-7"', -7),
        ('"\\t12\\n"', 12),
        ('"-9223372036854775808"', -9223372036854775808),
        ('""', None),
        ("null", None),
    ],
)
def test_integer_fields_accept_integers_integral_numbers_and_digit_text(
    literal: str, value: int | None
) -> None:
    assert integer(_fields(f'{{"PatNum": {literal}}}')["PatNum"]) == value


@pytest.mark.parametrize(
    "literal",
    [
        "1568.5",
        "1e-3",
        "9223372036854775808",
        "-9223372036854775809",
        "1e400",
        "1e999999999999999999999",
        '"9223372036854775808"',
        '"12.0"',
        '"1 2"',
        '"abc"',
        '" "',
        '"٣"',
        '"0x10"',
        '"1_000"',
        "true",
        "false",
        "[1]",
        '{"n": 1}',
    ],
)
def test_integer_fields_refuse_everything_else(literal: str) -> None:
    value = _fields(f'{{"PatNum": {literal}}}')["PatNum"]
    assert _refusal(integer, value) == "Invalid JSON."


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ('"129.99"', "129.99"),
        ("129.99", "129.99"),
        ("129.990", "129.990"),
        ("1e2", "1e2"),
        ("-0", "-0"),
        ("12345678901234567890", "12345678901234567890"),
        ('""', ""),
        ('"  "', "  "),
        ('"Zahlung für Ärztin"', "Zahlung für Ärztin"),
        ("null", None),
    ],
)
def test_string_fields_take_strings_and_numbers_as_their_literal_text(
    literal: str, value: str | None
) -> None:
    assert text(_fields(f'{{"PayAmt": {literal}}}')["PayAmt"]) == value


@pytest.mark.parametrize("literal", ["true", "false", "[]", '["1"]', "{}"])
def test_string_fields_refuse_booleans_arrays_and_objects(literal: str) -> None:
    assert _refusal(text, _fields(f'{{"PayAmt": {literal}}}')["PayAmt"]) == "Invalid JSON."


@pytest.mark.parametrize(
    ("literal", "value"),
    [("true", True), ("false", False), ('"TRUE"', "TRUE"), ('"yes"', "yes"), ("null", None)],
)
def test_boolean_fields_take_booleans_and_strings(literal: str, value: bool | str | None) -> None:
    assert boolean_text(_fields(f'{{"isPrepayment": {literal}}}')["isPrepayment"]) == value


@pytest.mark.parametrize("literal", ["1", "0", "1.0", "[]", "{}"])
def test_boolean_fields_refuse_numbers_arrays_and_objects(literal: str) -> None:
    value = _fields(f'{{"isPrepayment": {literal}}}')["isPrepayment"]
    assert _refusal(boolean_text, value) == "Invalid JSON."


def test_integer_arrays_follow_the_integer_rule_item_by_item() -> None:
    assert integers(_fields('{"procNums": [13, "14", 18.0, " -2 "]}')["procNums"]) == (
        13,
        14,
        18,
        -2,
    )
    assert integers(_fields('{"procNums": []}')["procNums"]) == ()
    assert integers(None) is None
    for literal in ('"[13,14]"', "13", "[13, 1.5]", "[13, null]", '[13, ""]', "[[13]]", "{}"):
        value = _fields(f'{{"procNums": {literal}}}')["procNums"]
        assert _refusal(integers, value) == "Invalid JSON.", literal


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("40", "40"),
        ("40.50", "40.50"),
        ('"40.5"', "40.5"),
        ('" 40 "', "40"),
        ('"-5"', "-5"),
        ('".5"', ".5"),
        ("1e2", "1e2"),
        ('""', None),
        ("null", None),
    ],
)
def test_amounts_are_numbers_or_numeric_text(literal: str, value: str | None) -> None:
    assert amount(_fields(f'{{"Amount": {literal}}}')["Amount"]) == value


@pytest.mark.parametrize(
    "literal", ['"forty"', '"1,000"', '"$5"', '"NaN"', "true", "[40]", "{}", "1e400", '"1e30"']
)
def test_amounts_refuse_anything_no_decimal_can_hold(literal: str) -> None:
    assert _refusal(amount, _fields(f'{{"Amount": {literal}}}')["Amount"]) == "Invalid JSON."


def test_pair_arrays_hold_objects_only() -> None:
    assert objects(_fields('{"p": [{"ProcNum": 1}, {}]}')["p"]) == [{"ProcNum": "1"}, {}]
    assert objects(None) is None
    for literal in ('"[]"', "[1]", "[null]", "[[]]", "{}"):
        assert _refusal(objects, _fields(f'{{"p": {literal}}}')["p"]) == "Invalid JSON.", literal
