"""ProcedureLogs: create, update (setting complete), delete and search (Open Dental's page
"API ProcedureLogs")."""

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.enums import PatientStatus, PlaceOfService, ProcStat, TreatmentArea
from odpay.domain.records import NO_DATE
from odpay.services.account.procedurelog_writes import (
    ProcedureInput,
    create_procedure,
    update_procedure,
)
from odpay.services.account.procedurelogs import delete_procedure, get_procedure, list_procedures
from odpay.services.errors import BadRequest, NotFound
from tests.factories import KEY, add, adjustment, patient, procedure, rows, set_pref, set_row

OLD_STAMP = datetime(2021, 1, 1, 8, 30)


def _code(db: Engine, area: int = TreatmentArea.Mouth, **columns: Any) -> tuple[int, str]:
    """A procedure code of its own (codes are practice-wide); returns (CodeNum, ProcCode)."""
    proc_code = f"T{uuid.uuid4().hex[:9]}"
    code_num = add(db, "procedurecode", ProcCode=proc_code, TreatArea=area, **columns)
    return code_num, proc_code


def _body(db: Engine, **fields: Any) -> ProcedureInput:
    if "PatNum" not in fields:
        fields["PatNum"] = patient(db)
    if "CodeNum" not in fields and "procCode" not in fields:
        fields["CodeNum"] = _code(db)[0]
    fields.setdefault("ProcDate", "2024-01-05")
    fields.setdefault("ProcStatus", "TP")
    fields.setdefault("ProcFee", "125.95")
    return ProcedureInput(**fields)


def test_a_new_procedure_takes_the_patients_provider_and_clinic(
    db: Engine, spec_today: date
) -> None:
    clinic = add(db, "clinic", Abbr="East", DefaultPlaceService=PlaceOfService.School)
    prov = add(db, "provider", Abbr="HYGX")
    pat_num = patient(db, PriProv=prov, ClinicNum=clinic)
    code_num, proc_code = _code(db, Descript="prophylaxis - adult", BaseUnits=2)
    view = create_procedure(db, _body(db, PatNum=pat_num, procCode=proc_code), KEY)
    p = view.procedure
    assert (p.PatNum, p.CodeNum, view.proc_code, view.descript) == (
        pat_num, code_num, proc_code, "prophylaxis - adult"
    )  # fmt: skip
    assert (p.ProcDate, p.ProcFee, p.ProcStatus) == (date(2024, 1, 5), Decimal("125.95"), 1)
    assert (p.ProvNum, view.prov_abbr, p.ClinicNum, p.PlaceService) == (
        prov, "HYGX", clinic, PlaceOfService.School
    )  # fmt: skip
    assert (p.UnitQty, p.BaseUnits) == (1, 2)
    assert (p.DateEntryC, p.DateTP, p.DateComplete, p.SecDateEntry) == (
        spec_today, spec_today, NO_DATE, datetime(2024, 6, 15, 12, 0)
    )  # fmt: skip
    assert rows(db, "procedurelog", ProcNum=p.ProcNum)[0]["SecUserNumEntry"] == 1


def test_a_procedure_created_complete_is_completed_today(db: Engine, spec_today: date) -> None:
    p = create_procedure(db, _body(db, ProcStatus="C"), KEY).procedure
    assert (p.ProcStatus, p.DateComplete) == (ProcStat.C, spec_today)


