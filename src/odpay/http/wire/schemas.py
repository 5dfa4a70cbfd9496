"""The bodies of payments and paysplits: Pydantic models that document them in OpenAPI, and
the readers that turn a raw body into the service inputs.

Spec: wire-format.md §3, §8, §9; payments.md §3-§8. The models only describe; parsing is
json_body's lenient rules, so a client never sees a Pydantic message.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from odpay.http.wire import json_body as field
from odpay.http.wire.bodies import body_input, update_input
from odpay.http.wire.json_body import RawBody, read_object
from odpay.services.errors import BadRequest
from odpay.services.inputs import (
    ChargeAmount,
    PartialInput,
    PaymentInput,
    PaymentUpdate,
    PaySplitUpdate,
    ProcAmount,
    RefundInput,
)

Integer = int | str  # a JSON integer or a numeric string
Text = str | float  # a JSON string or a number taken as its literal text
BooleanText = bool | str


def payment_input(body: RawBody) -> PaymentInput:
    """POST /payments; body errors are raised here, before the service runs. Each field is
    read by its type, as every POST body is (bodies.body_input)."""
    return body_input(PaymentInput, body)


def refund_input(body: RawBody) -> RefundInput:
    return body_input(RefundInput, body)


# The three updates look the row up before the body (payments.md §5, §6, §8): a body error
# travels to the service as `body_error`, as bodies.update_input does for every PUT (Partial's
# lists of objects are read here). Fields an endpoint does not read are not converted.


def payment_update(pay_num: int | None, body: RawBody) -> PaymentUpdate:
    return update_input(PaymentUpdate, body, pay_num=pay_num)


def partial_input(pay_num: int | None, body: RawBody) -> PartialInput:
    try:
        fields = read_object(body)
        procs = field.objects(fields.get("procNumsAndAmounts"))
        charges = field.objects(fields.get("payPlanChargeNumsAndAmounts"))
        return PartialInput(
            pay_num,
            procNumsAndAmounts=None if procs is None else tuple(_proc_amount(i) for i in procs),
            payPlanChargeNumsAndAmounts=(
                None if charges is None else tuple(_charge_amount(i) for i in charges)
            ),
        )
    except BadRequest as error:
        return PartialInput(pay_num, body_error=error.message)


def _proc_amount(item: dict[str, Any]) -> ProcAmount:
    return ProcAmount(field.integer(item.get("ProcNum")), field.amount(item.get("Amount")))


def _charge_amount(item: dict[str, Any]) -> ChargeAmount:
    return ChargeAmount(
        field.integer(item.get("PayPlanChargeNum")), field.amount(item.get("Amount"))
    )


def paysplit_update(split_num: int | None, body: RawBody) -> PaySplitUpdate:
    return update_input(PaySplitUpdate, body, split_num=split_num)


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class PaymentIn(BaseModel):
    """POST /payments. Numbers may come as text and text as numbers; null means omitted."""

    # Rows of the demo practice `make run` serves: the Larkspur family (16-19), plan 3.
    model_config = _examples(
        {"PayAmt": "129.99", "PatNum": 16},
        {
            "PayAmt": "129.99",
            "PatNum": 17,
            "PayDate": "2021-07-05",
            "CheckNum": "2058",
            "PayNote": "Check payment through website",
            "BankBranch": "19-7076",
            "isPatientPreferred": "true",
            "procNums": [64, 65],
        },
        {"PayAmt": "100", "PatNum": 52, "isPrepayment": "true", "payPlanNum": 3},
    )
    PayAmt: Text = Field(description="Amount; negative allowed, not zero.")
    PatNum: Integer = Field(description="The paying patient.")
    PayType: Integer | None = Field(None, description="Payment type (definition category 10).")
    PayDate: str | None = Field(None, description="Default today.")
    CheckNum: Text | None = Field(None, description="At most 25 characters.")
    PayNote: Text | None = None
    BankBranch: Text | None = Field(None, description="At most 25 characters.")
    ClinicNum: Integer | None = Field(None, description="Default the patient's clinic.")
    isPatientPreferred: BooleanText | None = Field(None, description="Pay the payer first.")
    isPrepayment: BooleanText | None = Field(None, description="Keep it all as unearned.")
    procNums: list[Integer] | None = Field(None, description="Procedures to pay first.")
    payPlanNum: Integer | None = Field(None, description="A dynamic payment plan to pay.")


class RefundIn(BaseModel):
    """POST /payments/Refund."""

    model_config = _examples({"PayNum": 33})
    PayNum: Integer = Field(description="The payment to refund.")


class PaymentUpdateIn(BaseModel):
    """PUT /payments/{PayNum}. Only these fields change; every other field is ignored."""

    model_config = _examples(
        {"PayType": 70, "CheckNum": "2059", "PayNote": "Paid at the desk"},
        {"BankBranch": "19-7076"},
    )
    PayType: Integer | None = Field(None, description="Not 0; not for income transfers.")
    CheckNum: Text | None = Field(None, description='At most 25 characters; "" clears it.')
    BankBranch: Text | None = Field(None, description='At most 25 characters; "" clears it.')
    PayNote: Text | None = Field(None, description='"" clears it.')
    ProcessStatus: str | None = Field(None, description="OnlineProcessed or OnlinePending.")


class ProcNumAndAmount(BaseModel):
    ProcNum: Integer
    Amount: Text


class PayPlanChargeNumAndAmount(BaseModel):
    PayPlanChargeNum: Integer
    Amount: Text


class PartialIn(BaseModel):
    """PUT /payments/{PayNum}/Partial. The Amounts add up to the payment's PayAmt."""

    model_config = _examples(
        {"procNumsAndAmounts": [{"ProcNum": 53, "Amount": 50}, {"ProcNum": 57, "Amount": 32.5}]}
    )
    procNumsAndAmounts: list[ProcNumAndAmount] | None = None
    payPlanChargeNumsAndAmounts: list[PayPlanChargeNumAndAmount] | None = None


