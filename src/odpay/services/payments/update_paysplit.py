"""PUT /paysplits/{SplitNum}: move a split to another provider or clinic; nothing is re-split.

Spec: payments.md §8 (D21, D22) and §1.3 (the security-log row).
"""

from sqlalchemy import Connection, Engine

from odpay.db.ledger.payments import get_paysplit
from odpay.db.ledger.payments import update_paysplit as update_paysplit_row
from odpay.db.locks import lock_family, lock_payment
from odpay.db.practice.cache import clinic_abbr, get_patient, load_prefs, provider_exists
from odpay.domain.records import Patient, PaySplit
from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import PaySplitUpdate
from odpay.services.keys import Key
from odpay.services.security_log import log_paysplit_edited
from odpay.services.transaction import family_transaction
from odpay.services.views import PaySplitView, paysplit_views


def update_paysplit(engine: Engine, request: PaySplitUpdate, key: Key) -> PaySplitView:
    # Step 1. An ID too long for 64 bits reaches here as one that matches no row.
    if not request.split_num:
        raise BadRequest("PaySplit ID is required.")
    split_num = request.split_num

    def work(conn: Connection) -> PaySplitView:
        stored = _lock_split(conn, split_num)
        if stored is None:
            raise NotFound("PaySplit not found.")  # step 2
        if request.body_error is not None:
            raise BadRequest(request.body_error)  # step 3
        prov_num = _prov_num(conn, stored, request.ProvNum)
        clinic_num = _clinic_num(conn, stored, request.ClinicNum)
        wanted = {"ProvNum": prov_num, "ClinicNum": clinic_num}
        values = {field: v for field, v in wanted.items() if v != getattr(stored, field)}
        if values:  # step 6: write and log only what changed (D21)
            now = office_now()
            update_paysplit_row(conn, split_num, **values, SecDateTEdit=now)
            changes = [(f, str(getattr(stored, f)), str(v)) for f, v in values.items()]
            patient = get_patient(conn, stored.PatNum) or Patient(stored.PatNum, stored.PatNum)
            log_paysplit_edited(
                conn, key, patient, split_num, stored.PayNum, changes, stored.SecDateTEdit, now
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
        raise BadRequest("ProvNum is invalid.")
    if value != stored.ProvNum and unearned and not load_prefs(conn).AllowPrepayProvider:
        raise BadRequest("ProvNum cannot be changed for a paysplit with an UnearnedType.")
    return value


def _clinic_num(conn: Connection, stored: PaySplit, value: int | None) -> int:
    """Step 5: 0 means no clinic; hidden clinics are accepted."""
    if value is None:
        return stored.ClinicNum
    if value < 0 or (value > 0 and clinic_abbr(conn, value) is None):
        raise BadRequest("ClinicNum is invalid.")
    return value
