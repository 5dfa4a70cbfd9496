"""Raw bodies to the service inputs: which fields are read, and where body errors go."""

import pytest

from odpay.http.wire.json_body import RawBody
from odpay.http.wire.schemas import (
    partial_input,
    payment_input,
    payment_update,
    paysplit_update,
    refund_input,
)
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


def _body(text: str) -> RawBody:
    return RawBody(text.encode("utf-8"))


def test_the_full_documentation_example_becomes_a_payment_input() -> None:
    body = _body(
        '{"PayAmt": "129.99", "PatNum": 1568, "PayDate": "2021-07-05", "CheckNum": "2058",'
        ' "PayNote": "Check payment through website", "BankBranch": "19-7076", "ClinicNum": "3",'
        ' "isPatientPreferred": "true", "isPrepayment": "true", "procNums": [13,14,18],'
        ' "PayType": 69.0, "payPlanNum": "12"}'
    )
    assert payment_input(body) == PaymentInput(
        PayAmt="129.99",
        PatNum=1568,
        PayType=69,
        PayDate="2021-07-05",
        CheckNum="2058",
        PayNote="Check payment through website",
        BankBranch="19-7076",
        ClinicNum=3,
        isPatientPreferred="true",
        isPrepayment="true",
        procNums=(13, 14, 18),
        payPlanNum=12,
    )


def test_names_are_case_sensitive_and_unknown_fields_are_ignored() -> None:
    body = _body('{"PayAmt": 129.99, "patnum": 5, "IsPrepayment": [], "Extra": {"x": 1}}')
    assert payment_input(body) == PaymentInput(PayAmt="129.99")


def test_null_and_empty_integers_are_omitted() -> None:
    body = _body('{"PayAmt": null, "PatNum": "", "PayType": null, "procNums": null}')
    assert payment_input(body) == PaymentInput()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Include a JSON resource."),
        ("[]", "Invalid JSON."),
        ('{"PatNum": true}', "Invalid JSON."),
        ('{"procNums": "[13,14]"}', "Invalid JSON."),
        ('{"isPrepayment": 1}', "Invalid JSON."),
    ],
)
def test_post_body_errors_are_raised_before_the_service(text: str, message: str) -> None:
    with pytest.raises(BadRequest) as refused:
        payment_input(_body(text))
    assert refused.value.message == message


def test_a_refund_reads_only_paynum() -> None:
    assert refund_input(_body('{"PayNum": "178", "PayAmt": []}')) == RefundInput(PayNum=178)
    with pytest.raises(BadRequest) as refused:
        refund_input(_body('{"PayNum": 1.5}'))
    assert refused.value.message == "Invalid JSON."


def test_an_update_reads_its_five_fields_and_ignores_the_rest() -> None:
    body = _body(
        '{"PayType": "70", "CheckNum": 2059, "BankBranch": "", "PayNote": "n",'
        ' "ProcessStatus": "OnlinePending", "PayAmt": [], "PatNum": {}}'
    )
    assert payment_update(5, body) == PaymentUpdate(
        5, PayType=70, CheckNum="2059", BankBranch="", PayNote="n", ProcessStatus="OnlinePending"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  ", "Include a JSON resource."),
        ("{", "Invalid JSON."),
        ('{"PayType": "x"}', "Invalid JSON."),
        ('{"CheckNum": ["1"]}', "Invalid JSON."),
    ],
)
def test_update_body_errors_travel_to_the_service(text: str, message: str) -> None:
    assert payment_update(None, _body(text)) == PaymentUpdate(None, body_error=message)


def test_a_numeric_processstatus_arrives_as_text_for_the_service_to_refuse() -> None:
    assert payment_update(3, _body('{"ProcessStatus": 1}')) == PaymentUpdate(3, ProcessStatus="1")


def test_partial_reads_both_pair_arrays() -> None:
    body = _body(
        '{"procNumsAndAmounts": [{"ProcNum": 271, "Amount": 40}, {"ProcNum": "402", "Amount": "15.5"},'
        ' {"Amount": 1}], "payPlanChargeNumsAndAmounts": [{"PayPlanChargeNum": 62.0, "Amount": 20}]}'
    )
    assert partial_input(7, body) == PartialInput(
        7,
        procNumsAndAmounts=(ProcAmount(271, "40"), ProcAmount(402, "15.5"), ProcAmount(None, "1")),
        payPlanChargeNumsAndAmounts=(ChargeAmount(62, "20"),),
    )
    assert partial_input(7, _body("{}")) == PartialInput(7)


@pytest.mark.parametrize(
    "text",
    [
        '{"procNumsAndAmounts": {"ProcNum": 1, "Amount": 1}}',
        '{"procNumsAndAmounts": [{"ProcNum": "x", "Amount": 1}]}',
        '{"procNumsAndAmounts": [{"ProcNum": 1, "Amount": "forty"}]}',
        '{"payPlanChargeNumsAndAmounts": [[62, 20]]}',
    ],
)
def test_partial_body_errors_travel_to_the_service(text: str) -> None:
    assert partial_input(7, _body(text)) == PartialInput(7, body_error="Invalid JSON.")


def test_a_paysplit_update_reads_provnum_and_clinicnum() -> None:
    body = _body('{"ProvNum": "2", "ClinicNum": 0, "SplitAmt": "x"}')
    assert paysplit_update(9, body) == PaySplitUpdate(9, ProvNum=2, ClinicNum=0)
    assert paysplit_update(9, _body("")) == PaySplitUpdate(9, body_error="Include a JSON resource.")
    assert paysplit_update(9, _body('{"ProvNum": false}')) == PaySplitUpdate(
        9, body_error="Invalid JSON."
    )
