"""`odpay serve --ssl-certfile --ssl-keyfile` serves HTTPS; a non-loopback address without TLS
is served with one warning line; half a TLS option is one line and exit 2."""

import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.ops.serve import ODPAY, free_port, odpay_serve, upgraded_sqlite

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl CLI")


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@needs_openssl
def test_https_with_the_given_certificate(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    url = upgraded_sqlite(tmp_path / "tls.db")
    log = tmp_path / "server.log"
    options = ("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    with odpay_serve(url, log, *options, scheme="https") as (base, _process):
        trusting = ssl.create_default_context(cafile=str(cert))
        r = httpx.get(f"{base}/healthz", verify=trusting, timeout=10)
        assert (r.status_code, r.json()) == (200, {"status": "ok"})
        with pytest.raises(httpx.HTTPError):  # plain HTTP on the TLS port is not served
            httpx.get(base.replace("https://", "http://") + "/healthz", timeout=10)
    said = log.read_text()
    assert f"odpay is serving on {base}/api/v1 (docs: {base}/docs)" in said
    assert "without TLS" not in said


def test_a_non_loopback_address_without_tls_is_one_warning(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with odpay_serve(upgraded_sqlite(tmp_path / "open.db"), log, "--host", "0.0.0.0"):
        pass
    warnings = [line for line in log.read_text().splitlines() if "without TLS" in line]
    assert warnings == [
        "WARNING:  odpay serve: listening on 0.0.0.0 without TLS: API keys and payments cross "
        "the network in clear; give --ssl-certfile and --ssl-keyfile, or serve behind a TLS "
        "proxy (docs/deployment.md)."
    ]


def test_loopback_without_tls_is_served_without_a_warning(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with odpay_serve(upgraded_sqlite(tmp_path / "local.db"), log):
        pass
    assert "without TLS" not in log.read_text()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (
            ["--ssl-certfile", "cert.pem"],
            "odpay serve: --ssl-certfile and --ssl-keyfile go together.\n",
        ),
        (
            ["--ssl-certfile", "/no/cert.pem", "--ssl-keyfile", "/no/key.pem"],
            "odpay serve: --ssl-certfile /no/cert.pem: no such file.\n",
        ),
    ],
)
def test_half_a_tls_configuration_is_one_line(
    tmp_path: Path, options: list[str], said: str
) -> None:
    refused = subprocess.run(
        [
            ODPAY,
            "serve",
            "--database-url",
            f"sqlite:///{tmp_path / 'x.db'}",
            "--port",
            str(free_port()),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", said)
