"""Messages the bot sends unasked (reminders, change notices), each exactly once across restarts.

Slack's chat.postMessage has no idempotency key, so "exactly once" is built from two halves:

1. **record before send**: a message's unique key is claimed in the state store (with the channel
   it goes to and when) *before* it is sent, and confirmed (with the message's ts) after Slack
   took it. A confirmed key is never sent again.
2. **reconcile an unconfirmed claim**: every message carries its key in Slack's message metadata
   (`summitbot_message` / `{"key": ...}`). A claim found unconfirmed later (the bot was killed,
   or Slack's answer was lost, between claiming and confirming) is looked up in the channel's
   history since the claim (conversations.history with its metadata): found, it is confirmed
   without sending; not found, it was never posted, and it is sent now.

So a message is neither lost (a claim is only ever closed by finding it or sending it) nor
doubled, as long as Slack's history shows a message once it has answered anyone about it. The one
window left: a post Slack stored but does not yet show in history when the restarted bot looks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.sync.state import StateStore

log = logging.getLogger("summitbot.chat")

LOOK_BACK = timedelta(minutes=5)  # history is searched from a little before the claim (clock skew)


class Messenger(Protocol):
    """What delivery needs from the chat (Slack's Web API, or a fake in tests).

    A `target` is a channel (id or name) or a user id; every method raises on a failed call."""

    def dm_channel(self, user: str) -> str:
        """The id of the bot's direct-message channel with `user` (conversations.open)."""

    def channel_id(self, channel: str) -> str:
        """The id of a channel given by id, `name` or `#name`."""

    def zone(self, user: str) -> ZoneInfo | None:
        """The time zone of the user's profile (users.info `tz`), None when unknown."""

    def send(self, channel: str, text: str, key: str) -> str:
        """Post `text` with `key` in its metadata; the message's ts."""

    def keys_since(self, channel: str, since: datetime) -> set[str]:
        """The keys of the bot's messages in `channel` posted since `since`."""


class Delivery:
    """Sends keyed messages exactly once (see the module's docstring)."""

    def __init__(self, store: StateStore, messenger: Messenger, clock: Callable[[], datetime] | None = None) -> None:
        self.store, self.messenger = store, messenger
        self.clock = clock or (lambda: datetime.now(UTC))

    def sent(self, key: str) -> bool:
        """Whether the message `key` is confirmed sent."""
        record = self.store.delivery(key)
        return record is not None and record.sent is not None

    def deliver(self, key: str, text: str, *, user: str | None = None, channel: str | None = None) -> bool:
        """Send `text` to `user` (a DM) or `channel` unless `key` went before; whether it is out now.

        A failed call leaves the key claimed: a later call finds out whether it went."""
        record = self.store.delivery(key)
        if record is not None and record.sent is not None:
            return True
        try:
            if record is not None:
                where = record.channel
                if key in self.messenger.keys_since(where, record.claimed - LOOK_BACK):
                    self.store.confirm_delivery(key, "", self.clock())  # it went; the bot missed Slack's answer
                    log.info("message found already sent key=%s", key)
                    return True
            else:
                where = self.messenger.dm_channel(user) if user else self.messenger.channel_id(str(channel))
                self.store.claim_delivery(key, where, self.clock())
            ts = self.messenger.send(where, text, key)
        except Exception as error:  # noqa: BLE001 - Slack down or refusing: the claim stays, retried later
            log.warning("sending a message failed key=%s error=%s", key, _reason(error))
            return False
        self.store.confirm_delivery(key, ts, self.clock())
        return True


def _reason(error: Exception) -> str:
    """Slack's error code (a SlackApiError's `response["error"]`), else the kind of failure."""
    response: Any = getattr(error, "response", None)
    code = response.get("error") if hasattr(response, "get") else None
    return str(code or type(error).__name__)


class Ticker:
    """Runs `tick` every `every` seconds in a daemon thread (at once when started); never dies of it."""

    def __init__(self, name: str, tick: Callable[[], object], every: float) -> None:
        self.tick, self.every = tick, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start ticking."""
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the tick in progress (nothing to do when it never started)."""
        self._stop.set()
        if self._thread.ident is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:  # the bot keeps reminding after a bug in one round
                log.exception("%s round failed", self._thread.name)
            if self._stop.wait(self.every):
                return
