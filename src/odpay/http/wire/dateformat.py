"""Dates and date-times written with a .NET-style custom pattern (en-US names).

Spec: wire-format.md §7. The pattern is read left to right; a run of one letter is one token,
quoted text and backslash-escaped characters are copied, every other character as well.
Where .NET would throw (an unclosed quote, a trailing backslash or `%`), odpay copies the text.
"""

from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

DATE_DEFAULT = "yyyy-MM-dd"
DATE_TIME_DEFAULT = "yyyy-MM-dd HH:mm:ss"

# A whole pattern of one letter is a .NET standard format; odpay knows the two useful ones and
# copies any other single character.
_STANDARD = {"d": "M/d/yyyy", "s": "yyyy-MM-dd'T'HH:mm:ss"}
_TOKEN_LETTERS = frozenset("yMdHhmstzfF")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(value: date, pattern: str, zone: tzinfo | None) -> str:
    """A date-only value: the time tokens read 00:00:00."""
    if pattern == DATE_DEFAULT:
        return value.isoformat()  # the same text, without reading the pattern
    return format_date_time(datetime.combine(value, time()), pattern, zone)


def format_date_time(value: datetime, pattern: str, zone: tzinfo | None) -> str:
    """`value` (office wall-clock time) written with `pattern`. `zone` gives the offsets of
    the `z` tokens; None means the machine's local zone."""
    if pattern == DATE_TIME_DEFAULT:
        return value.isoformat(" ", "seconds")
    out: list[str] = []
    for part in _parts(pattern):
        if isinstance(part, str):
            out.append(part)
            continue
        letter, run = part
        token = _token(value, letter, run, zone)
        if letter == "F" and not token and out and out[-1].endswith("."):
            out[-1] = out[-1][:-1]  # .NET drops the point before an empty `F` fraction
        out.append(token)
    return "".join(out)


_Part = str | tuple[str, int]  # literal text, or a token: its letter and how many


@lru_cache(maxsize=256)
def _parts(pattern: str) -> tuple[_Part, ...]:
    """The pattern read once: literal texts and tokens, in order. A page writes the same
    pattern hundreds of times."""
    if len(pattern) == 1:
        if pattern not in _STANDARD:
            return (pattern,)
        pattern = _STANDARD[pattern]
    parts: list[_Part] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char in _TOKEN_LETTERS:
            rest = pattern[i:]
            run = len(rest) - len(rest.lstrip(char))
            parts.append((char, run))
            i += run
        elif char in "'\"":
            text, i = _quoted(pattern, i)
            parts.append(text)
        elif char == "\\" and i + 1 < len(pattern):
            parts.append(pattern[i + 1])
            i += 2
        elif char == "%" and i + 1 < len(pattern):
            # `%c` is the one-letter token c (`%d` = day 1-31), or c itself if no token.
            follower = pattern[i + 1]
            parts.append((follower, 1) if follower in _TOKEN_LETTERS else follower)
            i += 2
        else:
            parts.append(char)
            i += 1
    return tuple(parts)


def _quoted(pattern: str, start: int) -> tuple[str, int]:
    """The literal text of the quote opening at `start` and the index after its end."""
    quote = pattern[start]
    text: list[str] = []
    i = start + 1
    while i < len(pattern) and pattern[i] != quote:
        if pattern[i] == "\\" and i + 1 < len(pattern):
            i += 1
        text.append(pattern[i])
        i += 1
    return "".join(text), i + 1


def _token(value: datetime, letter: str, run: int, zone: tzinfo | None) -> str:
    match letter:
        case "y":
            if run <= 2:
                year = value.year % 100
                return f"{year:02d}" if run == 2 else str(year)
            return f"{value.year:0{run}d}"
        case "M":
            if run >= 3:
                name = _MONTHS[value.month - 1]
                return name if run >= 4 else name[:3]
            return _number(value.month, run)
        case "d":
            if run >= 3:
                name = _DAYS[value.weekday()]
                return name if run >= 4 else name[:3]
            return _number(value.day, run)
        case "H":
            return _number(value.hour, run)
        case "h":
            return _number(value.hour % 12 or 12, run)
        case "m":
            return _number(value.minute, run)
        case "s":
            return _number(value.second, run)
        case "t":
            designator = "AM" if value.hour < 12 else "PM"
            return designator if run >= 2 else designator[0]
        case "z":
            return _offset_text(_utc_offset(value, zone), run)
        case "f":
            return f"{value.microsecond:06d}0"[:run].ljust(run, "0")
        case _:  # "F": trailing zeros dropped, so a whole second prints nothing
            return f"{value.microsecond:06d}0"[:run].rstrip("0")


def _number(value: int, run: int) -> str:
    return f"{value:02d}" if run >= 2 else str(value)


def _utc_offset(value: datetime, zone: tzinfo | None) -> timedelta:
    """The zone's offset from UTC at the wall-clock time `value`."""
    if zone is not None:
        return zone.utcoffset(value) or timedelta(0)
    try:
        return value.astimezone().utcoffset() or timedelta(0)
    except (OverflowError, ValueError, OSError):
        # The platform cannot place this date (year 1, say) in its zone: use today's offset.
        return datetime.now().astimezone().utcoffset() or timedelta(0)


def _offset_text(offset: timedelta, run: int) -> str:
    """`+7` (z), `+07` (zz), `+07:00` (zzz); seconds of historical offsets are dropped."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = int(abs(offset).total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    if run == 1:
        return f"{sign}{hours}"
    if run == 2:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}"
