"""When an action is due, as its text says; said at the Xen 4.4 release call on Tuesday 4 June 2013."""

from __future__ import annotations

from datetime import date

import pytest

from bot.minutes.due import due_date

TUESDAY = date(2013, 6, 4)
RC1 = date(2013, 11, 1)
RELEASE = date(2014, 1, 15)
MILESTONES = {"4.4-rc1": RC1, "Xen 4.4 RC1": RC1, "4.4": RELEASE, "Xen 4.4": RELEASE}


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("write up the schedule by 2013-06-30", date(2013, 6, 30)),
        ("write up the schedule (due 2013-06-07)", date(2013, 6, 7)),
        ("write up the schedule by June 30", date(2013, 6, 30)),
        ("write up the schedule by Jun 30th", date(2013, 6, 30)),
        ("write up the schedule by 30 June", date(2013, 6, 30)),
        ("write up the schedule by the 30th of June", date(2013, 6, 30)),
        ("write up the schedule by June 30, 2014", date(2014, 6, 30)),
        ("write up the schedule by May 1", date(2014, 5, 1)),  # already past this year: next year's
        ("send the freeze mail by Friday", date(2013, 6, 7)),
        ("send the freeze mail before Tuesday", date(2013, 6, 11)),  # the next one, not today
        ("send the freeze mail by next Fri", date(2013, 6, 7)),
        ("send it by the end of the week", date(2013, 6, 7)),
        ("send it by end of next week", date(2013, 6, 14)),
        ("send it by the end of the month", date(2013, 6, 30)),
        ("send it by end of next month", date(2013, 7, 31)),
        ("ping the board tomorrow", date(2013, 6, 5)),
        ("ping the board by today", TUESDAY),
        ("set up patchwork in two weeks", date(2013, 6, 18)),
        ("set up patchwork within 3 days", date(2013, 6, 7)),
        ("set up patchwork in a couple of weeks", date(2013, 6, 18)),
        ("set up patchwork in a month", date(2013, 7, 4)),
    ],
)
def test_a_written_due_date(text: str, due: date) -> None:
    assert due_date(text, said=TUESDAY) == (due, True)


def test_by_friday_said_on_a_friday_is_a_week_later() -> None:
    assert due_date("by Friday", said=date(2013, 6, 7)) == (date(2013, 6, 14), True)


def test_end_of_the_week_said_at_the_weekend_is_the_coming_friday() -> None:
    assert due_date("by the end of the week", said=date(2013, 6, 8)) == (date(2013, 6, 14), True)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("list the lost patches before 4.4 RC1", RC1),
        ("list the lost patches before 4.4-rc1", RC1),
        ("list the lost patches by Xen 4.4 RC1", RC1),
        ("land PVH by 4.4", RELEASE),
        ("land PVH by 4.4.", RELEASE),  # the end of the sentence
        ("land PVH by the Xen 4.4 release", RELEASE),
    ],
)
def test_a_milestone_by_id_or_title(text: str, due: date) -> None:
    assert due_date(text, said=TUESDAY, milestones=MILESTONES) == (due, True)


def test_a_milestone_the_roadmap_does_not_know_is_not_a_date() -> None:
    assert due_date("land it by 4.4.1", said=TUESDAY, milestones=MILESTONES) == (date(2013, 6, 18), False)
    assert due_date("land it by 4.4", said=TUESDAY) == (date(2013, 6, 18), False)


@pytest.mark.parametrize(
    "text",
    [
        "write up a proposal for the beginning of the 4.4 release cycle",
        "read Friday's notes",  # a weekday, but not a deadline
        "finish by sunset",  # not Sunday
        "fix it by 2013-02-30",  # no such day
        "fix it by June 31",
        "summarise today's discussion",
    ],
)
def test_no_written_date_gives_the_default_two_weeks(text: str) -> None:
    assert due_date(text, said=TUESDAY) == (date(2013, 6, 18), False)


def test_the_default_can_be_changed_or_left_out() -> None:
    assert due_date("write it up", said=TUESDAY, default_days=7) == (date(2013, 6, 11), False)
    assert due_date("write it up", said=TUESDAY, default_days=None) == (None, False)
    assert due_date("write it up by Friday", said=TUESDAY, default_days=None) == (date(2013, 6, 7), True)