class PaySplitUpdateIn(BaseModel):
    """PUT /paysplits/{SplitNum}. Only these fields change; every other field is ignored."""

    # Split 35 of the demo practice is attached to a procedure of provider 3 (decisions.md,
    # "Hardening: input": an attached split keeps its charge's provider and clinic).
    model_config = _examples({"ProvNum": 3}, {"ClinicNum": 0})
    ProvNum: Integer | None = Field(None, description="0 only on an unearned split.")
    ClinicNum: Integer | None = Field(None, description="0 means no clinic.")


class PaymentOut(BaseModel):
    """The Payment JSON (wire-format.md §8), in this field order."""

    model_config = _examples(
        {
            "PayNum": 56734,
            "PayType": 69,
            "payType": "Check",
            "PayDate": "2021-07-05",
            "PayAmt": "129.99",
            "CheckNum": "2058",
            "BankBranch": "19-7076",
            "PayNote": "Check payment through website",
            "PatNum": 1568,
            "ClinicNum": "3",
            "DateEntry": "2021-07-05",
            "DepositNum": 0,
            "Receipt": "",
            "IsRecurringCC": "false",
            "SecUserNumEntry": 1,
            "SecDateTEdit": "2021-07-05 07:34:31",
            "PaymentSource": "API",
            "ProcessStatus": "OfficeProcessed",
            "RecurringChargeDate": "0001-01-01",
            "IsCcCompleted": "false",
            "serverDateTime": "",
        }
    )
    PayNum: int
    PayType: int
    payType: str = Field(description="The payment type's name.")
    PayDate: str
    PayAmt: str = Field(description='Text: "129.99", "339", "-0.5".')
    CheckNum: str
    BankBranch: str
    PayNote: str
    PatNum: int
    ClinicNum: str = Field(description='Text: "0", "3".')
    DateEntry: str
    DepositNum: int
    Receipt: str
    IsRecurringCC: str = Field(description='"true" or "false".')
    SecUserNumEntry: int
    SecDateTEdit: str
    PaymentSource: str
    ProcessStatus: str
    RecurringChargeDate: str
    IsCcCompleted: str = Field(description='"true" or "false".')
    serverDateTime: str = Field(description='GET: the server\'s time; otherwise "".')


class PaySplitOut(BaseModel):
    """The PaySplit JSON (wire-format.md §9), in this field order."""

    model_config = _examples(
        {
            "SplitNum": 1425,
            "SplitAmt": 25.0,
            "PatNum": 22,
            "PayNum": 263,
            "ProvNum": 5,
            "PayPlanNum": 3,
            "DatePay": "2024-03-13",
            "ProcNum": 115,
            "DateEntry": "2024-03-13",
            "UnearnedType": 0,
            "unearnedType": "",
            "ClinicNum": 2,
            "SecDateTEdit": "2025-04-08 14:07:59",
            "AdjNum": 0,
            "PayPlanChargeNum": 43,
            "PayPlanDebitType": "Principal",
        }
    )
    SplitNum: int
    SplitAmt: float = Field(description="Always with a decimal point: 140.0, 25.5.")
    PatNum: int
    PayNum: int
    ProvNum: int
    PayPlanNum: int
    DatePay: str
    ProcNum: int
    DateEntry: str
    UnearnedType: int
    unearnedType: str = Field(description="The unearned type's name.")
    ClinicNum: int
    SecDateTEdit: str
    AdjNum: int
    PayPlanChargeNum: int
    PayPlanDebitType: str
