"""Run by tests/db/test_writer_lock.py as a script: two threads each take odpay's writer lock on
argv[1] a few times, hold it briefly and write `start end pid` lines (monotonic clock) to argv[2].
With argv[3] == "no-fcntl" it first makes `import fcntl` fail, as on Windows."""

import os
import sys
import threading
import time


class _NoFcntl:
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "fcntl":
            raise ImportError("No module named 'fcntl' (hidden by the test)")


if __name__ == "__main__":
    lock_path, log_path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "no-fcntl":
        sys.meta_path.insert(0, _NoFcntl())
    import warnings

    warnings.simplefilter("ignore")  # filelock warns that only its soft lock is available
    import odpay.cli.main  # noqa: F401  (the whole command imports)
    from odpay.db import writer_lock

    found = vars(writer_lock)["fcntl"]  # the module writer_lock imported, or None
    assert (found is None) == (mode == "no-fcntl"), found
    assert ("fcntl" in sys.modules) == (mode != "no-fcntl")
    intervals: list[str] = []

    def hold() -> None:
        for _ in range(5):
            with writer_lock.exclusive_lock(lock_path):
                start = time.monotonic()
                time.sleep(0.02)
                intervals.append(f"{start} {time.monotonic()} {os.getpid()}\n")

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(log_path, "w") as log:
        log.writelines(intervals)
