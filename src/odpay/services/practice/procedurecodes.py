"""ProcedureCodes GET (single and multiple), and the enums the ProcedureCode JSON names.

Open Dental's page "API ProcedureCodes". Codes are practice setup: no family, no lock, no
security log. `ProcedureCode not found.` is odpay wording; the DateTStamp text is Open Dental's.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from odpay.db.practice.cache import definition_names
from odpay.db.practice.procedurecodes import PROC_CODE_CATS as PROC_CODE_CATS  # the writes check it
from odpay.db.practice.procedurecodes import (
    ProcedureCodeRow as ProcedureCodeRow,
)  # the routes write it
from odpay.db.practice.procedurecodes import get_procedure_code_row, list_procedure_code_rows
from odpay.services.field_readers import read_date_time_query
from odpay.services.query_params import page_of
from odpay.services.refusals import PROCEDURE_CODE
from odpay.services.transaction import read_transaction


@dataclass(frozen=True, slots=True)
class ProcedureCodeView:
    code: ProcedureCodeRow
    proc_cat_name: str  # ItemName of the ProcCodeCats definition, "" when 0 or missing


def code_views(conn: Connection, rows: list[ProcedureCodeRow]) -> list[ProcedureCodeView]:
    names = definition_names(conn, PROC_CODE_CATS) if rows else {}
    return [ProcedureCodeView(r, names.get(r.ProcCat, "")) for r in rows]


def stored_code(conn: Connection, code_num: int) -> ProcedureCodeView:
    return code_views(conn, [PROCEDURE_CODE.found(get_procedure_code_row(conn, code_num))])[0]


def get_procedure_code(engine: Engine, code_num: int) -> ProcedureCodeView:
    """GET /procedurecodes/{CodeNum}."""
    return read_transaction(engine, lambda conn: stored_code(conn, code_num))


def list_procedure_codes(engine: Engine, query: dict[str, str]) -> list[ProcedureCodeView]:
    """GET /procedurecodes[?DateTStamp=yyyy-MM-dd HH:mm:ss]: by CodeNum, one page."""
    changed_since = None
    if query.get("DateTStamp", "") != "":
        changed_since = read_date_time_query(query["DateTStamp"])
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[ProcedureCodeView]:
        rows = list_procedure_code_rows(conn, changed_since, page.limit, page.offset)
        return code_views(conn, rows)

    return read_transaction(engine, work)
