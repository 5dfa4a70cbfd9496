"""Routes under /api/v1/definitions and the Definition JSON of Open Dental's page
"API Definitions"."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from odpay.domain.records import Definition
from odpay.http.auth import EngineDep, ReadKey, WriteKey
from odpay.http.created import created as created_answer
from odpay.http.openapi import BODY_FIELD_REFUSALS, error_responses, query_parameters, request_body
from odpay.http.routing import resource_router
from odpay.http.wire.bodies import body_input, bool_text, first_values
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import json_response
from odpay.services.enum_names import def_cat_name
from odpay.services.practice.definitions import DefinitionInput, create_definition, list_definitions
from odpay.services.refusals import CREATE_DEFINITION_REFUSALS

router = resource_router("definitions", "Definitions")


def definition_json(d: Definition) -> dict[str, Any]:
    return {
        "DefNum": d.DefNum,
        "ItemName": d.ItemName,
        "ItemValue": d.ItemValue,
        "Category": d.Category,
        "category": def_cat_name(d.Category),
        "isHidden": bool_text(d.IsHidden),
    }


DefinitionOut = output_model(
    "DefinitionOut",
    "The Definition JSON, in this field order.",
    {"DefNum": 8, "ItemName": "Professional Discount", "ItemValue": "-", "Category": 1,
     "category": "AdjTypes", "isHidden": "false"},
)  # fmt: skip
DefinitionIn = body_model(
    "DefinitionIn",
    DefinitionInput,
    "POST /definitions: ItemName and category (a DefCat name) required; an AdjTypes "
    'definition needs ItemValue "+" or "-". A Category number is ignored.',
    ("ItemName", "category"),
    {"ItemName": "Interest Payment", "category": "PaymentTypes"},
    {"ItemName": "Cash Discount", "ItemValue": "-", "category": "AdjTypes", "isHidden": "false"},
)


@router.get(
    "",
    summary="List definitions",
    responses={
        200: {"model": array_of(DefinitionOut), "description": "By Category, ItemOrder."},
        **error_responses(),
    },
    openapi_extra=query_parameters(
        ("Category", "Only this category (a number, e.g. 1 for AdjTypes)."),
        ("includeHidden", '"true" also lists hidden definitions.'),
        "Limit",
        "Offset",
    ),
)
def get_definitions(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    return json_response(
        [definition_json(d) for d in list_definitions(engine, first_values(request))]
    )


@router.post(
    "",
    status_code=201,
    summary="Create a definition",
    responses={
        201: {"model": DefinitionOut, "description": "The definition as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            (400, INCLUDE_JSON), (400, INVALID_JSON), *CREATE_DEFINITION_REFUSALS,
        ),
    },
    openapi_extra=request_body(DefinitionIn),
)  # fmt: skip
def post_definition(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """A new definition at the end of its category's list."""
    definition = create_definition(engine, body_input(DefinitionInput, body), key)
    return created_answer(request, definition_json(definition), "definitions", definition.DefNum)
