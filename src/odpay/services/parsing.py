"""Lenient readers for request text: amounts, boolean strings and PayDate; each raises BadRequest.

Spec: payments.md §3.2 steps 5, 6, 9 and 10 (D5, D6). The grammars are written out here rather
than borrowed from Python's parsers, which accept `NaN`, `1_000` and other text Open Dental
refuses.
"""

import re
from datetime import date, datetime, timedelta, timezone
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

from odpay.domain.money import to_cents
from odpay.services.clock import to_office_time
from odpay.services.errors import field_invalid
from odpay.services.query_params import int64
from odpay.services.refusals import PAY_DATE_INVALID

# Amounts of 10^13 or more are refused (D5): a double no longer holds every cent beyond that.
AMOUNT_LIMIT = Decimal(10) ** 13
EARLIEST_DATE = date(1880, 1, 1)

# Optional sign; digits, either plain or grouped by thousands (`1,234`), and/or a `.` with
# digits after it; optional exponent. `12,5` is refused: commas only separate groups of three.
_AMOUNT = re.compile(
    r"(?P<mantissa>[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?:[eE](?P<exponent>[+-]?[0-9]+))?",
    re.ASCII,
)


# payment.CheckNum and payment.BankBranch are varchar(25)
TEXT_LIMIT = 25


def read_amount(text: str, field: str) -> Decimal:
    """The amount in `text` rounded half-even to cents; `{field} is invalid.` when the text is
    not an amount or its magnitude is 10^13 or more. Zero is returned as zero."""
    invalid = field_invalid(field).error()
    trimmed = text.strip()
    match = _AMOUNT.fullmatch(trimmed)
    if match is None:
        raise invalid
    mantissa = match["mantissa"].replace(",", "")
    # An exponent far beyond the text's own length cannot change the outcome (the value is
    # either huge, so refused, or tiny, so zero); clamping keeps Decimal within its limits
    # (and int() away from text of more than 4,300 digits).
    bound = len(trimmed) + 20
    exponent = int64(match["exponent"] or "0")
    if exponent is None:
        exponent = -bound if match["exponent"].startswith("-") else bound
    exponent = max(-bound, min(bound, exponent))
    with localcontext() as ctx:
        ctx.prec = 2 * bound + 20
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        value = Decimal(mantissa).scaleb(exponent)
        if abs(value) >= AMOUNT_LIMIT:
            raise invalid
        cents = to_cents(value)
    if abs(cents) >= AMOUNT_LIMIT:  # 9999999999999.995 rounds up to the limit
        raise invalid
    return cents


def read_bool(value: bool | str | None, field: str) -> bool:
    """Omitted -> False; a JSON boolean as is; `true`/`false` in any letter case; else
    `{field} is invalid.`"""
    if value is None or isinstance(value, bool):
        return bool(value)
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise field_invalid(field).error()


_DATE_FORMATS = (
    # yyyy-MM-dd and yyyy-M-d
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})", re.ASCII),
    # yyyy/M/d
    re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})", re.ASCII),
    # M/d/yyyy
    re.compile(r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4})", re.ASCII),
    # yyyy-MM-ddTHH:mm[:ss[.fraction]] then Z or ±hh:mm, optionally
    re.compile(
        r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})T(?P<H>[0-9]{2}):(?P<M>[0-9]{2})"
        r"(?::(?P<S>[0-9]{2})(?:\.(?P<f>[0-9]+))?)?"
        r"(?P<zone>Z|(?P<sign>[+-])(?P<zh>[0-9]{2}):(?P<zm>[0-9]{2}))?",
        re.ASCII,
    ),
    # yyyy-MM-dd HH:mm[:ss]
    re.compile(
        r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}) (?P<H>[0-9]{2}):(?P<M>[0-9]{2})"
        r"(?::(?P<S>[0-9]{2}))?",
        re.ASCII,
    ),
    # M/d/yyyy H:mm[:ss] then ` AM` or ` PM`, optionally (the designator in any letter case)
    re.compile(
        r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4}) (?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})"
        r"(?::(?P<S>[0-9]{2}))?(?: (?P<half>[AaPp][Mm]))?",
        re.ASCII,
    ),
)


def read_pay_date(text: str) -> datetime:
    """PayDate text (one of D6's formats) as office-local wall-clock time.

    A value with a zone (`Z`, `±hh:mm`) is converted to the office zone first. Anything else,
    an impossible date or time, or a date before 1880-01-01 raises `PayDate is invalid` (Open
    Dental's text has no final period).
    """
    trimmed = text.strip()
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(trimmed)
        if match is None:
            continue
        try:
            moment = _moment(match.groupdict())
        except (ValueError, OverflowError):
            break
        if moment.date() < EARLIEST_DATE:
            break
        return moment
    raise PAY_DATE_INVALID.error()


def _moment(parts: dict[str, str | None]) -> datetime:
    """The datetime the matched parts name; ValueError for impossible values."""
    hour = int(parts.get("H") or "0")
    half = (parts.get("half") or "").upper()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for AM/PM")
        hour = hour % 12 + (12 if half == "PM" else 0)
    fraction = (parts.get("f") or "")[:6].ljust(6, "0")
    moment = datetime(
        int(parts["y"] or ""),
        int(parts["m"] or ""),
        int(parts["d"] or ""),
        hour,
        int(parts.get("M") or "0"),
        int(parts.get("S") or "0"),
        int(fraction),
    )
    zone = parts.get("zone")
    if not zone:
        return moment
    offset = timedelta(0)
    if zone != "Z":
        minutes = int(parts["zm"] or "")
        if minutes >= 60:
            raise ValueError("offset minutes out of range")
        offset = timedelta(hours=int(parts["zh"] or ""), minutes=minutes)
        if parts["sign"] == "-":
            offset = -offset
    return to_office_time(moment.replace(tzinfo=timezone(offset)))


# MariaDB's TEXT holds 65,535 bytes; a longer note would be cut or refused by one engine and
# kept by the others, so odpay refuses it everywhere (D23's rule for CheckNum, for notes).
TEXT_COLUMN_BYTES = 65_535


def fits_text_column(text: str) -> bool:
    return len(text.encode("utf-8")) <= TEXT_COLUMN_BYTES
