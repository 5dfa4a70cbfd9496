"""Balances and aging from the engine's settled ledger (AccountModules Aging, PatientBalances)."""

from datetime import date
from decimal import Decimal

from odpay.domain.balances import Aging, Balances, Item, age, family_balances
from odpay.domain.prefs import Prefs
from tests.domain.builders import adj, claimproc, family, patient, proc, split

TODAY = date(2024, 6, 15)


def item(days_ago: int, amount: str) -> Item:
    return Item(10, date.fromordinal(TODAY.toordinal() - days_ago), Decimal(amount))


def test_charges_fall_into_buckets_by_their_age_in_days() -> None:
    found = [
        item(0, "1"),
        item(30, "2"),
        item(31, "4"),
        item(60, "8"),
        item(61, "16"),
        item(90, "32"),
        item(91, "64"),
        item(-5, "128"),
    ]
    assert age(found, TODAY) == Aging(
        Bal_0_30=Decimal("131"),
        Bal_31_60=Decimal("12"),
        Bal_61_90=Decimal("48"),
        BalOver90=Decimal("64"),
        Total=Decimal("255"),
    )


def test_credit_pays_the_oldest_bucket_first_and_what_is_left_shows_in_0_to_30() -> None:
    assert age([item(100, "50"), item(40, "30"), item(5, "-60")], TODAY) == Aging(
        Decimal("0.00"), Decimal("20"), Decimal("0.00"), Decimal("0"), Decimal("20")
    )
    assert age([item(100, "50"), item(5, "-80")], TODAY) == Aging(
        Decimal("-30"), Decimal("0.00"), Decimal("0.00"), Decimal("0"), Decimal("-30")
    )


def test_a_family_ages_before_insurance_and_balances_after_it() -> None:
    head, child = patient(10), patient(11, Guarantor=10)
    fam = family(
        head,
        child,
        procedures=[proc(101, 10, "200", "2024-03-01"), proc(102, 11, "100", "2024-05-01")],
        claimprocs=[claimproc(1, 101, 10, InsPayEst="120", WriteOffEst="30")],
        adjustments=[adj(201, 10, "20", "2024-06-05")],
        paysplits=[
            split(301, 10, "30", "2024-06-10", ProvNum=0, UnearnedType=283),
            split(302, 11, "50", "2024-06-10", ProvNum=0, UnearnedType=299),
        ],
    )
    # The 30.00 of unearned money pays the oldest charge of its patient; the 50.00 of a
    # hidden type is reserved and counts nowhere.
    assert family_balances(fam, Prefs(), TODAY) == Balances(
        aging=Aging(
            Bal_0_30=Decimal("20.00"),
            Bal_31_60=Decimal("100.00"),
            Bal_61_90=Decimal("0.00"),
            BalOver90=Decimal("170.00"),
            Total=Decimal("290.00"),
        ),
        InsEst=Decimal("150.00"),
        EstBal=Decimal("140.00"),
        patient_est={10: Decimal("40.00"), 11: Decimal("100.00")},
        Unearned=Decimal("30.00"),
    )


def test_money_no_charge_took_is_a_credit_on_its_patient() -> None:
    fam = family(
        patient(20),
        procedures=[proc(120, 20, "80", "2024-06-01")],
        paysplits=[split(320, 20, "100", "2024-06-02", ProvNum=0, UnearnedType=283)],
    )
    found = family_balances(fam, Prefs(), TODAY)
    assert (found.aging.Total, found.EstBal, found.patient_est, found.Unearned) == (
        Decimal("-20.00"),
        Decimal("-20.00"),
        {20: Decimal("-20.00")},
        Decimal("100.00"),
    )
