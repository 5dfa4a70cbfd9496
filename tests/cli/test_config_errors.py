"""A configuration odpay cannot work with is one line on stderr and exit 2, before `serve`
listens: no traceback, no password."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ODPAY = str(Path(sys.executable).parent / "odpay")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once closed


def _serve(url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ODPAY, "serve", "--database-url", url, "--port", str(_closed_port())],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def test_an_unparseable_url_is_one_line() -> None:
    refused = _serve("not a url")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        "odpay: the database URL is not one: use sqlite:///odpay.db, "
        "mysql://user:password@host/database or postgresql://user:password@host/database.\n"
    )


def test_an_unknown_kind_of_database_is_one_line() -> None:
    refused = _serve("oracle2://u:pw@db/x")
    assert (refused.returncode, refused.stderr) == (
        2,
        "odpay: the database URL names 'oracle2', which odpay does not know: "
        "use sqlite, mysql (MariaDB) or postgresql.\n",
    )


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        (
            "postgresql://odpay:s3cretPw@127.0.0.1:{port}/odpay",
            "postgresql+psycopg://odpay:***@127.0.0.1:{port}/odpay",
            'connection failed: connection to server at "127.0.0.1", port {port} failed: '
            "Connection refused",
        ),
        ("sqlite:////no/such/directory/odpay.db", "sqlite:////no/such/directory/odpay.db", None),
    ],
)
def test_an_unreachable_database_is_one_line_without_its_password(
    url: str, shown: str, reason: str | None
) -> None:
    port = _closed_port()
    refused = _serve(url.format(port=port))
    expected_reason = reason.format(port=port) if reason else "unable to open database file"
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"odpay: cannot reach the database {shown.format(port=port)}: {expected_reason}\n"
    )
    assert "s3cretPw" not in refused.stderr


def test_an_unreachable_mariadb_is_one_line_without_its_password() -> None:
    port = _closed_port()
    refused = _serve(f"mysql://root:s3cretPw@127.0.0.1:{port}/odpay")
    assert refused.returncode == 2
    assert refused.stderr.startswith("odpay: cannot reach the database mysql+")
    assert f"://root:***@127.0.0.1:{port}/odpay?charset=utf8mb4: Can't connect" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert "s3cretPw" not in refused.stderr


def test_an_unknown_time_zone_is_one_line(tmp_path: Path) -> None:
    refused = _serve(f"sqlite:///{tmp_path / 'tz.db'}", ODPAY_TIMEZONE="Mars/Olympus_Mons")
    assert (refused.returncode, refused.stderr) == (
        2,
        "odpay: ODPAY_TIMEZONE='Mars/Olympus_Mons' is not a time zone; use an IANA name such "
        "as America/New_York, or leave it empty for the machine's zone.\n",
    )


def test_an_unknown_sqlite_synchronous_is_one_line(tmp_path: Path) -> None:
    refused = subprocess.run(
        [ODPAY, "db", "upgrade", "--database-url", f"sqlite:///{tmp_path / 's.db'}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ODPAY_SQLITE_SYNCHRONOUS": "OFF"},
    )
    assert (refused.returncode, refused.stderr) == (
        2,
        "odpay: ODPAY_SQLITE_SYNCHRONOUS='OFF': use FULL or NORMAL.\n",
    )


def test_an_unreadable_setting_is_one_line(tmp_path: Path) -> None:
    refused = _serve(f"sqlite:///{tmp_path / 't.db'}", ODPAY_THREADS="many")
    assert (refused.returncode, refused.stderr) == (
        2,
        "odpay: ODPAY_THREADS='many': Input should be a valid integer, unable to parse string "
        "as an integer.\n",
    )
