"""Where a POST /payments (and a GET /payments?Limit=100) spends its CPU: a top-down budget.

python bench/profile_post.py --backend sqlite [--posts 1000] [--gets 500] [--clients 1]

Serves the issue's workload (200 families of 50 completed procedures) with `odpay serve`,
warms it up, then for each request kind attaches `py-spy record --subprocesses` to the server,
sends the requests, and stops py-spy. Only samples of threads on a CPU are kept (py-spy's
default), so the budget is CPU time per request, comparable with run_post.py's server CPU ms
per POST (printed beside it, from /proc, as a check).

Every sample is given to one phase by walking its stack from the root: the first frame whose
module is in PHASES decides (so SQLAlchemy work under the family loader counts as family load);
odpay.http.* and odpay.services.* frames not listed are containers that the walk passes
through. Modules, not function names, decide, so the table survives a rewrite of src/; an
odpay.db module nobody listed shows up under its own name. The raw samples stay in
bench/out/profile-<kind>.txt (flamegraph.pl or speedscope read them).
"""

import argparse
import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import analyze, prepare
from bench.run_post import (
    AUTH,
    GET_PAGE,
    OUT,
    database_url,
    free_port,
    start_server,
    stop_server,
    tree_cpu_seconds,
)
from odpay.db.engine import make_engine

# Module prefix -> phase. The first frame from the root that matches decides the phase.
PHASES: list[tuple[str, str]] = [
    ("odpay.http.auth", "auth (key check)"),
    ("odpay.services.keys", "auth (key check)"),
    ("odpay.db.keys", "auth (key check)"),
    ("odpay.http.wire.json_body", "body parsing"),
    ("odpay.http.wire.bodies", "body parsing"),
    ("odpay.http.wire.schemas", "body parsing"),
    ("odpay.services.inputs", "body parsing"),
    ("odpay.services.parsing", "body parsing"),
    ("odpay.services.field_readers", "body parsing"),
    ("odpay.services.query_params", "query parsing"),
    ("odpay.db.engine", "transaction (connect, begin, commit)"),
    ("odpay.db.locks", "family lock"),
    ("odpay.db.ledger.family", "family load"),
    ("odpay.domain", "engine (odpay.domain)"),
    ("odpay.db.ledger.payments", "payment rows"),  # split by function below: inserts or reads
    ("odpay.services.security_log", "audit row"),
    ("odpay.db.security_log", "audit row"),
    ("odpay.services.views", "views (read back, build)"),
    ("odpay.http.wire.payments", "response serialisation"),
    ("odpay.http.wire.dateformat", "response serialisation"),
    ("odpay.db.practice.cache", "validation look-ups"),
    ("odpay.db.practice.definitions", "validation look-ups"),
    ("odpay.db.ledger.patients", "validation look-ups"),
    ("odpay.db.practice.clinics", "validation look-ups"),
    ("odpay.db.practice.preferences", "validation look-ups"),
    ("odpay.db.practice.preference_values", "validation look-ups"),
    ("odpay.services.clock", "validation look-ups"),
]
CONTAINERS = ("odpay.http.", "odpay.services.")
FRAMEWORK = "HTTP & framework (uvicorn, starlette, fastapi)"
# Leaf frame (where the CPU was) -> layer.
LAYERS = [
    ("sqlalchemy", "sqlalchemy"),
    ("pymysql", "driver"),
    ("psycopg", "driver"),
    ("sqlite3", "driver"),
    ("odpay", "odpay"),
    ("fastapi", "web"),
    ("starlette", "web"),
    ("uvicorn", "web"),
    ("anyio", "web"),
    ("h11", "web"),
    ("httptools", "web"),
    ("pydantic", "web"),
    ("asyncio", "web"),
    ("uvloop", "web"),
]
LAYER_NAMES = ["odpay", "sqlalchemy", "driver", "web", "other"]

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def module_of(filename: str) -> str:
    """'odpay/db/ledger/family.py', '/x/site-packages/sqlalchemy/sql/base.py', '<frozen abc>' -> dotted."""
    name = filename
    if name.startswith("<frozen "):
        return name[len("<frozen ") : -1]
    for marker in ("site-packages/", "/src/", "/lib/python3."):
        if marker in name:
            name = name.rsplit(marker, 1)[1]
            if marker == "/lib/python3.":
                name = name.split("/", 1)[-1]
    name = name.lstrip("/")
    if name.endswith(".py"):
        name = name[:-3]
    if name.endswith("/__init__"):
        name = name[: -len("/__init__")]
    return name.replace("/", ".")


