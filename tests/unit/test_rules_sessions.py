"""Validation rules about where sessions stand: the event's days and hours, rooms, and overlaps.

Each test names one rule and shows the exact problem a user reads for it. Most agendas below are
EVENT (lines 1-10: two days, 09:00-17:00 on 2027-06-01 and 10:00-16:00 on 2027-06-02, in two
rooms) followed by the test's sessions, whose first line is line 11.
"""

from __future__ import annotations

import textwrap

from tests.unit.agenda_text import load, problems_of

EVENT = """\
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
  days:
    - {date: 2027-06-01, start: "09:00", end: "17:00"}
    - {date: 2027-06-02, start: "10:00", end: "16:00"}
  venue:
    rooms: [Albion A, Albion B]
sessions:
"""
ONE_DAY = """\
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
  days:
    - {date: 2027-06-01, start: "09:00", end: "17:00"}
sessions:
"""


def session(session_id: str, start: str, end: str, room: str = "Albion A", day: str = "2027-06-01") -> str:
    """A session of six lines: id, title, day, start (col 12), end (col 10), room (col 11)."""
    return (
        f"  - id: {session_id}\n"
        f"    title: Session {session_id}\n"
        f"    day: {day}\n"
        f'    start: "{start}"\n'
        f'    end: "{end}"\n'
        f"    room: {room}\n"
    )


# --- the event's days and hours -------------------------------------------------------------------


def test_a_session_starting_before_the_day_starts_is_refused_at_its_start() -> None:
    assert problems_of(EVENT + session("early", "08:00", "10:00")) == [
        "demo.yaml:14:12: session 'early' runs 2027-06-01 08:00-10:00, outside the hours of 2027-06-01 (09:00-17:00)"
    ]


def test_a_session_ending_after_the_day_ends_is_refused_at_its_end() -> None:
    assert problems_of(EVENT + session("late", "16:00", "18:00")) == [
        "demo.yaml:15:10: session 'late' runs 2027-06-01 16:00-18:00, outside the hours of 2027-06-01 (09:00-17:00)"
    ]


def test_the_hours_checked_are_those_of_the_session_s_own_day() -> None:
    assert problems_of(EVENT + session("early", "09:00", "10:00", day="2027-06-02")) == [
        "demo.yaml:14:12: session 'early' runs 2027-06-02 09:00-10:00, outside the hours of 2027-06-02 (10:00-16:00)"
    ]


def test_a_session_filling_the_whole_day_is_accepted() -> None:
    assert [s.id for s in load(EVENT + session("all-day", "09:00", "17:00")).sessions] == ["all-day"]


def test_a_session_on_a_day_that_is_not_an_event_day_is_refused() -> None:
    assert problems_of(EVENT + session("talk", "10:00", "11:00", day="2027-06-03")) == [
        "demo.yaml:13:10: session 'talk': 2027-06-03 is not a day of the event (days: 2027-06-01, 2027-06-02)"
    ]


def test_a_session_must_give_its_day_when_the_event_has_several_days() -> None:
    text = EVENT + '  - id: talk\n    title: Talk\n    start: "10:00"\n    end: "11:00"\n'
    # The problem points at the session's mapping, since 'day' is not written.
    assert problems_of(text) == ["demo.yaml:11:5: session 'talk': 'day' is required: the event has 2 days"]


def test_a_session_may_leave_out_its_day_when_the_event_has_one_day() -> None:
    text = ONE_DAY + '  - id: talk\n    title: Talk\n    start: "10:00"\n    end: "11:00"\n'
    assert f"{load(text).sessions[0].start:%Y-%m-%d %H:%M}" == "2027-06-01 10:00"


def test_a_session_must_give_its_day_when_the_event_lists_no_days() -> None:
    text = textwrap.dedent("""\
        event:
          id: demo
          title: Demo summit
          timezone: Europe/Brussels
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
        """)
    assert problems_of(text) == ["demo.yaml:6:5: session 'talk': 'day' is required: the event lists no days"]


