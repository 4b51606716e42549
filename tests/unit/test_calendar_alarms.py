"""Reminders: `calendar: {alarm: 15m}` puts a VALARM that long before every session and meeting
into the feeds and calendar items; none without it, none in tasks or cancelled entries; a lead
time written wrong is reported at its line, like any field."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import vobject
from icalendar import Calendar

from bot.calendar.feed import event_feed, stamp_agenda, task_feed
from bot.sync.state import StateStore
from tests.unit.agenda_text import load, problems_of
from tests.unit.test_calendar_feed import HEAD, KERNEL, OPENING

MEETING = """\
meetings:
  - id: weekly
    title: Weekly call
    first: 2027-05-04
    repeat: weekly
    count: 4
    start: "16:00"
    end: "17:00"
    moderators: [ann]
actions:
  - id: slides
    owner: ann
    text: Send the slides
    due: 2027-06-08
"""


def with_alarm(lead: str) -> str:
    return HEAD.replace("keep_cancelled_days: 2", f"keep_cancelled_days: 2\n    alarm: {lead}")


def alarms(feed: str) -> dict[str, list[tuple[str, timedelta, str]]]:
    """(ACTION, TRIGGER, DESCRIPTION) of each component's alarms, by UID, as icalendar reads them."""
    found: dict[str, list[tuple[str, timedelta, str]]] = {}
    for part in Calendar.from_ical(feed).walk():
        if part.name in {"VEVENT", "VTODO"}:
            found[str(part["UID"])] = [
                (str(a["ACTION"]), a.decoded("TRIGGER"), str(a["DESCRIPTION"])) for a in part.walk("VALARM")
            ]
    return found


def test_without_the_setting_there_is_no_alarm(store: StateStore) -> None:
    feed = event_feed(stamp_agenda(load(HEAD + OPENING + KERNEL + MEETING), store))
    assert "VALARM" not in feed


def test_every_session_and_meeting_gets_a_reminder_before_it_starts(store: StateStore) -> None:
    stamped = stamp_agenda(load(with_alarm("15m") + OPENING + KERNEL + MEETING), store)
    before = timedelta(minutes=-15)
    assert alarms(event_feed(stamped)) == {
        "demo-summit/opening@summitbot": [("DISPLAY", before, "Opening")],
        "demo-summit/kernel@summitbot": [("DISPLAY", before, "Kernel talk")],
        "demo-summit/weekly@summitbot": [("DISPLAY", before, "Weekly call")],
    }
    assert alarms(task_feed(stamped)) == {"demo-summit/action/slides@summitbot": []}


def test_vobject_reads_the_same_trigger(store: StateStore) -> None:
    feed = event_feed(stamp_agenda(load(with_alarm("1h30m") + KERNEL), store))
    calendar = vobject.readOne(io.StringIO(feed))
    assert calendar.vevent.valarm.trigger.value == timedelta(minutes=-90)


def test_a_cancelled_session_rings_no_more(store: StateStore) -> None:
    stamp_agenda(load(with_alarm("1d") + OPENING + KERNEL), store)
    feed = event_feed(stamp_agenda(load(with_alarm("1d") + OPENING), store))
    assert alarms(feed)["demo-summit/kernel@summitbot"] == []
    assert alarms(feed)["demo-summit/opening@summitbot"] == [("DISPLAY", timedelta(days=-1), "Opening")]


AT = "demo.yaml:11:12: calendar:"


@pytest.mark.parametrize(
    ("lead", "problem"),
    [
        ("15", f"{AT} 'alarm' should be a lead time like \"15m\" or \"1h\", not the number 15;"
               " write \"15m\" for 15 minutes"),
        ("soon", f"{AT} 'alarm': 'soon' is not a lead time: write minutes, hours or days,"
                 " like \"15m\", \"1h30m\" or \"1d\""),
        ("8d", f"{AT} 'alarm': '8d' is more than 7 days ahead: a reminder that early is forgotten by the day"),
    ],
)  # fmt: skip
def test_a_lead_time_written_wrong_is_reported_at_its_line(lead: str, problem: str) -> None:
    assert problems_of(with_alarm(lead) + KERNEL) == [problem]


def test_a_session_or_meeting_may_set_its_own_lead_time(store: StateStore) -> None:
    own = KERNEL + "    alarm: 2h\n"
    call = MEETING.replace('    end: "17:00"\n', '    end: "17:00"\n    alarm: 0m\n')
    found = alarms(event_feed(stamp_agenda(load(with_alarm("15m") + OPENING + own + call), store)))
    assert [trigger for _, trigger, _ in found["demo-summit/opening@summitbot"]] == [timedelta(minutes=-15)]
    assert [trigger for _, trigger, _ in found["demo-summit/kernel@summitbot"]] == [timedelta(hours=-2)]
    assert [trigger for _, trigger, _ in found["demo-summit/weekly@summitbot"]] == [timedelta(0)]  # at the start


def test_a_session_lead_time_alone_needs_no_event_setting(store: StateStore) -> None:
    found = alarms(event_feed(stamp_agenda(load(HEAD + OPENING + KERNEL + "    alarm: 5m\n"), store)))
    assert (found["demo-summit/opening@summitbot"], len(found["demo-summit/kernel@summitbot"])) == ([], 1)
    assert problems_of(HEAD + KERNEL + "    alarm: later\n")[0].startswith(
        "demo.yaml:23:12: session 'kernel': 'alarm':"
    )
