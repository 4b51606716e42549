"""Reminders: before each session the people who run it get a DM and the channel a post, once each;
none for a session removed from the agenda; none in a person's quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.chat.delivery import Delivery
from bot.chat.reminders import due_reminders, send_due, when_due
from bot.model import Agenda
from bot.sync.state import StateStore
from tests.unit.agenda_text import load
from tests.unit.chat_fakes import FakeMessenger

AGENDA = """\
event:
  id: demo-summit
  title: Demo summit
  timezone: Europe/Berlin
  chat:
    channel: C0SUMMIT
    reminders: [1d, 15m]
people:
  - {id: ann, name: Ann Lee, chat_id: U0ANN}
  - {id: bob, name: Bob Roe, chat_id: U0BOB}
  - {id: cy, name: Cy Doe, chat_id: U0CY}
  - {id: dee, name: Dee Poe}
sessions:
  - id: intro
    title: Introductions
    day: 2027-06-01
    start: "09:00"
    end: "10:00"
    track: storage
  - id: kernel
    title: "Kernel <!channel> *talk*"
    day: 2027-06-01
    start: "14:00"
    end: "15:00"
    room: "Room <https://evil|1>"
    track: storage
    moderators: [ann, dee]
    scribe: bob
    required: [cy, ann]
    topics: [cgroups, {title: namespaces, topics: [user namespaces]}]
actions:
  - id: A1
    owner: bob
    text: Send the <!here> slides
    source: {session: intro}
