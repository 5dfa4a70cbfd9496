"""One enum per Open Dental enum, named and read back by one pair of functions."""

from odpay.domain.enums import def_cat_name, def_cat_named, name_of, value_named
from odpay.domain.records import DefCat, PaymentSource


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
