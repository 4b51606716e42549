"""The Slack app (slack-bolt): requests in, stored in the inbox, acknowledged; answers out.

Every listener does the least that makes the request safe (store it in the inbox, one short
SQLite insert) and acknowledges; the worker (`bot.chat.worker`) does the rest after the ack, well
inside Slack's 3 seconds. Bolt checks each HTTP request's signature and timestamp (older than
five minutes: refused) before any listener runs, answering 401 to a forged or replayed one.
Socket Mode needs no signature: the connection itself is authenticated by the app token.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.chat import replies
from bot.chat.commands import MAX_DESCRIPTION, MAX_TITLE
from bot.chat.home import ACTION_PREFIX
from bot.chat.home_actions import button_letter, home_opened_letter
from bot.chat.identity import ChatUser
from bot.chat.paging import paged
from bot.chat.slack_client import Outbox, People, respond
from bot.chat.slack_payloads import (
    PROPOSAL_FORM,
    command_letter,
    form_errors,
    form_letter,
    message_letter,
    proposal_form,
    reaction_letter,
    voters,
)
from bot.sync.inbox import Inbox, Letter

log = logging.getLogger("summitbot.chat")


class RateLimit:
    """Per-user token buckets: `burst` requests at once, then one every `every` seconds."""

    def __init__(self, burst: int = 10, every: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.every, self._clock = burst, every, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait_needed(self, user: str) -> float:
        """0 when the user may go ahead (taking a token), else the seconds until they may."""
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.get(user, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) / self.every)
            if tokens < 1:
                self._buckets[user] = (tokens, now)
                return (1 - tokens) * self.every
            self._buckets[user] = (tokens - 1, now)
            return 0.0


class SlackSide:
    """The worker's view of Slack: who users are, who voted by reaction, and sending answers."""

    def __init__(self, client: WebClient, outbox: Outbox, bot_user: str | None) -> None:
        self.client, self.outbox, self.bot_user = client, outbox, bot_user
        self.people = People(client)
        self._channel_names: dict[str, list[str]] = {}

    def user(self, user_id: str, fallback_name: str = "") -> ChatUser:
        """Who a chat user is (users.info, cached)."""
        return self.people.get(user_id, fallback_name)

    def voters(self, channel: str, ts: str) -> set[str]:
        """Who has a vote reaction on the message now (reactions.get)."""
        try:
            message = self.client.reactions_get(channel=channel, timestamp=ts, full=True)["message"]
        except SlackApiError as error:
            log.warning("reactions.get failed channel=%s ts=%s error=%s", channel, ts, error.response.get("error"))
            return set()
        return voters(message, self.bot_user)

    def answer(self, letter: Letter, text: str, sent: Callable[[], None] | None = None) -> None:
        """An ephemeral answer: through the command's response_url, else chat.postEphemeral,
        in as many messages as it takes (`bot.chat.paging`); `sent` is called once Slack took the last."""
        url, channel, user = letter.payload.get("response_url"), letter.payload.get("channel"), letter.payload["user"]
        parts = paged(text, replies.more_lines())
        for number, part in enumerate(parts, 1):
            done = (lambda response: sent()) if sent and number == len(parts) else None
            if url:
                self.outbox.reply(respond(url, part), done)
            elif channel:
                self.outbox.reply(_ephemeral(self.client, channel, user, part), done)
            else:
                self.outbox.reply(_posted(self.client, user, part), done)

    def channel_names(self, channel: str) -> list[str]:
        """A channel's name, with and without its #, from conversations.info (asked once)."""
        if channel not in self._channel_names:
            try:
                name = str(self.client.conversations_info(channel=channel)["channel"]["name"])
                self._channel_names[channel] = [name, f"#{name}"]
            except SlackApiError as error:
                log.warning("conversations.info failed channel=%s error=%s", channel, error.response.get("error"))
                return []
        return self._channel_names[channel]

    def say(self, channel: str, text: str, thread: str | None = None) -> None:
        """Post in the channel, or in a thread of it (paced; a long text in several messages)."""
        for part in paged(text, replies.more_lines()):
            self.outbox.post(channel, _posted(self.client, channel, part, thread))

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        """Show `view` as the user's Home tab (views.publish, through the outbox)."""
        self.outbox.reply(lambda: self.client.views_publish(user_id=user, view=view))

    def announce(self, channel: str, text: str, posted: Callable[[str], None]) -> None:
        """Post in the channel (paced), with no link previews; `posted` gets the message's ts
        (the first message's, when it takes more than one: reactions to that one are votes)."""
        for number, part in enumerate(paged(text, replies.more_lines())):
            done = (lambda response: posted(str(response["ts"]))) if number == 0 else None
            self.outbox.post(channel, _posted(self.client, channel, part), done)


