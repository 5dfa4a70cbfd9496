"""The preferences odpay reads, with the blank practice's values as defaults.

Spec: schema.md §5.2, allocation.md §1. A missing row or a value that does not parse means the
default.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import IntEnum


class RigorousAccounting(IntEnum):
    EnforceFully = 0
    AutoSplitOnly = 1
    DontEnforce = 2


class PayPlanVersions(IntEnum):
    DoNotAge = 1
    AgeCreditsAndDebits = 2
    AgeCreditsOnly = 3
    NoCharges = 4


@dataclass(frozen=True, slots=True)
class Prefs:
    ApiPaymentType: int = 69
    PrepaymentUnearnedType: int = 283
    DynamicPayPlanPrepaymentUnearnedType: int = 308
    TpUnearnedType: int = 299
    RigorousAccounting: int = RigorousAccounting.AutoSplitOnly
    RigorousAdjustments: int = 1
    AccountAllowFutureDebits: bool = False
    FutureTransDatesAllowed: bool = False
    BalancesDontSubtractIns: bool = False
    AdjustmentsOffsetEachOther: bool = True
    PayPlansVersion: int = PayPlanVersions.DoNotAge
    PrePayAllowedForTpProcs: bool = False
    AllowPrepayProvider: bool = True
    PracticeDefaultProv: int = 1
    EasyNoClinics: bool = True
    RefundAdjustmentType: int = 0

    @property
    def clinics_enabled(self) -> bool:
        return not self.EasyNoClinics

    @property
    def future_payments_allowed(self) -> bool:
        return self.AccountAllowFutureDebits or self.FutureTransDatesAllowed

    @classmethod
    def from_values(cls, values: Mapping[str, str]) -> "Prefs":
        """Build from `preference` rows (PrefName -> ValueString)."""
        chosen: dict[str, int | bool] = {}
        for field in fields(cls):
            text = values.get(field.name)
            if text is None:
                continue
            parsed = _parse(text, field.type is bool or field.type == "bool")
            if parsed is not None:
                chosen[field.name] = parsed
        return cls(**chosen)  # type: ignore[arg-type]


# The values `odpay prefs set` accepts for the preferences with a closed set of values.
ALLOWED_VALUES: dict[str, range] = {
    "RigorousAccounting": range(0, 3),
    "RigorousAdjustments": range(0, 3),
    "PayPlansVersion": range(1, 5),
}


def _parse(text: str, is_bool: bool) -> int | bool | None:
    text = text.strip()
    if is_bool:
        if text in ("0", "1"):
            return text == "1"
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        return None
    try:
        return int(text)
    except ValueError:
        return None
