"""Patients: create, update and search (Open Dental's page "API Patients")."""

import uuid
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.enums import YN, ContactMethod, PatientGender, PatientPosition, PatientStatus
from odpay.services.account.patient_writes import PatientInput, create_patient, update_patient
from odpay.services.account.patients import get_patient, list_patients
from odpay.services.clock import office_today
from odpay.services.errors import BadRequest, NotFound
from tests.factories import KEY, add, patient, rows, set_row

OLD_STAMP = datetime(2021, 1, 1, 8, 30)


def _name() -> str:
    """A last name no other test uses, so searches see only this test's patients."""
    return "Zz" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:10])


def _create(db: Engine, **fields: Any) -> int:
    fields.setdefault("LName", _name())
    fields.setdefault("FName", "Jane")
    return create_patient(db, PatientInput(**fields), KEY).patient.PatNum


def test_a_new_patient_heads_a_new_family_with_open_dentals_defaults(db: Engine) -> None:
    last = _name()
    view = create_patient(db, PatientInput(LName=f" {last} ", FName="Jane-Ann"), KEY)
    p = view.patient
    assert (p.LName, p.FName, p.Guarantor) == (last, "Jane-Ann", p.PatNum)
    assert (p.PatStatus, p.Gender, p.Position) == (
        PatientStatus.Patient,
        PatientGender.Unknown,
        PatientPosition.Single,
    )
    assert (p.PriProv, view.pri_prov_abbr, p.SecProv, p.BillingType) == (1, "DOC", 0, 0)
    assert p.ImageFolder == f"{last}JaneAnn{p.PatNum}"
    assert (p.SecDateEntry, p.DateTStamp.date()) == (office_today(), office_today())
    assert rows(db, "patient", PatNum=p.PatNum)[0]["SecUserNumEntry"] == 1


def test_every_documented_field_is_stored_by_name(db: Engine) -> None:
    clinic = add(db, "clinic", Abbr="North")
    prov = add(db, "provider", Abbr="HYG9")
    p = create_patient(
        db,
        PatientInput(
            LName=_name(), FName="Jane", MiddleI="Q", Preferred="JJ", PatStatus="Prospective",
            Gender="Female", Position="Married", Birthdate="1976-05-24", SSN="123456789",
            Address="125 Satin Heights", Address2="Apt 2", City="San Jose", State="CA",
            Zip="97301-1234", HmPhone="(536)624-5871", WkPhone="5369874822",
            WirelessPhone="", Email="smithfam@yahoo.com", PriProv=prov, SecProv=1,
            FeeSched=0, FamFinUrgNote="Card expiring", ChartNumber="A-15",
            MedicaidID="022419552", EmployerNum=0, DateFirstVisit="2021-12-16",
            ClinicNum=clinic, Premed="TRUE", Ward="3B", PreferConfirmMethod="HmPhone",
            PreferContactMethod="WirelessPh", PreferRecallMethod="TextMessage", Language="spa",
            AdmitDate="2024-01-02", SuperFamily=0, TxtMsgOk="Yes",
        ),
        KEY,
    )  # fmt: skip
    r = p.patient
    assert (r.MiddleI, r.Preferred, r.PatStatus, r.Gender, r.Position) == (
        "Q", "JJ", PatientStatus.Prospective, PatientGender.Female, PatientPosition.Married
    )  # fmt: skip
    assert (r.Birthdate, r.SSN, r.Address, r.Address2, r.City, r.State, r.Zip) == (
        date(1976, 5, 24), "123456789", "125 Satin Heights", "Apt 2", "San Jose", "CA",
        "97301-1234",
    )  # fmt: skip
    assert (r.HmPhone, r.WkPhone, r.WirelessPhone, r.Email) == (
        "(536)624-5871", "5369874822", "", "smithfam@yahoo.com"
    )  # fmt: skip
    assert (r.PriProv, p.pri_prov_abbr, r.SecProv, p.sec_prov_abbr) == (prov, "HYG9", 1, "DOC")
    assert (r.FamFinUrgNote, r.ChartNumber, r.MedicaidID, r.DateFirstVisit) == (
        "Card expiring", "A-15", "022419552", date(2021, 12, 16)
    )  # fmt: skip
    assert (r.ClinicNum, p.clinic_abbr, r.Premed, r.Ward, r.Language) == (
        clinic, "North", True, "3B", "spa"
    )  # fmt: skip
    assert (r.PreferConfirmMethod, r.PreferContactMethod, r.PreferRecallMethod) == (
        ContactMethod.HmPhone, ContactMethod.WirelessPh, ContactMethod.TextMessage
    )  # fmt: skip
    assert (r.AdmitDate, r.SuperFamily, r.TxtMsgOk) == (date(2024, 1, 2), 0, YN.Yes)


