"""API key pairs: registration and the ODFHIR header check (wire-format.md §2)."""

import pytest
from sqlalchemy import Engine

from odpay.db.keys import odpay_apikey
from odpay.services.errors import NotAuthorized
from odpay.services.keys import authorize, create_key
from tests.factories import set_row


def test_a_registered_pair_is_authorized_with_its_api_user(db: Engine) -> None:
    create_key(db, "devA1", "custA1", developer_name="Acme Dental Apps")
    key = authorize(db, "ODFHIR devA1/custA1", "ApiPayments")
    assert key.DeveloperName == "Acme Dental Apps"
    assert key.UserNum == 1
    assert key.Permissions == frozenset({"ApiReadAll", "ApiPayments"})


def test_surrounding_whitespace_of_the_header_is_ignored(db: Engine) -> None:
    create_key(db, "devA2", "custA2")
    assert authorize(db, "  ODFHIR devA2/custA2 \t", "ApiReadAll").UserNum == 1


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "odfhir devA3/custA3",
        "ODFHIR  devA3/custA3",
        "ODFHIRdevA3/custA3",
        "ODFHIR devA3custA3",
        "ODFHIR /custA3",
        "ODFHIR devA3/",
        "ODFHIR devA3/custXX",
        "Bearer devA3/custA3",
    ],
)
def test_every_bad_header_is_not_authorized(db: Engine, header: str | None) -> None:
    create_key(db, "devA3", "custA3")
    with pytest.raises(NotAuthorized) as refused:
        authorize(db, header, "ApiReadAll")
    assert refused.value.message == "Not Authorized."


def test_a_read_only_key_may_read_but_not_write(db: Engine) -> None:
    create_key(db, "devA4", "custA4", ("ApiReadAll",))
    assert authorize(db, "ODFHIR devA4/custA4", "ApiReadAll").UserNum == 1
    with pytest.raises(NotAuthorized):
        authorize(db, "ODFHIR devA4/custA4", "ApiPayments")


def test_a_disabled_key_is_not_authorized(db: Engine) -> None:
    num = create_key(db, "devA5", "custA5")
    set_row(db, odpay_apikey.name, num, IsDisabled=1)
    with pytest.raises(NotAuthorized):
        authorize(db, "ODFHIR devA5/custA5", "ApiReadAll")


def test_the_customer_key_after_the_first_slash_may_hold_slashes(db: Engine) -> None:
    create_key(db, "devA6", "cust/A6")
    assert authorize(db, "ODFHIR devA6/cust/A6", "ApiReadAll").UserNum == 1
