"""office_now() and office_today(): the only place odpay reads the clock.

Spec: README.md conventions 2. Dates are the office's wall clock (ODPAY_TIMEZONE), never the
database server's. `fixed_clock()` stops the clock at one moment, for tests and reproducible runs.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from odpay.settings import ConfigurationError, Settings


@cache
def office_zone() -> ZoneInfo | None:
    name = Settings().timezone
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigurationError(
            f"ODPAY_TIMEZONE={name!r} is not a time zone; use an IANA name such as "
            "America/New_York, or leave it empty for the machine's zone."
        ) from exc


# The moment office_now() answers while a fixed_clock() block runs. Process-wide rather than
# a ContextVar: TestClient and the concurrency tests call services from threads of their own.
_fixed_now: datetime | None = None


@contextmanager
def fixed_clock(now: datetime) -> Iterator[datetime]:
    """Every office_now() in the process answers `now` (office-local, naive, to the second)
    until the block ends; blocks nest."""
    global _fixed_now
    previous, _fixed_now = _fixed_now, now.replace(microsecond=0)
    try:
        yield _fixed_now
    finally:
        _fixed_now = previous


def office_now() -> datetime:
    """Office-local wall-clock time to the second, without zone."""
    if _fixed_now is not None:
        return _fixed_now
    zone = office_zone()
    now = datetime.now(zone) if zone else datetime.now().astimezone()
    return now.replace(tzinfo=None, microsecond=0)


def office_today() -> date:
    return office_now().date()


def to_office_time(moment: datetime) -> datetime:
    """An aware datetime converted to office-local wall-clock time (naive)."""
    zone = office_zone()
    local = moment.astimezone(zone) if zone else moment.astimezone()
    return local.replace(tzinfo=None)
