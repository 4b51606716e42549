"""Meetings in channels keep their JSON log: a message applied twice counts once, and a bot that
restarts picks up running meetings, and ended ones whose minutes are not out yet."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.load import load_agenda
from bot.chat.identity import ChatUser
from bot.chat.meetings import Meetings
from bot.model import Agenda

XEN = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
AGENDA = load_agenda(XEN)
GEORGE = ChatUser("U0GEORGE1", "George Dunlap")
START = datetime(2013, 5, 16, 9, 25, tzinfo=ZoneInfo("Europe/London"))


def agendas() -> dict[str, tuple[Path, Agenda]]:
    return {AGENDA.event.id: (XEN, AGENDA)}


def say(meetings: Meetings, text: str, minute: int) -> list[str]:
    return meetings.heard(
        "C1", ["xen-release", "#xen-release"], GEORGE, text, START + timedelta(minutes=minute)
    ).answers


def test_the_block_gives_the_meeting_its_chair_plan_and_open_actions(tmp_path: Path) -> None:
    answers = say(Meetings(tmp_path, agendas), "#startmeeting", 0)

    said = "\n".join(answers)
    assert "George Dunlap" in said
    assert "Big features that did not make it in 4.3" in said
    assert "A1" in said


def test_a_message_applied_again_is_logged_once(tmp_path: Path) -> None:
    meetings = Meetings(tmp_path, agendas)
    say(meetings, "#startmeeting", 0)
    say(meetings, "#action Konrad to rebase PVH", 1)

    assert say(meetings, "#action Konrad to rebase PVH", 1) == []  # the same message, redelivered
    (log,) = tmp_path.glob("*.jsonl")
    assert len(log.read_text().splitlines()) == 2


def test_a_restarted_bot_resumes_the_meeting_from_its_log(tmp_path: Path) -> None:
    first = Meetings(tmp_path, agendas)
    say(first, "#startmeeting", 0)
    say(first, "#action Konrad to rebase PVH", 1)

    again = Meetings(tmp_path, agendas)
    say(again, "#endmeeting", 2)

    (room,) = again.unpublished()
    assert [a.text for a in room.meeting.minutes().actions] == ["Konrad to rebase PVH"]


def test_an_ended_meeting_whose_minutes_never_went_out_is_found_after_a_restart(tmp_path: Path) -> None:
    first = Meetings(tmp_path, agendas)
    say(first, "#startmeeting", 0)
    say(first, "#endmeeting", 1)  # the bot stops before publishing

    again = Meetings(tmp_path, agendas)

    (room,) = again.unpublished()
    assert not again.running("C1")
    again.published(room)
    assert Meetings(tmp_path, agendas).unpublished() == []


def test_a_slack_user_named_like_the_chair_does_not_chair(tmp_path: Path) -> None:
    meetings = Meetings(tmp_path, agendas)
    say(meetings, "#startmeeting", 0)  # George, by his chat id, chairs the 4.4 content block
    namesake = ChatUser("U0FAKE001", "George Dunlap")

    answers = meetings.heard("C1", ["xen-release"], namesake, "#topic Hijacked", START + timedelta(minutes=1)).answers

    assert "chair" in " ".join(answers).lower()
    (log,) = tmp_path.glob("*.jsonl")
    assert '"George Dunlap (U0FAKE001)"' in log.read_text().splitlines()[1]  # logged under his chat id too
    assert say(meetings, "#endmeeting", 2)  # the real chair still ends it
    (room,) = meetings.unpublished()
    assert [topic.title for topic in room.meeting.minutes().topics] == []
