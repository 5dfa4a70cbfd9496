"""The .NET-style date pattern language of wire-format.md §7, token by token."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from odpay.http.wire.dateformat import format_date, format_date_time

DENVER = ZoneInfo("America/Denver")
AFTERNOON = datetime(2022, 5, 21, 14, 30, 5)  # a Saturday in May
MORNING = datetime(2009, 1, 3, 7, 4, 9)  # a Saturday in January


@pytest.mark.parametrize(
    ("pattern", "afternoon", "morning"),
    [
        ("yyyyy", "02022", "02009"),
        ("yyyy", "2022", "2009"),
        ("yyy", "2022", "2009"),
        ("yy", "22", "09"),
        ("%y", "22", "9"),
        ("MMMMM", "May", "January"),
        ("MMMM", "May", "January"),
        ("MMM", "May", "Jan"),
        ("MM", "05", "01"),
        ("%M", "5", "1"),
        ("ddddd", "Saturday", "Saturday"),
        ("dddd", "Saturday", "Saturday"),
        ("ddd", "Sat", "Sat"),
        ("dd", "21", "03"),
        ("%d", "21", "3"),
        ("HHH", "14", "07"),
        ("HH", "14", "07"),
        ("%H", "14", "7"),
        ("hhh", "02", "07"),
        ("hh", "02", "07"),
        ("%h", "2", "7"),
        ("mmm", "30", "04"),
        ("mm", "30", "04"),
        ("%m", "30", "4"),
        ("sss", "05", "09"),
        ("ss", "05", "09"),
        ("%s", "5", "9"),
        ("ttt", "PM", "AM"),
        ("tt", "PM", "AM"),
        ("%t", "P", "A"),
        ("fff", "000", "000"),
        ("fffffff", "0000000", "0000000"),
        ("%f", "0", "0"),
        ("FFF", "", ""),
        ("ss.FFF", "05", "09"),
        ("ss.fff", "05.000", "09.000"),
    ],
)
def test_each_token(pattern: str, afternoon: str, morning: str) -> None:
    assert format_date_time(AFTERNOON, pattern, DENVER) == afternoon
    assert format_date_time(MORNING, pattern, DENVER) == morning


@pytest.mark.parametrize(
    ("moment", "pattern", "text"),
    [
        (datetime(2022, 5, 21, 14, 30), "zzz", "-06:00"),
        (datetime(2022, 1, 21, 14, 30), "zzz", "-07:00"),
        (datetime(2022, 5, 21, 14, 30), "zzzz", "-06:00"),
        (datetime(2022, 5, 21, 14, 30), "zz", "-06"),
        (datetime(2022, 5, 21, 14, 30), "%z", "-6"),
        (datetime(1, 1, 1), "zzz", "-06:59"),  # local mean time -6:59:56; seconds dropped
    ],
)
def test_offsets_are_the_office_zones_at_that_moment(
    moment: datetime, pattern: str, text: str
) -> None:
    assert format_date_time(moment, pattern, DENVER) == text


@pytest.mark.parametrize(
    ("zone", "zzz", "zz", "z"),
    [
        ("Asia/Kolkata", "+05:30", "+05", "+5"),
        ("UTC", "+00:00", "+00", "+0"),
        ("America/St_Johns", "-02:30", "-02", "-2"),
        ("Pacific/Kiritimati", "+14:00", "+14", "+14"),
    ],
)
def test_offsets_east_west_and_zero(zone: str, zzz: str, zz: str, z: str) -> None:
    moment = datetime(2022, 5, 21, 14, 30)
    assert format_date_time(moment, "zzz|zz|%z", ZoneInfo(zone)) == f"{zzz}|{zz}|{z}"


def test_without_an_office_zone_the_machines_zone_gives_the_offset() -> None:
    moment = datetime(2022, 5, 21, 14, 30)
    offset = moment.astimezone().utcoffset()
    assert offset is not None
    minutes = int(abs(offset).total_seconds()) // 60
    sign = "-" if offset.total_seconds() < 0 else "+"
    expected = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    assert format_date_time(moment, "zzz", None) == expected


def test_the_spec_example() -> None:
    moment = datetime(2022, 5, 21, 14, 30, 0)
    text = format_date_time(moment, "dd/MM/yyyy HH:mm:ss zzz", DENVER)
    assert text == "21/05/2022 14:30:00 -06:00"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("'Date:' yyyy", "Date: 2022"),
        ('"at" HH', "at 14"),
        ("yyyy 'yyyy'", "2022 yyyy"),
        ("'it\\'s' d", "it's 21"),
        ('"a\'b"', "a'b"),
        ("\\d\\a\\y d", "day 21"),
        ("\\\\", "\\"),
        ("'unclosed HH", "unclosed HH"),
        ("HH\\", "14\\"),
        ("%d%M", "215"),
        ("%dd", "2121"),
        ("%%", "%"),
        ("HH%", "14%"),
        ("%-", "-"),
        ("yyyy-MM-ddTHH:mm:ss", "2022-05-21T14:30:05"),
        ("yyyy/MM/dd, HH.mm", "2022/05/21, 14.30"),
        ("yyyy g K a", "2022 g K a"),
        ("", ""),
    ],
)
def test_literals_escapes_and_other_characters(pattern: str, text: str) -> None:
    assert format_date_time(AFTERNOON, pattern, DENVER) == text


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("d", "5/21/2022"),
        ("s", "2022-05-21T14:30:05"),
        ("D", "D"),
        ("y", "y"),
        ("M", "M"),
        ("x", "x"),
        ("-", "-"),
    ],
)
def test_a_one_letter_pattern_is_a_standard_format_or_itself(pattern: str, text: str) -> None:
    assert format_date_time(AFTERNOON, pattern, DENVER) == text


def test_a_date_has_midnight_for_its_time_tokens() -> None:
    assert format_date(date(2022, 5, 21), "yyyy-MM-dd HH:mm:ss tt hh", DENVER) == (
        "2022-05-21 00:00:00 AM 12"
    )


def test_the_no_date_value_is_formatted_like_any_date() -> None:
    assert format_date(date(1, 1, 1), "MM/dd/yyyy", DENVER) == "01/01/0001"
    assert format_date(date(1, 1, 1), "dddd d MMMM yy yyy %y", DENVER) == (
        "Monday 1 January 01 001 1"
    )


def test_noon_and_midnight_on_the_twelve_hour_clock() -> None:
    assert format_date_time(datetime(2022, 5, 21, 12, 0), "h:mm tt", DENVER) == "12:00 PM"
    assert format_date_time(datetime(2022, 5, 21, 0, 5), "h:mm t", DENVER) == "12:05 A"
    assert format_date_time(datetime(2022, 5, 21, 23, 59), "hh:mm tt", DENVER) == "11:59 PM"