def test_billing_type_is_given_by_name(db: Engine) -> None:
    standard = add(db, "definition", Category=4, ItemName=f"Standard {_name()}")
    name = rows(db, "definition", DefNum=standard)[0]["ItemName"]
    view = create_patient(db, PatientInput(LName=_name(), FName="A", BillingType=name), KEY)
    assert (view.patient.BillingType, view.billing_type_name) == (standard, name)


def test_a_patient_joins_the_family_its_guarantor_heads(db: Engine) -> None:
    head = _create(db)
    child = _create(db, FName="Tommy", Guarantor=head, Position="Child")
    assert get_patient(db, child).patient.Guarantor == head


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"LName": None}, "LName is required."),
        ({"LName": "  "}, "LName is required."),
        ({"FName": ""}, "FName is required."),
        ({"PatStatus": "Deleted"}, "PatStatus is invalid."),
        ({"PatStatus": "patient"}, "PatStatus is invalid."),
        ({"Gender": "F"}, "Gender is invalid."),
        ({"Position": "Single "}, "Position is invalid."),
        ({"Birthdate": "05/24/1976"}, "Birthdate is invalid."),
        ({"Birthdate": "1976-02-30"}, "Birthdate is invalid."),
        ({"SSN": "1" * 101}, "SSN is too long."),
        ({"Zip": "9730"}, "Zip is invalid."),
        ({"HmPhone": "5" * 31}, "HmPhone is too long."),
        ({"Guarantor": 999999999}, "Guarantor is invalid."),
        ({"Guarantor": 5, "SuperFamily": 0}, "Only Guarantor or SuperFamily can be set in a single request."),
        ({"PriProv": 999999999}, "PriProv is invalid."),
        ({"SecProv": -1}, "SecProv is invalid."),
        ({"FeeSched": 53}, "FeeSched is not supported by odpay."),
        ({"BillingType": "No Such Type"}, "BillingType is invalid."),
        ({"ChartNumber": "1234567890123456"}, "ChartNumber is too long."),
        ({"EmployerNum": 3}, "EmployerNum is not supported by odpay."),
        ({"DateFirstVisit": "2021-13-01"}, "DateFirstVisit is invalid."),
        ({"ClinicNum": 999999999}, "ClinicNum is invalid."),
        ({"Premed": "yes"}, "Premed is invalid."),
        ({"PreferConfirmMethod": "Phone"}, "PreferConfirmMethod is invalid."),
        ({"PreferContactMethod": "None_"}, "PreferContactMethod is invalid."),
        ({"PreferRecallMethod": "email"}, "PreferRecallMethod is invalid."),
        ({"AdmitDate": "tomorrow"}, "AdmitDate is invalid."),
        ({"SuperFamily": 12}, "SuperFamily is not supported by odpay."),
        ({"TxtMsgOk": "Maybe"}, "TxtMsgOk is invalid."),
    ],
)  # fmt: skip
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    body = {"LName": _name(), "FName": "Jane", **fields}
    with pytest.raises(BadRequest) as refused:
        create_patient(db, PatientInput(**body), KEY)
    assert refused.value.message == message