"""
KERNEL_START = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)  # 14:00 in Berlin


@pytest.fixture
def agenda() -> Agenda:
    return load(AGENDA)


def deliver(tmp_path: Path, messenger: FakeMessenger, agenda: Agenda, now: datetime) -> int:
    return send_due([agenda], Delivery(StateStore(tmp_path / "state.sqlite3"), messenger, lambda: now), now)


def test_fifteen_minutes_before_each_runner_gets_one_dm_and_the_channel_one_post(
    tmp_path: Path, agenda: Agenda
) -> None:
    chat = FakeMessenger()
    now = KERNEL_START - timedelta(minutes=14)

    assert deliver(tmp_path, chat, agenda, now) == 4
    assert deliver(tmp_path, chat, agenda, now + timedelta(minutes=5)) == 0  # nothing twice

    assert sorted(message.channel for message in chat.sent) == ["C0SUMMIT", "DU0ANN", "DU0BOB", "DU0CY"]
    assert chat.to("DU0ANN") == [
        ":alarm_clock: *Kernel &lt;!channel&gt; *talk** (Demo summit) starts "
        "<!date^1811851200^{date_short_pretty} {time}|Tue 01 Jun 14:00 CEST> in Room &lt;https://evil|1&gt;. "
        "You moderate it."
    ]
    assert chat.to("DU0BOB")[0].endswith("You take the notes of it.")
    assert chat.to("DU0CY")[0].endswith("You are needed at it.")
    assert chat.to("C0SUMMIT") == [
        ":alarm_clock: *Kernel &lt;!channel&gt; *talk** starts "
        "<!date^1811851200^{date_short_pretty} {time}|Tue 01 Jun 14:00 CEST> in Room &lt;https://evil|1&gt;.\n"
        "Topics:\n• cgroups\n• namespaces\n• user namespaces\n"
        "Open action items that come back:\n• A1 (Bob Roe): Send the &lt;!here&gt; slides"
    ]
    assert {message.key for message in chat.sent} == {
        f"reminder/demo-summit/kernel/2027-06-01T14:00+02:00/15m/{who}" for who in ("channel", "ann", "bob", "cy")
    }


def test_a_day_before_the_day_ahead_reminder_goes_and_not_again_at_fifteen_minutes_s_place(
    tmp_path: Path, agenda: Agenda
) -> None:
    chat = FakeMessenger()
    deliver(tmp_path, chat, agenda, KERNEL_START - timedelta(days=1))
    deliver(tmp_path, chat, agenda, KERNEL_START - timedelta(minutes=10))
    keys = [message.key.split("/")[4] for message in chat.sent if message.channel == "DU0ANN"]
    assert keys == ["1440m", "15m"]


def test_a_cancelled_session_gets_no_reminder(tmp_path: Path) -> None:
    cancelled = load(AGENDA.split("  - id: kernel", maxsplit=1)[0] + "actions: []\n")  # cancelled: removed
    chat = FakeMessenger()
    assert deliver(tmp_path, chat, cancelled, KERNEL_START - timedelta(minutes=14)) == 0
    assert chat.sent == []


def test_a_session_moved_later_is_reminded_at_its_new_time_only(tmp_path: Path) -> None:
    moved = load(AGENDA.replace('start: "14:00"\n    end: "15:00"', 'start: "16:00"\n    end: "17:00"'))
    chat = FakeMessenger()
    deliver(tmp_path, chat, moved, KERNEL_START - timedelta(minutes=14))  # the day-ahead ones, for 16:00
    assert deliver(tmp_path, chat, moved, KERNEL_START + timedelta(hours=2, minutes=-14)) == 4
    assert {message.key.split("/")[3] for message in chat.sent} == {"2027-06-01T16:00+02:00"}


ZONES = {"U0ANN": "America/Los_Angeles", "U0BOB": "Asia/Tokyo", "U0CY": "Europe/Berlin"}


def test_a_dm_due_in_quiet_hours_that_last_past_the_start_is_skipped(agenda: Agenda) -> None:
    # 13:45 in Berlin: 04:45 in Los Angeles (quiet until 08:00, after the start), 20:45 in Tokyo
    due = due_reminders(agenda, KERNEL_START - timedelta(minutes=14), FakeMessenger(zones=ZONES).zone)
    assert sorted(reminder.user or "channel" for reminder in due) == ["U0BOB", "U0CY", "channel"]


def test_a_dm_due_in_quiet_hours_goes_when_they_end(agenda: Agenda) -> None:
    # the day-ahead reminder: 14:00 Berlin the day before is 05:00 in Los Angeles, 21:00 in Tokyo
    zone_of = FakeMessenger(zones=ZONES).zone
    before_la_wakes = datetime(2027, 5, 31, 14, 59, tzinfo=UTC)  # 07:59 in Los Angeles
    assert "U0ANN" not in {reminder.user for reminder in due_reminders(agenda, before_la_wakes, zone_of)}
    at_eight = due_reminders(agenda, datetime(2027, 5, 31, 15, 0, tzinfo=UTC), zone_of)
    assert "U0ANN" in {reminder.user for reminder in at_eight}
    assert when_due(timedelta(days=1), KERNEL_START, zone_of("U0ANN")) == datetime(2027, 5, 31, 15, 0, tzinfo=UTC)
    assert when_due(timedelta(minutes=15), KERNEL_START, zone_of("U0ANN")) is None
    assert when_due(timedelta(days=1), KERNEL_START, None) == KERNEL_START - timedelta(days=1)  # the channel's


def test_a_send_whose_answer_was_lost_is_found_in_the_history_and_not_sent_again(
    tmp_path: Path, agenda: Agenda
) -> None:
    now = KERNEL_START - timedelta(minutes=14)
    chat = FakeMessenger(lose_answers=1, clock=lambda: now)
    assert deliver(tmp_path, chat, agenda, now) == 3  # the first send reached the chat, but its answer did not
    assert deliver(tmp_path, chat, agenda, now + timedelta(minutes=1)) == 1  # found in the history: confirmed
    assert len(chat.sent) == 4
    assert chat.history_calls == 1


MEETINGS = """\
event:
  id: calls
  title: Weekly calls
  timezone: Europe/Berlin
  chat: {channel: C0CALLS, reminders: [15m]}
people:
  - {id: ann, name: Ann Lee, chat_id: U0ANN}
meetings:
  - id: weekly
    title: Weekly call
    first: 2027-05-04
    repeat: weekly
    count: 4
    start: "16:00"
    end: "17:00"
    moderators: [ann]
    skip: [2027-05-11]
"""


def test_each_call_of_a_recurring_meeting_is_reminded_but_a_skipped_one(tmp_path: Path) -> None:
    calls, chat = load(MEETINGS), FakeMessenger()
    for day in (4, 11, 18):
        deliver(tmp_path, chat, calls, datetime(2027, 5, day, 13, 50, tzinfo=UTC))  # 15:50 in Berlin
    assert sorted({message.key.split("/")[3] for message in chat.sent}) == [
        "2027-05-04T16:00+02:00", "2027-05-18T16:00+02:00"
    ]  # fmt: skip
    assert chat.to("DU0ANN")[0].endswith("You moderate it.")
