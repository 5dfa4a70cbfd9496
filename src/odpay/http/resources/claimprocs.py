"""Routes under /api/v1/claimprocs and the ClaimProc JSON of Open Dental's page
"API ClaimProcs", plus odpay's POST that adds an insurance estimate to a procedure (an
extension: Open Dental's API has no such route)."""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.enums import ClaimProcStatus
from odpay.http.auth import EngineDep, ReadKey, WriteKey
from odpay.http.created import created
from odpay.http.openapi import (
    BODY_FIELD_REFUSALS,
    demo_example,
    error_responses,
    query_parameters,
    request_body,
)
from odpay.http.routing import resource_router
from odpay.http.wire.bodies import body_input, bool_text, first_values, number, update_input
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import DEFAULT_FORMATS, DateFormats, json_response, query_formats
from odpay.services.account.claimprocs import (
    ClaimProcInput,
    ClaimProcView,
    create_estimate,
    get_claimproc,
    list_claimprocs,
    update_claimproc,
)
from odpay.services.enum_names import name_of
from odpay.services.refusals import (
    CLAIMPROC,
    CLAIMPROC_ESTIMATE_REFUSALS,
    CLAIMPROC_ON_CLAIM,
    CLAIMPROC_RECEIVED,
    CLAIMPROC_REFUSALS,
    ESTIMATE_NOT_TP_OR_C,
    LIST_CLAIMPROCS_REFUSALS,
    PATIENT_DELETED,
    PROC_NUM_REQUIRED,
    PROCEDURE_INVALID,
)

router = resource_router("claimprocs", "ClaimProcs")
ClaimProcNumPath = Annotated[
    int, Path(description="The claimproc's ClaimProcNum.", openapi_examples=demo_example(2))
]


def claimproc_json(view: ClaimProcView, formats: DateFormats) -> dict[str, Any]:
    c = view.claimproc
    return {
        "ClaimProcNum": c.ClaimProcNum,
        "ProcNum": c.ProcNum,
        "ClaimNum": c.ClaimNum,
        "PatNum": c.PatNum,
        "ProvNum": c.ProvNum,
        "FeeBilled": number(c.FeeBilled),
        "InsPayEst": number(c.InsPayEst),
        "DedApplied": number(c.DedApplied),
        "Status": name_of(ClaimProcStatus, c.Status),
        "InsPayAmt": number(c.InsPayAmt),
        "Remarks": c.Remarks,
        "ClaimPaymentNum": c.ClaimPaymentNum,
        "PlanNum": c.PlanNum,
        "DateCP": formats.of_date(c.DateCP),
        "WriteOff": number(c.WriteOff),
        "CodeSent": c.CodeSent,
        "AllowedOverride": number(c.AllowedOverride),
        "Percentage": c.Percentage,
        "PercentOverride": c.PercentOverride,
        "CopayAmt": number(c.CopayAmt),
        "NoBillIns": bool_text(c.NoBillIns),
        "PaidOtherIns": number(c.PaidOtherIns),
        "BaseEst": number(c.BaseEst),
        "CopayOverride": number(c.CopayOverride),
        "ProcDate": formats.of_date(c.ProcDate),
        "DateEntry": formats.of_date(c.DateEntry),
        "DedEst": number(c.DedEst),
        "DedEstOverride": number(c.DedEstOverride),
        "InsEstTotal": number(c.InsEstTotal),
        "InsEstTotalOverride": number(c.InsEstTotalOverride),
        "PaidOtherInsOverride": number(c.PaidOtherInsOverride),
        "EstimateNote": c.EstimateNote,
        "WriteOffEst": number(c.WriteOffEst),
        "WriteOffEstOverride": number(c.WriteOffEstOverride),
        "ClinicNum": c.ClinicNum,
        "InsSubNum": c.InsSubNum,
        "PaymentRow": c.PaymentRow,
        "PayPlanNum": c.PayPlanNum,
        "ClaimPaymentTracking": c.ClaimPaymentTracking,
        "claimPaymentTracking": view.claim_payment_tracking_name,
        "SecUserNumEntry": c.SecUserNumEntry,
        "SecDateEntry": formats.of_date(c.SecDateEntry),
        "SecDateTEdit": formats.of_date_time(c.SecDateTEdit),
        "DateSuppReceived": formats.of_date(c.DateSuppReceived),
        "DateInsFinalized": formats.of_date(c.DateInsFinalized),
        "IsTransfer": bool_text(c.IsTransfer),
        "ClaimAdjReasonCodes": c.ClaimAdjReasonCodes,
    }


