"""Routes under /api/v1/patients and the Patient JSON of Open Dental's page "API Patients".

GET single, POST and PUT answer the full object; GET (multiple) the Patient Select columns.
`siteDesc` is always "" (odpay holds no sites).
"""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.enums import YN, ContactMethod, PatientGender, PatientPosition, PatientStatus
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
from odpay.services.account.patient_writes import PatientInput, create_patient, update_patient
from odpay.services.account.patients import PatientView, get_patient, list_patients
from odpay.services.enum_names import name_of
from odpay.services.refusals import (
    DUPLICATE_PATIENT,
    LIST_PATIENTS_REFUSALS,
    PATIENT,
    PATIENT_DELETED,
    PATIENT_FIELD_REFUSALS,
    PATIENT_NOT_FOUND,
    PATIENT_WRITE_REFUSALS,
    UPDATE_PATIENT_REFUSALS,
)

router = resource_router("patients", "Patients")
PatNumPath = Annotated[
    int, Path(description="The patient's PatNum.", openapi_examples=demo_example(16))
]


def patient_json(view: PatientView, formats: DateFormats) -> dict[str, Any]:
    p = view.patient
    return {
        "PatNum": p.PatNum,
        "LName": p.LName,
        "FName": p.FName,
        "MiddleI": p.MiddleI,
        "Preferred": p.Preferred,
        "PatStatus": name_of(PatientStatus, p.PatStatus),
        "Gender": name_of(PatientGender, p.Gender),
        "Position": name_of(PatientPosition, p.Position),
        "Birthdate": formats.of_date(p.Birthdate),
        "SSN": p.SSN,
        "Address": p.Address,
        "Address2": p.Address2,
        "City": p.City,
        "State": p.State,
        "Zip": p.Zip,
        "HmPhone": p.HmPhone,
        "WkPhone": p.WkPhone,
        "WirelessPhone": p.WirelessPhone,
        "Guarantor": p.family_guarantor,
        "Email": p.Email,
        "EstBalance": number(p.EstBalance),
        "PriProv": p.PriProv,
        "priProvAbbr": view.pri_prov_abbr,
        "SecProv": p.SecProv,
        "secProvAbbr": view.sec_prov_abbr,
        "FeeSched": p.FeeSched,
        "BillingType": view.billing_type_name,
        "ImageFolder": p.ImageFolder,
        "FamFinUrgNote": p.FamFinUrgNote,
        "ChartNumber": p.ChartNumber,
        "MedicaidID": p.MedicaidID,
        "BalTotal": number(p.BalTotal),
        "EmployerNum": p.EmployerNum,
        "DateFirstVisit": formats.of_date(p.DateFirstVisit),
        "ClinicNum": p.ClinicNum,
        "clinicAbbr": view.clinic_abbr,
        "Premed": bool_text(p.Premed),
        "Ward": p.Ward,
        "PreferConfirmMethod": name_of(ContactMethod, p.PreferConfirmMethod),
        "PreferContactMethod": name_of(ContactMethod, p.PreferContactMethod),
        "PreferRecallMethod": name_of(ContactMethod, p.PreferRecallMethod),
        "Language": p.Language,
        "AdmitDate": formats.of_date(p.AdmitDate),
        "siteDesc": "",
        "DateTStamp": formats.of_date_time(p.DateTStamp),
        "SuperFamily": p.SuperFamily,
        "TxtMsgOk": name_of(YN, p.TxtMsgOk),
        "SecDateEntry": formats.of_date(p.SecDateEntry),
    }


_LIST_FIELDS = (
    "PatNum", "LName", "FName", "MiddleI", "Preferred", "PatStatus", "Birthdate", "SSN",
    "Address", "Address2", "City", "State", "Zip", "HmPhone", "WkPhone", "WirelessPhone",
    "Email", "priProvAbbr", "secProvAbbr", "BillingType", "ChartNumber", "ClinicNum",
    "clinicAbbr", "siteDesc", "TxtMsgOk",
)  # fmt: skip


def patient_list_json(view: PatientView, formats: DateFormats) -> dict[str, Any]:
    """The Patient Select columns of Patients GET (multiple)."""
    full = patient_json(view, formats)
    return {name: full[name] for name in _LIST_FIELDS}


