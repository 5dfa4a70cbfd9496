"""Tooth numbers, surfaces and ranges (domain/teeth.py)."""

import pytest

from odpay.domain.teeth import is_surfaces, is_tooth, tooth_range


@pytest.mark.parametrize("tooth", ["1", "32", "A", "T", "51", "82", "AS", "TS"])
def test_valid_teeth(tooth: str) -> None:
    assert is_tooth(tooth)


@pytest.mark.parametrize("tooth", ["0", "33", "50", "83", "U", "a", "01", "", "US"])
def test_invalid_teeth(tooth: str) -> None:
    assert not is_tooth(tooth)


def test_surfaces_are_distinct_known_letters() -> None:
    assert [is_surfaces(s) for s in ("MODL", "B", "V", "MM", "MX", "", "mo")] == [
        True, True, True, False, False, False, False
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2,3, 13-15", "2,3,13,14,15"),
        ("31,30, 18-21", "31,30,18,19,20,21"),
        ("A-C,T", "A,B,C,T"),
        ("8", "8"),
        ("15-13", None),
        ("1-A", None),
        ("33", None),
        ("51", None),
        ("", None),
        ("1,,2", None),
    ],
)
def test_tooth_ranges_are_stored_without_dashes(text: str, stored: str | None) -> None:
    assert tooth_range(text) == stored
