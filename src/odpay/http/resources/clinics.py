"""Routes under /api/v1/clinics and the Clinic JSON of Open Dental's page "API Clinics"."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey
from odpay.http.openapi import error_responses, query_parameters
from odpay.http.routing import resource_router
from odpay.http.wire.bodies import bool_text, first_values
from odpay.http.wire.doc_models import array_of, output_model
from odpay.http.wire.payments import json_response
from odpay.services.practice.clinics import ClinicRow, list_clinics

router = resource_router("clinics", "Clinics")
_TEXT = (
    "Description", "Address", "Address2", "City", "State", "Zip", "BillingAddress",
    "BillingAddress2", "BillingCity", "BillingState", "BillingZip", "PayToAddress",
    "PayToAddress2", "PayToCity", "PayToState", "PayToZip", "Phone", "Abbr",
)  # fmt: skip


def clinic_json(c: ClinicRow) -> dict[str, Any]:
    return {
        "ClinicNum": c.ClinicNum,
        **{name: getattr(c, name) for name in _TEXT},
        "IsHidden": bool_text(c.IsHidden),
    }


ClinicOut = output_model(
    "ClinicOut",
    "The Clinic JSON, in this field order.",
    {"ClinicNum": 1, "Description": "Clinic1", "Address": "333 Blackwood St", "Address2": "",
     "City": "Salem", "State": "Oregon", "Zip": "97301", "BillingAddress": "333 Blackwood St",
     "BillingAddress2": "", "BillingCity": "Salem", "BillingState": "Oregon",
     "BillingZip": "97301", "PayToAddress": "", "PayToAddress2": "", "PayToCity": "",
     "PayToState": "", "PayToZip": "", "Phone": "5105552005", "Abbr": "Clinic1",
     "IsHidden": "false"},
)  # fmt: skip


@router.get(
    "",
    summary="List clinics",
    responses={
        200: {"model": array_of(ClinicOut), "description": "Clinics not hidden, by ClinicNum."},
        **error_responses(),
    },
    openapi_extra=query_parameters("Limit", "Offset"),
)
def get_clinics(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """Every clinic that is not hidden; [] when the office does not use clinics."""
    return json_response([clinic_json(c) for c in list_clinics(engine, first_values(request))])
