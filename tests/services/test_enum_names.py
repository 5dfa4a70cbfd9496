"""Open Dental's enums by name: the texts the sandbox resources read and write."""

from odpay.domain.enums import ContactMethod, DefCat, PatientGender, PaymentSource, TreatmentArea
from odpay.services.enum_names import def_cat_name, def_cat_named, name_of, value_named


def test_a_member_is_written_by_its_name_and_none_without_its_underscore() -> None:
    assert name_of(PatientGender, 1) == "Female"
    assert name_of(TreatmentArea, 0) == "None"
    assert name_of(TreatmentArea, 42) == "42"


def test_a_name_is_read_exactly_and_case_sensitively() -> None:
    assert value_named(ContactMethod, "TextMessage") == 8
    assert value_named(ContactMethod, "None") == 0
    assert value_named(ContactMethod, "textmessage") is None
    assert value_named(ContactMethod, "None_") is None


def test_a_definition_category_is_named_by_its_position_and_unknown_ones_by_number() -> None:
    assert (def_cat_name(0), def_cat_name(10), def_cat_name(55)) == (
        "AccountColors",
        "PaymentTypes",
        "OperatoryTypes",
    )
    assert (def_cat_name(56), def_cat_name(-1)) == ("56", "-1")
    assert (def_cat_named("PaySplitUnearnedType"), def_cat_named("paymenttypes")) == (29, None)


def test_every_definition_category_by_its_stored_value() -> None:
    assert len(DefCat) == 56
    assert [member.value for member in DefCat] == list(range(56))
    assert def_cat_name(0) == "AccountColors"
    assert def_cat_name(47) == "PayPlanCategories"
    assert def_cat_name(55) == "OperatoryTypes"
    assert def_cat_name(56) == "56"
    assert def_cat_name(-1) == "-1"
    assert def_cat_named("ProcCodeCats") == 11
    assert def_cat_named("proccodecats") is None


def test_payment_source_names_as_dotnet_prints_them() -> None:
    assert name_of(PaymentSource, 0) == "None"
    assert name_of(PaymentSource, 13) == "API"
    assert name_of(PaymentSource, 26) == "MeetInTheCloudPaymentPortalGuest"
    assert name_of(PaymentSource, 24) == "24"
    assert value_named(PaymentSource, "None") == 0
