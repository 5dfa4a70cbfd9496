"""The `odpay` console script for real: db upgrade and keys create."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from odpay.db.engine import make_engine
from odpay.db.keys import odpay_apikey

ODPAY = str(Path(sys.executable).parent / "odpay")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ODPAY, *args], capture_output=True, text=True, timeout=120)


def test_db_upgrade_creates_then_leaves_the_schema_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = run("db", "upgrade", "--database-url", url)
    second = run("db", "upgrade", "--database-url", url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Schema is up to date; blank practice written."
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "Schema is up to date."


def test_keys_create_stores_only_a_hash_and_replaces_permissions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    run("db", "upgrade", "--database-url", url)
    created = run(
        "keys",
        "create",
        "--developer-key",
        "developer-key-123",
        "--customer-key",
        "customer-key-456",
        "--database-url",
        url,
    )
    narrowed = run(
        "keys",
        "create",
        "--developer-key",
        "developer-key-123",
        "--customer-key",
        "customer-key-456",
        "--permissions",
        "ApiReadAll",
        "--database-url",
        url,
    )
    assert created.returncode == 0, created.stderr
    assert narrowed.stdout.strip() == "Key pair registered with permissions ApiReadAll."
    engine = make_engine(url)
    with engine.connect() as conn:
        keys = conn.execute(select(odpay_apikey)).all()
    engine.dispose()
    assert len(keys) == 1
    # scrypt of the pair (db/keys.py); the unsalted digests of old rows stay empty
    assert keys[0].KeyHash.startswith("scrypt$16384$8$1$")
    assert len(keys[0].KeyHash) == len("scrypt$16384$8$1$") + 64
    assert (keys[0].DeveloperKeyHash, keys[0].CustomerKeyHash) == ("", "")
    assert hashlib.sha256(b"developer-key-123").hexdigest() not in keys[0].KeyHash
    assert keys[0].Permissions == "ApiReadAll"
    assert keys[0].UserNum == 1
    assert "developer-key-123" not in (tmp_path / "keys.db").read_bytes().decode("latin-1")


def test_keys_create_refuses_an_unknown_permission(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    run("db", "upgrade", "--database-url", url)
    refused = run(
        "keys",
        "create",
        "--developer-key",
        "developer-key-abc",
        "--customer-key",
        "customer-key-abc",
        "--permissions",
        "ApiEverything",
        "--database-url",
        url,
    )
    assert refused.returncode == 2
    assert (
        refused.stderr.strip() == "Unknown permission ApiEverything. Use ApiReadAll, ApiPayments."
    )


@pytest.mark.parametrize(
    ("developer_key", "customer_key", "permissions", "said"),
    [
        ("a", "b", "ApiReadAll", "The DeveloperKey must be 16 to 255 characters long."),
        (
            "dev/key/of/16/chars",
            "customer-key-abc",
            "ApiReadAll",
            "The DeveloperKey may not hold '/', which ends it in the header.",
        ),
        (
            "developer-key-abc",
            "customer key abc",
            "ApiReadAll",
            "The CustomerKey may hold only printable ASCII characters, without spaces.",
        ),
        (
            "developer-key-abc",
            "customer-key-abc",
            "",
            "At least one permission is required: ApiReadAll, ApiPayments.",
        ),
    ],
)
def test_keys_create_refuses_a_key_that_could_not_serve(
    tmp_path: Path, developer_key: str, customer_key: str, permissions: str, said: str
) -> None:
    url = f"sqlite:///{tmp_path / 'weak.db'}"
    run("db", "upgrade", "--database-url", url)
    refused = run(
        "keys",
        "create",
        "--developer-key",
        developer_key,
        "--customer-key",
        customer_key,
        "--permissions",
        permissions,
        "--database-url",
        url,
    )
    assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", said + "\n")


def test_a_server_url_without_its_driver_names_the_extra_to_install(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "class _NoDrivers:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pymysql', 'psycopg', 'MySQLdb'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, _NoDrivers())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    for url, extra, driver in (
        ("mysql://root@127.0.0.1/odpay", "mysql", "pymysql"),
        ("postgresql://postgres@127.0.0.1/odpay", "postgresql", "psycopg"),
    ):
        refused = subprocess.run(
            [ODPAY, "db", "upgrade", "--database-url", url],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr == (
            f"odpay: {url.split(':')[0]} URLs need the {driver} driver, which is not installed: "
            f'pip install "odpay[{extra}]"\n'
        )
