"""ClaimProcs: odpay's estimate POST, PUT of estimates, and the refusals for what needs claims
(Open Dental's page "API ClaimProcs")."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import load_prefs
from odpay.domain.enums import ClaimProcStatus, PatientStatus, ProcStat
from odpay.domain.outstanding import linked_ledger
from odpay.services.account.claimprocs import (
    ClaimProcInput,
    create_estimate,
    get_claimproc,
    list_claimprocs,
    update_claimproc,
)
from odpay.services.account.procedurelog_writes import ProcedureInput, update_procedure
from odpay.services.clock import office_today
from odpay.services.errors import BadRequest, NotFound
from tests.factories import KEY, add, patient, procedure, rows, set_row

M = Decimal("-1.00")


def _procedure(db: Engine, fee: str = "200.00", **columns: Any) -> int:
    code = add(db, "procedurecode", ProcCode="D2391")
    return procedure(db, patient(db), fee, "2024-03-01", CodeNum=code, **columns)


def _patient_portion(db: Engine, proc_num: int) -> Decimal:
    """What the allocation engine sees the patient owe on the procedure."""
    pat_num = rows(db, "procedurelog", ProcNum=proc_num)[0]["PatNum"]
    with db.connect() as conn:
        family = load_family(conn, pat_num)
        prefs = load_prefs(conn)
    assert family is not None
    ledger = linked_ledger(family, prefs, office_today())
    return next(e.amount for e in ledger if e.ProcNum == proc_num and e.AdjNum == 0)


def test_an_estimate_lowers_the_patient_portion(db: Engine) -> None:
    proc_num = _procedure(db)
    view = create_estimate(
        db, ClaimProcInput(ProcNum=proc_num, InsEstTotalOverride="120", WriteOffEst="30"), KEY
    )
    c = view.claimproc
    p = rows(db, "procedurelog", ProcNum=proc_num)[0]
    assert (c.ProcNum, c.PatNum, c.ProvNum, c.ClinicNum, c.ProcDate) == (
        proc_num, p["PatNum"], p["ProvNum"], p["ClinicNum"], date(2024, 3, 1)
    )  # fmt: skip
    assert (c.Status, c.ClaimNum, c.PlanNum, c.CodeSent) == (
        ClaimProcStatus.Estimate,
        0,
        0,
        "D2391",
    )
    assert (c.InsPayEst, c.InsEstTotal, c.BaseEst, c.WriteOffEst, c.WriteOffEstOverride) == (
        Decimal("120.00"), Decimal("0.00"), Decimal("0.00"), Decimal("30.00"), M
    )  # fmt: skip
    assert (c.AllowedOverride, c.Percentage, c.DedEst, c.PaidOtherIns, c.DateEntry) == (
        M, -1, Decimal("0.00"), Decimal("0.00"), date(1, 1, 1)
    )  # fmt: skip
    assert (c.SecUserNumEntry, c.SecDateEntry) == (1, office_today())
    assert _patient_portion(db, proc_num) == Decimal("50.00")


def test_an_estimate_from_a_percentage_follows_the_fee(db: Engine) -> None:
    proc_num = _procedure(db, "150.00")
    c = create_estimate(
        db, ClaimProcInput(ProcNum=proc_num, Percentage=80, CopayOverride="10"), KEY
    ).claimproc
    assert (c.BaseEst, c.InsEstTotal, c.InsPayEst) == (
        Decimal("112.00"), Decimal("112.00"), Decimal("112.00")
    )  # fmt: skip
    update_procedure(db, ProcedureInput(proc_num=proc_num, ProcFee="210"), KEY)
    again = get_claimproc(db, c.ClaimProcNum).claimproc
    assert (again.BaseEst, again.InsPayEst) == (Decimal("160.00"), Decimal("160.00"))
    assert _patient_portion(db, proc_num) == Decimal("50.00")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ProcNum": None}, "ProcNum is required."),
        ({"ProcNum": 0}, "ProcNum is required."),
        ({"ProcNum": 999999999}, "ProcNum is invalid."),
        ({"ProvNum": 999999999}, "ProvNum is invalid."),
        ({"InsPayAmt": "50"}, "InsPayAmt can only be set on a ClaimProc attached to a claim."),
        ({"Status": "Received"}, "Status can only be Estimate for a ClaimProc without a claim."),
        ({"Status": "InsHist"}, "Status is invalid."),
        ({"Percentage": 101}, "Percentage is invalid."),
        ({"PercentOverride": -2}, "PercentOverride is invalid."),
        ({"NoBillIns": "maybe"}, "NoBillIns is invalid."),
        ({"InsEstTotalOverride": "-2"}, "InsEstTotalOverride is invalid."),
        ({"WriteOffEst": "x"}, "WriteOffEst is invalid."),
        ({"ClaimPaymentTracking": 69}, "ClaimPaymentTracking is invalid."),
        ({"CodeSent": "D" * 16}, "CodeSent is too long."),
    ],
)
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    body = {"ProcNum": _procedure(db), **fields}
    with pytest.raises(BadRequest) as refused:
        create_estimate(db, ClaimProcInput(**body), KEY)
    assert refused.value.message == message


def test_post_needs_a_planned_or_completed_procedure_of_a_living_patient(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        create_estimate(db, ClaimProcInput(ProcNum=_procedure(db, ProcStatus=ProcStat.EO)), KEY)
    assert refused.value.message == (
        "Insurance estimates can only be added to procedures with a ProcStatus of TP, TPi, or C."
    )
    gone = procedure(db, patient(db, PatStatus=PatientStatus.Deleted), "5.00", "2024-01-01")
    with pytest.raises(BadRequest) as refused:
        create_estimate(db, ClaimProcInput(ProcNum=gone), KEY)
    assert refused.value.message == "Patient has been deleted."


def test_put_recomputes_the_estimate_from_its_overrides(db: Engine) -> None:
    proc_num = _procedure(db)
    num = create_estimate(db, ClaimProcInput(ProcNum=proc_num, Percentage=50), KEY)
    cp = num.claimproc.ClaimProcNum
    assert num.claimproc.InsPayEst == Decimal("100.00")
    c = update_claimproc(
        db,
        ClaimProcInput(
            claim_proc_num=cp, PercentOverride=80, DedEstOverride="25", WriteOffEstOverride="15",
            Remarks="Verified", CodeSent="D2392", ProvNum=1, Status="Estimate",
        ),
        KEY,
    ).claimproc  # fmt: skip
    assert (c.BaseEst, c.InsEstTotal, c.InsPayEst, c.WriteOffEstOverride) == (
        Decimal("160.00"), Decimal("135.00"), Decimal("135.00"), Decimal("15.00")
    )  # fmt: skip
    assert (c.Remarks, c.CodeSent, c.ProvNum, c.PercentOverride) == ("Verified", "D2392", 1, 80)
    assert _patient_portion(db, proc_num) == Decimal("50.00")
    view = update_claimproc(db, ClaimProcInput(claim_proc_num=cp, InsEstTotalOverride="40"), KEY)
    assert view.claimproc.InsPayEst == Decimal("40.00")
    assert _patient_portion(db, proc_num) == Decimal("145.00")


def test_no_bill_ins_removes_the_estimate_and_its_overrides(db: Engine) -> None:
    proc_num = _procedure(db)
    body = ClaimProcInput(ProcNum=proc_num, InsEstTotalOverride="120", WriteOffEst="30")
    cp = create_estimate(db, body, KEY).claimproc.ClaimProcNum
    c = update_claimproc(db, ClaimProcInput(claim_proc_num=cp, NoBillIns="true"), KEY).claimproc
    assert (c.NoBillIns, c.InsPayEst, c.InsEstTotalOverride, c.WriteOffEst) == (
        True, Decimal("0.00"), M, M
    )  # fmt: skip
    assert _patient_portion(db, proc_num) == Decimal("200.00")


def test_put_that_changes_nothing_writes_nothing(db: Engine) -> None:
    cp = create_estimate(db, ClaimProcInput(ProcNum=_procedure(db)), KEY).claimproc.ClaimProcNum
    old = datetime(2021, 1, 1, 9, 0)
    set_row(db, "claimproc", cp, SecDateTEdit=old)
    update_claimproc(db, ClaimProcInput(claim_proc_num=cp, InsEstTotalOverride="-1"), KEY)
    assert rows(db, "claimproc", ClaimProcNum=cp)[0]["SecDateTEdit"] == old


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"IsTransfer": 1}, "Cannot update a ClaimProc that has IsTransfer set to true."),
        ({"Status": 3}, "Cannot update a ClaimProc with a Status of Adjustment."),
        ({"Status": 9}, "Cannot update a ClaimProc with a Status of InsHist."),
        ({"Status": 5, "ClaimNum": 4}, "Cannot update a ClaimProc with a Status of CapClaim."),
        ({"Status": 7}, "Cannot update a ClaimProc with a Status of CapComplete."),
        ({"Status": 8}, "Cannot update a ClaimProc with a Status of CapEstimate."),
        ({"Status": 1}, "Cannot update a ClaimProc with a Status of Received."),
        ({"Status": 1, "ClaimNum": 45}, "ClaimProcs attached to a claim cannot be updated by odpay."),
        ({"Status": 0, "ClaimNum": 45}, "ClaimProcs attached to a claim cannot be updated by odpay."),
    ],
)  # fmt: skip
def test_put_refuses_what_odpay_cannot_recalculate(
    db: Engine, columns: dict[str, Any], message: str
) -> None:
    pat_num = patient(db)
    cp = add(
        db,
        "claimproc",
        PatNum=pat_num,
        ProcNum=procedure(db, pat_num, "9.00", "2024-01-01"),
        **columns,
    )
    with pytest.raises(BadRequest) as refused:
        update_claimproc(db, ClaimProcInput(claim_proc_num=cp, Remarks="x"), KEY)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"FeeBilled": "65"}, "FeeBilled can only be set on a ClaimProc attached to a claim."),
        ({"DedApplied": "5"}, "DedApplied can only be set on a ClaimProc attached to a claim."),
        ({"ClaimPaymentNum": 3}, "ClaimPaymentNum can only be set on a ClaimProc attached to a claim."),
        ({"WriteOff": "5"}, "WriteOff can only be set on a ClaimProc attached to a claim."),
        ({"FeeBilled": "x"}, "FeeBilled is invalid."),
        ({"Status": "Preauth"}, "Status can only be Estimate for a ClaimProc without a claim."),
        ({"CopayOverride": "-5"}, "CopayOverride is invalid."),
        ({"PaidOtherInsOverride": "abc"}, "PaidOtherInsOverride is invalid."),
        ({"ProvNum": 0}, "ProvNum is invalid."),
    ],
)  # fmt: skip
def test_put_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    cp = create_estimate(db, ClaimProcInput(ProcNum=_procedure(db)), KEY).claimproc.ClaimProcNum
    with pytest.raises(BadRequest) as refused:
        update_claimproc(db, ClaimProcInput(claim_proc_num=cp, **fields), KEY)
    assert refused.value.message == message


def test_put_accepts_claim_fields_that_do_not_change(db: Engine) -> None:
    cp = create_estimate(db, ClaimProcInput(ProcNum=_procedure(db)), KEY).claimproc.ClaimProcNum
    body = ClaimProcInput(claim_proc_num=cp, InsPayAmt="0", WriteOff="0.00", ClaimPaymentNum=0)
    assert update_claimproc(db, body, KEY).claimproc.InsPayAmt == Decimal("0.00")


def test_put_looks_the_claimproc_up_before_the_body(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        update_claimproc(db, ClaimProcInput(claim_proc_num=None), KEY)
    assert refused.value.message == "ClaimProc ID is required."
    body = ClaimProcInput(claim_proc_num=999999999, body_error="Invalid JSON.")
    with pytest.raises(NotFound) as missing:
        update_claimproc(db, body, KEY)
    assert missing.value.message == "ClaimProc not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    cp = add(db, "claimproc", PatNum=gone, Status=6)
    with pytest.raises(BadRequest) as refused:
        update_claimproc(db, ClaimProcInput(claim_proc_num=cp, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Patient has been deleted."


def test_get_of_a_missing_claimproc_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        get_claimproc(db, 999999999)
    assert missing.value.message == "ClaimProc not found."


def test_list_filters_by_procedure_claim_patient_status_and_payment(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "9.00", "2024-01-01")
    est = add(db, "claimproc", PatNum=pat_num, ProcNum=proc_num, Status=6)
    paid = add(db, "claimproc", PatNum=pat_num, ClaimNum=98567, Status=1, ClaimPaymentNum=6352)

    def found(**query: str) -> list[int]:
        return [v.claimproc.ClaimProcNum for v in list_claimprocs(db, query)]

    assert found(PatNum=str(pat_num)) == [est, paid]
    assert found(ProcNum=str(proc_num)) == [est]
    assert found(PatNum=str(pat_num), Status="Received") == [paid]
    assert found(ClaimNum="98567", ClaimPaymentNum="6352", PatNum=str(pat_num)) == [paid]
    assert found(PatNum=str(pat_num), Limit="1") == [est]
    with pytest.raises(BadRequest) as refused:
        list_claimprocs(db, {"Status": "received"})
    assert refused.value.message == "Status is invalid."
