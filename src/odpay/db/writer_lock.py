"""The OS file lock SQLite writers queue on, on every platform: a blocking `flock` where the
system has `fcntl` (Linux, macOS), filelock's `FileLock` where it does not (Windows).

Why two: `flock` waits in the kernel, which wakes the next writer the moment the lock is
released; filelock polls (try, sleep, try again), which on the 2-process POST contention test
of docs/decisions.md gave a p99 wait five to ten times longer. Both exclude threads of one
process from each other as well as other processes.
"""

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows (and any system without flock)
    fcntl = None  # type: ignore[assignment]

# filelock's waiting writers retry this often (seconds); used only where fcntl is missing.
POLL_INTERVAL = 0.002

_portable_locks: dict[str, Any] = {}
_portable_locks_guard = threading.Lock()


def exclusive_lock(path: str) -> AbstractContextManager[None]:
    """Hold the exclusive lock on the file `path` (created if missing) for the block."""
    if fcntl is not None:
        return _flock(path)
    return _portable_lock(path)


# flock belongs to the open file, so each thread holds its own: opened on its first turn and
# kept (opening and closing it on every write cost two system calls each time).
_thread_files = threading.local()


@contextmanager
def _flock(path: str) -> Iterator[None]:
    files: dict[str, Any] = getattr(_thread_files, "files", None) or {}
    _thread_files.files = files
    lock_file = files.get(path)
    if lock_file is None:
        lock_file = files[path] = Path(path).open("a")  # noqa: SIM115 - kept open on purpose
    fcntl.flock(lock_file, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)


def _portable_lock(path: str) -> AbstractContextManager[None]:
    """filelock's lock for `path`, made once and reused (making one costs more than taking
    it). It is thread-local: each thread holds its own handle, so threads exclude each other."""
    lock = _portable_locks.get(path)
    if lock is None:
        from filelock import FileLock  # only here: its import warns where only soft locks exist

        with _portable_locks_guard:
            lock = _portable_locks.setdefault(
                path, FileLock(path, thread_local=True, poll_interval=POLL_INTERVAL)
            )
    return lock  # type: ignore[no-any-return]