def test_optional_fields_are_stored(fresh_db: Engine) -> None:
    priority = add(fresh_db, "definition", Category=20, ItemName="Low")
    dx = add(fresh_db, "definition", Category=16, ItemName="Cracked Tooth")
    prognosis = add(fresh_db, "definition", Category=30, ItemName="Good")
    code_num, _ = _code(fresh_db, TreatmentArea.Surf, IsProsth=1)
    view = create_procedure(
        fresh_db,
        _body(
            fresh_db, CodeNum=code_num, priority="Low", ProvNum=1, Dx=dx, PlaceService="School",
            Prosthesis="I", DateOriginalProsth="2010-02-03", ClaimNote="Replacing", ClinicNum=0,
            DateTP="2023-12-01", SiteNum=0, AptNum=0, PlannedAptNum=0, ProcTime="13:45:00",
            ProcTimeEnd="14:05:30", Prognosis=prognosis, ToothNum="4", Surf="mo",
            BillingNote="Courtesy", Discount="25.99", IsDateProsthEst="true",
        ),
        KEY,
    )  # fmt: skip
    p = view.procedure
    assert (p.Priority, view.priority_name, p.Dx, view.dx_name, p.Prognosis) == (
        priority, "Low", dx, "Cracked Tooth", prognosis
    )  # fmt: skip
    assert (p.PlaceService, p.Prosthesis, p.DateOriginalProsth, p.ClaimNote) == (
        PlaceOfService.School, "I", date(2010, 2, 3), "Replacing"
    )  # fmt: skip
    assert (p.DateTP, p.ProcTime, p.ProcTimeEnd, p.ToothNum, p.Surf) == (
        date(2023, 12, 1), time(13, 45), time(14, 5, 30), "4", "MO"
    )  # fmt: skip
    assert (p.BillingNote, p.Discount, p.IsDateProsthEst) == ("Courtesy", Decimal("25.99"), True)


def test_a_practice_without_priorities_diagnoses_or_prognoses_gives_none(
    fresh_db: Engine,
) -> None:
    # fresh_db: other tests may add these practice-wide definitions to the shared database.
    p = create_procedure(fresh_db, _body(fresh_db), KEY).procedure
    assert (p.Priority, p.Dx, p.Prognosis) == (0, 0, 0)


def test_the_first_priority_and_diagnosis_are_the_defaults(fresh_db: Engine) -> None:
    add(fresh_db, "definition", Category=20, ItemName="Later", ItemOrder=1)
    first = add(fresh_db, "definition", Category=20, ItemName="First", ItemOrder=0)
    add(fresh_db, "definition", Category=16, ItemName="Hidden", ItemOrder=0, IsHidden=1)
    dx = add(fresh_db, "definition", Category=16, ItemName="Caries", ItemOrder=1)
    p = create_procedure(fresh_db, _body(fresh_db), KEY).procedure
    assert (p.Priority, p.Dx, p.Prognosis) == (first, dx, 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ProcDate": None}, "ProcDate is required."),
        ({"ProcDate": ""}, "ProcDate is required."),
        ({"ProcDate": "2024-02-30"}, "ProcDate is invalid."),
        ({"ProcStatus": None}, "ProcStatus is required."),
        ({"ProcStatus": "TPi"}, "ProcStatus is invalid."),
        ({"ProcStatus": "Complete"}, "ProcStatus is invalid."),
        ({"CodeNum": None}, "CodeNum or procCode is required."),
        ({"CodeNum": 999999999}, "CodeNum is invalid."),
        ({"CodeNum": None, "procCode": "NOPE"}, "procCode is invalid."),
        ({"CodeNum": 1, "procCode": "D0120"}, "CodeNum and procCode cannot both be given."),
        ({"AptNum": 1341}, "AptNum is not supported by odpay."),
        ({"ProcFee": None}, "ProcFee is required because odpay holds no fee schedules."),
        ({"ProcFee": "12,5"}, "ProcFee is invalid."),
        ({"ProcFee": "-1"}, "ProcFee is invalid."),
        ({"Priority": 69}, "Priority is invalid."),
        ({"Priority": 0, "priority": "Low"}, "Priority and priority cannot both be given."),
        ({"priority": "No Such Priority"}, "priority is invalid."),
        ({"ProvNum": 0}, "ProvNum is invalid."),
        ({"ProvNum": 999999999}, "ProvNum is invalid."),
        ({"Dx": 69}, "Dx is invalid."),
        ({"Dx": 0, "dxName": "x"}, "Dx and dxName cannot both be given."),
        ({"dxName": "No Such Diagnosis"}, "dxName is invalid."),
        ({"PlannedAptNum": 38}, "PlannedAptNum is not supported by odpay."),
        ({"PlaceService": "Home"}, "PlaceService is invalid."),
        ({"Prosthesis": "X"}, "Prosthesis is invalid."),
        ({"Prosthesis": "I"}, "Prosthesis cannot be set for a procedure code that is not a prosthesis."),
        ({"DateOriginalProsth": "2010-01-01"}, "DateOriginalProsth cannot be set for a procedure code that is not a prosthesis."),
        ({"ClaimNote": "x" * 81}, "ClaimNote is too long."),
        ({"ClinicNum": 999999999}, "ClinicNum is invalid."),
        ({"DateTP": "yesterday"}, "DateTP is invalid."),
        ({"SiteNum": 9}, "SiteNum is not supported by odpay."),
        ({"ProcTime": "1:45 PM"}, "ProcTime is invalid."),
        ({"ProcTimeEnd": "25:00:00"}, "ProcTimeEnd is invalid."),
        ({"Prognosis": 69}, "Prognosis is invalid."),
        ({"ToothNum": "4"}, "ToothNum cannot be set for this procedure code."),
        ({"Discount": "abc"}, "Discount is invalid."),
        ({"IsDateProsthEst": "no"}, "IsDateProsthEst is invalid."),
    ],
)  # fmt: skip
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequest) as refused:
        create_procedure(db, _body(db, **fields), KEY)
    assert refused.value.message == message


