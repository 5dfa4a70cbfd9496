"""Clinics GET: every clinic that is not hidden (Open Dental's "API Clinics"); an empty list
means the office does not use clinics."""

from sqlalchemy import Connection, Engine

from odpay.db.practice.clinics import ClinicRow as ClinicRow  # the record the route writes
from odpay.db.practice.clinics import visible_clinic_rows
from odpay.services.query_params import page_of
from odpay.services.transaction import read_transaction


def list_clinics(engine: Engine, query: dict[str, str]) -> list[ClinicRow]:
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[ClinicRow]:
        return visible_clinic_rows(conn, page.limit, page.offset)

    return read_transaction(engine, work)
