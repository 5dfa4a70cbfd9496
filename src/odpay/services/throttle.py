"""Failed key checks, counted per client: past FAILURES_ALLOWED within WINDOW_SECONDS, every
request of that client is refused 429 with Retry-After until its oldest failure is older than
the window (docs/decisions.md "Hardening: operations").

Counted per server process, in memory: with several workers or servers a client gets each
process's allowance, still a few dozen guesses a minute against keys of 16 characters or more,
each guess also costing scrypt (db/keys.py).
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from odpay.services.errors import ServiceError

FAILURES_ALLOWED = 10
WINDOW_SECONDS = 60.0
# Clients remembered at most; past it, those whose failures are all out of the window go.
_MAX_CLIENTS = 10_000


class TooManyFailures(ServiceError):
    """429: this client failed the key check too often; try again after `retry_after` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many requests with a wrong key. Try again later.")
        self.retry_after = retry_after


class FailureThrottle:
    def __init__(
        self,
        allowed: int = FAILURES_ALLOWED,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed = allowed
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise TooManyFailures while `client` is over its allowance. A dict lookup for a
        client that never failed."""
        failures = self._failures.get(client)
        if failures is None:
            return
        with self._lock:
            now = self.clock()
            while failures and failures[0] <= now - self.window:
                failures.popleft()
            if len(failures) >= self.allowed:
                raise TooManyFailures(max(1, math.ceil(failures[0] + self.window - now)))

    def failed(self, client: str) -> None:
        """Count one failed key check of `client`."""
        with self._lock:
            now = self.clock()
            if len(self._failures) >= _MAX_CLIENTS:
                self._forget_old(now)
            self._failures.setdefault(client, deque(maxlen=self.allowed)).append(now)

    def _forget_old(self, now: float) -> None:
        for client in [c for c, f in self._failures.items() if not f or f[-1] <= now - self.window]:
            del self._failures[client]
