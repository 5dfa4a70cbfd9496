"""Routes under /api/v1/accountmodules: parse, call the use case, answer.

Spec: Open Dental's API AccountModules page (GET Aging, PatientBalances, ServiceDateView).
Aging's amounts are JSON numbers with a point (276.28, 49.0); PatientBalances writes a whole
balance without one (68, 0); ServiceDateView writes every value as text, money with two decimals.
"""

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.money import to_double
from odpay.http.auth import EngineDep, ReadKey
from odpay.http.openapi import demo_example, error_responses, query_parameters
from odpay.http.routing import resource_router
from odpay.http.wire.payments import first_query_value, json_response
from odpay.services.account.account_modules import (
    ServiceDateLine,
    aging,
    patient_balances,
    service_date_view,
)
from odpay.services.refusals import PATIENT_DELETED, PATIENT_NOT_FOUND

router = resource_router("accountmodules", "AccountModules")
PatNumPath = Annotated[
    int, Path(description="A patient of the family.", openapi_examples=demo_example(16))
]
_ERRORS = error_responses(PATIENT_DELETED, PATIENT_NOT_FOUND)


@router.get("/{PatNum:id}/Aging", summary="A family's aging", responses=_ERRORS)
def get_aging(_key: ReadKey, engine: EngineDep, PatNum: PatNumPath) -> Response:
    """Aged balance of the whole family, its pending insurance, the patient's own balance and
    the family's unearned money."""
    view = aging(engine, PatNum)
    a = view.aging
    return json_response(
        {
            "Bal_0_30": to_double(a.Bal_0_30),
            "Bal_31_60": to_double(a.Bal_31_60),
            "Bal_61_90": to_double(a.Bal_61_90),
            "BalOver90": to_double(a.BalOver90),
            "Total": to_double(a.Total),
            "InsEst": to_double(view.InsEst),
            "EstBal": to_double(view.EstBal),
            "PatEstBal": to_double(view.PatEstBal),
            "Unearned": to_double(view.Unearned),
        }
    )


def _whole_or_double(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else to_double(amount)


@router.get(
    "/{PatNum:id}/PatientBalances", summary="Each family member's balance", responses=_ERRORS
)
def get_patient_balances(_key: ReadKey, engine: EngineDep, PatNum: PatNumPath) -> Response:
    """Each member's balance after pending insurance, then the entire family's."""
    return json_response(
        [
            {"PatNum": b.PatNum, "Name": b.Name, "Balance": _whole_or_double(b.Balance)}
            for b in patient_balances(engine, PatNum)
        ]
    )


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _line(line: ServiceDateLine) -> dict[str, Any]:
    r = line.row
    return {
        "ObjectType": r.ObjectType,
        "PrimaryKey": "" if r.PrimaryKey is None else str(r.PrimaryKey),
        "Type": r.Type,
        "ServiceDate": "" if r.ServiceDate is None else f"{r.ServiceDate:%Y-%m-%d}",
        "TransDate": "" if r.TransDate is None else f"{r.TransDate:%Y-%m-%d}",
        "Patient": line.patient_name,
        "PatNum": "" if r.PatNum is None else str(r.PatNum),
        "Reference": r.Reference,
        "Charge": _money(r.Charge),
        "Credit": _money(r.Credit),
        "Provider": line.provider_abbr,
        "InsBal": _money(r.InsBal),
        "AcctBal": _money(r.AcctBal),
    }


@router.get(
    "/{PatNum:id}/ServiceDateView",
    summary="Charges and credits by date of service",
    responses=_ERRORS,
    openapi_extra=query_parameters(("isFamily", '"true": the whole family; default "false".')),
)
def get_service_date_view(
    request: Request, _key: ReadKey, engine: EngineDep, PatNum: PatNumPath
) -> Response:
    """Each procedure with what is attached to it, the other rows of its date, a total per
    date and an overall total."""
    lines = service_date_view(engine, PatNum, first_query_value(request, "isFamily"))
    return json_response([_line(line) for line in lines])
