"""API key pairs: registration and the ODFHIR header check (wire-format.md §2), stored as a
salted scrypt hash; rows of the SHA-256 era still accepted and rewritten on first use."""

import hashlib

import pytest
from sqlalchemy import Engine, insert, select

from odpay.db.keys import odpay_apikey
from odpay.db.state import odpay_state
from odpay.services import keys
from odpay.services.errors import BadRequest, NotAuthorized
from odpay.services.keys import authorize, create_key
from tests.factories import set_row


def test_a_registered_pair_is_authorized_with_its_api_user(db: Engine) -> None:
    create_key(db, "devA1-key-000001", "custA1-key-00001", developer_name="Acme Dental Apps")
    key = authorize(db, "ODFHIR devA1-key-000001/custA1-key-00001", "ApiPayments")
    assert key.DeveloperName == "Acme Dental Apps"
    assert key.UserNum == 1
    assert key.Permissions == frozenset({"ApiReadAll", "ApiPayments"})


def test_surrounding_whitespace_of_the_header_is_ignored(db: Engine) -> None:
    create_key(db, "devA2-key-000001", "custA2-key-00001")
    assert authorize(db, "  ODFHIR devA2-key-000001/custA2-key-00001 \t", "ApiReadAll").UserNum == 1


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "odfhir devA3-key-000001/custA3-key-00001",
        "ODFHIR  devA3-key-000001/custA3-key-00001",
        "ODFHIRdevA3-key-000001/custA3-key-00001",
        "ODFHIR devA3-key-000001custA3-key-00001",
        "ODFHIR /custA3-key-00001",
        "ODFHIR devA3-key-000001/",
        "ODFHIR devA3-key-000001/custA3-key-0000X",
        "Bearer devA3-key-000001/custA3-key-00001",
    ],
)
def test_every_bad_header_is_not_authorized(db: Engine, header: str | None) -> None:
    create_key(db, "devA3-key-000001", "custA3-key-00001")
    with pytest.raises(NotAuthorized) as refused:
        authorize(db, header, "ApiReadAll")
    assert refused.value.message == "Not Authorized."


def test_a_read_only_key_may_read_but_not_write(db: Engine) -> None:
    create_key(db, "devA4-key-000001", "custA4-key-00001", ("ApiReadAll",))
    assert authorize(db, "ODFHIR devA4-key-000001/custA4-key-00001", "ApiReadAll").UserNum == 1
    with pytest.raises(NotAuthorized):
        authorize(db, "ODFHIR devA4-key-000001/custA4-key-00001", "ApiPayments")


def test_a_disabled_key_is_not_authorized(db: Engine) -> None:
    num = create_key(db, "devA5-key-000001", "custA5-key-00001")
    set_row(db, odpay_apikey.name, num, IsDisabled=1)
    with pytest.raises(NotAuthorized):
        authorize(db, "ODFHIR devA5-key-000001/custA5-key-00001", "ApiReadAll")


def test_the_customer_key_after_the_first_slash_may_hold_slashes(db: Engine) -> None:
    create_key(db, "devA6-key-000001", "cust/A6/key/0001")
    assert authorize(db, "ODFHIR devA6-key-000001/cust/A6/key/0001", "ApiReadAll").UserNum == 1


