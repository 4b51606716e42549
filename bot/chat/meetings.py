"""Meetings in chat channels: MeetBot's commands typed in Slack, one Meeting per channel.

`#startmeeting` in a channel that belongs to an event starts a meeting there; during (or just
before) a scheduled block it is that block's meeting: the block's moderators chair it, its topics
are the plan and the open action items of the track are listed first. Every line is appended to
the meeting's JSON log (`<state folder>/meetings/<channel>-<start>.jsonl`) as it arrives, so a
line costs the same at the end of a long day as at the start, and a restarted bot replays the
logs of the meetings still running. The logs are private to the bot's user (`bot.files`).
`#endmeeting` hands the minutes back to be published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.chat.identity import ChatUser, identify
from bot.errors import room_to_write
from bot.files import private_file, private_folder
from bot.minutes.followup import DEFAULT_DUE_DAYS, meeting_for
from bot.minutes.meeting import Meeting, log_line, replay
from bot.minutes.model import Minutes
from bot.model import Agenda

RUNNING = ".running"  # the marker beside a log: this meeting has not ended


@dataclass
class Room:
    """A meeting running in a channel: the engine, its agenda and its log file."""

    meeting: Meeting
    path: Path  # the agenda file
    log: Path
    thread: str | None  # the ts of the #startmeeting message: the summary goes in its thread
    last: datetime | None = None  # the time of the last line taken: a message applied again is skipped
    channel: str = ""


@dataclass(frozen=True)
class Heard:
    """What a line did: the bot's answers, and the minutes when it ended the meeting."""

    answers: list[str]
    room: Room | None = None
    ended: Minutes | None = None


class Meetings:
    """Every channel's meeting, kept in logs under `folder`."""

    def __init__(
        self, folder: Path, agendas: Callable[[], dict[str, tuple[Path, Agenda]]], *, due_days: int = DEFAULT_DUE_DAYS
    ) -> None:
        self.folder, self.due_days = folder, due_days
        self._agendas = agendas
        self._rooms: dict[str, Room] = {}
        self._ended: list[Room] = []
        private_folder(folder)
        self._resume()

    def running(self, channel: str) -> bool:
        """Whether a meeting runs in the channel."""
        return channel in self._rooms

    def heard(self, channel: str, channel_names: Sequence[str], user: ChatUser, text: str, at: datetime,
              ts: str | None = None) -> Heard:  # fmt: skip
        """One message in a channel."""
        room = self._rooms.get(channel)
        if room is not None and room.last is not None and at <= room.last:
            return Heard([])  # in the log already: the bot stopped before it marked the message done
        if room is None:
            if not re.match(r"\s*#startmeeting\b", text, re.IGNORECASE):
                return Heard([])
            found = self._event_of(channel, channel_names)
            if found is None:
                return Heard(["No event of mine uses this channel (event.chat.channel), so I keep no minutes here."])
            room = self._start(channel, *found, at, ts)
        who = _speaker(room, user, self._agendas)
        with room_to_write(room.log), room.log.open("a", encoding="utf-8") as log:
            log.write(log_line(who, text, at) + "\n")
        room.last = at
        answers = room.meeting.said(who, text, at)
        if not room.meeting.ended:
            return Heard(answers, room)
        del self._rooms[channel]
        self._ended.append(room)
        return Heard(answers, room, room.meeting.minutes())

    def unpublished(self) -> list[Room]:
        """Meetings that ended but whose minutes are not published yet (say, the bot stopped first)."""
        return list(self._ended)

    def published(self, room: Room) -> None:
        """The minutes of an ended meeting are out: forget it (its log stays)."""
        room.log.with_suffix(RUNNING).unlink(missing_ok=True)
        if room in self._ended:
            self._ended.remove(room)

    def _event_of(self, channel: str, names: Sequence[str]) -> tuple[Path, Agenda] | None:
        agendas = list(self._agendas().values())
        here = [found for found in agendas if found[1].event.chat.channel in {channel, *names}]
        return here[0] if len(here) == 1 else (agendas[0] if len(agendas) == 1 else None)

    def _start(self, channel: str, path: Path, agenda: Agenda, at: datetime, ts: str | None) -> Room:
        log = self.folder / f"{channel}-{at.astimezone(agenda.event.timezone):%Y%m%dT%H%M%S}.jsonl"
        private_file(log)
        private_file(log.with_suffix(RUNNING))
        log.with_suffix(RUNNING).write_text(f"{channel}\n{path}\n{ts or ''}\n", encoding="utf-8")
        room = Room(meeting_for(agenda, at, due_days=self.due_days), path, log, ts, channel=channel)
        self._rooms[channel] = room
        return room

    def _resume(self) -> None:
        """Replay the logs of meetings that were running when the bot stopped."""
        for marker in sorted(self.folder.glob(f"*{RUNNING}")):
            channel, path, ts = ([*marker.read_text(encoding="utf-8").split("\n"), "", "", ""])[:3]
            agenda = next((a for p, a in self._agendas().values() if str(p) == path), None)
            log = marker.with_suffix(".jsonl")
            if agenda is None or not log.is_file():
                continue
            first = log.read_text(encoding="utf-8").split("\n", 1)[0]
            start = datetime.fromisoformat(json.loads(first)["at"]) if first else datetime.now(UTC)
            meeting = meeting_for(agenda, start, due_days=self.due_days)
            with log.open(encoding="utf-8") as lines:
                replay(lines, meeting)
            last = _last_time(log)
            room = Room(meeting, Path(path), log, ts or None, last, channel)
            if meeting.ended:
                self._ended.append(room)
            else:
                self._rooms[channel] = room


def _last_time(log: Path) -> datetime | None:
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return datetime.fromisoformat(json.loads(lines[-1])["at"]) if lines else None


def _speaker(room: Room, user: ChatUser, agendas: Callable[[], dict[str, tuple[Path, Agenda]]]) -> str:
    """The name a chat user speaks under: their name in the agenda, else their chat name, with
    their chat id after it when that name is someone else's (a name is no proof: the block's
    moderators chair by name, and a namesake must not)."""
    agenda = next((a for p, a in agendas().values() if p == room.path), None)
    person = identify(agenda, user).person if agenda else None
    if person is not None:
        return person.name
    return f"{user.name} ({user.id})" if agenda and agenda.directory.find(user.name) else user.name
