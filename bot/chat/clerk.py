"""The meeting clerk: lines of chat meetings into their Meeting, answers back to the channel,
and at #endmeeting the minutes published and summed up in the meeting's thread.

Minutes that could not go out (the wiki was down, the bot stopped in between) stay with
`Meetings` until they are published: tried again at most once a minute.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.chat import replies
from bot.chat.meetings import Meetings, Room
from bot.chat.mrkdwn import escape
from bot.minutes.model import Minutes
from bot.sync.inbox import Letter

if TYPE_CHECKING:
    from bot.chat.worker import ChatSide

log = logging.getLogger("summitbot.chat")

PublishMinutes = Callable[[Path, Minutes], str]  # publish a meeting's minutes; the summary for its thread


class Clerk:
    """Keeps the minutes of the meetings in the channels."""

    def __init__(
        self, meetings: Meetings, side: ChatSide, publish: PublishMinutes | None, on_change: Callable[[Path], None]
    ) -> None:
        self.meetings, self.side, self.publish, self.on_change = meetings, side, publish, on_change
        self._publish_again = 0.0

    def heard(self, letter: Letter) -> None:
        """A message in a channel: a line of its meeting (answers posted there), and at
        #endmeeting the minutes published and summed up in the meeting's thread."""
        payload = letter.payload
        channel = payload["channel"]
        try:
            user = self.side.user(payload["user"])
            at = datetime.fromtimestamp(float(payload["ts"]), UTC)
            names = self.side.channel_names(channel)
            heard = self.meetings.heard(channel, names, user, payload["text"], at, payload["ts"])
            for answer in heard.answers:
                self.side.say(channel, escape(answer))
            if heard.ended is not None and heard.room is not None:
                self._publish(channel, heard.room)
        except Exception:
            log.exception("meeting line failed channel=%s id=%d", channel, letter.id)
            self.side.say(channel, replies.apology())
            self._publish_again = time.monotonic() + 60  # minutes that failed to go out wait a minute

    def _publish(self, channel: str, room: Room) -> None:
        """Publish an ended meeting's minutes, sum them up in its thread, and let the sync loop
        show the new action items and the minutes link on the event page."""
        minutes = room.meeting.minutes()
        summary = self.publish(room.path, minutes) if self.publish else None
        self.meetings.published(room)
        if summary:
            self.side.say(channel, summary, room.thread)
        self.on_change(room.path)

    def publish_ended(self) -> None:
        """Minutes of meetings that ended but are not out: the bot stopped, or the wiki was down
        (tried again at most once a minute)."""
        if not self.meetings.unpublished() or time.monotonic() < self._publish_again:
            return
        self._publish_again = time.monotonic() + 60
        for room in self.meetings.unpublished():
            try:
                self._publish(room.channel, room)
            except Exception:
                log.exception("publishing minutes failed log=%s; will try again", room.log)
