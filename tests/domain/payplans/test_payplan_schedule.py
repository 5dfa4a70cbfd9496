"""The dynamic payment plan schedule: period payment, due dates, down payment, interest."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from odpay.domain.payplans.schedule import (
    PayPlanFrequency,
    Production,
    ScheduledCharge,
    Terms,
    add_months,
    build_schedule,
    completed_amount,
    period_date,
    period_payment,
    terms_note,
)

PROC = 2
ADJ = 1


def proc(num: int, amount: str, tp: bool = False, prov: int = 1) -> Production:
    return Production(PROC, num, Decimal(amount), ProvNum=prov, is_tp=tp)


def charge(
    on: str,
    principal: str,
    interest: str = "0.00",
    fkey: int = 500,
    kind: int = PROC,
    prov: int = 1,
) -> ScheduledCharge:
    return ScheduledCharge(
        ChargeDate=date.fromisoformat(on),
        Principal=Decimal(principal),
        Interest=Decimal(interest),
        LinkType=kind,
        FKey=fkey,
        ProvNum=prov,
        ClinicNum=0,
    )


def down(on: str, principal: str, fkey: int = 500) -> ScheduledCharge:
    return replace(charge(on, principal, fkey=fkey), IsDownPayment=True)


def test_period_payment_rounds_the_amortized_payment_up_to_the_cent() -> None:
    # Open Dental's documented plan: 728.00 less 100.00 down, 8 monthly payments at 10 % APR.
    assert period_payment(
        Decimal("728.00"), Decimal("100.00"), Decimal("10"), PayPlanFrequency.Monthly, 8
    ) == Decimal("81.48")


def test_period_payment_without_interest_divides_and_rounds_up() -> None:
    assert period_payment(
        Decimal("300.00"), Decimal("0.00"), Decimal("0"), PayPlanFrequency.Weekly, 7
    ) == Decimal("42.86")


def test_period_payment_uses_the_rate_of_the_frequency() -> None:
    # 1,000 over 4 quarters at 8 % APR: 2 % a quarter.
    assert period_payment(
        Decimal("1000.00"), Decimal("0"), Decimal("8"), PayPlanFrequency.Quarterly, 4
    ) == Decimal("262.63")


def test_monthly_dates_keep_the_day_or_take_the_last_day_of_a_short_month() -> None:
    first = date(2024, 1, 31)
    dates = [period_date(first, n, PayPlanFrequency.Monthly) for n in range(4)]
    assert dates == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_quarterly_weekly_and_every_other_week_dates() -> None:
    first = date(2024, 11, 30)
    assert period_date(first, 1, PayPlanFrequency.Quarterly) == date(2025, 2, 28)
    assert period_date(first, 2, PayPlanFrequency.Weekly) == date(2024, 12, 14)
    assert period_date(first, 2, PayPlanFrequency.EveryOtherWeek) == date(2024, 12, 28)


def test_ordinal_weekday_dates_keep_the_week_of_the_month() -> None:
    second_tuesday = date(2024, 1, 9)
    dates = [period_date(second_tuesday, n, PayPlanFrequency.OrdinalWeekday) for n in range(3)]
    assert dates == [date(2024, 1, 9), date(2024, 2, 13), date(2024, 3, 12)]


def test_a_fifth_weekday_of_the_month_is_charged_on_the_fourth() -> None:
    fifth_wednesday = date(2024, 1, 31)
    assert period_date(fifth_wednesday, 1, PayPlanFrequency.OrdinalWeekday) == date(2024, 2, 28)


def test_add_months_crosses_the_year() -> None:
    assert add_months(date(2024, 12, 15), 2) == date(2025, 2, 15)


def test_a_plan_without_interest_charges_the_payment_each_period_until_paid() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 6, 1),
        DatePayPlanStart=date(2024, 7, 1),
        PayAmt=Decimal("120.00"),
    )
    schedule = build_schedule(terms, [proc(500, "300.00")], today=date(2024, 6, 1))
    assert schedule.charges == (
        charge("2024-07-01", "120.00"),
        charge("2024-08-01", "120.00"),
        charge("2024-09-01", "60.00"),
    )
    assert schedule.is_valid is True
    assert schedule.total_interest == Decimal("0.00")


def test_a_period_spreads_its_principal_over_the_production_in_order() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 6, 1),
        DatePayPlanStart=date(2024, 6, 10),
        PayAmt=Decimal("100.00"),
        ChargeFrequency=PayPlanFrequency.Weekly,
    )
    production = [proc(500, "70.00"), Production(ADJ, 900, Decimal("50.00"), ProvNum=2)]
    schedule = build_schedule(terms, production, today=date(2024, 6, 1))
    assert schedule.charges == (
        charge("2024-06-10", "70.00"),
        charge("2024-06-10", "30.00", fkey=900, kind=ADJ, prov=2),
        charge("2024-06-17", "20.00", fkey=900, kind=ADJ, prov=2),
    )


def test_a_down_payment_is_due_today_when_the_first_payment_is_still_ahead() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 6, 1),
        DatePayPlanStart=date(2024, 7, 1),
        PayAmt=Decimal("100.00"),
        DownPayment=Decimal("50.00"),
    )
    schedule = build_schedule(terms, [proc(500, "250.00")], today=date(2024, 6, 5))
    assert schedule.charges == (
        down("2024-06-05", "50.00"),
        charge("2024-07-01", "100.00"),
        charge("2024-08-01", "100.00"),
    )
    assert schedule.charges[0].Note == "Down Payment"
    assert schedule.charges[1].Note == ""


def test_a_down_payment_takes_the_first_payment_date_when_that_date_is_past() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 4, 1),
        DatePayPlanStart=date(2024, 5, 1),
        PayAmt=Decimal("100.00"),
        DownPayment=Decimal("50.00"),
    )
    schedule = build_schedule(terms, [proc(500, "250.00")], today=date(2024, 6, 5))
    assert schedule.charges == (
        down("2024-05-01", "50.00"),
        charge("2024-06-01", "100.00"),
        charge("2024-07-01", "100.00"),
    )


def test_interest_starts_on_its_date_and_rides_on_the_first_charge_of_a_period() -> None:
    # Open Dental's documented plan (apipayplans, POST Dynamic): 652.00 completed production
    # and 76.00 treatment-planned, 100.00 down, 8 payments of 81.48, 10 % APR from 2022-08-01.
    production = [
        proc(848, "300.00"),
        proc(847, "76.00", tp=True),
        proc(860, "200.00"),
        proc(865, "100.00"),
        Production(ADJ, 40, Decimal("52.00"), ProvNum=1),
    ]
    terms = Terms(
        PayPlanDate=date(2022, 6, 30),
        DatePayPlanStart=date(2022, 7, 1),
        PayAmt=Decimal("81.48"),
        APR=Decimal("10"),
        DownPayment=Decimal("100.00"),
        DateInterestStart=date(2022, 8, 1),
    )
    schedule = build_schedule(terms, production, today=date(2022, 6, 30))
    assert schedule.charges == (
        down("2022-06-30", "100.00", fkey=848),
        charge("2022-07-01", "81.48", fkey=848),
        charge("2022-08-01", "77.56", "3.92", fkey=848),
        charge("2022-09-01", "40.96", "3.27", fkey=848),
        charge("2022-09-01", "37.25", fkey=860),
        charge("2022-10-01", "78.86", "2.62", fkey=860),
        charge("2022-11-01", "79.51", "1.97", fkey=860),
        charge("2022-12-01", "4.38", "1.30", fkey=860),
        charge("2022-12-01", "75.80", fkey=865),
        charge("2023-01-01", "24.20", "0.64", fkey=865),
        charge("2023-01-01", "52.00", fkey=40, kind=ADJ),
    )
    # Open Dental's doubles put the last interest (76.20 x 10 %/12 = 0.635) at 0.63 and print
    # a total cost of 741.71; exact cents round that tie half to even.
    assert schedule.total_interest == Decimal("13.72")
    assert completed_amount(production, tp_option=1) == Decimal("652.00")
    assert terms_note(
        date(2022, 6, 30), terms, Decimal("728.00"), schedule, "DownPayment in Cash"
    ) == (
        "06/30/2022 - Date of Agreement: 06/30/2022, Total Amount: 728.00, APR: 10, "
        "Total Cost of Loan: 741.72, DownPayment in Cash"
    )


def test_treatment_planned_work_is_charged_only_when_the_plan_treats_it_as_complete() -> None:
    production = [proc(500, "100.00"), proc(501, "100.00", tp=True)]
    awaiting = Terms(date(2024, 6, 1), date(2024, 7, 1), PayAmt=Decimal("150.00"))
    as_complete = Terms(
        date(2024, 6, 1), date(2024, 7, 1), PayAmt=Decimal("150.00"), DynamicPayPlanTPOption=2
    )
    assert build_schedule(awaiting, production, date(2024, 6, 1)).charges == (
        charge("2024-07-01", "100.00"),
    )
    assert build_schedule(as_complete, production, date(2024, 6, 1)).charges == (
        charge("2024-07-01", "100.00"),
        charge("2024-07-01", "50.00", fkey=501),
        charge("2024-08-01", "50.00", fkey=501),
    )
    assert completed_amount(production, tp_option=2) == Decimal("200.00")


def test_a_payment_that_does_not_cover_the_interest_makes_the_terms_invalid() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 6, 1),
        DatePayPlanStart=date(2024, 7, 1),
        PayAmt=Decimal("5.00"),
        APR=Decimal("24"),
    )
    schedule = build_schedule(terms, [proc(500, "1000.00")], today=date(2024, 6, 1))
    assert schedule.is_valid is False


def test_the_note_writes_a_fractional_apr_as_given() -> None:
    terms = Terms(date(2024, 6, 1), date(2024, 7, 1), PayAmt=Decimal("600.00"), APR=Decimal("5.5"))
    schedule = build_schedule(terms, [proc(500, "500.00")], today=date(2024, 6, 1))
    assert terms_note(date(2024, 6, 2), terms, Decimal("500.00"), schedule) == (
        "06/02/2024 - Date of Agreement: 06/01/2024, Total Amount: 500.00, APR: 5.5, "
        "Total Cost of Loan: 502.29"
    )


def test_new_terms_continue_after_the_charges_already_due() -> None:
    terms = Terms(date(2024, 4, 20), date(2024, 5, 1), PayAmt=Decimal("50.00"))
    posted = [charge("2024-05-01", "100.00"), charge("2024-06-01", "100.00")]
    schedule = build_schedule(terms, [proc(500, "300.00")], date(2024, 6, 15), posted)
    assert schedule.charges == (charge("2024-07-01", "50.00"), charge("2024-08-01", "50.00"))


def test_a_down_payment_before_the_first_date_takes_no_period_when_continuing() -> None:
    terms = Terms(
        date(2024, 4, 10),
        date(2024, 5, 1),
        PayAmt=Decimal("200.00"),
        DownPayment=Decimal("50.00"),
    )
    posted = [down("2024-04-10", "50.00"), charge("2024-05-01", "100.00")]
    schedule = build_schedule(terms, [proc(500, "400.00")], date(2024, 5, 15), posted)
    assert schedule.charges == (charge("2024-06-01", "200.00"), charge("2024-07-01", "50.00"))


def test_a_down_payment_skips_production_with_nothing_left_to_finance() -> None:
    terms = Terms(
        PayPlanDate=date(2024, 6, 1),
        DatePayPlanStart=date(2024, 7, 1),
        PayAmt=Decimal("100.00"),
        DownPayment=Decimal("50.00"),
    )
    production = [proc(500, "0.00"), proc(501, "120.00")]
    schedule = build_schedule(terms, production, today=date(2024, 6, 5))
    assert schedule.charges == (
        down("2024-06-05", "50.00", fkey=501),
        charge("2024-07-01", "70.00", fkey=501),
    )


def test_posted_charges_on_production_no_longer_on_the_plan_still_count_as_charged() -> None:
    # 60.00 was charged on procedure 500 and -20.00 offsets a charge on production the plan has
    # since dropped (999): 40.00 of 500 is left, and the schedule stops when 500 is used up
    # even though the posted principal (40.00) leaves 60.00 of the plan's total uncharged.
    terms = Terms(
        PayPlanDate=date(2024, 4, 1),
        DatePayPlanStart=date(2024, 5, 1),
        PayAmt=Decimal("100.00"),
    )
    posted = [charge("2024-05-01", "60.00"), charge("2024-06-01", "-20.00", fkey=999)]
    schedule = build_schedule(terms, [proc(500, "100.00")], date(2024, 6, 5), posted)
    assert schedule.charges == (charge("2024-07-01", "40.00"),)
    assert schedule.is_valid is True