def test_post_checks_the_patient_first(db: Engine) -> None:
    for pat_num, message in ((None, "PatNum is required."), (0, "PatNum is required.")):
        with pytest.raises(BadRequest) as refused:
            create_procedure(db, _body(db, PatNum=pat_num, ProcStatus="x"), KEY)
        assert refused.value.message == message
    with pytest.raises(NotFound) as missing:
        create_procedure(db, _body(db, PatNum=999999999, ProcStatus="x"), KEY)
    assert missing.value.message == "Patient not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    with pytest.raises(BadRequest) as refused:
        create_procedure(db, _body(db, PatNum=gone, ProcStatus="x"), KEY)
    assert refused.value.message == "Patient has been deleted."


@pytest.mark.parametrize(
    ("area", "fields", "stored", "message"),
    [
        (TreatmentArea.Surf, {"ToothNum": "3"}, None, "Surf is required for this procedure code."),
        (TreatmentArea.Surf, {"Surf": "MO"}, None, "ToothNum is required for this procedure code."),
        (TreatmentArea.Surf, {"ToothNum": "33", "Surf": "MO"}, None, "ToothNum is invalid."),
        (TreatmentArea.Surf, {"ToothNum": "3", "Surf": "MX"}, None, "Surf is invalid."),
        (TreatmentArea.Surf, {"ToothNum": "3", "Surf": "MM"}, None, "Surf is invalid."),
        (TreatmentArea.Tooth, {"ToothNum": "AS"}, {"ToothNum": "AS"}, None),
        (TreatmentArea.Tooth, {"ToothNum": "51"}, {"ToothNum": "51"}, None),
        (TreatmentArea.Tooth, {"ToothNum": "3", "Surf": "O"}, None, "Surf cannot be set for this procedure code."),
        (TreatmentArea.Quad, {"Surf": "UL"}, {"Surf": "UL"}, None),
        (TreatmentArea.Quad, {"Surf": "U"}, None, "Surf is invalid."),
        (TreatmentArea.Quad, {}, None, "Surf is required for this procedure code."),
        (TreatmentArea.Quad, {"Surf": "UR", "ToothRange": "1-3"}, None, "ToothRange cannot be set for this procedure code."),
        (TreatmentArea.Sextant, {"Surf": "6"}, {"Surf": "6"}, None),
        (TreatmentArea.Sextant, {"Surf": "7"}, None, "Surf is invalid."),
        (TreatmentArea.Arch, {"Surf": "L"}, {"Surf": "L"}, None),
        (TreatmentArea.ToothRange, {"ToothRange": "2,3, 13-15"}, {"ToothRange": "2,3,13,14,15"}, None),
        (TreatmentArea.ToothRange, {"ToothRange": "A-C"}, {"ToothRange": "A,B,C"}, None),
        (TreatmentArea.ToothRange, {"ToothRange": "15-13"}, None, "ToothRange is invalid."),
        (TreatmentArea.ToothRange, {}, None, "ToothRange is required for this procedure code."),
        (TreatmentArea.Mouth, {"ToothRange": "1"}, None, "ToothRange cannot be set for this procedure code."),
    ],
)  # fmt: skip
def test_teeth_and_surfaces_follow_the_codes_treatment_area(
    db: Engine,
    area: int,
    fields: dict[str, str],
    stored: dict[str, str] | None,
    message: str | None,
) -> None:
    code_num, _ = _code(db, area)
    if message is not None:
        with pytest.raises(BadRequest) as refused:
            create_procedure(db, _body(db, CodeNum=code_num, **fields), KEY)
        assert refused.value.message == message
        return
    p = create_procedure(db, _body(db, CodeNum=code_num, **fields), KEY).procedure
    assert {k: getattr(p, k) for k in stored or {}} == stored


