"""Adjustments: create, update and list (Open Dental's page "API Adjustments")."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.enums import PatientStatus, ProcStat
from odpay.services.account.adjustments import (
    AdjustmentInput,
    create_adjustment,
    list_adjustments,
    update_adjustment,
)
from odpay.services.errors import BadRequest, NotFound
from tests.factories import KEY, add, adjustment, patient, procedure, rows, set_row

MISC_NEG, MISC_POS = 1, 2  # blank practice AdjTypes "-" and "+"


def _body(db: Engine, **fields: Any) -> AdjustmentInput:
    if "PatNum" not in fields:
        fields["PatNum"] = patient(db)
    fields.setdefault("AdjType", MISC_NEG)
    fields.setdefault("AdjAmt", "-24.99")
    fields.setdefault("AdjDate", "2022-07-19")
    return AdjustmentInput(**fields)


def test_a_new_adjustment_takes_the_patients_provider_clinic_and_today(
    db: Engine, spec_today: date
) -> None:
    clinic = add(db, "clinic", Abbr="A")
    prov = add(db, "provider", Abbr="P2")
    pat_num = patient(db, PriProv=prov, ClinicNum=clinic)
    view = create_adjustment(db, _body(db, PatNum=pat_num, AdjNote="Discount"), KEY)
    a = view.adjustment
    assert (a.PatNum, a.AdjType, view.adj_type_name, a.AdjAmt, a.AdjDate) == (
        pat_num, MISC_NEG, "Misc Neg Adjustment", Decimal("-24.99"), date(2022, 7, 19)
    )  # fmt: skip
    assert (a.ProvNum, a.ClinicNum, a.ProcNum, a.ProcDate, a.DateEntry, a.AdjNote) == (
        prov, clinic, 0, spec_today, spec_today, "Discount"
    )  # fmt: skip
    assert (a.SecUserNumEntry, a.SecDateTEdit) == (1, datetime(2024, 6, 15, 12, 0))


def test_an_attached_adjustment_takes_its_procedures_date_unless_given(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2022-06-10")
    a = create_adjustment(db, _body(db, PatNum=pat_num, ProcNum=proc_num), KEY).adjustment
    assert (a.ProcNum, a.ProcDate) == (proc_num, date(2022, 6, 10))
    b = create_adjustment(
        db, _body(db, PatNum=pat_num, ProcNum=proc_num, ProcDate="2022-06-01", ProvNum=1), KEY
    ).adjustment
    assert (b.ProcDate, b.ProvNum) == (date(2022, 6, 1), 1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"AdjType": None}, "AdjType is required."),
        ({"AdjAmt": None}, "AdjAmt is required."),
        ({"AdjAmt": ""}, "AdjAmt is required."),
        ({"AdjDate": None}, "AdjDate is required."),
        ({"AdjType": 69}, "AdjType is invalid."),
        ({"AdjType": "no-sign"}, "AdjType is invalid."),
        ({"AdjAmt": "ten"}, "AdjAmt is invalid."),
        ({"AdjAmt": "24.99"}, "AdjAmt must be negative for this AdjType."),
        ({"AdjAmt": "0"}, "AdjAmt must be negative for this AdjType."),
        ({"AdjType": MISC_POS}, "AdjAmt must be positive for this AdjType."),
        ({"AdjDate": "07/19/2022"}, "AdjDate is invalid."),
        ({"AdjDate": "tomorrow"}, "AdjDate is invalid."),
        ({"AdjDate": "future"}, "AdjDate cannot be a future date."),
        ({"ProvNum": 999999999}, "ProvNum is invalid."),
        ({"ProvNum": "hidden"}, "ProvNum is invalid."),
        ({"ProcNum": 999999999}, "ProcNum is invalid."),
        ({"ProcNum": "other patient"}, "ProcNum is not for this patient."),
        ({"ClinicNum": 999999999}, "ClinicNum is invalid."),
        ({"ProcDate": "2022-13-01"}, "ProcDate is invalid."),
    ],
)
@pytest.mark.usefixtures("spec_today")
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    fields = dict(fields)  # the parameters are shared by every back-end's run
    if fields.get("AdjType") == "no-sign":
        fields["AdjType"] = add(db, "definition", Category=1, ItemName="No sign", ItemValue="")
    if fields.get("AdjDate") == "future":
        fields["AdjDate"] = "2024-06-16"
    if fields.get("ProvNum") == "hidden":
        fields["ProvNum"] = add(db, "provider", Abbr="GONE", IsHidden=1)
    if fields.get("ProcNum") == "other patient":
        fields["ProcNum"] = procedure(db, patient(db), "10.00", "2022-01-01")
    with pytest.raises(BadRequest) as refused:
        create_adjustment(db, _body(db, **fields), KEY)
    assert refused.value.message == message


def test_post_checks_the_patient_first(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        create_adjustment(db, _body(db, PatNum=None, AdjType=None), KEY)
    assert refused.value.message == "PatNum is required."
    with pytest.raises(NotFound) as missing:
        create_adjustment(db, _body(db, PatNum=999999999, AdjType=None), KEY)
    assert missing.value.message == "Patient not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    with pytest.raises(BadRequest) as refused:
        create_adjustment(db, _body(db, PatNum=gone, AdjType=None), KEY)
    assert refused.value.message == "Patient has been deleted."


def test_a_deleted_procedure_cannot_take_an_adjustment(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "10.00", "2022-01-01", ProcStatus=ProcStat.D)
    with pytest.raises(BadRequest) as refused:
        create_adjustment(db, _body(db, PatNum=pat_num, ProcNum=proc_num), KEY)
    assert refused.value.message == "ProcNum is invalid."


def test_put_changes_the_fields_given(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2022-07-21")
    adj_num = create_adjustment(db, _body(db, PatNum=pat_num), KEY).adjustment.AdjNum
    prov = add(db, "provider", Abbr="P4")
    a = update_adjustment(
        db,
        AdjustmentInput(
            adj_num=adj_num, AdjDate="2022-07-21", AdjAmt="39.50", AdjType=MISC_POS,
            ProvNum=prov, AdjNote="Additional Charge", ProcNum=proc_num, ClinicNum=0,
        ),
        KEY,
    ).adjustment  # fmt: skip
    assert (a.AdjDate, a.AdjAmt, a.AdjType, a.ProvNum, a.AdjNote) == (
        date(2022, 7, 21), Decimal("39.50"), MISC_POS, prov, "Additional Charge"
    )  # fmt: skip
    assert (a.ProcNum, a.ProcDate, a.ClinicNum) == (proc_num, date(2022, 7, 21), 0)


def test_put_judges_the_sign_against_the_stored_type(db: Engine) -> None:
    adj_num = create_adjustment(db, _body(db), KEY).adjustment.AdjNum
    with pytest.raises(BadRequest) as refused:
        update_adjustment(db, AdjustmentInput(adj_num=adj_num, AdjAmt="5"), KEY)
    assert refused.value.message == "AdjAmt must be negative for this AdjType."
    with pytest.raises(BadRequest) as refused:
        update_adjustment(db, AdjustmentInput(adj_num=adj_num, AdjType=MISC_POS), KEY)
    assert refused.value.message == "AdjAmt must be positive for this AdjType."
    a = update_adjustment(db, AdjustmentInput(adj_num=adj_num, AdjAmt="-24.49"), KEY)
    assert a.adjustment.AdjAmt == Decimal("-24.49")


def test_put_ignores_patnum_and_procdate(db: Engine) -> None:
    pat_num = patient(db)
    body = _body(db, PatNum=pat_num, ProcDate="2022-01-01")
    adj_num = create_adjustment(db, body, KEY).adjustment.AdjNum
    a = update_adjustment(
        db, AdjustmentInput(adj_num=adj_num, PatNum=patient(db), ProcDate="2000-01-01"), KEY
    ).adjustment
    assert (a.PatNum, a.ProcDate) == (pat_num, date(2022, 1, 1))


def test_put_that_changes_nothing_writes_nothing(db: Engine) -> None:
    adj_num = create_adjustment(db, _body(db), KEY).adjustment.AdjNum
    old = datetime(2021, 1, 1, 9, 0)
    set_row(db, "adjustment", adj_num, SecDateTEdit=old)
    update_adjustment(db, AdjustmentInput(adj_num=adj_num, AdjAmt="-24.99"), KEY)
    assert rows(db, "adjustment", AdjNum=adj_num)[0]["SecDateTEdit"] == old


def test_put_looks_the_adjustment_up_before_the_body(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        update_adjustment(db, AdjustmentInput(adj_num=None), KEY)
    assert refused.value.message == "Adjustment ID is required."
    with pytest.raises(NotFound) as missing:
        update_adjustment(db, AdjustmentInput(adj_num=999999999, body_error="Invalid JSON."), KEY)
    assert missing.value.message == "Adjustment not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    adj_num = adjustment(db, gone, "5.00", date(2022, 1, 1))
    with pytest.raises(BadRequest) as refused:
        update_adjustment(db, AdjustmentInput(adj_num=adj_num, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Patient has been deleted."


def test_list_gives_one_patients_adjustments_filtered(db: Engine) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2022-01-01")
    neg = adjustment(db, pat_num, "-5.00", date(2022, 1, 1), AdjType=MISC_NEG)
    pos = adjustment(db, pat_num, "7.00", date(2022, 1, 2), ProcNum=proc_num)
    adjustment(db, patient(db), "9.00", date(2022, 1, 3))

    def found(**query: str) -> list[int]:
        return [
            v.adjustment.AdjNum for v in list_adjustments(db, {"PatNum": str(pat_num), **query})
        ]

    assert found() == [neg, pos]
    assert found(AdjType=str(MISC_NEG)) == [neg]
    assert found(ProcNum=str(proc_num)) == [pos]
    assert found(Offset="1") == [pos]


def test_list_needs_an_existing_patient(db: Engine) -> None:
    for query in ({}, {"PatNum": "0"}, {"PatNum": "x"}):
        with pytest.raises(BadRequest) as refused:
            list_adjustments(db, query)
        assert refused.value.message == "PatNum is required."
    with pytest.raises(NotFound) as missing:
        list_adjustments(db, {"PatNum": "999999999"})
    assert missing.value.message == "Patient not found."
