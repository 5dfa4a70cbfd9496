"""FailureThrottle: ten failures a minute per client, then 429 until the oldest is a minute old."""

import pytest

from odpay.services.throttle import FailureThrottle, TooManyFailures


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_eleventh_attempt_waits_for_the_oldest_failure_to_age() -> None:
    clock = Clock()
    throttle = FailureThrottle(allowed=10, window=60, clock=clock)
    for _ in range(9):
        throttle.failed("a")
        clock.now += 1
    throttle.check("a")  # 9 failures: allowed
    throttle.failed("a")  # the 10th, at 1009
    with pytest.raises(TooManyFailures) as refused:
        throttle.check("a")
    assert refused.value.retry_after == 51  # the first failure (1000) leaves the window at 1060
    throttle.check("b")
    clock.now = 1060.0
    throttle.check("a")  # the first failure is out of the window: 9 left


def test_failures_older_than_the_window_do_not_count() -> None:
    clock = Clock()
    throttle = FailureThrottle(allowed=3, window=12, clock=clock)
    for _ in range(3):
        throttle.failed("a")
        clock.now += 5
    throttle.check("a")  # failures at 1000, 1005, 1010; now 1015: 1000 is out of the window
    throttle.failed("a")
    with pytest.raises(TooManyFailures) as refused:
        throttle.check("a")
    assert refused.value.retry_after == 2  # 1005 leaves the window at 1017
    clock.now = 1016.5
    with pytest.raises(TooManyFailures) as refused:
        throttle.check("a")
    assert refused.value.retry_after == 1  # half a second, rounded up
