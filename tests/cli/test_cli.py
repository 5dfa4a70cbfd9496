"""The `odpay` console script for real: db upgrade and keys create."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

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


def test_keys_create_stores_only_digests_and_replaces_permissions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    run("db", "upgrade", "--database-url", url)
    created = run(
        "keys",
        "create",
        "--developer-key",
        "dev123",
        "--customer-key",
        "cust456",
        "--database-url",
        url,
    )
    narrowed = run(
        "keys",
        "create",
        "--developer-key",
        "dev123",
        "--customer-key",
        "cust456",
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
    assert keys[0].DeveloperKeyHash == hashlib.sha256(b"dev123").hexdigest()
    assert keys[0].CustomerKeyHash == hashlib.sha256(b"cust456").hexdigest()
    assert keys[0].Permissions == "ApiReadAll"
    assert keys[0].UserNum == 1
    assert "dev123" not in (tmp_path / "keys.db").read_bytes().decode("latin-1")


def test_keys_create_refuses_an_unknown_permission(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    run("db", "upgrade", "--database-url", url)
    refused = run(
        "keys",
        "create",
        "--developer-key",
        "a",
        "--customer-key",
        "b",
        "--permissions",
        "ApiEverything",
        "--database-url",
        url,
    )
    assert refused.returncode == 2
    assert (
        refused.stderr.strip() == "Unknown permission ApiEverything. Use ApiReadAll, ApiPayments."
    )


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
