"""odpay's insurance estimate rule (domain/estimates.py)."""

from decimal import Decimal

from odpay.domain.estimates import Estimate, EstimateTerms, estimate

D = Decimal


def test_a_blank_estimate_is_zero() -> None:
    assert estimate(D("200.00"), EstimateTerms()) == Estimate(D("0.00"), D("0.00"), D("0.00"))


def test_the_override_is_what_insurance_pays() -> None:
    terms = EstimateTerms(Percentage=80, InsEstTotalOverride=D("120.00"))
    assert estimate(D("200.00"), terms) == Estimate(D("160.00"), D("160.00"), D("120.00"))


def test_percentage_of_the_fee_less_copay_deductible_and_other_insurance() -> None:
    terms = EstimateTerms(
        Percentage=50,
        PercentOverride=80,
        CopayAmt=D("5.00"),
        CopayOverride=D("10.00"),
        DedEst=D("50.00"),
        DedEstOverride=D("25.00"),
        PaidOtherIns=D("7.00"),
    )
    # (150 − 10) × 80% = 112; 112 − 25 − 7 = 80
    assert estimate(D("150.00"), terms) == Estimate(D("112.00"), D("80.00"), D("80.00"))


def test_an_allowed_fee_replaces_the_fee_and_the_total_never_goes_below_zero() -> None:
    terms = EstimateTerms(AllowedOverride=D("90.00"), Percentage=100, DedEst=D("100.00"))
    assert estimate(D("150.00"), terms) == Estimate(D("90.00"), D("0.00"), D("0.00"))


def test_cents_round_half_to_even() -> None:
    assert estimate(D("0.25"), EstimateTerms(Percentage=50)).BaseEst == D("0.12")
    assert estimate(D("0.35"), EstimateTerms(Percentage=50)).BaseEst == D("0.18")


def test_no_bill_ins_estimates_nothing() -> None:
    terms = EstimateTerms(Percentage=100, InsEstTotalOverride=D("40.00"), NoBillIns=True)
    assert estimate(D("150.00"), terms) == Estimate(D("0.00"), D("0.00"), D("0.00"))
