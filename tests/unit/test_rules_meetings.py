"""Validation rules about recurring meetings, each with the exact problem a user reads.

Most agendas below are EVENT (lines 1-8) followed by MEETING: a weekly call 'weekly' from Monday
2027-06-07, 15:00-16:00, written on lines 9-14 with its mapping starting at line 10, column 5.
The lines a test adds to the meeting start on line 15.
"""

from __future__ import annotations

import textwrap

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
MEETING = """\
meetings:
  - id: weekly
    title: Weekly call
    first: 2027-06-07
    start: "15:00"
    end: "16:00"
"""
TORONTO = """\
event:
  id: demo
  title: Demo summit
  timezone: America/Toronto
"""


def meeting(lines: str, event: str = EVENT) -> str:
    """`event` and MEETING with `lines` (dedented, then indented into the meeting) added to it."""
    return event + MEETING + textwrap.indent(textwrap.dedent(lines), "    ")


# --- how it repeats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "rule"),
    [
        ("repeat: weekly", "FREQ=WEEKLY"),
        ("repeat: Fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("rrule: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("rrule: RRULE:freq=monthly", "FREQ=MONTHLY"),
        ("repeat: weekly\ncount: 10", "FREQ=WEEKLY;COUNT=10"),
    ],
)
def test_a_meeting_repeats_by_repeat_or_by_rrule(lines: str, rule: str) -> None:
    assert load(meeting(lines)).meetings[0].rrule == rule


def test_a_meeting_with_neither_repeat_nor_rrule_is_refused() -> None:
    assert problems_of(EVENT + MEETING) == [
        "demo.yaml:10:5: meeting 'weekly': say how it repeats with 'repeat' or 'rrule'; for example, repeat: weekly"
    ]


def test_a_meeting_with_both_repeat_and_rrule_is_told_to_keep_one() -> None:
    text = meeting("""\
        repeat: weekly
        rrule: FREQ=WEEKLY
        """)
    assert problems_of(text) == ["demo.yaml:16:5: meeting 'weekly': give 'repeat' or 'rrule', not both"]


def test_an_unknown_repeat_lists_the_choices() -> None:
    assert problems_of(meeting("repeat: weekley")) == [
        "demo.yaml:15:13: meeting 'weekly': 'repeat' cannot be 'weekley'; one of: daily, weekly, fortnightly, monthly"
    ]


def test_a_bad_rrule_is_refused_with_the_reason() -> None:
    assert problems_of(meeting("rrule: FREQ=SOMETIMES")) == [
        "demo.yaml:15:12: meeting 'weekly': the rule 'FREQ=SOMETIMES' cannot be used: invalid 'FREQ': SOMETIMES"
    ]


def test_an_rrule_with_a_bad_weekday_is_refused_with_the_reason() -> None:
    assert problems_of(meeting("rrule: FREQ=WEEKLY;BYDAY=XX")) == [
        "demo.yaml:15:12: meeting 'weekly': the rule 'FREQ=WEEKLY;BYDAY=XX' cannot be used: invalid 'BYDAY': XX"
    ]


def test_an_rrule_written_in_words_is_refused_with_an_example_rule() -> None:
    assert problems_of(meeting("rrule: weekly")) == [
        "demo.yaml:15:12: meeting 'weekly': 'weekly' is not an RFC 5545 rule; "
        "write it like FREQ=WEEKLY;BYDAY=TH, or use repeat: weekly"
    ]


def test_a_rule_that_gives_no_dates_is_refused() -> None:
    assert problems_of(meeting("rrule: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")) == [
        "demo.yaml:10:5: meeting 'weekly': its rule gives no dates at all"
    ]


# --- how long it goes on --------------------------------------------------------------------------


def test_a_meeting_with_until_and_count_is_refused() -> None:
    text = meeting("""\
        repeat: weekly
        until: 2027-12-31
        count: 5
        """)
    assert problems_of(text) == ["demo.yaml:17:5: meeting 'weekly': give one end (until or count), not several"]


def test_a_count_below_one_is_refused() -> None:
    text = meeting("""\
        repeat: weekly
        count: 0
        """)
    assert problems_of(text) == [
        "demo.yaml:16:12: meeting 'weekly': 'count' should be a whole number of at least 1, not the number 0"
    ]


