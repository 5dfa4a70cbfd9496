"""Clinics GET (Open Dental's page "API Clinics")."""

from sqlalchemy import Engine

from odpay.services.practice.clinics import list_clinics
from tests.factories import add


def test_a_practice_without_clinics_lists_none(fresh_db: Engine) -> None:
    assert list_clinics(fresh_db, {}) == []


def test_hidden_clinics_are_left_out_and_the_rest_paged(fresh_db: Engine) -> None:
    first = add(fresh_db, "clinic", Abbr="Clinic1", Description="Clinic1")
    add(fresh_db, "clinic", Abbr="Gone", IsHidden=1)
    third = add(fresh_db, "clinic", Abbr="Clinic3")
    assert [(c.ClinicNum, c.Abbr) for c in list_clinics(fresh_db, {})] == [
        (first, "Clinic1"),
        (third, "Clinic3"),
    ]
    assert [c.ClinicNum for c in list_clinics(fresh_db, {"Offset": "1"})] == [third]
