"""The bot's side of Slack's Web API: the client, who users are, and a paced outbox.

- `web_client`: slack-sdk's WebClient at `SUMMITBOT_SLACK_API_URL` (Slack's own address by
  default), retrying 429 answers after their Retry-After, dropped connections and 5xx answers
  (slack-sdk's retry handlers).
- `People`: users.info, cached, as ChatUsers.
- `Outbox`: messages leave from one thread; posts to a channel are paced to Slack's limit of about
  one message per second per channel, while replies to one person (response_url, ephemeral)
  go straight out. A failed send is logged and dropped: what it reported is already in the agenda.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.chat.identity import ChatUser
from bot.chat.slack_payloads import chat_user

SLACK_API_URL = "https://slack.com/api/"
CHANNEL_INTERVAL = 1.0  # seconds between two posts to one channel
USER_CACHE_SECONDS = 3600.0

log = logging.getLogger("summitbot.chat")


def retry_handlers() -> list[RetryHandler]:
    """Retry a 429 after Retry-After (up to 5 times), a dropped connection and a 5xx answer."""
    return [RateLimitErrorRetryHandler(max_retry_count=5), ConnectionErrorRetryHandler(), ServerErrorRetryHandler()]


def web_client(token: str, api_url: str | None = None, *, user_agent: str | None = None) -> WebClient:
    """A WebClient for the bot token, at `api_url` (which must end in /) or Slack's own address."""
    base = (api_url or SLACK_API_URL).rstrip("/") + "/"
    client = WebClient(token=token, base_url=base, timeout=10, user_agent_prefix=user_agent)
    client.retry_handlers.extend(retry_handlers())
    return client


class People:
    """Chat users by id (users.info), cached for an hour."""

    def __init__(self, client: WebClient, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._known: dict[str, tuple[float, ChatUser]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str, fallback_name: str = "") -> ChatUser:
        """The user; when Slack cannot say, a ChatUser known only by id (and the name given)."""
        with self._lock:
            cached = self._known.get(user_id)
        if cached and self._clock() - cached[0] < USER_CACHE_SECONDS:
            return cached[1]
        try:
            user = chat_user(self._client.users_info(user=user_id)["user"])
        except SlackApiError as error:
            log.warning("users.info failed user=%s error=%s", user_id, error.response.get("error"))
            return ChatUser(user_id, fallback_name or user_id)
        with self._lock:
            self._known[user_id] = (self._clock(), user)
        return user


@dataclass(order=True)
class _Message:
    due: float
    order: int
    channel: str | None = field(compare=False)
    send: Callable[[], Any] = field(compare=False)
    done: Callable[[Any], None] | None = field(compare=False, default=None)


class Outbox:
    """Messages to send, from one thread, paced per channel."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, interval: float = CHANNEL_INTERVAL) -> None:
        self._clock = clock
        self._interval = interval
        self._queue: list[_Message] = []
        self._next_free: dict[str, float] = {}
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        self.sent = 0

    def start(self) -> None:
        """Start sending."""
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Send what is due, then stop."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout)

    def reply(self, send: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Send an answer to one person at once (no channel pacing); `done` gets the response."""
        self._put(None, send, done)

    def post(self, channel: str, send: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Post to a channel, after the channel's previous post by at least the interval;
        `done` gets the response (to remember the message's ts)."""
        self._put(channel, send, done)

    def pending(self) -> int:
        """Messages not sent yet."""
        with self._wake:
            return len(self._queue)

    def _put(self, channel: str | None, send: Callable[[], Any], done: Callable[[Any], None] | None) -> None:
        with self._wake:
            heapq.heappush(self._queue, _Message(self._clock(), next(self._order), channel, send, done))
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._queue or self._queue[0].due > self._clock():
                    if self._stopping and not self._queue:
                        return
                    wait = self._queue[0].due - self._clock() if self._queue else None
                    self._wake.wait(wait)
                message = heapq.heappop(self._queue)
                free = self._next_free.get(message.channel, 0.0) if message.channel else 0.0
                if free > self._clock():  # the channel's last post was too recent: wait (in order)
                    message.due = free
                    heapq.heappush(self._queue, message)
                    continue
            self._send(message)
            if message.channel is not None:
                with self._wake:  # measured from when it went out, retries after a 429 included
                    self._next_free[message.channel] = self._clock() + self._interval

    def _send(self, message: _Message) -> None:
        try:
            response = message.send()
            self.sent += 1
            if message.done is not None:
                message.done(response)
        except Exception:  # a message lost is logged; the change it reported is in the agenda
            log.exception("sending a message failed channel=%s", message.channel)


def respond(response_url: str, text: str) -> Callable[[], Any]:
    """Sending an ephemeral answer to a slash command through its response_url."""
    hook = WebhookClient(response_url, timeout=10, retry_handlers=retry_handlers())
    return lambda: hook.send(text=text, response_type="ephemeral")
