"""The preferences odpay reads, listed with their values and set with checks (`odpay prefs
list` and `odpay prefs set` call these).

Spec: schema.md §5.2 (names, defaults, meanings), allocation.md §1. Only the preferences of
`odpay.domain.prefs.Prefs` can be set, each to a value Open Dental itself could hold there.
"""

import re
from dataclasses import dataclass, fields

from sqlalchemy import Connection, Engine

from odpay.db.practice.cache import get_definition, provider_exists
from odpay.db.practice.preference_values import save_preference, stored_preferences
from odpay.domain.enums import DefCat
from odpay.domain.prefs import ALLOWED_VALUES, Prefs
from odpay.services.errors import BadRequest
from odpay.services.transaction import family_transaction, read_transaction

# Preferences holding a definition's DefNum, and the category it must be in.
DEFINITION_PREFS: dict[str, DefCat] = {
    "ApiPaymentType": DefCat.PaymentTypes,
    "PrepaymentUnearnedType": DefCat.PaySplitUnearnedType,
    "DynamicPayPlanPrepaymentUnearnedType": DefCat.PaySplitUnearnedType,
    "TpUnearnedType": DefCat.PaySplitUnearnedType,
    "RefundAdjustmentType": DefCat.AdjTypes,
}
# 0 means "none" for this one (schema.md §5.2: not used by odpay).
_ZERO_ALLOWED = {"RefundAdjustmentType"}
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


@dataclass(frozen=True, slots=True)
class PreferenceLine:
    PrefName: str
    ValueString: str
    is_default: bool  # no row: the blank practice's value applies


def list_preferences(engine: Engine) -> list[PreferenceLine]:
    """Every preference odpay reads, in `Prefs` order, with its stored or default value."""
    stored = read_transaction(engine, stored_preferences)
    defaults = Prefs()
    lines = []
    for field in fields(Prefs):
        if field.name in stored:
            lines.append(PreferenceLine(field.name, stored[field.name], False))
        else:
            default = getattr(defaults, field.name)
            text = str(int(default)) if isinstance(default, bool) else str(default)
            lines.append(PreferenceLine(field.name, text, True))
    return lines


def set_preference(engine: Engine, name: str, value: str) -> str:
    """Check `value` for preference `name` and store it; return the text stored."""
    kinds = {f.name: f.type for f in fields(Prefs)}
    if name not in kinds:
        known = ", ".join(kinds)
        raise BadRequest(f"Unknown preference {name}. odpay reads: {known}.")
    text = value.strip()
    if not _INTEGER.fullmatch(text):
        raise BadRequest(f"{name} must be a whole number.")
    number = int(text)
    if kinds[name] in (bool, "bool"):
        if number not in (0, 1):
            raise BadRequest(f"{name} must be 0 or 1.")
    elif name in ALLOWED_VALUES and number not in ALLOWED_VALUES[name]:
        allowed = ALLOWED_VALUES[name]
        raise BadRequest(f"{name} must be between {allowed.start} and {allowed.stop - 1}.")

    def work(conn: Connection) -> str:
        _check_reference(conn, name, number)
        save_preference(conn, name, str(number))
        return str(number)

    return family_transaction(engine, work)


def _check_reference(conn: Connection, name: str, number: int) -> None:
    if name in DEFINITION_PREFS:
        if number == 0 and name in _ZERO_ALLOWED:
            return
        category = DEFINITION_PREFS[name]
        if get_definition(conn, number, category) is None:
            raise BadRequest(
                f"{name} must be a definition.DefNum where definition.Category={int(category)}."
            )
    elif name == "PracticeDefaultProv" and not provider_exists(conn, number):
        raise BadRequest(f"{name} must be a provider.ProvNum.")
