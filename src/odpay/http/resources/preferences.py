"""Routes under /api/v1/preferences (Open Dental's page "API Preferences")."""

from fastapi import Request
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey
from odpay.http.openapi import error_responses, query_parameters
from odpay.http.routing import resource_router
from odpay.http.wire.bodies import first_values
from odpay.http.wire.doc_models import array_of, output_model
from odpay.http.wire.payments import json_response
from odpay.services.practice.preferences import list_preferences

router = resource_router("preferences", "Preferences")
PreferenceOut = output_model(
    "PreferenceOut",
    "The Preference JSON, in this field order.",
    {"PrefNum": 15, "PrefName": "RecallDaysPast", "ValueString": "365"},
)


@router.get(
    "",
    summary="List preferences",
    responses={
        200: {"model": array_of(PreferenceOut), "description": "By PrefNum."},
        **error_responses(),
    },
    openapi_extra=query_parameters(
        ("PrefName", "Only the preference with exactly this name."),
        "Limit",
        "Offset",
    ),
)
def get_preferences(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    rows = list_preferences(engine, first_values(request))
    return json_response(
        [{"PrefNum": p.PrefNum, "PrefName": p.PrefName, "ValueString": p.ValueString} for p in rows]
    )