# --- rooms ----------------------------------------------------------------------------------------


def test_a_misspelt_room_gets_a_did_you_mean_hint() -> None:
    assert problems_of(EVENT + session("talk", "10:00", "11:00", room="Albion C")) == [
        "demo.yaml:16:11: session 'talk': 'Albion C' is not a room of the venue; did you mean 'Albion B'?"
    ]


def test_a_room_like_no_room_of_the_venue_lists_the_rooms() -> None:
    assert problems_of(EVENT + session("talk", "10:00", "11:00", room="Kitchen")) == [
        "demo.yaml:16:11: session 'talk': 'Kitchen' is not a room of the venue; rooms: Albion A, Albion B"
    ]


def test_any_room_is_accepted_when_the_venue_lists_none() -> None:
    text = ONE_DAY + session("talk", "10:00", "11:00", room="Kitchen")
    assert load(text).sessions[0].room == "Kitchen"


# --- one session at a time in a room --------------------------------------------------------------


def test_two_sessions_overlapping_in_one_room_are_refused_at_the_later_one() -> None:
    text = EVENT + session("first", "10:00", "11:00") + session("second", "10:30", "11:30")
    assert problems_of(text) == [
        "demo.yaml:20:12: session 'second' (2027-06-01 10:30-11:30) overlaps 'first' (2027-06-01 10:00-11:00) "
        "in room 'Albion A'"
    ]


def test_back_to_back_sessions_in_one_room_do_not_overlap() -> None:
    text = EVENT + session("first", "10:00", "11:00") + session("second", "11:00", "12:00")
    assert [s.id for s in load(text).sessions] == ["first", "second"]


def test_sessions_at_the_same_time_in_different_rooms_do_not_overlap() -> None:
    text = EVENT + session("first", "10:00", "11:00") + session("second", "10:00", "11:00", room="Albion B")
    assert [s.id for s in load(text).sessions] == ["first", "second"]


def test_sessions_at_the_same_hours_on_different_days_do_not_overlap() -> None:
    text = EVENT + session("first", "10:00", "11:00") + session("second", "10:00", "11:00", day="2027-06-02")
    assert [s.id for s in load(text).sessions] == ["first", "second"]


def test_a_session_inside_another_in_one_room_overlaps_it() -> None:
    text = EVENT + session("long", "09:00", "12:00") + session("short", "10:00", "10:30")
    assert problems_of(text) == [
        "demo.yaml:20:12: session 'short' (2027-06-01 10:00-10:30) overlaps 'long' (2027-06-01 09:00-12:00) "
        "in room 'Albion A'"
    ]


def test_three_mutually_overlapping_sessions_report_every_pair() -> None:
    text = EVENT + session("a", "10:00", "12:00") + session("b", "10:30", "11:30") + session("c", "11:00", "11:45")
    assert problems_of(text) == [
        "demo.yaml:20:12: session 'b' (2027-06-01 10:30-11:30) overlaps 'a' (2027-06-01 10:00-12:00) "
        "in room 'Albion A'",
        "demo.yaml:26:12: session 'c' (2027-06-01 11:00-11:45) overlaps 'a' (2027-06-01 10:00-12:00) "
        "in room 'Albion A'",
        "demo.yaml:26:12: session 'c' (2027-06-01 11:00-11:45) overlaps 'b' (2027-06-01 10:30-11:30) "
        "in room 'Albion A'",
    ]


def test_overlaps_are_found_whatever_the_order_sessions_are_written_in() -> None:
    text = EVENT + session("second", "10:30", "11:30") + session("first", "10:00", "11:00")
    # 'second' starts later, so the problem is reported at its start (line 14), though it is written first.
    assert problems_of(text) == [
        "demo.yaml:14:12: session 'second' (2027-06-01 10:30-11:30) overlaps 'first' (2027-06-01 10:00-11:00) "
        "in room 'Albion A'"
    ]
