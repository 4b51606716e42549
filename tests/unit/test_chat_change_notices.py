"""Change notices: a session moved, retitled, moved to another room or cancelled is told, once, in one
DM per person it concerns, with old -> new in date tokens; undone before the notice, nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.chat.delivery import Delivery
from bot.chat.notices import Notices
from bot.model import Agenda
from bot.sync.state import StateStore
from tests.unit.agenda_text import load
from tests.unit.chat_fakes import FakeMessenger

AGENDA = """\
event:
  id: demo-summit
  title: Demo summit
  timezone: Europe/Berlin
  chat: {channel: C0SUMMIT}
people:
  - {id: ann, name: Ann Lee, chat_id: U0ANN}
  - {id: bob, name: Bob Roe, chat_id: U0BOB}
  - {id: cy, name: Cy Doe, chat_id: U0CY}
  - {id: dee, name: Dee Poe, chat_id: U0DEE}
  - {id: eve, name: Eve Moe, chat_id: U0EVE}
  - {id: fay, name: Fay Noe, chat_id: U0FAY}
attendees:
  - {name: Cy Doe, interests: [kernel]}
  - Fay Noe
sessions:
  - id: kernel
    title: "Kernel <!channel> *talk*"
    day: 2027-06-01
    start: "14:00"
    end: "15:00"
    room: "Room <https://evil|1>"
    moderators: [ann]
    required: [bob]
  - id: storage
    title: Storage
    day: 2027-06-01
    start: "16:00"
    end: "17:00"
    moderators: [ann]
proposals:
  - {id: T1, title: cgroups, proposer: dee, votes: [eve], status: scheduled, session: kernel}