def test_post_checks_fields_in_the_documented_order(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        create_patient(db, PatientInput(FName="", Gender="x", TxtMsgOk="x"), KEY)
    assert refused.value.message == "LName is required."
    bad = PatientInput(LName=_name(), FName="J", Gender="x", Zip="1", TxtMsgOk="x")
    with pytest.raises(BadRequest) as refused:
        create_patient(db, bad, KEY)
    assert refused.value.message == "Gender is invalid."


def test_only_the_head_of_a_family_can_be_a_new_patients_guarantor(db: Engine) -> None:
    head = _create(db)
    child = _create(db, Guarantor=head)
    with pytest.raises(BadRequest) as refused:
        _create(db, Guarantor=child)
    assert refused.value.message == "Guarantor must be the head of a family."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    with pytest.raises(BadRequest) as refused:
        _create(db, Guarantor=gone)
    assert refused.value.message == "Guarantor is invalid."


def test_a_family_note_is_for_guarantors_only(db: Engine) -> None:
    head = _create(db)
    with pytest.raises(BadRequest) as refused:
        _create(db, Guarantor=head, FamFinUrgNote="Past due")
    assert refused.value.message == "FamFinUrgNote can only be set for a guarantor."


def test_the_same_person_twice_is_refused(db: Engine) -> None:
    last = _name()
    _create(db, LName=last, Birthdate="1980-01-01", WkPhone="555-0101")
    for contact in ({"WkPhone": "555-0101"}, {"HmPhone": "555-0101"}):
        with pytest.raises(BadRequest) as refused:
            _create(db, LName=last.upper(), Birthdate="1980-01-01", **contact)
        assert refused.value.message == (
            "Patient already exists with the same LName, FName, Birthdate, "
            "and Email or phone number."
        )
    # Another birthdate, or no shared contact, is another person.
    _create(db, LName=last, Birthdate="1981-01-01", WkPhone="555-0101")
    _create(db, LName=last, Birthdate="1980-01-01", WkPhone="555-0199")


def test_put_changes_only_the_fields_given_and_empty_text_clears(db: Engine) -> None:
    pat_num = _create(db, City="Salem", Email="a@b.c", Gender="Male")
    set_row(db, "patient", pat_num, DateTStamp=OLD_STAMP)
    view = update_patient(
        db, PatientInput(pat_num=pat_num, City="", PatStatus="Inactive", Premed=True), KEY
    )
    p = view.patient
    assert (p.City, p.Email, p.Gender, p.PatStatus, p.Premed) == (
        "", "a@b.c", PatientGender.Male, PatientStatus.Inactive, True
    )  # fmt: skip
    assert p.DateTStamp.date() == office_today()


def test_put_that_changes_nothing_writes_nothing(db: Engine) -> None:
    pat_num = _create(db, City="Salem")
    set_row(db, "patient", pat_num, DateTStamp=OLD_STAMP)
    update_patient(db, PatientInput(pat_num=pat_num, City="Salem"), KEY)
    assert rows(db, "patient", PatNum=pat_num)[0]["DateTStamp"] == OLD_STAMP


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"LName": ""}, "LName cannot be blank."),
        ({"FName": " "}, "FName cannot be blank."),
        ({"PriProv": 0}, "PriProv is invalid."),
        ({"Zip": "ABCDE"}, "Zip is invalid."),
        ({"FeeSched": 1}, "FeeSched is not supported by odpay."),
        ({"Guarantor": 0}, "Guarantor is invalid."),
    ],
)
def test_put_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    pat_num = _create(db)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=pat_num, **fields), KEY)
    assert refused.value.message == message


def test_put_looks_the_patient_up_before_the_body(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=None, City="x"), KEY)
    assert refused.value.message == "Patient ID is required."
    with pytest.raises(NotFound) as missing:
        update_patient(db, PatientInput(pat_num=999999999, body_error="Invalid JSON."), KEY)
    assert missing.value.message == "Patient not found."
    gone = patient(db, PatStatus=PatientStatus.Deleted)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=gone, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Patient has been deleted."
    alive = _create(db)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=alive, body_error="Invalid JSON."), KEY)
    assert refused.value.message == "Invalid JSON."


def test_a_guarantor_can_hand_the_family_to_a_member(db: Engine) -> None:
    head = _create(db)
    child, other = _create(db, Guarantor=head), _create(db, Guarantor=head)
    update_patient(db, PatientInput(pat_num=head, Guarantor=child), KEY)
    assert [get_patient(db, n).patient.Guarantor for n in (head, child, other)] == [child] * 3


def test_a_member_cannot_pick_another_member_as_guarantor(db: Engine) -> None:
    head = _create(db)
    child, other = _create(db, Guarantor=head), _create(db, Guarantor=head)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=child, Guarantor=other), KEY)
    assert refused.value.message == "Guarantor cannot be updated to a different family member."


def test_a_member_can_leave_for_another_family_or_a_family_of_their_own(db: Engine) -> None:
    head, elsewhere = _create(db), _create(db)
    child = _create(db, Guarantor=head)
    update_patient(db, PatientInput(pat_num=child, Guarantor=elsewhere), KEY)
    assert get_patient(db, child).patient.Guarantor == elsewhere
    update_patient(db, PatientInput(pat_num=child, Guarantor=child), KEY)
    assert get_patient(db, child).patient.Guarantor == child


