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


def lenient_int(text: str | None) -> int:
    """The integer in `text`; 0 for anything else (absent, empty, junk, beyond 64 bits)."""
    if text is None:
        return 0
    match = _LENIENT_INT.fullmatch(text)
    if match is None:
        return 0
    value = int(match[1])
    return value if -INT64_MAX - 1 <= value <= INT64_MAX else 0


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