ClaimProcOut = output_model(
    "ClaimProcOut",
    "The ClaimProc JSON, in this field order.",
    {
        "ClaimProcNum": 1984257, "ProcNum": 1734730, "ClaimNum": 98567, "PatNum": 1337,
        "ProvNum": 7, "FeeBilled": 88.0, "InsPayEst": 88.0, "DedApplied": 10.0,
        "Status": "Received", "InsPayAmt": 78.0, "Remarks": "", "ClaimPaymentNum": 6352,
        "PlanNum": 12, "DateCP": "2021-02-16", "WriteOff": 0.0, "CodeSent": "D0330",
        "AllowedOverride": -1.0, "Percentage": 100, "PercentOverride": -1, "CopayAmt": -1.0,
        "NoBillIns": "false", "PaidOtherIns": 0.0, "BaseEst": 88.0, "CopayOverride": -1.0,
        "ProcDate": "2021-02-16", "DateEntry": "0001-01-01", "DedEst": 0.0,
        "DedEstOverride": -1.0, "InsEstTotal": 88.0, "InsEstTotalOverride": -1.0,
        "PaidOtherInsOverride": -1.0, "EstimateNote": "", "WriteOffEst": -1.0,
        "WriteOffEstOverride": -1.0, "ClinicNum": 2, "InsSubNum": 3, "PaymentRow": 1,
        "PayPlanNum": 0, "ClaimPaymentTracking": 0, "claimPaymentTracking": "",
        "SecUserNumEntry": 1, "SecDateEntry": "2021-01-26", "SecDateTEdit": "2021-02-16 09:43:17",
        "DateSuppReceived": "2021-02-16", "DateInsFinalized": "2021-02-16", "IsTransfer": "false",
        "ClaimAdjReasonCodes": "",
    },
)  # fmt: skip
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {"ProcNum": 53, "InsEstTotalOverride": "120", "WriteOffEstOverride": "30"},
    {"ProcNum": 57, "Percentage": 80},
)
_PUT_EXAMPLES = ({"InsEstTotalOverride": "50", "Remarks": "Verified by phone"},)
ClaimProcIn = body_model(
    "ClaimProcIn",
    ClaimProcInput,
    "PUT /claimprocs/{ClaimProcNum} changes an insurance estimate (Status Estimate, no claim): "
    "ProvNum, Status (Estimate only), Remarks, CodeSent, PercentOverride, NoBillIns, "
    "CopayOverride, DedEstOverride, InsEstTotalOverride, PaidOtherInsOverride, "
    "WriteOffEstOverride, ClaimPaymentTracking (-1 = no override). odpay's POST /claimprocs "
    "takes the same fields plus ProcNum (required), Percentage and WriteOffEst. FeeBilled, "
    "DedApplied, InsPayAmt, ClaimPaymentNum and WriteOff need a claim and cannot change.",
    (),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)


