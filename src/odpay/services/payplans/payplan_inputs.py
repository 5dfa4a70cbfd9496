"""What the PayPlans writes receive from HTTP (fields after type conversion only), and the
readers for the plan's own kinds of text: dates, rates, frequencies, treatment-plan options.

Spec: Open Dental's API PayPlans page (POST Dynamic, PUT Dynamic). Messages Open Dental does
not document are odpay wording in its style: `{Field} is invalid.`
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from odpay.domain.enums import DynamicPayPlanTPOption
from odpay.domain.payplans.schedule import PayPlanFrequency
from odpay.domain.prefs import Prefs
from odpay.services import field_readers
from odpay.services.refusals import (
    CHARGE_FREQUENCY_INVALID,
    FIELD_INVALID,
    PAY_PLAN_DATE_FUTURE,
    TP_OPTION_INVALID,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PayPlanFields:
    """The fields POST and PUT /payplans/Dynamic both take; None = not given."""

    PayAmt: str | None = None  # a JSON number arrives as its literal text
    NumberOfPayments: int | None = None
    Guarantor: int | None = None
    PayPlanDate: str | None = None
    APR: str | None = None
    Note: str | None = None
    PlanCategory: int | None = None
    ChargeFrequency: str | None = None
    DatePayPlanStart: str | None = None
    DateInterestStart: str | None = None
    IsLocked: bool | str | None = None


@dataclass(frozen=True, slots=True)
class PayPlanDynamicInput(PayPlanFields):
    """POST /payplans/Dynamic."""

    PatNum: int | None = None
    procNums: tuple[int, ...] | None = None
    adjNums: tuple[int, ...] | None = None
    DownPayment: str | None = None
    DynamicPayPlanTPOption: str | None = None


@dataclass(frozen=True, slots=True)
class PayPlanDynamicUpdate(PayPlanFields):
    """PUT /payplans/{PayPlanNum}/Dynamic; the plan is looked up before the body is read."""

    pay_plan_num: int | None
    body_error: str | None = None
    SheetDefNum: int | None = None


EARLIEST_PLAN_DATE = date(1880, 1, 1)
_RATE = re.compile(r"\s*\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*", re.ASCII)
FREQUENCIES = {f.name: f for f in PayPlanFrequency}
TP_OPTIONS = {
    "AwaitComplete": DynamicPayPlanTPOption.AwaitComplete,
    "TreatAsComplete": DynamicPayPlanTPOption.TreatAsComplete,
}


def read_date(text: str, field: str) -> date:
    """A plan's date: `yyyy-MM-dd` (one-digit month and day allowed), from 1880 on; "" is
    invalid."""
    return field_readers.read_date(
        text, field, blank=None, short_parts=True, earliest=EARLIEST_PLAN_DATE
    )


def read_plan_date(text: str, today: date, prefs: Prefs) -> date:
    """PayPlanDate: a plan's date, after today only where the practice allows future dates."""
    day = read_date(text, "PayPlanDate")
    if day > today and not prefs.FutureTransDatesAllowed:
        raise PAY_PLAN_DATE_FUTURE.error()
    return day


def read_rate(text: str, field: str) -> Decimal:
    """A percentage of 0 or more, kept as written (a rate is not money: no rounding)."""
    if _RATE.fullmatch(text) is None:
        raise FIELD_INVALID.error(field=field)
    rate = Decimal(text.strip())
    if rate > 100:
        raise FIELD_INVALID.error(field=field)
    return rate


def read_frequency(text: str) -> PayPlanFrequency:
    if text not in FREQUENCIES:
        raise CHARGE_FREQUENCY_INVALID.error()
    return FREQUENCIES[text]


def read_tp_option(text: str) -> int:
    if text not in TP_OPTIONS:
        raise TP_OPTION_INVALID.error()
    return TP_OPTIONS[text]
