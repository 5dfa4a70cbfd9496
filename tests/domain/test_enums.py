"""Open Dental's enums by name: the texts the sandbox resources read and write."""

from odpay.domain.enums import (
    ContactMethod,
    PatientGender,
    TreatmentArea,
    def_cat_name,
    def_cat_named,
    name_of,
    value_named,
)


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