@router.get(
    "",
    summary="List claimprocs",
    responses={
        200: {"model": array_of(ClaimProcOut), "description": "By ClaimProcNum."},
        **error_responses(*LIST_CLAIMPROCS_REFUSALS),
    },
    openapi_extra=query_parameters(
        ("ProcNum", "Only this procedure's claimprocs."),
        ("ClaimNum", "Only this claim's claimprocs."),
        ("PatNum", "Only this patient's claimprocs."),
        ("Status", "NotReceived, Received, Preauth, Adjustment, Supplemental, CapClaim, "
                   "Estimate, CapComplete, CapEstimate or InsHist."),
        ("ClaimPaymentNum", "Only this claim payment's claimprocs."),
        "Limit",
        "Offset",
    ),
)  # fmt: skip
def get_claimprocs(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    formats = query_formats(request)
    views = list_claimprocs(engine, first_values(request))
    return json_response([claimproc_json(v, formats) for v in views])


@router.get(
    "/{ClaimProcNum:id}",
    summary="Get a claimproc",
    responses={
        200: {"model": ClaimProcOut, "description": "The claimproc."},
        **error_responses(CLAIMPROC.not_found),
    },
)
def get_one_claimproc(
    request: Request, _key: ReadKey, engine: EngineDep, ClaimProcNum: ClaimProcNumPath
) -> Response:
    return json_response(
        claimproc_json(get_claimproc(engine, ClaimProcNum), query_formats(request))
    )


@router.post(
    "",
    status_code=201,
    summary="Add an insurance estimate to a procedure (odpay extension)",
    responses={
        201: {"model": ClaimProcOut, "description": "The estimate as stored."},
        **error_responses(*BODY_FIELD_REFUSALS, *CLAIMPROC_REFUSALS,
            (400, INCLUDE_JSON), (400, INVALID_JSON), PROC_NUM_REQUIRED, PROCEDURE_INVALID,
            PATIENT_DELETED, ESTIMATE_NOT_TP_OR_C, *CLAIMPROC_ESTIMATE_REFUSALS,
        ),
    },
    openapi_extra={**request_body(ClaimProcIn, *_POST_EXAMPLES), "x-odpay-extension": True},
)  # fmt: skip
def post_estimate(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """**odpay extension, not part of Open Dental's API.** Creates a claimproc with Status
    Estimate (no claim, no insurance plan) on a procedure, so a sandbox can hold "a procedure
    with an insurance estimate". The estimate is InsEstTotalOverride when given, else
    fee × Percentage / 100 (less CopayOverride, DedEstOverride and PaidOtherInsOverride);
    with WriteOffEst or WriteOffEstOverride it lowers the patient portion that payments split
    against."""
    view = create_estimate(engine, body_input(ClaimProcInput, body), key)
    content = claimproc_json(view, DEFAULT_FORMATS)
    return created(request, content, "claimprocs", view.claimproc.ClaimProcNum)


@router.put(
    "/{ClaimProcNum:id}",
    summary="Update an insurance estimate",
    responses={
        200: {"model": ClaimProcOut, "description": "The claimproc as stored."},
        **error_responses(
            *BODY_FIELD_REFUSALS,
            *CLAIMPROC_REFUSALS,
            CLAIMPROC.id_required,
            CLAIMPROC_RECEIVED,
            CLAIMPROC_ON_CLAIM,
            *CLAIMPROC_ESTIMATE_REFUSALS,
            CLAIMPROC.not_found,
        ),
    },
    openapi_extra=request_body(ClaimProcIn, *_PUT_EXAMPLES),
)
def put_claimproc(
    key: WriteKey, engine: EngineDep, body: JsonBody, ClaimProcNum: ClaimProcNumPath
) -> Response:
    """Changes an estimate's overrides, provider, remarks or NoBillIns and recomputes it.
    Claimprocs on claims cannot be changed: odpay holds no claims to recalculate."""
    request = update_input(ClaimProcInput, body, claim_proc_num=ClaimProcNum)
    return json_response(claimproc_json(update_claimproc(engine, request, key), DEFAULT_FORMATS))


@router.put("", include_in_schema=False)
def put_claimproc_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    request = update_input(ClaimProcInput, body, claim_proc_num=None)
    return json_response(claimproc_json(update_claimproc(engine, request, key), DEFAULT_FORMATS))
