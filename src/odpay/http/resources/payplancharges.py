"""Routes under /api/v1/payplancharges: parse, call the use case, answer.

Spec: Open Dental's API PayPlanCharges page (GET by PayPlanNum).
"""

from fastapi import Request
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey
from odpay.http.openapi import error_responses, query_parameters
from odpay.http.routing import resource_router
from odpay.http.wire.payments import first_query_value, json_response, query_formats
from odpay.http.wire.payplans import payplancharge_json
from odpay.services.payplans.payplans import list_payplancharges
from odpay.services.refusals import PAYPLAN

router = resource_router("payplancharges", "PayPlanCharges")


@router.get(
    "",
    summary="List a payment plan's charges",
    responses=error_responses(PAYPLAN.id_required, PAYPLAN.not_found),
    openapi_extra=query_parameters(
        ("PayPlanNum", "The plan (required)."),
        "DateFormatString",
        "DateTimeFormatString",
    ),
)
def get_charges(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """The plan's charges that are due by today, in PayPlanChargeNum order."""
    charges = list_payplancharges(engine, first_query_value(request, "PayPlanNum"))
    formats = query_formats(request)
    return json_response([payplancharge_json(c, formats) for c in charges])
