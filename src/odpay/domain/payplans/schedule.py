"""The charge schedule of a dynamic payment plan: period payment, due dates, principal, interest.

Pure arithmetic in Decimal cents. It mirrors Open Dental's amortization of dynamic plans
(PayPlanEdit: CalculatePeriodPayment, CalcNextPeriodDate, GetListExpectedCharges and the down
payment charges): a down payment first, then one period at a time, interest on what is not yet
charged, principal spread over the attached production in order.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import IntEnum

from odpay.domain.enums import DynamicPayPlanTPOption, PayPlanLinkType
from odpay.domain.money import ZERO, to_cents

# Open Dental stops a schedule at this many charges.
MAX_CHARGES = 2000
DOWN_PAYMENT_NOTE = "Down Payment"


class PayPlanFrequency(IntEnum):
    Weekly = 0
    EveryOtherWeek = 1
    OrdinalWeekday = 2
    Monthly = 3
    Quarterly = 4


_PERIODS_PER_YEAR = {
    PayPlanFrequency.Weekly: 52,
    PayPlanFrequency.EveryOtherWeek: 26,
    PayPlanFrequency.OrdinalWeekday: 12,
    PayPlanFrequency.Monthly: 12,
    PayPlanFrequency.Quarterly: 4,
}


@dataclass(frozen=True, slots=True)
class Production:
    """One procedure or adjustment on the plan and the amount the plan finances for it."""

    LinkType: int
    FKey: int
    amount: Decimal
    ProvNum: int = 0
    ClinicNum: int = 0
    is_tp: bool = False  # a treatment-planned procedure


@dataclass(frozen=True, slots=True)
class Terms:
    PayPlanDate: date
    DatePayPlanStart: date  # due date of the first payment
    PayAmt: Decimal  # the period payment (principal plus interest)
    APR: Decimal = ZERO
    DownPayment: Decimal = ZERO
    ChargeFrequency: int = PayPlanFrequency.Monthly
    DateInterestStart: date = date(1, 1, 1)
    DynamicPayPlanTPOption: int = DynamicPayPlanTPOption.AwaitComplete


@dataclass(frozen=True, slots=True)
class ScheduledCharge:
    ChargeDate: date
    Principal: Decimal
    Interest: Decimal
    LinkType: int
    FKey: int
    ProvNum: int
    ClinicNum: int
    IsDownPayment: bool = False

    @property
    def Note(self) -> str:
        return DOWN_PAYMENT_NOTE if self.IsDownPayment else ""


@dataclass(frozen=True, slots=True)
class Schedule:
    charges: tuple[ScheduledCharge, ...]
    is_valid: bool  # False: the period payment never pays the plan off

    @property
    def total_interest(self) -> Decimal:
        return sum((c.Interest for c in self.charges), ZERO)


def period_rate(apr: Decimal, frequency: int) -> Decimal:
    """APR as a rate per period (CalcPeriodRate). Open Dental works in doubles; an interest
    amount that falls exactly on half a cent here rounds half to even, where Open Dental's
    binary value may land a cent lower."""
    if apr == 0:
        return Decimal(0)
    return apr / 100 / _PERIODS_PER_YEAR[PayPlanFrequency(frequency)]


def period_payment(
    principal: Decimal, down_payment: Decimal, apr: Decimal, frequency: int, count: int
) -> Decimal:
    """The payment per period that pays `principal - down_payment` off in `count` periods,
    rounded up to the cent so the last payment is the smallest (CalculatePeriodPayment)."""
    financed = principal - down_payment
    rate = period_rate(apr, frequency)
    exact = financed / count if rate == 0 else financed * rate / (1 - (1 + rate) ** -count)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def period_date(first: date, period: int, frequency: int) -> date:
    """Due date of period `period` (0-based) counted from `first` (CalcNextPeriodDate)."""
    kind = PayPlanFrequency(frequency)
    if kind is PayPlanFrequency.Weekly:
        return first + timedelta(days=7 * period)
    if kind is PayPlanFrequency.EveryOtherWeek:
        return first + timedelta(days=14 * period)
    if kind is PayPlanFrequency.Monthly:
        return add_months(first, period)
    if kind is PayPlanFrequency.Quarterly:
        return add_months(first, 3 * period)
    return _ordinal_weekday(first, add_months(first, period))


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later; a day the month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _ordinal_weekday(first: date, month: date) -> date:
    """The same weekday and week of the month as `first` (a fifth week counts as the fourth)."""
    ordinal = min((first.day - 1) // 7 + 1, 4)
    start = month.replace(day=1)
    offset = (first.weekday() - start.weekday()) % 7
    return start + timedelta(days=offset + 7 * (ordinal - 1))


def down_payment_date(terms: Terms, today: date) -> date:
    """Due on the first payment date when that is past, else today (Open Dental's manual)."""
    return min(terms.DatePayPlanStart, today)


def ordered_production(production: Sequence[Production]) -> list[Production]:
    """Completed procedures, then adjustments, then treatment-planned procedures (each group
    in link order): the order Open Dental lists a plan's production and charges it in."""

    def group(p: Production) -> int:
        if p.LinkType == PayPlanLinkType.Adjustment:
            return 1
        return 2 if p.is_tp else 0

    return sorted(production, key=group)


def build_schedule(
    terms: Terms,
    production: Sequence[Production],
    today: date,
    posted: Sequence[ScheduledCharge] = (),
) -> Schedule:
    """The plan's charges from now on: for a new plan (`posted` empty) every charge, the down
    payment first; for a plan whose `posted` charges are already due, the rest of the schedule
    after them under `terms`. Charges dated after today are the plan's future; the engine
    counts them as 0 until their date (allocation.md §2.3.7)."""
    items = ordered_production(production)
    remaining = [p.amount for p in items]
    index = {(p.LinkType, p.FKey): i for i, p in enumerate(items)}
    for done in posted:
        if (done.LinkType, done.FKey) in index:
            remaining[index[done.LinkType, done.FKey]] -= done.Principal
    charges: list[ScheduledCharge] = []
    if not posted and terms.DownPayment > 0:
        charges += _down_payment(terms, items, remaining, today)
    awaiting = terms.DynamicPayPlanTPOption != DynamicPayPlanTPOption.TreatAsComplete
    total = sum((p.amount for p in items), ZERO)
    tp_total = sum((p.amount for p in items if p.is_tp), ZERO) if awaiting else ZERO
    charged = sum((c.Principal for c in posted), ZERO) if posted else terms.DownPayment
    not_yet_charged = total - charged - tp_total
    rate = period_rate(terms.APR, terms.ChargeFrequency)
    period = _periods_used(terms, list(posted) or charges)
    while not_yet_charged > 0 and len(posted) + len(charges) < MAX_CHARGES:
        due = period_date(terms.DatePayPlanStart, period, terms.ChargeFrequency)
        interest = to_cents(not_yet_charged * rate) if due >= terms.DateInterestStart else ZERO
        principal = min(terms.PayAmt - interest, not_yet_charged)
        if principal <= 0:
            return Schedule(tuple(charges), is_valid=False)
        period_charges = _spread(items, remaining, principal, interest, due, awaiting)
        if not period_charges:
            break
        charges += period_charges
        not_yet_charged -= sum((c.Principal for c in period_charges), ZERO)
        period += 1
    # Stopping at the charge ceiling with principal left means the terms never pay it off.
    at_ceiling = len(posted) + len(charges) >= MAX_CHARGES
    return Schedule(tuple(charges), is_valid=not_yet_charged <= 0 or not at_ceiling)


def _periods_used(terms: Terms, charges: Sequence[ScheduledCharge]) -> int:
    """Periods the existing charges took: one per distinct date, except a down payment due
    before the first payment date, which takes no period (GetListExpectedCharges)."""
    used = len({c.ChargeDate for c in charges})
    if terms.DownPayment != 0 and charges and charges[0].ChargeDate != terms.DatePayPlanStart:
        used -= 1
    return used


def _down_payment(
    terms: Terms, items: list[Production], remaining: list[Decimal], today: date
) -> list[ScheduledCharge]:
    """The down payment spread over the production in order, treatment-planned work included
    ("the full down payment is due whatever the treatment-planned option")."""
    due = down_payment_date(terms, today)
    left = terms.DownPayment
    charges = []
    for i, item in enumerate(items):
        if left <= 0:
            break
        take = min(left, remaining[i])
        if take <= 0:
            continue
        remaining[i] -= take
        left -= take
        charges.append(_charge(item, due, take, ZERO, is_down_payment=True))
    return charges


def _spread(
    items: list[Production],
    remaining: list[Decimal],
    principal: Decimal,
    interest: Decimal,
    due: date,
    awaiting: bool,
) -> list[ScheduledCharge]:
    """One period: its principal over the production in order; interest on the first charge."""
    charges: list[ScheduledCharge] = []
    for i, item in enumerate(items):
        if principal <= 0:
            break
        if remaining[i] <= 0 or (awaiting and item.is_tp):
            continue
        take = min(principal, remaining[i])
        remaining[i] -= take
        principal -= take
        charges.append(_charge(item, due, take, ZERO if charges else interest))
    return charges


def _charge(
    item: Production,
    due: date,
    principal: Decimal,
    interest: Decimal,
    is_down_payment: bool = False,
) -> ScheduledCharge:
    return ScheduledCharge(
        ChargeDate=due,
        Principal=principal,
        Interest=interest,
        LinkType=item.LinkType,
        FKey=item.FKey,
        ProvNum=item.ProvNum,
        ClinicNum=item.ClinicNum,
        IsDownPayment=is_down_payment,
    )


def completed_amount(production: Sequence[Production], tp_option: int) -> Decimal:
    """CompletedAmt: the production the plan can charge now (treatment-planned work only when
    the plan treats it as complete)."""
    treat_tp = tp_option == DynamicPayPlanTPOption.TreatAsComplete
    return sum((p.amount for p in production if treat_tp or not p.is_tp), ZERO)


def terms_note(
    today: date, terms: Terms, principal: Decimal, schedule: Schedule, extra: str = ""
) -> str:
    """The terms text Open Dental writes into PayPlan.Note, then the caller's own note."""
    apr = format(terms.APR.normalize(), "f") if terms.APR != 0 else "0"
    cost = principal + schedule.total_interest
    text = (
        f"{today:%m/%d/%Y} - Date of Agreement: {terms.PayPlanDate:%m/%d/%Y}, "
        f"Total Amount: {principal:.2f}, APR: {apr}, Total Cost of Loan: {cost:.2f}"
    )
    return f"{text}, {extra}" if extra else text
