"""The resources the API serves: name -> router of the routes under /api/v1/{name}.

A new resource adds one line here. A request naming a resource not listed is 404
`{resource} is not a valid resource.`; one naming a listed resource with a route it lacks is
400 `… is not a valid method.` (wire-format.md §1).
"""

from fastapi import APIRouter

from odpay.http.resources import (
    accountmodules,
    adjustments,
    claimprocs,
    clinics,
    definitions,
    patients,
    payments,
    payplancharges,
    payplans,
    paysplits,
    preferences,
    procedurecodes,
    procedurelogs,
    providers,
)

RESOURCE_ROUTERS: dict[str, APIRouter] = {
    "payments": payments.router,
    "paysplits": paysplits.router,
    "payplans": payplans.router,
    "payplancharges": payplancharges.router,
    "accountmodules": accountmodules.router,
    "patients": patients.router,
    "procedurelogs": procedurelogs.router,
    "procedurecodes": procedurecodes.router,
    "adjustments": adjustments.router,
    "claimprocs": claimprocs.router,
    "definitions": definitions.router,
    "preferences": preferences.router,
    "providers": providers.router,
    "clinics": clinics.router,
}