def test_a_count_in_the_rrule_and_a_count_key_are_refused() -> None:
    text = meeting("""\
        rrule: FREQ=WEEKLY;COUNT=3
        count: 5
        """)
    assert problems_of(text) == ["demo.yaml:16:5: meeting 'weekly': give one end (COUNT or count), not several"]


# --- skipped dates --------------------------------------------------------------------------------


def test_a_skipped_date_that_is_not_one_of_its_dates_is_refused() -> None:
    text = meeting("""\
        repeat: weekly
        skip: [2027-06-14, 2027-06-15]
        """)
    # The first skip is a Monday, one of its dates; the second is a Tuesday.
    assert problems_of(text) == [
        "demo.yaml:16:24: meeting 'weekly': 2027-06-15 is not one of its dates, so it cannot be skipped"
    ]


def test_a_skipped_date_after_until_is_not_one_of_its_dates() -> None:
    text = meeting("""\
        repeat: weekly
        until: 2027-06-30
        skip: [2027-07-05]
        """)
    assert problems_of(text) == [
        "demo.yaml:17:12: meeting 'weekly': 2027-07-05 is not one of its dates, so it cannot be skipped"
    ]


def test_a_skipped_date_written_in_words_is_refused() -> None:
    text = meeting("""\
        repeat: weekly
        skip: [next week]
        """)
    assert problems_of(text) == [
        "demo.yaml:16:12: meeting 'weekly': 'skip' should be a date like 2008-07-22, not 'next week'"
    ]


def test_a_skipped_date_is_kept() -> None:
    text = meeting("""\
        repeat: weekly
        skip: [2027-06-14]
        """)
    assert [f"{day}" for day in load(text).meetings[0].skipped] == ["2027-06-14"]


# --- its times ------------------------------------------------------------------------------------


def test_a_meeting_that_ends_before_it_starts_is_refused() -> None:
    text = EVENT + MEETING.replace('end: "16:00"', 'end: "14:00"') + "    repeat: weekly\n"
    assert problems_of(text) == ["demo.yaml:14:10: meeting 'weekly' ends at 14:00, not after it starts at 15:00"]


def test_a_meeting_without_its_required_keys_gets_one_problem_for_each() -> None:
    text = EVENT + "meetings:\n  - title: Weekly call\n"
    assert problems_of(text) == [
        "demo.yaml:10:5: meeting: 'end' is required",
        "demo.yaml:10:5: meeting: 'first' is required",
        "demo.yaml:10:5: meeting: 'id' is required",
        "demo.yaml:10:5: meeting: 'start' is required",
        "demo.yaml:10:5: meeting: say how it repeats with 'repeat' or 'rrule'; for example, repeat: weekly",
    ]


def test_a_meeting_whose_time_falls_in_a_skipped_hour_on_one_of_its_dates_is_refused() -> None:
    # Sundays at 02:30 from 2027-03-07: on 2027-03-14 the clocks jump from 02:00 to 03:00.
    text = TORONTO + textwrap.dedent("""\
        meetings:
          - id: weekly
            title: Weekly call
            first: 2027-03-07
            start: "2:30"
            end: "3:30"
            repeat: weekly
        """)
    assert problems_of(text) == [
        "demo.yaml:9:12: meeting 'weekly': on one of its dates, 02:30 on 2027-03-14 in America/Toronto does not "
        "exist: clocks jump forward 1 hour that night"
    ]


def test_a_meeting_whose_time_falls_in_a_repeated_hour_on_one_of_its_dates_is_refused() -> None:
    # Sundays at 01:15 from 2027-10-31: on 2027-11-07 the clocks go back from 02:00 to 01:00.
    text = TORONTO + textwrap.dedent("""\
        meetings:
          - id: weekly
            title: Weekly call
            first: 2027-10-31
            start: "1:15"
            end: "1:45"
            repeat: weekly
        """)
    assert problems_of(text) == [
        "demo.yaml:9:12: meeting 'weekly': on one of its dates, 01:15 on 2027-11-07 in America/Toronto happens "
        "twice: clocks go back 1 hour that night; pick a time outside the repeated hour"
    ]
