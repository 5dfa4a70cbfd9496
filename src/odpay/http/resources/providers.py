"""Routes under /api/v1/providers and the Provider JSON of Open Dental's page "API Providers".
GETs carry serverDateTime (now; "" when filtered by ClinicNum); POST and PUT carry ""."""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.enums import ProviderStatus
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
from odpay.http.wire.bodies import body_input, bool_text, first_values, update_input
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import DEFAULT_FORMATS, DateFormats, json_response, query_formats
from odpay.services.enum_names import name_of
from odpay.services.practice.providers import (
    ProviderInput,
    ProviderRow,
    create_provider,
    get_provider,
    list_providers,
    update_provider,
)
from odpay.services.refusals import (
    ABBR_BLANK,
    ABBR_REQUIRED,
    LIST_PROVIDERS_REFUSALS,
    NOT_PERSON_NAMED,
    PROVIDER,
    PROVIDER_FIELD_REFUSALS,
)

router = resource_router("providers", "Providers")
ProvNumPath = Annotated[
    int, Path(description="The provider's ProvNum.", openapi_examples=demo_example(2))
]


def prov_color(argb: int) -> str:
    """provider.ProvColor, a .NET ARGB integer, as Open Dental writes it: "R,G,B"."""
    value = argb & 0xFFFFFFFF
    return f"{(value >> 16) & 255},{(value >> 8) & 255},{value & 255}"


def provider_json(p: ProviderRow, formats: DateFormats, server_date_time: str) -> dict[str, Any]:
    return {
        "ProvNum": p.ProvNum,
        "Abbr": p.Abbr,
        "LName": p.LName,
        "FName": p.FName,
        "MI": p.MI,
        "Suffix": p.Suffix,
        "FeeSched": p.FeeSched,
        "Specialty": p.Specialty,
        "SSN": p.SSN,
        "StateLicense": p.StateLicense,
        "IsSecondary": bool_text(p.IsSecondary),
        "provColor": prov_color(p.ProvColor),
        "IsHidden": bool_text(p.IsHidden),
        "UsingTIN": bool_text(p.UsingTIN),
        "SigOnFile": bool_text(p.SigOnFile),
        "NationalProvID": p.NationalProvID,
        "DateTStamp": formats.of_date_time(p.DateTStamp),
        "IsNotPerson": bool_text(p.IsNotPerson),
        "ProvStatus": name_of(ProviderStatus, p.ProvStatus),
        "IsHiddenReport": bool_text(p.IsHiddenReport),
        "Birthdate": formats.of_date(p.Birthdate),
        "SchedNote": p.SchedNote,
        "PreferredName": p.PreferredName,
        "serverDateTime": server_date_time,
    }


def _answer(p: ProviderRow, status_code: int) -> Response:
    return json_response(provider_json(p, DEFAULT_FORMATS, ""), status_code)


ProviderOut = output_model(
    "ProviderOut",
    "The Provider JSON, in this field order.",
    {"ProvNum": 4, "Abbr": "HYG2", "LName": "Bently", "FName": "Bruce", "MI": "", "Suffix": "",
     "FeeSched": 53, "Specialty": 265, "SSN": "", "StateLicense": "", "IsSecondary": "true",
     "provColor": "164,164,255", "IsHidden": "false", "UsingTIN": "false",
     "SigOnFile": "false", "NationalProvID": "", "DateTStamp": "2016-03-03 13:10:47",
     "IsNotPerson": "false", "ProvStatus": "Active", "IsHiddenReport": "false",
     "Birthdate": "0001-01-01", "SchedNote": "", "PreferredName": "",
     "serverDateTime": "2021-01-16 12:55:39"},
)  # fmt: skip
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {"Abbr": "DOCE", "LName": "Fisher", "FName": "Ethan", "Suffix": "DDS", "SSN": "123859778",
     "IsHiddenReport": "true", "Birthdate": "1987-07-17", "SchedNote": "Root canals only.",
     "PreferredName": "Doc E."},
    {"Abbr": "DOC1", "PreferredName": "Phil", "UsingTIN": "false"},
)  # fmt: skip
_PUT_EXAMPLES = ({"PreferredName": "Phil", "UsingTIN": "false"},)
ProviderIn = body_model(
    "ProviderIn",
    ProviderInput,
    "POST /providers (Abbr required) and PUT /providers/{ProvNum} (Abbr, FName, LName, MI, "
    "Suffix, PreferredName, Specialty, SigOnFile, NationalProvId, StateLicense, SSN, UsingTIN). "
    "Booleans as \"true\"/\"false\". FeeSched other than 0 is refused (no fee schedules).",
    ("Abbr",),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)  # fmt: skip


@router.get(
    "",
    summary="List providers",
    responses={
        200: {"model": array_of(ProviderOut), "description": "By ProvNum."},
        **error_responses(*LIST_PROVIDERS_REFUSALS),
    },
    openapi_extra=query_parameters(
        ("ClinicNum", "Visible providers a clinic may use (all of them: odpay holds no "
                      "provider-clinic restrictions); serverDateTime is then \"\"."),
        "DateTStamp",
        "Limit",
        "Offset",
    ),
)  # fmt: skip
def get_providers(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    formats = query_formats(request)
    rows, now = list_providers(engine, first_values(request))
    server = "" if now is None else formats.of_date_time(now)
    return json_response([provider_json(p, formats, server) for p in rows])


@router.get(
    "/{ProvNum:id}",
    summary="Get a provider",
    responses={
        200: {"model": ProviderOut, "description": "The provider."},
        **error_responses(PROVIDER.not_found),
    },
)
def get_one_provider(
    request: Request, _key: ReadKey, engine: EngineDep, ProvNum: ProvNumPath
) -> Response:
    formats = query_formats(request)
    row, now = get_provider(engine, ProvNum)
    return json_response(provider_json(row, formats, formats.of_date_time(now)))


@router.post(
    "",
    status_code=201,
    summary="Create a provider",
    responses={
        201: {"model": ProviderOut, "description": "The provider as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            (400, INCLUDE_JSON), (400, INVALID_JSON), ABBR_REQUIRED, *PROVIDER_FIELD_REFUSALS,
            NOT_PERSON_NAMED,
        ),
    },
    openapi_extra=request_body(ProviderIn, *_POST_EXAMPLES),
)  # fmt: skip
def post_provider(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """A new provider at the end of the provider list."""
    row = create_provider(engine, body_input(ProviderInput, body), key)
    return created(request, provider_json(row, DEFAULT_FORMATS, ""), "providers", row.ProvNum)


@router.put(
    "/{ProvNum:id}",
    summary="Update a provider",
    responses={
        200: {"model": ProviderOut, "description": "The provider as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            PROVIDER.id_required, ABBR_BLANK, *PROVIDER_FIELD_REFUSALS,
            PROVIDER.not_found,
        ),
    },
    openapi_extra=request_body(ProviderIn, *_PUT_EXAMPLES),
)  # fmt: skip
def put_provider(
    key: WriteKey, engine: EngineDep, body: JsonBody, ProvNum: ProvNumPath
) -> Response:
    """Changes the fields Open Dental's PUT lists; other body fields are ignored."""
    return _answer(
        update_provider(engine, update_input(ProviderInput, body, prov_num=ProvNum), key), 200
    )


@router.put("", include_in_schema=False)
def put_provider_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    return _answer(
        update_provider(engine, update_input(ProviderInput, body, prov_num=None), key), 200
    )
