"""What each write use case receives from HTTP: the body's fields after type conversion only.

HTTP turns JSON into these lenient types (wire-format.md §3) and nothing more; the services
make every other check in the spec's order. A field the body did not give (or gave as null)
is None. For PUT and Partial, Open Dental looks the row up before it looks at the body, so a
body that is empty or is not JSON arrives as `body_error` and the service raises it at its
step.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PaymentInput:
    """POST /payments (payments.md §3.1)."""

    PayAmt: str | None = None  # a JSON number arrives as its literal text
    PatNum: int | None = None
    PayType: int | None = None
    PayDate: str | None = None
    CheckNum: str | None = None
    PayNote: str | None = None
    BankBranch: str | None = None
    ClinicNum: int | None = None
    isPatientPreferred: bool | str | None = None  # a string is judged by the service
    isPrepayment: bool | str | None = None
    procNums: tuple[int, ...] | None = None
    payPlanNum: int | None = None


@dataclass(frozen=True, slots=True)
class RefundInput:
    """POST /payments/Refund (payments.md §4)."""

    PayNum: int | None = None


@dataclass(frozen=True, slots=True)
class PaymentUpdate:
    """PUT /payments/{PayNum} (payments.md §5). `pay_num` is None when the URL has no ID."""

    pay_num: int | None
    body_error: str | None = None
    PayType: int | None = None
    CheckNum: str | None = None
    BankBranch: str | None = None
    PayNote: str | None = None
    ProcessStatus: str | None = None


@dataclass(frozen=True, slots=True)
class ProcAmount:
    ProcNum: int | None = None
    Amount: str | None = None  # JSON number or numeric string, as text


@dataclass(frozen=True, slots=True)
class ChargeAmount:
    PayPlanChargeNum: int | None = None
    Amount: str | None = None


@dataclass(frozen=True, slots=True)
class PartialInput:
    """PUT /payments/{PayNum}/Partial (payments.md §6)."""

    pay_num: int | None
    body_error: str | None = None
    procNumsAndAmounts: tuple[ProcAmount, ...] | None = None
    payPlanChargeNumsAndAmounts: tuple[ChargeAmount, ...] | None = None


@dataclass(frozen=True, slots=True)
class PaySplitUpdate:
    """PUT /paysplits/{SplitNum} (payments.md §8)."""

    split_num: int | None
    body_error: str | None = None
    ProvNum: int | None = None
    ClinicNum: int | None = None