def test_area_also_tooth_range_allows_a_range_on_a_quadrant(db: Engine) -> None:
    code_num, _ = _code(db, TreatmentArea.Quad, AreaAlsoToothRange=1)
    body = _body(db, CodeNum=code_num, Surf="UR", ToothRange="1-3")
    p = create_procedure(db, body, KEY).procedure
    assert (p.Surf, p.ToothRange) == ("UR", "1,2,3")


@pytest.mark.usefixtures("spec_today")
def test_a_completed_procedure_cannot_be_dated_in_the_future(fresh_db: Engine) -> None:
    tomorrow = "2024-06-16"
    with pytest.raises(BadRequest) as refused:
        create_procedure(fresh_db, _body(fresh_db, ProcStatus="C", ProcDate=tomorrow), KEY)
    assert refused.value.message == "Completed procedures cannot be set for future dates."
    planned = create_procedure(fresh_db, _body(fresh_db, ProcDate=tomorrow), KEY).procedure
    with pytest.raises(BadRequest) as refused:
        update_procedure(fresh_db, ProcedureInput(proc_num=planned.ProcNum, ProcStatus="C"), KEY)
    assert refused.value.message == "Completed procedures cannot be set for future dates."
    set_pref(fresh_db, "FutureTransDatesAllowed", "1")
    done = update_procedure(fresh_db, ProcedureInput(proc_num=planned.ProcNum, ProcStatus="C"), KEY)
    assert done.procedure.ProcStatus == ProcStat.C


@pytest.mark.usefixtures("spec_today")
def test_a_completed_procedure_cannot_move_to_a_future_date(db: Engine) -> None:
    proc_num = create_procedure(db, _body(db, ProcStatus="C"), KEY).procedure.ProcNum
    tomorrow = "2024-06-16"
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=proc_num, ProcDate=tomorrow), KEY)
    assert refused.value.message == "Completed procedures cannot be set for future dates."


def test_setting_a_procedure_complete_dates_its_completion_today(
    db: Engine, spec_today: date
) -> None:
    proc_num = create_procedure(db, _body(db), KEY).procedure.ProcNum
    set_row(db, "procedurelog", proc_num, DateEntryC=date(2020, 1, 1), DateTStamp=OLD_STAMP)
    p = update_procedure(db, ProcedureInput(proc_num=proc_num, ProcStatus="C"), KEY).procedure
    assert (p.ProcStatus, p.DateEntryC, p.DateComplete, p.DateTStamp) == (
        ProcStat.C, spec_today, spec_today, datetime(2024, 6, 15, 12, 0)
    )  # fmt: skip
    undone = update_procedure(db, ProcedureInput(proc_num=proc_num, ProcStatus="TP"), KEY)
    assert (undone.procedure.ProcStatus, undone.procedure.DateComplete) == (ProcStat.TP, NO_DATE)


def test_put_changes_the_fields_given(db: Engine) -> None:
    prov = add(db, "provider", Abbr="DOC7")
    proc_num = create_procedure(db, _body(db), KEY).procedure.ProcNum
    p = update_procedure(
        db,
        ProcedureInput(
            proc_num=proc_num, ProcDate="2024-02-02", ProcFee="250", ProvNum=prov,
            PlaceService="PublicHealthClinic", ClinicNum=0, DateTP="2022-04-26",
            ProcTime="12:10:00", BillingNote="Changed", Discount="5", AptNum=0,
        ),
        KEY,
    ).procedure  # fmt: skip
    assert (p.ProcDate, p.ProcFee, p.ProvNum, p.PlaceService, p.DateTP) == (
        date(2024, 2, 2), Decimal("250.00"), prov, PlaceOfService.PublicHealthClinic,
        date(2022, 4, 26),
    )  # fmt: skip
    assert (p.ProcTime, p.BillingNote, p.Discount) == (time(12, 10), "Changed", Decimal("5.00"))


