"""An insurance estimate recomputed from a claimproc's own columns (odpay's rule).

Open Dental computes estimates from insurance plans and benefits (annual maximums, deductibles,
frequencies), which odpay does not hold. odpay keeps the part the schema itself defines:
BaseEst = ((fee or AllowedOverride) − copay) × (Percentage or PercentOverride) / 100,
InsEstTotal = BaseEst − deductible − paid by other insurance, and InsPayEst = the
InsEstTotalOverride when set, else InsEstTotal. −1 means "blank" in every override column.
"""

from dataclasses import dataclass
from decimal import Decimal

from odpay.domain.money import ZERO, to_cents

BLANK = Decimal("-1.00")


@dataclass(frozen=True, slots=True)
class EstimateTerms:
    """The claimproc columns an estimate depends on."""

    AllowedOverride: Decimal = BLANK
    CopayAmt: Decimal = BLANK
    CopayOverride: Decimal = BLANK
    Percentage: int = -1
    PercentOverride: int = -1
    DedEst: Decimal = BLANK
    DedEstOverride: Decimal = BLANK
    PaidOtherIns: Decimal = BLANK
    PaidOtherInsOverride: Decimal = BLANK
    InsEstTotalOverride: Decimal = BLANK
    NoBillIns: bool = False


@dataclass(frozen=True, slots=True)
class Estimate:
    BaseEst: Decimal
    InsEstTotal: Decimal
    InsPayEst: Decimal


def _chosen(override: Decimal, value: Decimal) -> Decimal:
    """The override when set, else the value when set, else 0."""
    if override != BLANK:
        return override
    return value if value != BLANK else ZERO


def estimate(fee: Decimal, terms: EstimateTerms) -> Estimate:
    """The estimate for a procedure whose fee total is `fee`; all zero when NoBillIns."""
    if terms.NoBillIns:
        return Estimate(ZERO, ZERO, ZERO)
    allowed = terms.AllowedOverride if terms.AllowedOverride != BLANK else fee
    percent = terms.PercentOverride if terms.PercentOverride != -1 else terms.Percentage
    billable = max(ZERO, allowed - _chosen(terms.CopayOverride, terms.CopayAmt))
    base = to_cents(billable * max(percent, 0) / 100)
    total = base - _chosen(terms.DedEstOverride, terms.DedEst)
    total = max(ZERO, total - _chosen(terms.PaidOtherInsOverride, terms.PaidOtherIns))
    pays = terms.InsEstTotalOverride if terms.InsEstTotalOverride != BLANK else total
    return Estimate(BaseEst=base, InsEstTotal=total, InsPayEst=pays)
