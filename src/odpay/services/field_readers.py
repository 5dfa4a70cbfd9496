"""Readers for the body and query fields of the sandbox resources; each refusal is a BadRequest
naming the field (`{Field} is invalid.`, `{Field} is too long.`).

Open Dental documents these fields' formats (dates `yyyy-MM-dd`, times `HH:mm:ss`, enums by
name, booleans as "true"/"false") but not its messages; the texts here are odpay wording in
Open Dental's style.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from enum import IntEnum

from sqlalchemy import Table

from odpay.db.rows import text_limit
from odpay.domain.records import NO_DATE
from odpay.services.enum_names import value_named
from odpay.services.errors import ServiceError, field_invalid, field_not_supported, field_too_long
from odpay.services.parsing import read_amount
from odpay.services.refusals import DATE_T_STAMP_INVALID

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_SHORT_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})", re.ASCII)
_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")


def invalid(field: str) -> ServiceError:
    return field_invalid(field).error()


def not_supported(field: str) -> ServiceError:
    """A field whose documented meaning needs tables odpay does not hold."""
    return field_not_supported(field).error()


def read_date(
    text: str,
    field: str,
    *,
    blank: date | None = NO_DATE,
    short_parts: bool = False,
    earliest: date = date.min,
) -> date:
    """`yyyy-MM-dd`, surrounding spaces ignored. `blank` is what "" means (None: "" is
    invalid); `short_parts` also takes one-digit months and days (`yyyy-M-d`); a date before
    `earliest` is invalid."""
    trimmed = text.strip()
    if trimmed == "" and blank is not None:
        return blank
    match = (_SHORT_DATE if short_parts else _DATE).fullmatch(trimmed)
    try:
        if match is None:
            raise ValueError(trimmed)
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise invalid(field) from None
    if day < earliest:
        raise invalid(field)
    return day


def read_time(text: str, field: str) -> time:
    """`HH:mm:ss`; "" means 00:00:00."""
    trimmed = text.strip()
    if trimmed == "":
        return time()
    match = _TIME.fullmatch(trimmed)
    try:
        if match is None:
            raise ValueError(trimmed)
        return time(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise invalid(field) from None


def read_date_time_query(text: str) -> datetime:
    """A DateTStamp query value, `yyyy-MM-dd HH:mm:ss`, with Open Dental's documented text."""
    match = _DATE_TIME.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        y, mo, d, h, mi, sec = (int(part) for part in match.groups())
        return datetime(y, mo, d, h, mi, sec)
    except ValueError:
        raise DATE_T_STAMP_INVALID.error() from None


def read_name(
    enum: type[IntEnum], text: str, field: str, allowed: frozenset[int] | None = None
) -> int:
    """An enum given by its exact name; `allowed` narrows the members a request may set."""
    value = value_named(enum, text)
    if value is None or (allowed is not None and value not in allowed):
        raise invalid(field)
    return value


def read_money(text: str, field: str, blank_allowed: bool = False) -> Decimal:
    """An amount of 0 or more in cents; -1 too when `blank_allowed` (Open Dental's "none")."""
    amount = read_amount(text, field)
    if amount < 0 and not (blank_allowed and amount == Decimal("-1.00")):
        raise invalid(field)
    return amount


def checked_text(table: Table, field: str, text: str) -> str:
    """`text` when it fits the column; odpay never cuts text silently."""
    limit = text_limit(table, field)
    if limit is not None and len(text) > limit:
        raise field_too_long(field).error()
    return text
