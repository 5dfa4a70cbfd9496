"""The one way a use case refuses a patient it cannot use: not named, missing, or deleted.

Open Dental's texts (declared in services/refusals.py): `PatNum is required.` (400), `Patient
not found.` (404) and `Patient has been deleted.` (400). Each use case says which checks it
makes, in its spec's order.
"""

from typing import Protocol, TypeVar

from odpay.domain.enums import PatientStatus
from odpay.services.refusals import PATIENT_DELETED, PATIENT_NOT_FOUND, PATNUM_REQUIRED


class _HasStatus(Protocol):
    @property
    def PatStatus(self) -> int: ...


P = TypeVar("P", bound=_HasStatus)
T = TypeVar("T")


def existing_patient(found: T | None) -> T:
    """`found` (the patient, or what was loaded for it: its family), or 404 `Patient not
    found.` when there is no such patient."""
    if found is None:
        raise PATIENT_NOT_FOUND.error()
    return found


def usable_patient(found: P | None) -> P:
    """`found`, or 404 when there is no such patient, or 400 when it has been deleted."""
    patient = existing_patient(found)
    refuse_deleted(patient)
    return patient


def refuse_deleted(found: _HasStatus | None) -> None:
    """400 `Patient has been deleted.` when `found` is deleted (a row gone is not refused)."""
    if found is not None and found.PatStatus == PatientStatus.Deleted:
        raise PATIENT_DELETED.error()


def required_pat_num(pat_num: int | None) -> int:
    """The PatNum a request names; 400 `PatNum is required.` when it is missing, 0 or less."""
    if pat_num is None or pat_num <= 0:
        raise PATNUM_REQUIRED.error()
    return pat_num
