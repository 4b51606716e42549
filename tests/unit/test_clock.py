"""Times of day are read the way organisers write them; daylight-saving traps are refused."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.clock import local_datetime, parse_clock

TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("08:30", time(8, 30)),
        ("8:30", time(8, 30)),
        ("14:00", time(14)),
        ("2:30pm", time(14, 30)),
        ("2:30 PM", time(14, 30)),
        ("11am", time(11)),
        ("8:30 a.m.", time(8, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("14h30", time(14, 30)),
        ("9.15", time(9, 15)),
        ("23:59:30", time(23, 59, 30)),
    ],
)
def test_times_written_as_people_write_them(written: str, meant: time) -> None:
    assert parse_clock(written) == meant


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("8", "'8' is not a time; write \"08:00\" (or add am/pm)"),
        ("25:00", "'25:00' is not a time of day: hours go to 23 and minutes to 59"),
        ("8:75", "'8:75' is not a time of day: hours go to 23 and minutes to 59"),
        ("13pm", "'13pm' is not a time: with am/pm the hour goes from 1 to 12"),
        ("noon-ish", '\'noon-ish\' is not a time; write it like "08:30" or "2:30pm"'),
    ],
)
def test_malformed_times_are_refused_with_a_reason(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"not a time") as raised:
        parse_clock(written)
    assert str(raised.value) == message


def test_an_ordinary_time_gets_the_zones_offset_of_that_day() -> None:
    assert local_datetime(date(2008, 7, 22), time(8, 30), TORONTO).isoformat() == "2008-07-22T08:30:00-04:00"
    assert local_datetime(date(2008, 12, 22), time(8, 30), TORONTO).isoformat() == "2008-12-22T08:30:00-05:00"


def test_a_time_skipped_by_the_spring_change_does_not_exist() -> None:
    with pytest.raises(ValueError, match=r"^02:30 on 2027-03-14 in America/Toronto does not exist: clocks jump"):
        local_datetime(date(2027, 3, 14), time(2, 30), TORONTO)


def test_a_time_repeated_by_the_autumn_change_is_ambiguous() -> None:
    with pytest.raises(ValueError, match=r"^01:30 on 2027-11-07 in America/Toronto happens twice"):
        local_datetime(date(2027, 11, 7), time(1, 30), TORONTO)