"""
MOVED = AGENDA.replace('start: "14:00"\n    end: "15:00"', 'start: "15:00"\n    end: "16:00"')
NOW = datetime(2027, 5, 20, 4, 0, tzinfo=UTC)  # 06:00 in Berlin: before the channel's daily post


class Bot:
    """The notices of one state store, with a clock the test moves."""

    def __init__(self, tmp_path: Path, chat: FakeMessenger, settle: float = 60.0) -> None:
        self.now = NOW
        self.chat = chat
        self.notices = Notices(Delivery(StateStore(tmp_path / "state.sqlite3"), chat, lambda: self.now),
                               lambda: self.now, settle)  # fmt: skip

    def sees(self, text: str, after: timedelta = timedelta(0)) -> int:
        self.now += after
        agenda: Agenda = load(text)
        return self.notices.run([agenda])


def test_the_first_look_only_remembers_the_sessions(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger())
    assert bot.sees(AGENDA) == 0
    assert bot.sees(AGENDA, timedelta(minutes=5)) == 0
    assert bot.chat.sent == []


def test_a_moved_session_is_one_dm_to_each_person_it_concerns_with_old_and_new_times(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger())
    bot.sees(AGENDA)
    assert bot.sees(MOVED) == 0  # not settled yet
    assert bot.sees(MOVED, timedelta(minutes=1)) == 5
    assert bot.sees(MOVED, timedelta(minutes=5)) == 0  # once

    # moderator, required, interested attendee, the scheduled topic's proposer and voter; not Fay
    assert sorted(message.channel for message in bot.chat.sent) == ["DU0ANN", "DU0BOB", "DU0CY", "DU0DEE", "DU0EVE"]
    assert bot.chat.to("DU0CY") == [
        "Schedule change in *Demo summit*:\n"
        "• *Kernel &lt;!channel&gt; *talk**: moved "
        "<!date^1811851200^{date_short_pretty} {time}|Tue 01 Jun 14:00 CEST>–<!date^1811854800^{time}|15:00 CEST>"
        " → <!date^1811854800^{date_short_pretty} {time}|Tue 01 Jun 15:00 CEST>–<!date^1811858400^{time}|16:00 CEST>"
    ]


def test_changes_seen_together_are_one_message_per_person(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger())
    bot.sees(AGENDA)
    both = MOVED.replace("title: Storage", "title: Storage <b>").replace('room: "Room <https://evil|1>"', "room: Hall")
    assert bot.sees(both, timedelta(minutes=1)) == 0
    bot.sees(both, timedelta(minutes=1))
    assert bot.chat.to("DU0BOB") == [bot.chat.to("DU0BOB")[0]]
    (ann,) = bot.chat.to("DU0ANN")  # moderates both: both changes in one message
    assert ann.count("\n• ") == 2
    assert "; room Room &lt;https://evil|1&gt; → Hall" in ann
    assert "*Storage*: retitled “Storage” → “Storage &lt;b&gt;”" in ann


def test_a_change_undone_before_the_notice_goes_sends_nothing(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger())
    bot.sees(AGENDA)
    bot.sees(MOVED, timedelta(seconds=10))
    assert bot.sees(AGENDA, timedelta(seconds=30)) == 0
    assert bot.sees(AGENDA, timedelta(minutes=5)) == 0
    assert bot.chat.sent == []


def test_a_cancelled_session_is_told_to_those_it_concerned(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger(), settle=0)
    bot.sees(AGENDA)
    without = AGENDA.replace(AGENDA[AGENDA.index("  - id: storage") : AGENDA.index("proposals:")], "")
    assert bot.sees(without) == 1
    assert bot.chat.to("DU0ANN") == [
        "Schedule change in *Demo summit*:\n• *Storage* "
        "(<!date^1811858400^{date_short_pretty} {time}|Tue 01 Jun 16:00 CEST>–<!date^1811862000^{time}|17:00 CEST>)"
        " is *cancelled*"
    ]


def test_organisers_can_turn_notices_off(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger(), settle=0)
    off = "chat: {channel: C0SUMMIT, change_notices: false}"
    bot.sees(AGENDA.replace("chat: {channel: C0SUMMIT}", off))
    assert bot.sees(MOVED.replace("chat: {channel: C0SUMMIT}", off)) == 0
    assert bot.chat.sent == []


def test_the_channel_gets_the_days_changes_once_after_eight(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger(), settle=0)
    bot.now = datetime(2027, 5, 20, 5, 0, tzinfo=UTC)  # 07:00 in Berlin
    bot.sees(AGENDA)
    bot.sees(MOVED, timedelta(minutes=1))
    assert bot.chat.to("C0SUMMIT") == []
    bot.sees(MOVED, timedelta(hours=1))  # 08:01
    bot.sees(MOVED, timedelta(hours=1))
    (post,) = bot.chat.to("C0SUMMIT")
    assert post.startswith("Schedule changes in *Demo summit*:\n• *Kernel &lt;!channel&gt; *talk**: moved ")


def test_a_notice_cut_short_sends_only_the_rest_after_a_restart(tmp_path: Path) -> None:
    chat = FakeMessenger(lose_answers=0)
    bot = Bot(tmp_path, chat, settle=0)
    bot.sees(AGENDA)
    chat.fail_after = 2  # Slack goes down after two DMs
    bot.sees(MOVED)
    assert len(chat.sent) == 2
    chat.fail_after = None
    restarted = Bot(tmp_path, chat, settle=0)
    restarted.sees(MOVED)
    assert sorted(message.channel for message in chat.sent) == ["DU0ANN", "DU0BOB", "DU0CY", "DU0DEE", "DU0EVE"]


def test_tidying_up_sessions_that_are_over_tells_nobody(tmp_path: Path) -> None:
    bot = Bot(tmp_path, FakeMessenger(), settle=0)
    bot.sees(AGENDA)
    bot.now = datetime(2027, 6, 2, 4, 0, tzinfo=UTC)  # the day after
    assert bot.sees(AGENDA.replace("title: Storage", "title: Storage (done)")) == 0
    assert bot.chat.sent == []
