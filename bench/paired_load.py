"""Two builds of odpay under the headline load, side by side: POST req/s, p99, and the server's
and the database's CPU ms per POST, in alternating wrk runs.

    git archive main src | tar -x -C /tmp/odpay-before
    .venv/bin/python bench/paired_load.py --before /tmp/odpay-before/src [--backend postgresql]

paired_post.py measures one client; this one 16 (`--clients`) against `odpay serve --workers 2`,
where the event loop and the use cases compete for the process and the cores. Each build
(`before`: the odpay package under --before; `after`: the checked-out src) serves its own copy
of the issue-shaped data (200 families of 50 procedures; on MariaDB and PostgreSQL two databases
of the server ODPAY_BENCH_<BACKEND>_URL names). After a 3-second warm-up of each, `--rounds`
rounds, each after ANALYZE of both databases, run wrk for `--seconds` on one build and then the
other, the order swapping each round. Prints each round, then each build's medians, as JSON lines.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.paired_post import issue_database, refresh_statistics, serve_build
from bench.run_post import (
    OUT,
    database_cpu_seconds,
    free_port,
    stop_server,
    tree_cpu_seconds,
    wrk_command,
    wrk_result,
)

_FIGURES = ("rps", "p99_ms", "server_cpu_ms_per_post", "database_cpu_ms_per_post")


class _Build:
    def __init__(self, name: str, src: str | None, backend: str, clients: int) -> None:
        self.name, self.backend, self.clients = name, backend, clients
        self.url, families = issue_database(backend, f"load_{name}", 200)
        self.families = OUT / f"paired-load-{name}.txt"
        self.families.write_text("\n".join(map(str, families)) + "\n")
        self.port = free_port()
        self.server = serve_build(f"load-{name}", self.url, self.port, src)

    def wrk(self, seconds: int) -> dict[str, float]:
        command, env = wrk_command(self.port, seconds, self.clients, 2, self.families, None)
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        return wrk_result(done.stdout, done.stderr)

    def measured(self, seconds: int) -> dict[str, Any]:
        cpu, database = tree_cpu_seconds(self.server.pid), database_cpu_seconds(self.backend)
        result = self.wrk(seconds)
        posts = result["requests"]
        return {
            "rps": round(result["rps"], 1),
            "p99_ms": result["p99_ms"],
            "server_cpu_ms_per_post": round(
                (tree_cpu_seconds(self.server.pid) - cpu) * 1000 / posts, 3
            ),
            "database_cpu_ms_per_post": round(
                (database_cpu_seconds(self.backend) - database) * 1000 / posts, 3
            ),
            "failures": result["failures"],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="directory holding the older `odpay`")
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    builds = [
        _Build("before", args.before, args.backend, args.clients),
        _Build("after", None, args.backend, args.clients),  # the installed, checked-out odpay
    ]
    rounds: dict[str, list[dict[str, Any]]] = {b.name: [] for b in builds}
    try:
        for build in builds:
            build.wrk(3)
        for k in range(args.rounds):
            # Each round adds thousands of splits per build: statistics of the round before
            # (paired_post.refresh_statistics).
            refresh_statistics(b.url for b in builds)
            for build in builds if k % 2 == 0 else builds[::-1]:
                figures = build.measured(args.seconds)
                rounds[build.name].append(figures)
                print(json.dumps({"round": k, "build": build.name, **figures}), flush=True)
    finally:
        for build in builds:
            stop_server(build.server)
    for name, runs in rounds.items():
        medians = {f: statistics.median(run[f] for run in runs) for f in _FIGURES}
        print(json.dumps({"build": name, "median": medians}))


if __name__ == "__main__":
    main()