def _posted(client: WebClient, channel: str, text: str, thread: str | None = None) -> Callable[[], Any]:
    """Sending a message to a channel (or a user's DM), with no link previews."""
    return lambda: client.chat_postMessage(
        channel=channel, text=text, thread_ts=thread, unfurl_links=False, unfurl_media=False
    )


def _ephemeral(client: WebClient, channel: str, user: str, text: str) -> Callable[[], Any]:
    """Sending a message only `user` sees in the channel."""
    return lambda: client.chat_postEphemeral(channel=channel, user=user, text=text)


def build_app(
    client: WebClient,
    signing_secret: str | None,
    inbox: Inbox,
    *,
    stored: Callable[[], None],
    form_event: Callable[[dict[str, Any]], tuple[str, str] | None],
    in_meeting: Callable[[str], bool] = lambda channel: False,
    limit: RateLimit | None = None,
) -> App:
    """The bolt App: each listener stores its request in the inbox, calls `stored` (to wake the
    worker) and acknowledges. `form_event` says, for `propose` with no title, which event (id and
    title) the proposal form is for (None: the command is no such request, or the event is unclear)."""
    limit = limit or RateLimit()
    app = App(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,  # the listener only stores the request: answer after it is safe
        request_verification_enabled=signing_secret is not None,
        url_verification_enabled=True,
    )

    @app.command("/summit")
    def command(ack: Ack, body: dict[str, Any]) -> None:
        try:
            wait = limit.wait_needed(str(body["user_id"]))
            if wait:
                ack(text=replies.slow_down(int(wait) + 1))
                return
            event = form_event(body)
            if event is not None:
                ack()
                _open_form(client, body, event)
                return
            inbox.add("command", command_letter(body))
            stored()
            ack()
        except Exception:
            log.exception("storing a command failed")
            ack(text=replies.apology())

    def reaction(ack: Ack, body: dict[str, Any]) -> None:
        found = reaction_letter(body)
        if found is not None and limit.wait_needed(found[1]["user"]) == 0:
            key, letter = found
            if inbox.add("reaction", letter, key=key):
                stored()
            else:
                log.info("event seen before; dropped event_id=%s", key)
        ack()

    app.event("reaction_added")(reaction)
    app.event("reaction_removed")(reaction)

    @app.event("message")
    def message(ack: Ack, body: dict[str, Any]) -> None:
        found = message_letter(body, in_meeting)
        if found is not None:
            key, letter = found
            if inbox.add("message", letter, key=key):
                stored()
        ack()

    _home_listeners(app, inbox, stored, limit)

    @app.view(PROPOSAL_FORM)
    def form(ack: Ack, body: dict[str, Any]) -> None:
        try:
            errors = form_errors(body, MAX_TITLE, MAX_DESCRIPTION)
            if errors:
                ack(response_action="errors", errors=errors)
                return
            inbox.add("form", form_letter(body))
        except Exception:
            log.exception("storing a proposal form failed")
            ack(response_action="errors", errors={"title": replies.apology()})
            return
        stored()
        ack()

    return app


def _home_listeners(app: App, inbox: Inbox, stored: Callable[[], None], limit: RateLimit) -> None:
    """The Home tab's: opened (the worker publishes it) and its buttons pressed (stored like a command)."""

    @app.event("app_home_opened")
    def home_opened(ack: Ack, body: dict[str, Any]) -> None:
        found = home_opened_letter(body)
        if found is not None and limit.wait_needed(found[1]["user"]) == 0:
            key, letter = found
            if inbox.add("home", letter, key=key):
                stored()
        ack()

    @app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))
    def button(ack: Ack, body: dict[str, Any]) -> None:
        try:  # answered by the Home tab published again, not by a message
            letter = button_letter(body)
            if letter is not None and limit.wait_needed(letter["user"]) == 0:
                inbox.add("button", letter)
                stored()
        except Exception:
            log.exception("storing a Home button press failed")
        ack()


def _open_form(client: WebClient, body: dict[str, Any], event: tuple[str, str]) -> None:
    """Show the proposal form (the trigger id is good for 3 seconds: this cannot wait for the worker)."""
    metadata = {"event": event[0], "channel": body.get("channel_id")}
    view = proposal_form(event[1], metadata, MAX_TITLE, MAX_DESCRIPTION)
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as error:
        log.warning("views.open failed error=%s", error.response.get("error"))
