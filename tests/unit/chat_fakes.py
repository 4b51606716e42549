"""An in-memory chat for the messages the bot sends unasked (`bot.chat.delivery.Messenger`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


@dataclass
class Sent:
    """A message the fake chat took."""

    channel: str
    text: str
    key: str
    at: datetime


@dataclass
class FakeMessenger:
    """Records what is sent; `zones` per user; `lose_answers` makes it store a post but raise (the answer lost)."""

    zones: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)  # name -> id
    sent: list[Sent] = field(default_factory=list)
    lose_answers: int = 0
    history_calls: int = 0
    fail_after: int | None = None  # refuse every send once this many went (Slack down)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # when a message is posted (its ts, on Slack)

    def dm_channel(self, user: str) -> str:
        return "D" + user

    def channel_id(self, channel: str) -> str:
        return self.channels.get(channel.removeprefix("#"), channel)

    def zone(self, user: str) -> ZoneInfo | None:
        return ZoneInfo(self.zones[user]) if user in self.zones else None

    def send(self, channel: str, text: str, key: str) -> str:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise ConnectionError("Slack is down")
        self.sent.append(Sent(channel, text, key, self.clock()))
        if self.lose_answers:
            self.lose_answers -= 1
            raise ConnectionError("the answer was lost")
        return f"{len(self.sent)}.000100"

    def keys_since(self, channel: str, since: datetime) -> set[str]:
        self.history_calls += 1
        return {message.key for message in self.sent if message.channel == channel and message.at >= since}

    def to(self, channel: str) -> list[str]:
        """The texts sent to `channel`."""
        return [message.text for message in self.sent if message.channel == channel]
