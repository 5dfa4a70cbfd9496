"""The SQLite writer lock excludes threads and processes, with `fcntl` (flock) and without it
(filelock, as on Windows): odpay imports and its lock works where `fcntl` does not exist."""

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

HOLDER = Path(__file__).with_name("lock_holder.py")
ROOT = Path(__file__).parents[2]


def _holders(tmp_path: Path, mode: str) -> list[tuple[float, float, int]]:
    """Two processes of two threads each take the lock five times; their hold intervals."""
    lock = tmp_path / "odpay.db.writer-lock"
    logs = [tmp_path / f"holder-{n}.log" for n in range(2)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(HOLDER), str(lock), str(log), mode],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for log in logs
    ]
    for process in processes:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
    intervals = []
    for log in logs:
        for line in log.read_text().splitlines():
            start, end, pid = line.split()
            intervals.append((float(start), float(end), int(pid)))
    return sorted(intervals)


@pytest.mark.parametrize("mode", ["fcntl", "no-fcntl"])
def test_no_two_holders_of_the_writer_lock_overlap(tmp_path: Path, mode: str) -> None:
    intervals = _holders(tmp_path, mode)
    assert len(intervals) == 20
    assert len({pid for _, _, pid in intervals}) == 2
    for (_, end, _), (next_start, _, _) in itertools.pairwise(intervals):
        assert end <= next_start
