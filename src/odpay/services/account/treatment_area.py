"""ToothNum, Surf and ToothRange checked against the treatment area of a procedure code.

Open Dental's page "API ProcedureLogs": ToothNum is required by codes with a Surf or Tooth
treatment area; Surf by Surf, Quad, Sextant and Arch codes; ToothRange by ToothRange codes, and
it is allowed on Quad and Arch codes whose AreaAlsoToothRange is set. On PUT an empty string
leaves the stored value. Messages are odpay wording.
"""

from collections.abc import Callable
from typing import Any

from odpay.db.ledger.procedurelogs import ProcCodeRow, ProcedureRow
from odpay.domain.enums import TreatmentArea
from odpay.domain.teeth import ARCHES, QUADRANTS, SEXTANTS, is_surfaces, is_tooth, tooth_range
from odpay.services.refusals import AREA_NOT_ALLOWED, AREA_REQUIRED, TREATMENT_AREA_INVALID

_SURF_CHECKS: dict[int, Callable[[str], bool]] = {
    TreatmentArea.Surf: is_surfaces,
    TreatmentArea.Quad: QUADRANTS.__contains__,
    TreatmentArea.Sextant: SEXTANTS.__contains__,
    TreatmentArea.Arch: ARCHES.__contains__,
}


# Where each field is required (and allowed); AreaAlsoToothRange adds Quad and Arch ranges.
_REQUIRED: dict[str, frozenset[int]] = {
    "ToothNum": frozenset({TreatmentArea.Surf, TreatmentArea.Tooth}),
    "Surf": frozenset(_SURF_CHECKS),
    "ToothRange": frozenset({TreatmentArea.ToothRange}),
}


def _allowed(field: str, code: ProcCodeRow) -> frozenset[int]:
    if field == "ToothRange" and code.AreaAlsoToothRange:
        return _REQUIRED[field] | {TreatmentArea.Quad, TreatmentArea.Arch}
    return _REQUIRED[field]


def tooth_values(
    ToothNum: str | None,
    Surf: str | None,
    ToothRange: str | None,
    code: ProcCodeRow | None,
    stored: ProcedureRow | None,
) -> dict[str, Any]:
    """The tooth columns to write. POST (`stored` None) also requires what the area needs."""
    given = {"ToothNum": ToothNum, "Surf": Surf, "ToothRange": ToothRange}
    values: dict[str, Any] = {}
    if code is None:  # a stored procedure whose code is gone: nothing to check against
        return {k: v.strip() for k, v in given.items() if v}
    for field, value in given.items():
        text = (value or "").strip()
        if not text:
            if stored is None and code.TreatArea in _REQUIRED[field]:
                raise AREA_REQUIRED.error(field=field)
            continue
        if code.TreatArea not in _allowed(field, code):
            raise AREA_NOT_ALLOWED.error(field=field)
        if field == "ToothNum" and not is_tooth(text):
            raise TREATMENT_AREA_INVALID[field].error()
        if field == "Surf":
            check = _SURF_CHECKS[code.TreatArea]
            text = text.upper() if code.TreatArea == TreatmentArea.Surf else text
            if not check(text):
                raise TREATMENT_AREA_INVALID[field].error()
        if field == "ToothRange":
            expanded = tooth_range(text)
            if expanded is None:
                raise TREATMENT_AREA_INVALID[field].error()
            text = expanded
        values[field] = text
    return values
