"""Migration 0004 on a database of the SHA-256 era: the key rows it holds keep working and are
rewritten as scrypt on first use; a second upgrade changes nothing."""

import hashlib

from sqlalchemy import Engine, inspect, select, text

from odpay.db.keys import odpay_apikey
from odpay.db.state import odpay_state
from odpay.db.upgrade import upgrade
from odpay.services import keys
from odpay.services.keys import authorize


def _as_of_0003(engine: Engine) -> None:
    """Put back the odpay_apikey and odpay_state of revision 0003."""
    q = engine.dialect.identifier_preparer.quote
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_odpay_apikey_keyhash" + _on(engine)))
        conn.execute(text("DROP INDEX ix_odpay_apikey_hashes" + _on(engine)))
        conn.execute(text(f"ALTER TABLE odpay_apikey DROP COLUMN {q('KeyHash')}"))
        conn.execute(text(f"ALTER TABLE odpay_state DROP COLUMN {q('KeySalt')}"))
        conn.execute(
            text(
                "CREATE UNIQUE INDEX ux_odpay_apikey_hashes"
                f" ON odpay_apikey ({q('DeveloperKeyHash')}, {q('CustomerKeyHash')})"
            )
        )
        conn.execute(text("UPDATE odpay_schema_version SET version_num = '0003'"))
    with engine.begin() as conn:
        conn.execute(
            odpay_apikey.insert().values(
                DeveloperKeyHash=_sha("oldDev"),
                CustomerKeyHash=_sha("oldCust"),
                DeveloperName="Old App",
                Permissions="ApiReadAll",
                UserNum=1,
            )
        )


def _on(engine: Engine) -> str:
    return " ON odpay_apikey" if engine.dialect.name in ("mysql", "mariadb") else ""


def _sha(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def test_0004_keeps_legacy_keys_working_and_rewrites_them_on_first_use(fresh_db: Engine) -> None:
    _as_of_0003(fresh_db)
    upgrade(fresh_db)
    upgrade(fresh_db)  # twice: nothing more to do

    inspector = inspect(fresh_db)
    assert "KeyHash" in [c["name"] for c in inspector.get_columns("odpay_apikey")]
    indexes = {ix["name"]: ix["unique"] for ix in inspector.get_indexes("odpay_apikey")}
    assert "ux_odpay_apikey_hashes" not in indexes
    assert not indexes["ix_odpay_apikey_keyhash"]
    with fresh_db.connect() as conn:
        salt = conn.execute(select(odpay_state.c.KeySalt)).scalar_one()
        [row] = conn.execute(select(odpay_apikey)).all()
    assert len(salt) == 32
    assert (row.DeveloperKeyHash, row.CustomerKeyHash, row.KeyHash) == (
        _sha("oldDev"),
        _sha("oldCust"),
        "",
    )

    keys._seen.clear()
    assert authorize(fresh_db, "ODFHIR oldDev/oldCust", "ApiReadAll").DeveloperName == "Old App"
    with fresh_db.connect() as conn:
        [row] = conn.execute(select(odpay_apikey)).all()
    assert (row.DeveloperKeyHash, row.CustomerKeyHash) == ("", "")
    assert row.KeyHash.startswith("scrypt$16384$8$1$")
