"""The bot's side of Slack's Web API: the client, who users are, and a paced outbox.

- `web_client`: slack-sdk's WebClient at `SUMMITBOT_SLACK_API_URL` (Slack's own address by
  default), each request waiting at most TIMEOUT seconds, retrying 429 answers after their
  Retry-After (when it asks for no more than LONGEST_RETRY_AFTER seconds), dropped connections
  and 5xx answers (slack-sdk's retry handlers).
- `People`: users.info, cached, as ChatUsers.
- `SlackMessenger`: what `bot.chat.delivery` needs: DM channels, channel ids, people's time
  zones, keyed posts (the key in the message's metadata) and the keys found in a channel's history.
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
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook import WebhookClient

from bot.chat.identity import ChatUser
from bot.chat.slack_payloads import chat_user

SLACK_API_URL = "https://slack.com/api/"
TIMEOUT = 10  # seconds for the connection and for each read of one request
LONGEST_RETRY_AFTER = 30  # seconds; Slack asking for a longer wait is not waited for (the send fails)
CHANNEL_INTERVAL = 1.0  # seconds between two posts to one channel
USER_CACHE_SECONDS = 3600.0

log = logging.getLogger("summitbot.chat")


class _RateLimitRetry(RateLimitErrorRetryHandler):
    """slack-sdk's retry of a 429 after its Retry-After, except when that is too long to wait."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        retry = super()._can_retry(state=state, request=request, response=response, error=error)
        return retry and response is not None and _retry_after(response) <= LONGEST_RETRY_AFTER


def _retry_after(response: HttpResponse) -> float:
    """The seconds a 429 answer asks to wait (1 when it does not say, infinity when it is not a number)."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                return float("inf")
    return 1.0


def retry_handlers() -> list[RetryHandler]:
    """Retry a 429 after a short enough Retry-After (up to 5 times), a dropped connection and a 5xx answer."""
    return [_RateLimitRetry(max_retry_count=5), ConnectionErrorRetryHandler(), ServerErrorRetryHandler()]


def web_client(token: str, api_url: str | None = None, *, user_agent: str | None = None) -> WebClient:
    """A WebClient for the bot token, at `api_url` (which must end in /) or Slack's own address."""
    base = (api_url or SLACK_API_URL).rstrip("/") + "/"
    client = WebClient(token=token, base_url=base, timeout=TIMEOUT, user_agent_prefix=user_agent)
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


METADATA_TYPE = "summitbot_message"  # the event_type of the metadata carrying a message's key
HISTORY_PAGES = 10  # of 200 messages: how far back a claim is looked for


class SlackMessenger:
    """`bot.chat.delivery.Messenger` on Slack's Web API (each call raises SlackApiError on failure)."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._dms: dict[str, str] = {}
        self._channels: dict[str, str] = {}
        self._zones: dict[str, ZoneInfo | None] = {}
        self._lock = threading.Lock()

    def dm_channel(self, user: str) -> str:
        """conversations.open with the user (asked once per user)."""
        if user not in self._dms:
            self._dms[user] = str(self._client.conversations_open(users=user)["channel"]["id"])
        return self._dms[user]

    def channel_id(self, channel: str) -> str:
        """The id of a channel given by name (conversations.list, once), or the id itself."""
        name = channel.removeprefix("#")
        if not channel.startswith("#") and name[:1] in {"C", "G", "D"} and name.isupper():
            return name
        if name not in self._channels:
            for page in self._client.conversations_list(types="public_channel,private_channel", limit=1000):
                self._channels |= {str(c["name"]): str(c["id"]) for c in page["channels"]}
        return self._channels[name]

    def zone(self, user: str) -> ZoneInfo | None:
        """The zone of the user's profile (users.info `tz`, once per user)."""
        with self._lock:
            if user in self._zones:
                return self._zones[user]
        try:
            zone: ZoneInfo | None = ZoneInfo(str(self._client.users_info(user=user)["user"]["tz"]))
        except SlackApiError as error:
            log.warning("users.info failed user=%s error=%s", user, error.response.get("error"))
            return None  # asked again next time
        except (KeyError, ValueError):
            zone = None
        with self._lock:
            self._zones[user] = zone
        return zone

    def send(self, channel: str, text: str, key: str) -> str:
        """chat.postMessage with the key in the metadata, no link previews; the message's ts."""
        metadata = {"event_type": METADATA_TYPE, "event_payload": {"key": key}}
        answer = self._client.chat_postMessage(channel=channel, text=text, metadata=metadata,
                                               unfurl_links=False, unfurl_media=False)  # fmt: skip
        return str(answer["ts"])

    def keys_since(self, channel: str, since: datetime) -> set[str]:
        """The keys in the metadata of the channel's messages since `since` (conversations.history)."""
        keys: set[str] = set()
        pages = self._client.conversations_history(channel=channel, oldest=f"{since.timestamp():.6f}", limit=200,
                                                   include_all_metadata=True)  # fmt: skip
        for _, page in zip(range(HISTORY_PAGES), pages, strict=False):
            for message in page.get("messages") or []:
                metadata = message.get("metadata") or {}
                if metadata.get("event_type") == METADATA_TYPE:
                    keys.add(str((metadata.get("event_payload") or {}).get("key")))
        return keys


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
    hook = WebhookClient(response_url, timeout=TIMEOUT, retry_handlers=retry_handlers())
    return lambda: hook.send(text=text, response_type="ephemeral")
