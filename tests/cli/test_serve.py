"""`odpay serve` listens first, then says where; a port already taken is one line and exit 1;
its log lines (text or JSON, one access line per request) and several workers' metrics."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

ODPAY = str(Path(sys.executable).parent / "odpay")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_serving_line_comes_once_the_server_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    port = _free_port()
    server = subprocess.Popen(
        [ODPAY, "serve", "--database-url", url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # blocks until the server says it serves
        assert line == (
            f"odpay is serving on http://127.0.0.1:{port}/api/v1 "
            f"(docs: http://127.0.0.1:{port}/docs)\n"
        )
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code in (200, 503)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_port_already_taken_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        refused = subprocess.run(
            [
                ODPAY,
                "serve",
                "--database-url",
                f"sqlite:///{tmp_path / 'x.db'}",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (refused.returncode, refused.stdout) == (1, "")
    assert (
        refused.stderr
        == f"odpay serve: cannot listen on 127.0.0.1:{port}: Address already in use.\n"
    )


ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def _database(tmp_path: Path) -> str:
    """A new SQLite database with the schema and the key pair `logDeveloperKey16/logCustomerKey16`."""
    url = f"sqlite:///{tmp_path / 'logs.db'}"
    for command in (
        ["db", "upgrade"],
        [
            "keys",
            "create",
            "--developer-key",
            "logDeveloperKey16",
            "--customer-key",
            "logCustomerKey16",
        ],
    ):
        subprocess.run([ODPAY, *command, "--database-url", url], check=True, capture_output=True)
    return url


def _serve(url: str, port: int, *options: str, **env: str) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [ODPAY, "serve", "--database-url", url, "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def _stop(server: "subprocess.Popen[str]") -> str:
    """Stop the server; its whole log (stderr)."""
    server.terminate()
    _, log = server.communicate(timeout=30)
    return log


def test_json_logs_have_one_access_line_per_request_and_no_query_values(tmp_path: Path) -> None:
    url, port = _database(tmp_path), _free_port()
    server = _serve(url, port, "--log-format", "json", ODPAY_LOG_FORMAT="text")
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith("odpay is serving on")
        r = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/payments?PatNum=987654&Limit=5",
            headers={
                "Authorization": "ODFHIR logDeveloperKey16/logCustomerKey16",
                "X-Request-ID": "trace-42",
            },
            timeout=10,
        )
        assert (r.status_code, r.headers["X-Request-ID"]) == (404, "trace-42")
    finally:
        log = _stop(server)
    lines = [json.loads(line) for line in log.splitlines()]  # every line is one JSON object
    for line in lines:
        assert re.fullmatch(ISO_TIME, line["time"])
        assert line["level"] in ("INFO", "WARNING", "ERROR")
    access = [line for line in lines if line["logger"] == "odpay.access"]
    assert len(access) == 1
    [line] = access
    assert line.pop("time") and line.pop("duration_ms") >= 0
    duration = line["message"].removeprefix("GET /api/v1/payments?PatNum&Limit 404 ")
    assert re.fullmatch(r"\d+\.\d\d ms", duration)
    assert line == {
        "level": "INFO",
        "logger": "odpay.access",
        "message": f"GET /api/v1/payments?PatNum&Limit 404 {duration}",
        "request_id": "trace-42",
        "method": "GET",
        "path": "/api/v1/payments?PatNum&Limit",
        "route": "/api/v1/payments",
        "status": 404,
        "client": "127.0.0.1",
    }
    assert "987654" not in log
    assert "logCustomerKey16" not in log
    assert "uvicorn.access" not in log  # uvicorn's own access log is off
    assert any(line["message"] == "Application startup complete." for line in lines)


def test_text_logs_from_odpay_log_format_carry_time_and_level_on_every_line(
    tmp_path: Path,
) -> None:
    url, port = _database(tmp_path), _free_port()
    server = _serve(url, port, ODPAY_LOG_FORMAT="TEXT")
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith("odpay is serving on")
        r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        request_id = r.headers["X-Request-ID"]
    finally:
        log = _stop(server)
    lines = log.splitlines()
    assert all(re.match(ISO_TIME + r" (INFO|WARNING|ERROR) \S+ ", line) for line in lines)
    access = [line for line in lines if " odpay.access " in line]
    assert len(access) == 1
    assert re.fullmatch(
        ISO_TIME + rf" INFO odpay\.access request_id={request_id} GET /healthz 200 \d+\.\d\d ms",
        access[0],
    )


def test_an_unknown_log_format_is_one_line_and_exit_2(tmp_path: Path) -> None:
    refused = subprocess.run(
        [ODPAY, "serve", "--database-url", f"sqlite:///{tmp_path / 'x.db'}", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ODPAY_LOG_FORMAT": "xml"},
    )
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == "odpay: ODPAY_LOG_FORMAT='xml': use text or json.\n"


def test_two_workers_share_one_metrics_directory_removed_at_exit(tmp_path: Path) -> None:
    url, port = _database(tmp_path), _free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    server = _serve(url, port, "--workers", "2", TMPDIR=str(scratch))
    base = f"http://127.0.0.1:{port}"
    reader = {"Authorization": "ODFHIR logDeveloperKey16/logCustomerKey16"}
    try:
        _wait_until_up(f"{base}/healthz")
        for _ in range(12):
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        [directory] = scratch.glob("odpay-metrics-*")
        _wait_for(lambda: len(_worker_pids(directory)) == 2)  # both workers write there
        counted = set()
        for _ in range(4):  # whichever worker answers, it adds up both workers' counts
            r = httpx.get(f"{base}/metrics", headers=reader, timeout=10)
            assert r.status_code == 200
            counted |= {
                sample.value
                for family in text_string_to_metric_families(r.text)
                for sample in family.samples
                if sample.name == "odpay_http_requests_total"
                and sample.labels == {"method": "GET", "route": "/healthz", "status": "200"}
            }
        assert counted == {13.0}  # the first answer to _wait_until_up, then 12
    finally:
        _stop(server)
    assert list(scratch.iterdir()) == []


def _worker_pids(directory: Path) -> set[str]:
    return {path.stem.rsplit("_", 1)[1] for path in directory.glob("*.db")}


def _wait_until_up(url: str) -> None:
    """Poll until the first 200: only that one answer reaches the server's counts."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.2)