def test_a_head_with_members_cannot_join_another_family(db: Engine) -> None:
    head, elsewhere = _create(db), _create(db)
    _create(db, Guarantor=head)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=head, Guarantor=elsewhere), KEY)
    assert refused.value.message == (
        "Guarantor cannot be changed for the head of a family with other members."
    )
    member = _create(db, Guarantor=elsewhere)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=_create(db), Guarantor=member), KEY)
    assert refused.value.message == "Guarantor must be the head of a family."


def test_put_family_note_needs_a_guarantor(db: Engine) -> None:
    head = _create(db)
    child = _create(db, Guarantor=head)
    with pytest.raises(BadRequest) as refused:
        update_patient(db, PatientInput(pat_num=child, FamFinUrgNote="Late"), KEY)
    assert refused.value.message == "FamFinUrgNote can only be set for a guarantor."
    view = update_patient(db, PatientInput(pat_num=head, FamFinUrgNote="Late"), KEY)
    assert view.patient.FamFinUrgNote == "Late"


def test_get_of_a_missing_patient_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        get_patient(db, 999999999)
    assert missing.value.message == "Patient not found."


def _found(db: Engine, **query: str) -> list[str]:
    return [v.patient.FName for v in list_patients(db, query)]


def test_search_matches_any_part_of_text_fields_ignoring_case(db: Engine) -> None:
    last = _name()
    patient(db, LName=f"{last}son", FName="Peter", City="Salem", Email="pete@web.com")
    patient(db, LName=last, FName="Anna", City="Portland")
    assert _found(db, LName=last.upper()) == ["Anna", "Peter"]  # LName, then FName
    assert _found(db, LName=last, FName="ETE") == ["Peter"]
    assert _found(db, LName=last, City="ort") == ["Anna"]
    assert _found(db, LName=last, Email="PETE@") == ["Peter"]


def test_search_by_phone_ignores_punctuation(db: Engine) -> None:
    last = _name()
    patient(db, LName=last, FName="Home", HmPhone="(503) 555-0188")
    patient(db, LName=last, FName="Cell", WirelessPhone="503.555.0177")
    assert _found(db, LName=last, Phone="5035550188") == ["Home"]
    assert _found(db, LName=last, Phone="555-0177") == ["Cell"]
    assert _found(db, LName=last, Phone="503-555") == ["Cell", "Home"]


def test_search_hides_deleted_and_by_default_archived_and_deceased(db: Engine) -> None:
    last = _name()
    for status in PatientStatus:
        patient(db, LName=last, FName=status.name, PatStatus=status)
    everyone = ["Archived", "Deceased", "Inactive", "NonPatient", "Patient", "Prospective"]
    assert _found(db, LName=last) == ["Inactive", "NonPatient", "Patient", "Prospective"]
    assert _found(db, LName=last, showArchived="true") == everyone
    assert _found(db, LName=last, hideInactive="TRUE") == ["NonPatient", "Patient", "Prospective"]


def test_search_by_guarantors_birthdate_and_clinics(db: Engine) -> None:
    last = _name()
    north, south = add(db, "clinic", Abbr=f"N{last}"), add(db, "clinic", Abbr=f"S{last}")
    head = patient(db, LName=last, FName="Head", Birthdate=date(1970, 1, 1), ClinicNum=north)
    patient(db, head, LName=last, FName="Kid", Birthdate=date(2010, 1, 1), ClinicNum=south)
    assert _found(db, LName=last, guarOnly="true") == ["Head"]
    assert _found(db, LName=last, Birthdate="2010-01-01") == ["Kid"]
    assert _found(db, LName=last, clinicNums=f"{north},{south}") == ["Head", "Kid"]
    assert _found(db, LName=last, clinicAbbr=f"s{last}") == ["Kid"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"Birthdate": "1970-1-1"}, "Birthdate is invalid."),
        ({"clinicNums": "1,x"}, "clinicNums is invalid."),
        ({"SubscriberId": "ABC123"}, "SubscriberId is not supported by odpay."),
        ({"invoiceNumber": "77"}, "invoiceNumber is not supported by odpay."),
    ],
)
def test_search_refuses_what_it_cannot_do(db: Engine, query: dict[str, str], message: str) -> None:
    with pytest.raises(BadRequest) as refused:
        list_patients(db, query)
    assert refused.value.message == message


def test_search_pages_with_limit_and_offset(db: Engine) -> None:
    last = _name()
    for first in ("A", "B", "C"):
        patient(db, LName=last, FName=first)
    assert _found(db, LName=last, Limit="2") == ["A", "B"]
    assert _found(db, LName=last, Limit="2", Offset="2") == ["C"]