def parse_raw(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    """py-spy's raw (collapsed) output: per line the stack root first, then a count."""
    stacks = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        stack_text, _, count = line.rpartition(" ")
        frames = []
        for part in stack_text.split(";"):
            found = _FRAME.match(part)
            if found:  # "process 123:..." and "thread (0x..)" labels do not match
                frames.append((module_of(found["file"]), found["function"]))
        if frames:
            stacks.append((frames, int(count)))
    return stacks


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def phase_of(frames: list[tuple[str, str]]) -> str:
    in_service = in_route = False
    for module, function in frames:
        for prefix, phase in PHASES:
            if _matches(module, prefix):
                if prefix == "odpay.db.ledger.payments":
                    return "inserts (payment, splits)" if "insert" in function else "payment rows"
                return phase
        if module.startswith("odpay.db."):
            return module  # a module PHASES does not know yet: shown by name
        if module.startswith("odpay.services."):
            in_service = True
        elif module.startswith(CONTAINERS):
            in_route = True
        elif in_service and module.startswith("sqlalchemy"):
            return "transaction (connect, begin, commit)"  # a service calling SQLAlchemy itself
    if in_service:
        return "service code (other)"
    if in_route:
        return "route code (other)"
    return FRAMEWORK


# SQLAlchemy's one-line wrappers around DB-API calls: time there is the driver's (for SQLite,
# the C library running the statement; py-spy sees no C frames).
_DRIVER_CALLS = ("do_execute", "do_executemany", "do_commit", "do_rollback", "do_begin")


def layer_of(module: str, function: str) -> str:
    if module.startswith("sqlalchemy.engine") and function.rsplit(".", 1)[-1] in _DRIVER_CALLS:
        return "driver"
    for prefix, layer in LAYERS:
        if _matches(module, prefix):
            return layer
    return "other"


# Leaves that are a thread blocked in a wait (py-spy sometimes still counts such a thread as
# running, e.g. anyio's idle worker threads, or a driver waiting for the database's answer):
# dropped.
IDLE_LEAVES = {
    ("psycopg.connection", "Connection.wait"),
    ("psycopg.waiting", "wait"),
    ("psycopg.waiting", "wait_conn"),
    ("socket", "SocketIO.readinto"),
    ("threading", "Condition.wait"),
    ("threading", "Event.wait"),
    ("threading", "Thread.join"),
    ("threading", "Thread._wait_for_tstate_lock"),
    ("queue", "Queue.get"),
    ("multiprocessing.connection", "Connection._recv"),
    ("multiprocessing.connection", "Connection._poll"),
    ("multiprocessing.connection", "wait"),
    ("multiprocessing.resource_tracker", "main"),
    ("selectors", "EpollSelector.select"),
    ("selectors", "PollSelector.select"),
}


def budget(path: Path, rate: int, requests: int, proc_ms: float) -> dict[str, Any]:
    """CPU ms per request by phase (and by layer within each phase), top functions.

    Sample counts become ms at the sampling rate, then are scaled so that they add up to the
    CPU time /proc measured (`proc_ms` per request): py-spy counts a thread that waits for a
    core as running, so on a busy 2-core machine the raw total runs high.
    """
    per_phase: dict[str, Counter[str]] = defaultdict(Counter)
    leaves: Counter[str] = Counter()
    total = idle = 0
    for frames, count in parse_raw(path):
        leaf_module, leaf_function = frames[-1]
        if (leaf_module, leaf_function) in IDLE_LEAVES:
            idle += count
            continue
        total += count
        per_phase[phase_of(frames)][layer_of(leaf_module, leaf_function)] += count
        leaves[f"{leaf_module}:{leaf_function}"] += count
    sampled_ms = total * 1000 / rate / requests
    scale = proc_ms / sampled_ms if sampled_ms and proc_ms else 1.0

    def ms(samples: int) -> float:
        return round(samples * 1000 / rate / requests * scale, 3)

    phases = sorted(per_phase.items(), key=lambda item: -sum(item[1].values()))
    return {
        "samples": total,
        "idle_samples_dropped": idle,
        "sampled_ms_per_request": round(sampled_ms, 3),
        "proc_cpu_ms_per_request": round(proc_ms, 3),
        "scale": round(scale, 3),
        "phases": [
            {
                "phase": name,
                "ms": ms(sum(layers.values())),
                "share": round(sum(layers.values()) / total, 3) if total else 0,
                **{layer: ms(layers[layer]) for layer in LAYER_NAMES},
            }
            for name, layers in phases
        ],
        "layers": {
            layer: ms(sum(layers[layer] for layers in per_phase.values())) for layer in LAYER_NAMES
        },
        "top_functions": [{"function": f, "ms": ms(n)} for f, n in leaves.most_common(15)],
    }


def table(kind: str, found: dict[str, Any], requests: int) -> str:
    proc_ms, sampled_ms = found["proc_cpu_ms_per_request"], found["sampled_ms_per_request"]
    lines = [
        f"### {kind}: {requests} requests, {proc_ms:.2f} ms server CPU per request (/proc);"
        f" samples {sampled_ms:.2f} ms, scaled by {found['scale']:.2f}"
        f" ({found['samples']} samples, {found['idle_samples_dropped']} dropped as waits,"
        f" {found['py_spy_errors']} py-spy errors)",
        "",
        "| phase | CPU ms | % | odpay | sqlalchemy | driver | web | other |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in found["phases"]:
        cells = " | ".join(f"{row[layer]:.2f}" for layer in LAYER_NAMES)
        lines.append(f"| {row['phase']} | {row['ms']:.2f} | {row['share']:.0%} | {cells} |")
    layers = found["layers"]
    cells = " | ".join(f"{layers[layer]:.2f}" for layer in LAYER_NAMES)
    lines.append(f"| **all** | **{proc_ms:.2f}** | 100% | {cells} |")
    if not 0.75 <= found["scale"] <= 1.25:
        lines.append(
            "\nThe samples are far from /proc's CPU time: threads waiting for a core count as"
            " running (use fewer --clients), or py-spy fell behind (lower --rate)."
        )
    lines += ["", "Top leaf functions (self time, ms per request):", ""]
    lines += [f"  {row['ms']:6.2f}  {row['function']}" for row in found["top_functions"]]
    return "\n".join(lines)


def drive(port: int, requests: int, clients: int, make: Any) -> None:
    """Send `requests` requests from `clients` threads, one keep-alive connection each."""
    lock = threading.Lock()
    sent = [0]
    failures: list[str] = []

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if sent[0] >= requests:
                    break
                n = sent[0]
                sent[0] += 1
            method, path, body, expected = make(n)
            headers = {"Authorization": AUTH, "Content-Type": "application/json"}
            conn.request(method, path, body, headers)
            answer = conn.getresponse()
            answer.read()
            if answer.status != expected:
                failures.append(f"{method} {path}: {answer.status}")
        conn.close()

    pool = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")


def profile(
    server: Any, port: int, kind: str, requests: int, clients: int, rate: int, make: Any
) -> dict[str, Any]:
    raw = OUT / f"profile-{kind.lower()}.txt"
    raw.unlink(missing_ok=True)
    spy = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "py-spy"),
            "record",
            "--pid",
            str(server.pid),
            "--subprocesses",
            "--nonblocking",
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            str(raw),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(1.5)  # py-spy attaches to the server and its workers
    if spy.poll() is not None:
        raise SystemExit(f"py-spy stopped: {spy.communicate()[0]}")
    before = tree_cpu_seconds(server.pid)
    drive(port, requests, clients, make)
    proc_ms = (tree_cpu_seconds(server.pid) - before) * 1000 / requests
    spy.send_signal(signal.SIGINT)
    said, _ = spy.communicate(timeout=60)
    if not raw.exists():
        raise SystemExit(f"py-spy wrote nothing: {said}")
    found = budget(raw, rate, requests, proc_ms)
    errors = re.search(r"Errors: (\d+)", said)
    found["py_spy_errors"] = int(errors.group(1)) if errors else None
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "postgresql"], default="sqlite")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--gets", type=int, default=500)
    parser.add_argument(
        "--clients",
        type=int,
        default=1,
        help="client threads; more make runnable-but-waiting threads look busy (see README)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--procedures", type=int, default=50)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    if not shutil.which(str(Path(sys.executable).parent / "py-spy")):
        raise SystemExit("py-spy is needed: .venv/bin/pip install py-spy")

    url = database_url(args.backend)
    engine = make_engine(url)
    families = prepare(engine, args.families, date.today(), args.procedures, "issue")
    analyze(engine)
    engine.dispose()

    def post(n: int) -> tuple[str, str, str, int]:
        pat_num = families[(n * 7) % len(families)]
        return "POST", "/api/v1/payments", json.dumps({"PayAmt": "1.00", "PatNum": pat_num}), 201

    def get(n: int) -> tuple[str, str, None, int]:
        return "GET", GET_PAGE, None, 200

    port = free_port()
    server = start_server(url, args.workers, port, "profile-server.log")
    results = {}
    try:
        drive(port, 200, args.clients, post)  # warm-up; also 100+ payments for the GET page
        drive(port, 50, args.clients, get)
        for kind, count, make in (("POST", args.posts, post), ("GET", args.gets, get)):
            found = profile(server, port, kind, count, args.clients, args.rate, make)
            results[kind] = {"requests": count, **found}
    finally:
        stop_server(server)
    if args.json:
        print(json.dumps({"backend": args.backend, **results}, indent=1))
        return
    print(f"## Profile, {args.backend}, {args.workers} workers, {args.clients} clients\n")
    for kind, found in results.items():
        print(table(kind, found, found["requests"]), "\n")


if __name__ == "__main__":
    main()
