"""A procedure's insurance estimates kept computed: after an estimate's terms change (ClaimProcs
PUT, odpay's POST) and after its procedure changes (ProcedureLogs PUT).

Spec: odpay's rule in domain/estimates.py; the fee is allocation.md §2.1's fee total.
"""

from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from odpay.db.ledger.claimprocs import ClaimProcRow, estimates_of, update_claimproc
from odpay.db.ledger.procedurelogs import get_code, get_procedure_row
from odpay.domain.estimates import EstimateTerms, estimate
from odpay.domain.insurance import fee_total
from odpay.domain.money import ZERO
from odpay.services.clock import office_now


def recomputed(
    conn: Connection, proc_num: int, stored: ClaimProcRow | None, values: dict[str, Any]
) -> dict[str, Any]:
    """BaseEst, InsEstTotal and InsPayEst from the row's terms and the procedure's fee."""
    proc = get_procedure_row(conn, proc_num)
    fee = fee_total(proc) if proc else ZERO
    blank = EstimateTerms()
    terms = {
        f.name: values.get(f.name, getattr(stored or blank, f.name)) for f in fields(EstimateTerms)
    }
    result = estimate(fee, EstimateTerms(**terms))
    return {
        "BaseEst": result.BaseEst,
        "InsEstTotal": result.InsEstTotal,
        "InsPayEst": result.InsPayEst,
    }


def refresh_estimates(conn: Connection, proc_num: int) -> None:
    """After a procedure changes: its estimates follow its fee, date, provider, clinic, code."""
    proc = get_procedure_row(conn, proc_num)
    if proc is None:
        return
    code = get_code(conn, proc.CodeNum)
    now: datetime | None = None
    for row in estimates_of(conn, proc_num):
        wanted = {
            "ProcDate": proc.ProcDate,
            "ProvNum": proc.ProvNum,
            "ClinicNum": proc.ClinicNum,
            "CodeSent": code.ProcCode if code else row.CodeSent,
            **recomputed(conn, proc_num, row, {}),
        }
        changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if changed:
            now = now or office_now()
            update_claimproc(conn, row.ClaimProcNum, {**changed, "SecDateTEdit": now})
