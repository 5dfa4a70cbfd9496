"""PUT /paysplits/{SplitNum}: move a split to another provider or clinic; nothing is re-split.

Spec: payments.md §8 (D21, D22) and §1.3 (the security-log row).
"""

from sqlalchemy import Connection, Engine

from odpay.db.ledger.adjustments import get_adjustment_row
from odpay.db.ledger.payments import get_paysplit
from odpay.db.ledger.payments import update_paysplit as update_paysplit_row
from odpay.db.ledger.procedurelogs import get_procedure_row
from odpay.db.locks import lock_family, lock_payment
from odpay.db.practice.cache import clinic_abbr, get_patient, load_prefs, provider_exists
from odpay.domain.records import Patient, PaySplit
from odpay.services.clock import office_now
from odpay.services.errors import refuse_unread_body
from odpay.services.inputs import PaySplitUpdate
from odpay.services.keys import Key
from odpay.services.refusals import (
    CLINIC_NUM_ATTACHED,
    CLINIC_NUM_INVALID,
    PAYSPLIT,
    PROV_NUM_ATTACHED,
    PROV_NUM_INVALID,
    UNEARNED_PROV_NUM,
)
from odpay.services.security_log import log_payment_edited
from odpay.services.transaction import family_transaction
from odpay.services.views import PaySplitView, paysplit_views


def update_paysplit(engine: Engine, request: PaySplitUpdate, key: Key) -> PaySplitView:
    # Step 1. An ID too long for 64 bits reaches here as one that matches no row.
    split_num = PAYSPLIT.required_id(request.split_num)

    def work(conn: Connection) -> PaySplitView:
        stored = PAYSPLIT.found(_lock_split(conn, split_num))  # step 2
        refuse_unread_body(request.body_error)  # step 3
        prov_num = _prov_num(conn, stored, request.ProvNum)
        clinic_num = _clinic_num(conn, stored, request.ClinicNum)
        _keep_attached(conn, stored, prov_num, clinic_num)
        wanted = {"ProvNum": prov_num, "ClinicNum": clinic_num}
        values = {field: v for field, v in wanted.items() if v != getattr(stored, field)}
        if values:  # step 6: write and log only what changed (D21)
            now = office_now()
            update_paysplit_row(conn, split_num, **values, SecDateTEdit=now)
            changes = [(f, str(getattr(stored, f)), str(v)) for f, v in values.items()]
            patient = get_patient(conn, stored.PatNum) or Patient(stored.PatNum, stored.PatNum)
            log_payment_edited(
                conn, key, patient, stored.PayNum, changes, stored.SecDateTEdit, now, split_num
            )
        return paysplit_views(conn, [get_paysplit(conn, split_num) or stored])[0]

    return family_transaction(engine, work)


def _lock_split(conn: Connection, split_num: int) -> PaySplit | None:
    """The split as read under the family lock of its payment's patient (payments.md §1.4)."""
    found = get_paysplit(conn, split_num)
    if found is None:
        return None
    if lock_payment(conn, found.PayNum) is None:
        lock_family(conn, found.PatNum)  # a split whose payment row is gone
    return get_paysplit(conn, split_num)


def _prov_num(conn: Connection, stored: PaySplit, value: int | None) -> int:
    """Step 4: provider 0 only for unearned money (D22); hidden providers are accepted."""
    if value is None:
        return stored.ProvNum
    unearned = stored.UnearnedType > 0
    if (
        value < 0
        or (value == 0 and not unearned)
        or (value > 0 and not provider_exists(conn, value))
    ):
        raise PROV_NUM_INVALID.error()
    if value != stored.ProvNum and unearned and not load_prefs(conn).AllowPrepayProvider:
        raise UNEARNED_PROV_NUM.error()
    return value


def _keep_attached(conn: Connection, stored: PaySplit, prov_num: int, clinic_num: int) -> None:
    """Step 5a (odpay rule, docs/decisions.md "Hardening: input"). A split counts against the
    charge it is attached to only while it has that charge's provider and clinic
    (allocation.md §4.3): moved elsewhere, the charge would look unpaid and a later payment
    would pay it twice. So a split attached to a procedure or adjustment may take only that
    charge's ProvNum and ClinicNum, and one attached to a plan charge alone keeps its own."""
    owner: tuple[int, int] | None = None
    if stored.ProcNum > 0:
        proc = get_procedure_row(conn, stored.ProcNum)
        owner = (proc.ProvNum, proc.ClinicNum) if proc else None
    elif stored.AdjNum > 0:
        adj = get_adjustment_row(conn, stored.AdjNum)
        owner = (adj.ProvNum, adj.ClinicNum) if adj else None
    elif stored.PayPlanChargeNum > 0:
        owner = (stored.ProvNum, stored.ClinicNum)
    if owner is None:
        return
    if prov_num != stored.ProvNum and prov_num != owner[0]:
        raise PROV_NUM_ATTACHED.error()
    if clinic_num != stored.ClinicNum and clinic_num != owner[1]:
        raise CLINIC_NUM_ATTACHED.error()


def _clinic_num(conn: Connection, stored: PaySplit, value: int | None) -> int:
    """Step 5: 0 means no clinic; hidden clinics are accepted."""
    if value is None:
        return stored.ClinicNum
    if value < 0 or (value > 0 and clinic_abbr(conn, value) is None):
        raise CLINIC_NUM_INVALID.error()
    return value