@pytest.mark.parametrize(
    ("developer_key", "customer_key", "permissions", "said"),
    [
        (
            "a",
            "custA7-key-00001",
            ("ApiReadAll",),
            "The DeveloperKey must be 16 to 255 characters long.",
        ),
        (
            "devA7-key-000001",
            "c" * 15,
            ("ApiReadAll",),
            "The CustomerKey must be 16 to 255 characters long.",
        ),
        (
            "devA7-key-000001",
            "c" * 256,
            ("ApiReadAll",),
            "The CustomerKey must be 16 to 255 characters long.",
        ),
        (
            "devA7/key/000001",
            "custA7-key-00001",
            ("ApiReadAll",),
            "The DeveloperKey may not hold '/', which ends it in the header.",
        ),
        (
            "devA7 key 000001",
            "custA7-key-00001",
            ("ApiReadAll",),
            "The DeveloperKey may hold only printable ASCII characters, without spaces.",
        ),
        (
            "devA7-key-000001",
            "custA7-key-0000é",
            ("ApiReadAll",),
            "The CustomerKey may hold only printable ASCII characters, without spaces.",
        ),
        (
            "devA7-key-000001",
            "custA7-key-00001",
            (),
            "At least one permission is required: ApiReadAll, ApiPayments.",
        ),
    ],
)
def test_a_key_that_could_never_serve_is_refused(
    db: Engine, developer_key: str, customer_key: str, permissions: tuple[str, ...], said: str
) -> None:
    before = _rows(db)
    with pytest.raises(BadRequest) as refused:
        create_key(db, developer_key, customer_key, permissions)
    assert refused.value.message == said
    assert _rows(db) == before


def test_the_demo_pair_of_16_characters_is_accepted(fresh_db: Engine) -> None:
    create_key(fresh_db, "NFF6i0KrXrxDkZHt", "VzkmZEaUWOjnQX2z")
    assert authorize(fresh_db, "ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z", "ApiPayments")


def test_the_database_holds_a_salted_scrypt_hash_not_the_keys(fresh_db: Engine) -> None:
    num = create_key(fresh_db, "devA8-key-000001", "custA8-key-00001")
    with fresh_db.connect() as conn:
        row = conn.execute(select(odpay_apikey).where(odpay_apikey.c.ApiKeyNum == num)).one()
        salt = conn.execute(select(odpay_state.c.KeySalt)).scalar_one()
    expected = hashlib.scrypt(
        b"devA8-key-000001/custA8-key-00001", salt=bytes.fromhex(salt), n=2**14, r=8, p=1, dklen=32
    ).hex()
    assert len(salt) == 32
    assert row.KeyHash == f"scrypt$16384$8$1${expected}"
    assert (row.DeveloperKeyHash, row.CustomerKeyHash) == ("", "")


def test_registering_a_pair_again_updates_its_row(fresh_db: Engine) -> None:
    first = create_key(fresh_db, "devA9-key-000001", "custA9-key-00001")
    again = create_key(fresh_db, "devA9-key-000001", "custA9-key-00001", ("ApiReadAll",))
    assert again == first
    assert len(_rows(fresh_db)) == 1


def test_a_legacy_sha256_row_is_accepted_and_rewritten_on_first_use(fresh_db: Engine) -> None:
    """A row as odpay wrote it before migration 0004: digests, no KeyHash."""
    dev, cust = "devLegacy", "custLegacy"  # short: created before the minimum existed
    with fresh_db.begin() as conn:
        conn.execute(
            insert(odpay_apikey).values(
                DeveloperKeyHash=hashlib.sha256(dev.encode()).hexdigest(),
                CustomerKeyHash=hashlib.sha256(cust.encode()).hexdigest(),
                Permissions="ApiReadAll,ApiPayments",
                UserNum=1,
            )
        )
    with pytest.raises(NotAuthorized):
        authorize(fresh_db, f"ODFHIR {dev}/{cust}x", "ApiReadAll")
    assert authorize(fresh_db, f"ODFHIR {dev}/{cust}", "ApiReadAll").UserNum == 1

    [row] = _rows(fresh_db)
    assert (row["DeveloperKeyHash"], row["CustomerKeyHash"]) == ("", "")
    assert str(row["KeyHash"]).startswith("scrypt$16384$8$1$")
    # still accepted, now by its scrypt hash (a new process: nothing cached)
    keys._seen.clear()
    assert authorize(fresh_db, f"ODFHIR {dev}/{cust}", "ApiPayments").UserNum == 1


def _rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(odpay_apikey))]