def test_put_that_changes_nothing_writes_nothing(db: Engine) -> None:
    proc_num = create_procedure(db, _body(db, ProcFee="80"), KEY).procedure.ProcNum
    set_row(db, "procedurelog", proc_num, DateTStamp=OLD_STAMP)
    update_procedure(db, ProcedureInput(proc_num=proc_num, ProcFee="80.00", ToothNum=""), KEY)
    assert rows(db, "procedurelog", ProcNum=proc_num)[0]["DateTStamp"] == OLD_STAMP


def test_a_new_code_must_keep_the_treatment_area(db: Engine) -> None:
    proc_num = create_procedure(db, _body(db), KEY).procedure.ProcNum
    same, same_code = _code(db, TreatmentArea.Mouth)
    _, other_code = _code(db, TreatmentArea.Tooth)
    p = update_procedure(db, ProcedureInput(proc_num=proc_num, procCode=same_code), KEY)
    assert p.procedure.CodeNum == same
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=proc_num, procCode=other_code), KEY)
    assert (
        refused.value.message == "procCode must have the same treatment area as the current code."
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"CodeNum": 1}, "CodeNum cannot be updated for a procedure with a ProcStatus of C."),
        ({"procCode": "D1"}, "procCode cannot be updated for a procedure with a ProcStatus of C."),
        ({"Discount": "1"}, "Discount cannot be updated for a procedure with a ProcStatus of C."),
        ({"ToothNum": "3"}, "ToothNum cannot be updated for a procedure with a ProcStatus of C."),
        ({"Surf": "M"}, "Surf cannot be updated for a procedure with a ProcStatus of C."),
        ({"ToothRange": "1"}, "ToothRange cannot be updated for a procedure with a ProcStatus of C."),
        ({"ProcStatus": "D"}, "ProcStatus is invalid."),
        ({"ProcDate": ""}, "ProcDate is invalid."),
        ({"AptNum": 5}, "AptNum is not supported by odpay."),
    ],
)  # fmt: skip
def test_put_refuses_what_a_completed_procedure_cannot_change(
    db: Engine, fields: dict[str, Any], message: str
) -> None:
    proc_num = create_procedure(db, _body(db, ProcStatus="C"), KEY).procedure.ProcNum
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=proc_num, **fields), KEY)
    assert refused.value.message == message


def test_a_paid_procedure_stays_complete(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2024-01-05")
    add(db, "paysplit", PatNum=pat_num, ProcNum=proc_num, SplitAmt="40.00")
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=proc_num, ProcStatus="TP"), KEY)
    assert refused.value.message == (
        "ProcStatus cannot be changed for a completed procedure with payments."
    )


def test_put_looks_the_procedure_up_before_the_body(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=None), KEY)
    assert refused.value.message == "Procedure ID is required."
    with pytest.raises(NotFound) as missing:
        update_procedure(db, ProcedureInput(proc_num=999999999, body_error="Invalid JSON."), KEY)
    assert missing.value.message == "Procedure not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    proc_num = procedure(db, gone, "10.00", "2024-01-05")
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=proc_num, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Patient has been deleted."
    deleted = procedure(db, patient(db), "10.00", "2024-01-05", ProcStatus=ProcStat.D)
    with pytest.raises(BadRequest) as refused:
        update_procedure(db, ProcedureInput(proc_num=deleted, ProcFee="1"), KEY)
    assert refused.value.message == "Procedure has been deleted."


