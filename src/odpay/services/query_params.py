"""Query-string readers shared by the list use cases: lenient integers, flags and paging.

Spec: wire-format.md §3 (query parameters) and §6 (paging).
"""

import re
from dataclasses import dataclass

INT64_MAX = 2**63 - 1
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

# .NET's integer parsing: surrounding white space (tab to carriage return, space), an
# optional sign, ASCII digits.
_LENIENT_INT = re.compile(r"[\t\n\v\f\r ]*([+-]?[0-9]+)[\t\n\v\f\r ]*", re.ASCII)


def int64(digits: str) -> int | None:
    """`digits` (an optional sign and ASCII digits) as an integer; None beyond 64 bits.

    The length is judged before `int()` runs: Python refuses to convert text of more than
    4,300 digits (a ValueError, so a 500), and a long run of leading zeros is still small.
    """
    unsigned = digits.lstrip("+-").lstrip("0")
    if len(unsigned) > len(str(INT64_MAX)):
        return None
    value = int(unsigned or "0") * (-1 if digits.startswith("-") else 1)
    return value if -INT64_MAX - 1 <= value <= INT64_MAX else None


def lenient_int(text: str | None) -> int:
    """The integer in `text`; 0 for anything else (absent, empty, junk, beyond 64 bits)."""
    if text is None:
        return 0
    match = _LENIENT_INT.fullmatch(text)
    if match is None:
        return 0
    value = int64(match[1])
    return 0 if value is None else value


def query_flag(text: str | None) -> bool:
    """A "true"/"false" query parameter: "true" in any letter case, spaces around ignored;
    absent or anything else is false."""
    return (text or "").strip().lower() == "true"


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def page_of(Limit: str | None, Offset: str | None) -> Page:
    """Limit: absent, 0, negative or junk -> 100, above 1000 -> 1000. Offset: below 0 -> 0."""
    limit = lenient_int(Limit)
    limit = DEFAULT_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)
    return Page(limit=limit, offset=max(lenient_int(Offset), 0))