_EXAMPLE = {
    "PatNum": 48, "LName": "Smith", "FName": "Jane", "MiddleI": "", "Preferred": "",
    "PatStatus": "Patient", "Gender": "Female", "Position": "Single",
    "Birthdate": "1976-05-24", "SSN": "", "Address": "125 Satin Heights", "Address2": "",
    "City": "San Jose", "State": "CA", "Zip": "97301", "HmPhone": "(536)624-5871",
    "WkPhone": "(536)987-4822", "WirelessPhone": "(536)987-4822", "Guarantor": 48,
    "Email": "smithfam@yahoo.com", "EstBalance": 0.0, "PriProv": 1, "priProvAbbr": "DOC",
    "SecProv": 0, "secProvAbbr": "", "FeeSched": 0, "BillingType": "Standard Account",
    "ImageFolder": "SmithJane48", "FamFinUrgNote": "CC on file expiring soon",
    "ChartNumber": "", "MedicaidID": "", "BalTotal": 111.9, "EmployerNum": 0,
    "DateFirstVisit": "2021-12-16", "ClinicNum": 0, "clinicAbbr": "", "Premed": "false",
    "Ward": "", "PreferConfirmMethod": "None", "PreferContactMethod": "WirelessPh",
    "PreferRecallMethod": "TextMessage", "Language": "spa", "AdmitDate": "0001-01-01",
    "siteDesc": "", "DateTStamp": "2021-12-08 15:34:34", "SuperFamily": 0,
    "TxtMsgOk": "Unknown", "SecDateEntry": "2021-12-04",
}  # fmt: skip
PatientOut = output_model("PatientOut", "The Patient JSON, in this field order.", _EXAMPLE)
PatientListItem = output_model(
    "PatientListItem",
    "An item of Patients GET (multiple), in this field order.",
    {name: _EXAMPLE[name] for name in _LIST_FIELDS},
)
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {
        "LName": "Smith", "FName": "Jane", "Gender": "Female", "Position": "Single",
        "Birthdate": "1976-05-24", "Address": "125 Satin Heights", "City": "San Jose",
        "State": "CA", "Zip": "97301", "HmPhone": "(536)624-5871",
        "WkPhone": "(536)987-4822", "WirelessPhone": "", "Email": "smithfam@yahoo.com",
        "PreferConfirmMethod": "HmPhone", "Language": "spa", "TxtMsgOk": "Yes",
    },
    {"LName": "Larkspur", "FName": "Tommy", "Guarantor": 16, "Position": "Child"},
)  # fmt: skip
_PUT_EXAMPLES = (
    {"Address": "125 Satin Heights", "City": "San Jose", "State": "CA", "Zip": "97301"},
)
PatientIn = body_model(
    "PatientIn",
    PatientInput,
    "POST /patients (LName and FName required) and PUT /patients/{PatNum} (all optional). "
    "Enums by name: PatStatus, Gender, Position, Prefer…Method, TxtMsgOk; BillingType is a "
    "definition name (category 4). FeeSched, EmployerNum and SuperFamily cannot change.",
    ("LName", "FName"),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)  # fmt: skip
_WRITE_ERRORS = (
    *PATIENT_WRITE_REFUSALS,
    (400, INCLUDE_JSON),
    (400, INVALID_JSON),
    *PATIENT_FIELD_REFUSALS,
)


@router.get(
    "",
    summary="List patients",
    responses={
        200: {"model": array_of(PatientListItem), "description": "By LName, FName, PatNum."},
        **error_responses(*LIST_PATIENTS_REFUSALS),
    },
    openapi_extra=query_parameters(
        ("LName", "Any part of the last name, any letter case."),
        ("FName", "Any part of the first name."),
        ("Phone", "Digits found in a home, work or wireless phone."),
        ("Address", "Any part of the address."),
        ("City", "Any part of the city."),
        ("State", "Any part of the state."),
        ("SSN", "Any part of the SSN."),
        ("ChartNumber", "Any part of the chart number."),
        ("Email", "Any part of the email address."),
        ("Country", "Any part of the country."),
        ("Birthdate", "yyyy-MM-dd."),
        ("SiteNum", "Only this site."),
        ("clinicNums", "Comma-separated ClinicNums."),
        ("clinicAbbr", "Any part of the clinic's abbreviation."),
        ("hideInactive", '"true" leaves out Inactive patients.'),
        ("guarOnly", '"true" lists guarantors only.'),
        ("showArchived", '"true" includes Archived and Deceased patients.'),
        "Limit",
        "Offset",
    ),
)
def get_patients(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """Patients matching every filter given, as Open Dental's Patient Select finds them.
    Deleted patients are never listed."""
    formats = query_formats(request)
    views = list_patients(engine, first_values(request))
    return json_response([patient_list_json(v, formats) for v in views])


@router.get(
    "/{PatNum:id}",
    summary="Get a patient",
    responses={
        200: {"model": PatientOut, "description": "The patient."},
        **error_responses(PATIENT_NOT_FOUND),
    },
)
def get_one_patient(
    request: Request, _key: ReadKey, engine: EngineDep, PatNum: PatNumPath
) -> Response:
    """One patient, whatever its status."""
    return json_response(patient_json(get_patient(engine, PatNum), query_formats(request)))


@router.post(
    "",
    status_code=201,
    summary="Create a patient",
    responses={
        201: {"model": PatientOut, "description": "The patient as stored."},
        **error_responses(*BODY_FIELD_REFUSALS, *_WRITE_ERRORS),
    },
    openapi_extra=request_body(PatientIn, *_POST_EXAMPLES),
)
def post_patient(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """A new patient: the head of a new family, or a member of the family whose head is
    `Guarantor`."""
    view = create_patient(engine, body_input(PatientInput, body), key)
    return created(request, patient_json(view, DEFAULT_FORMATS), "patients", view.patient.PatNum)


@router.put(
    "/{PatNum:id}",
    summary="Update a patient",
    responses={
        200: {"model": PatientOut, "description": "The patient as stored."},
        **error_responses(
            *BODY_FIELD_REFUSALS,
            PATIENT.id_required,
            PATIENT_DELETED,
            *UPDATE_PATIENT_REFUSALS,
            # All of the writes' refusals but the duplicate check, which only POST makes.
            *(refusal for refusal in _WRITE_ERRORS if refusal is not DUPLICATE_PATIENT),
            PATIENT_NOT_FOUND,
        ),
    },
    openapi_extra=request_body(PatientIn, *_PUT_EXAMPLES),
)
def put_patient(key: WriteKey, engine: EngineDep, body: JsonBody, PatNum: PatNumPath) -> Response:
    """Changes the fields given; "" clears a text field (not LName or FName)."""
    view = update_patient(engine, update_input(PatientInput, body, pat_num=PatNum), key)
    return json_response(patient_json(view, DEFAULT_FORMATS))


@router.put("", include_in_schema=False)
def put_patient_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    view = update_patient(engine, update_input(PatientInput, body, pat_num=None), key)
    return json_response(patient_json(view, DEFAULT_FORMATS))
