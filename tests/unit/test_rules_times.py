"""Validation rules about times, dates and time zones, each with the exact problem a user reads.

Most agendas below are EVENT (lines 1-8: one day, 2027-06-01, 09:00-17:00 in Europe/Brussels)
followed by one session, TALK, whose `start` value is at line 12, column 12 and whose `end` value
is at line 13, column 10.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.unit.agenda_text import load, problems_of

EVENT = """\
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
  days:
    - date: 2027-06-01
      start: "09:00"
      end: "17:00"
"""
TALK = """\
sessions:
  - id: talk
    title: Talk
    start: {start}
    end: {end}
"""
# A Toronto event on both daylight-saving change days of 2027: clocks jump from 02:00 to 03:00 on
# 14 March and fall back from 02:00 to 01:00 on 7 November.
TORONTO = """\
event:
  id: demo
  title: Demo summit
  timezone: America/Toronto
  days:
    - date: 2027-03-14
      start: "00:00"
      end: "23:00"
    - date: 2027-11-07
      start: "00:00"
      end: "23:00"
"""


def agenda(body: str = "", event: str = EVENT) -> str:
    """`event` (EVENT fills lines 1-8) followed by `body`, dedented: the body starts on line 9."""
    return event + textwrap.dedent(body)


def talk(start: str, end: str = '"16:00"', extra: str = "") -> str:
    """EVENT and one session 'talk' with `start` and `end` written as given, then `extra` lines (line 14)."""
    return EVENT + TALK.format(start=start, end=end) + extra


# --- time zones -----------------------------------------------------------------------------------


def test_a_misspelt_time_zone_gets_a_did_you_mean_hint() -> None:
    text = EVENT.replace("Europe/Brussels", "Europe/Brusels")
    assert problems_of(text) == [
        "demo.yaml:4:13: event: unknown time zone 'Europe/Brusels'; did you mean 'Europe/Brussels'?"
    ]


def test_a_time_zone_in_the_wrong_case_gets_a_did_you_mean_hint() -> None:
    text = EVENT.replace("Europe/Brussels", "europe/brussels")
    assert problems_of(text) == [
        "demo.yaml:4:13: event: unknown time zone 'europe/brussels'; did you mean 'Europe/Brussels'?"
    ]


def test_a_time_zone_like_no_other_gets_an_example_iana_name() -> None:
    text = EVENT.replace("Europe/Brussels", "Mars/Olympus_Mons")
    assert problems_of(text) == [
        "demo.yaml:4:13: event: unknown time zone 'Mars/Olympus_Mons'; an IANA name such as 'Europe/Brussels'"
    ]


def test_a_time_zone_that_is_a_path_is_refused_as_unknown() -> None:
    text = EVENT.replace("Europe/Brussels", "../../etc/passwd")
    assert problems_of(text) == [
        "demo.yaml:4:13: event: unknown time zone '../../etc/passwd'; an IANA name such as 'Europe/Brussels'"
    ]


def test_an_unknown_time_zone_is_the_only_problem_of_an_otherwise_good_file() -> None:
    text = talk('"10:00"', '"11:00"').replace("Europe/Brussels", "Europe/Brusels")
    assert problems_of(text) == [
        "demo.yaml:4:13: event: unknown time zone 'Europe/Brusels'; did you mean 'Europe/Brussels'?"
    ]


# --- times of day ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "accepted"),
    [
        ('"09:30"', "09:30"),
        ('"9:30"', "09:30"),
        ('"2:30pm"', "14:30"),
        ('"11am"', "11:00"),
        ('"9:30 a.m."', "09:30"),
        ('"12pm"', "12:00"),
        ("14:00", "14:00"),  # unquoted: YAML 1.2 reads it as text, so it happens to work
    ],
)
def test_times_are_read_as_people_write_them(written: str, accepted: str) -> None:
    session = load(talk(written)).sessions[0]
    assert f"{session.start:%H:%M}" == accepted


def test_a_time_past_23_hours_is_refused() -> None:
    assert problems_of(talk('"25:00"')) == [
        "demo.yaml:12:12: session 'talk': '25:00' is not a time of day: hours go to 23 and minutes to 59"
    ]


def test_a_time_past_59_minutes_is_refused() -> None:
    assert problems_of(talk('"8:75"')) == [
        "demo.yaml:12:12: session 'talk': '8:75' is not a time of day: hours go to 23 and minutes to 59"
    ]


def test_a_word_is_not_a_time() -> None:
    assert problems_of(talk('"banana"')) == [
        "demo.yaml:12:12: session 'talk': 'banana' is not a time; write it like \"08:30\" or \"2:30pm\""
    ]


def test_an_am_pm_hour_past_12_is_refused() -> None:
    assert problems_of(talk('"13pm"')) == [
        "demo.yaml:12:12: session 'talk': '13pm' is not a time: with am/pm the hour goes from 1 to 12"
    ]


def test_a_bare_hour_is_refused_because_it_could_be_am_or_pm() -> None:
    assert problems_of(talk('"8"')) == [
        "demo.yaml:12:12: session 'talk': '8' is not a time; write \"08:00\" (or add am/pm)"
    ]


def test_an_unquoted_1400_is_refused_with_a_quoted_hint() -> None:
    assert problems_of(talk("1400")) == [
        "demo.yaml:12:12: session 'talk': 'start' is the number 1400, not a time; write it in quotes: \"14:00\""
    ]


def test_an_unquoted_0930_is_refused_with_a_quoted_hint_keeping_the_leading_zero() -> None:
    assert problems_of(talk("0930")) == [
        "demo.yaml:12:12: session 'talk': 'start' is the number 930, not a time; write it in quotes: \"09:30\""
    ]


def test_an_unquoted_number_that_cannot_be_a_time_gets_a_general_hint() -> None:
    assert problems_of(talk("99999")) == [
        "demo.yaml:12:12: session 'talk': 'start' is the number 99999, not a time; "
        'write a time in quotes, like "14:00"'
    ]


def test_an_unquoted_bare_8_is_refused_with_a_hint_for_eight_o_clock() -> None:
    assert problems_of(talk("8")) == [
        "demo.yaml:12:12: session 'talk': 'start' is the number 8, not a time; write it in quotes: \"08:00\""
    ]


@pytest.mark.parametrize("number", [1275, 2400])
def test_an_unquoted_number_is_never_given_a_hint_that_is_not_a_time(number: int) -> None:
    assert problems_of(talk(str(number))) == [
        f"demo.yaml:12:12: session 'talk': 'start' is the number {number}, not a time; "
        'write a time in quotes, like "14:00"'
    ]


def test_a_time_given_a_float_is_refused() -> None:
    assert problems_of(talk("14.5")) == [
        "demo.yaml:12:12: session 'talk': 'start' should be a time like \"14:00\", not the number 14.5"
    ]


def test_the_hours_of_a_day_are_checked_like_session_times() -> None:
    text = EVENT.replace('start: "09:00"', "start: 900")
    assert problems_of(text) == [
        "demo.yaml:7:14: day 2027-06-01: 'start' is the number 900, not a time; write it in quotes: \"09:00\""
    ]


# --- start and end --------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused() -> None:
    assert problems_of(talk('"11:00"', '"10:00"')) == [
        "demo.yaml:13:10: session 'talk' ends at 10:00, not after it starts at 11:00"
    ]


def test_an_end_equal_to_the_start_is_refused() -> None:
    assert problems_of(talk('"11:00"', '"11:00"')) == [
        "demo.yaml:13:10: session 'talk' ends at 11:00, not after it starts at 11:00"
    ]


def test_a_day_that_ends_before_it_starts_is_refused() -> None:
    text = EVENT.replace('end: "17:00"', 'end: "08:00"')
    assert problems_of(text) == ["demo.yaml:8:12: day 2027-06-01 ends at 08:00, not after it starts at 09:00"]


# --- dates ----------------------------------------------------------------------------------------


def test_an_impossible_date_is_refused() -> None:
    text = talk('"10:00"', '"11:00"', "    day: 2008-02-30\n")
    assert problems_of(text) == ["demo.yaml:14:10: session 'talk': 'day': 2008-02-30 is not a day of the calendar"]


def test_an_impossible_event_day_is_refused() -> None:
    text = EVENT.replace("2027-06-01", "2027-02-30")
    assert problems_of(text) == ["demo.yaml:6:13: event day: 'date': 2027-02-30 is not a day of the calendar"]


def test_an_impossible_event_day_is_the_only_problem_of_an_otherwise_good_file() -> None:
    text = talk('"10:00"', '"11:00"').replace("2027-06-01", "2027-06-31")
    assert problems_of(text) == ["demo.yaml:6:13: event day: 'date': 2027-06-31 is not a day of the calendar"]


def test_a_date_written_in_words_is_refused() -> None:
    text = talk('"10:00"', '"11:00"', "    day: June 1st\n")
    assert problems_of(text) == [
        "demo.yaml:14:10: session 'talk': 'day' should be a date like 2008-07-22, not 'June 1st'"
    ]


def test_an_event_day_listed_twice_is_refused() -> None:
    text = EVENT + EVENT[EVENT.index("    - date") :]  # the day of lines 6-8 again, on lines 9-11
    assert problems_of(text) == ["demo.yaml:9:13: day 2027-06-01 is listed twice"]


# --- daylight-saving time -------------------------------------------------------------------------


def test_a_time_in_the_hour_skipped_when_clocks_go_forward_is_refused() -> None:
    text = agenda(
        """\
        sessions:
          - id: talk
            title: Talk
            day: 2027-03-14
            start: "2:30"
            end: "4:00"
        """,
        event=TORONTO,
    )
    assert problems_of(text) == [
        "demo.yaml:16:12: session 'talk': 02:30 on 2027-03-14 in America/Toronto does not exist: "
        "clocks jump forward 1 hour that night"
    ]


def test_a_time_in_the_hour_repeated_when_clocks_go_back_is_refused() -> None:
    text = agenda(
        """\
        sessions:
          - id: talk
            title: Talk
            day: 2027-11-07
            start: "1:30"
            end: "4:00"
        """,
        event=TORONTO,
    )
    assert problems_of(text) == [
        "demo.yaml:16:12: session 'talk': 01:30 on 2027-11-07 in America/Toronto happens twice: "
        "clocks go back 1 hour that night; pick a time outside the repeated hour"
    ]


def test_an_end_in_the_repeated_hour_is_refused_too() -> None:
    text = agenda(
        """\
        sessions:
          - id: talk
            title: Talk
            day: 2027-11-07
            start: "0:30"
            end: "1:15"
        """,
        event=TORONTO,
    )
    assert problems_of(text) == [
        "demo.yaml:17:10: session 'talk': 01:15 on 2027-11-07 in America/Toronto happens twice: "
        "clocks go back 1 hour that night; pick a time outside the repeated hour"
    ]


def test_the_hours_of_a_day_may_not_start_in_the_skipped_hour() -> None:
    text = TORONTO.replace('start: "00:00"', 'start: "02:15"', 1)
    assert problems_of(text) == [
        "demo.yaml:7:14: day 2027-03-14: 02:15 on 2027-03-14 in America/Toronto does not exist: "
        "clocks jump forward 1 hour that night"
    ]


def test_a_session_across_the_change_of_clocks_is_accepted_and_made_aware() -> None:
    text = agenda(
        """\
        sessions:
          - id: talk
            title: Talk
            day: 2027-11-07
            start: "0:30"
            end: "3:15"
        """,
        event=TORONTO,
    )
    session = load(text).sessions[0]
    zone = ZoneInfo("America/Toronto")
    assert (session.start, session.end) == (
        datetime(2027, 11, 7, 0, 30, tzinfo=zone),
        datetime(2027, 11, 7, 3, 15, tzinfo=zone),
    )
    # 00:30 EDT to 03:15 EST: the repeated hour makes it 3 h 45 min long.
    assert session.end.astimezone(UTC) - session.start.astimezone(UTC) == timedelta(hours=3, minutes=45)
