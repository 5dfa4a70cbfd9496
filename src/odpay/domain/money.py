"""Money: whole cents in Decimal, and the one rounding rule odpay uses.

Spec: README.md, conventions 1. Open Dental stores amounts as doubles and compares them with
an epsilon; odpay rounds each amount to cents once, at the boundary, and then compares exactly.
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value: Decimal | int | str) -> Decimal:
    """Round to whole cents, half to even (D19). Raises ValueError on text that is no number."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(value)
        return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def from_double(value: float | int | None) -> Decimal:
    """A money column as read from the database: the double's shortest text, then cents.

    `Decimal(0.1)` would carry the binary expansion; `repr` gives the text Open Dental wrote.
    """
    if value is None:
        return ZERO
    return _from_double(float(value))


@lru_cache(maxsize=65_536)
def _from_double(value: float) -> Decimal:
    # A family's ledger repeats the same few amounts (fees, 0, -1) thousands of times, and
    # Decimals are immutable, so the conversion is cached.
    return to_cents(exact_from_double(value))


def exact_from_double(value: float) -> Decimal:
    """A `double` column's value as the text it was written with, unrounded (a rate such as a
    plan's APR, which is not money and keeps its digits)."""
    return Decimal(repr(float(value)))


def to_double(amount: Decimal) -> float:
    """The value written to a `double` column (the only place money becomes a float)."""
    return float(amount)


def amount_text(amount: Decimal) -> str:
    """PayAmt as Open Dental writes it: plain digits, no trailing zeros (wire-format.md §8)."""
    text = format(amount, "f")
    if text[-3:-2] != ".":  # not already whole cents (records always are): round first
        text = format(to_cents(amount), "f")
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-", "-0") else text


def dollars_text(amount: Decimal) -> str:
    """`$1,234.50` / `-$129.99`, as security-log texts show money."""
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"