def test_a_new_date_moves_attached_adjustments_too(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2024-01-05")
    adj_num = adjustment(
        db, pat_num, "-10.00", date(2024, 1, 5), ProcNum=proc_num, ProcDate="2024-01-05"
    )
    update_procedure(db, ProcedureInput(proc_num=proc_num, ProcDate="2024-01-09"), KEY)
    assert rows(db, "adjustment", AdjNum=adj_num)[0]["ProcDate"] == date(2024, 1, 9)


def test_delete_marks_the_procedure_deleted_and_drops_its_estimates(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2024-01-05", ProcStatus=ProcStat.TP)
    add(db, "claimproc", ProcNum=proc_num, PatNum=pat_num, Status=6, InsPayEst="60.00")
    delete_procedure(db, proc_num)
    assert rows(db, "procedurelog", ProcNum=proc_num)[0]["ProcStatus"] == ProcStat.D
    assert rows(db, "claimproc", ProcNum=proc_num) == []


@pytest.mark.parametrize(
    ("attach", "message"),
    [
        ("claim", "Cannot delete a procedure that is attached to a claim."),
        ("insurance", "Cannot delete a procedure that is attached to an insurance payment."),
        ("paysplit", "Cannot delete a procedure that is attached to a patient payment."),
        ("adjustment", "Cannot delete a procedure that is attached to an adjustment."),
        ("payplancharge", "Cannot delete a procedure that is attached to a payment plan."),
        ("payplanlink", "Cannot delete a procedure that is attached to a payment plan."),
        ("status", "Only procedures with a ProcStatus of TP, TPi, or C can be deleted."),
    ],
)
def test_delete_refuses_a_procedure_something_depends_on(
    db: Engine, attach: str, message: str
) -> None:
    pat_num = patient(db)
    status = ProcStat.EO if attach == "status" else ProcStat.C
    proc_num = procedure(db, pat_num, "100.00", "2024-01-05", ProcStatus=status)
    if attach == "claim":
        add(db, "claimproc", ProcNum=proc_num, PatNum=pat_num, ClaimNum=7, Status=0)
    elif attach == "insurance":
        add(db, "claimproc", ProcNum=proc_num, PatNum=pat_num, Status=1, InsPayAmt="50.00")
    elif attach == "paysplit":
        add(db, "paysplit", PatNum=pat_num, ProcNum=proc_num, SplitAmt="10.00")
    elif attach == "adjustment":
        adjustment(db, pat_num, "-5.00", date(2024, 1, 5), ProcNum=proc_num)
    elif attach == "payplancharge":
        add(db, "payplancharge", PatNum=pat_num, ProcNum=proc_num, ChargeType=1)
    elif attach == "payplanlink":
        add(db, "payplanlink", LinkType=2, FKey=proc_num)
    with pytest.raises(BadRequest) as refused:
        delete_procedure(db, proc_num)
    assert refused.value.message == message
    assert rows(db, "procedurelog", ProcNum=proc_num)[0]["ProcStatus"] == status


def test_delete_of_a_missing_procedure_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        delete_procedure(db, 999999999)
    assert missing.value.message == "Procedure not found."
    with pytest.raises(BadRequest) as refused:
        delete_procedure(db, None)
    assert refused.value.message == "Procedure ID is required."


def test_get_of_a_missing_procedure_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        get_procedure(db, 999999999)
    assert missing.value.message == "Procedure not found."


def test_search_filters_by_patient_status_code_clinic_and_change_time(db: Engine) -> None:
    pat_num = patient(db)
    code_num, _ = _code(db)
    clinic = add(db, "clinic", Abbr="W")
    tp = procedure(db, pat_num, "10.00", "2024-01-01", ProcStatus=ProcStat.TP, CodeNum=code_num)
    done = procedure(db, pat_num, "20.00", "2024-01-02", ClinicNum=clinic)
    set_row(db, "procedurelog", tp, DateTStamp=OLD_STAMP)
    set_row(db, "procedurelog", done, DateTStamp=OLD_STAMP + timedelta(days=1))

    def found(**query: str) -> list[int]:
        return [v.procedure.ProcNum for v in list_procedures(db, query)[0]]

    assert found(PatNum=str(pat_num)) == [tp, done]
    assert found(PatNum=str(pat_num), ProcStatus="C") == [done]
    assert found(PatNum=str(pat_num), CodeNum=str(code_num)) == [tp]
    assert found(PatNum=str(pat_num), ClinicNum=str(clinic)) == [done]
    assert found(PatNum=str(pat_num), DateTStamp="2021-01-01 08:30:01") == [done]
    assert found(PatNum=str(pat_num), Limit="1", Offset="1") == [done]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ProcStatus": "Complete"}, "ProcStatus is invalid."),
        ({"DateTStamp": "2021-01-01"}, "DateTStamp format must be yyyy-MM-dd HH:mm:ss"),
    ],
)
def test_search_refuses_bad_filters(db: Engine, query: dict[str, str], message: str) -> None:
    with pytest.raises(BadRequest) as refused:
        list_procedures(db, query)
    assert refused.value.message == message
