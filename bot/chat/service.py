"""`summitbot serve` assembled: inbox, worker, outbox, sync loop, bolt app, HTTP or Socket Mode.

Start order matters for "nothing lost": the worker starts on what the inbox still holds from a
previous run before new requests come in, and the sync loop syncs every agenda once at the start,
publishing whatever was written before a restart or a crash.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.agenda.load import load_agenda
from bot.calendar.caldav import CalDav
from bot.calendar.feed import event_feed, stamp_agenda, task_feed
from bot.chat.agendas import Agendas
from bot.chat.commands import CommandError, Request, pick_event
from bot.chat.delivery import Delivery, Ticker
from bot.chat.identity import ChatUser
from bot.chat.meetings import Meetings
from bot.chat.notices import Notices
from bot.chat.reminders import send_due
from bot.chat.slack_app import SlackSide, build_app
from bot.chat.slack_client import Outbox, SlackMessenger, web_client
from bot.chat.slack_http import BotServer
from bot.chat.slack_payloads import wants_form
from bot.chat.worker import Worker
from bot.cli.sync import title_url, wiki_page_url
from bot.errors import ConfigError
from bot.minutes.followup import DEFAULT_DUE_DAYS
from bot.minutes.model import Minutes
from bot.minutes.publish import publish_minutes
from bot.minutes.text import chat_summary
from bot.model import Agenda
from bot.settings import Settings, SlackAccount, user_agent
from bot.site.pages import SchedulePages
from bot.sync.agenda_sync import Targets, sync_agenda
from bot.sync.inbox import Inbox
from bot.sync.loop import SyncLoop
from bot.sync.state import StateStore
from bot.wiki.mediawiki import MediaWiki

log = logging.getLogger("summitbot.serve")


@dataclass(frozen=True)
class ServeOptions:
    """How `serve` runs: where it listens, Socket Mode or HTTP, and the sync loop's timing."""

    host: str = "127.0.0.1"
    port: int = 3000
    socket_mode: bool = False
    debounce: float = 2.0
    max_delay: float = 10.0
    poll: float = 60.0
    backoff: float = 5.0
    due_days: int = DEFAULT_DUE_DAYS
    reminders_every: float = 30.0  # seconds between two looks for reminders (and change notices) due
    notices_settle: float = 60.0  # seconds the sessions stay unchanged before a change notice goes


class Service:
    """The running bot; `start` returns once it listens, `stop` shuts it down in order."""

    def __init__(self, paths: list[Path], settings: Settings, slack: SlackAccount, state: Path, options: ServeOptions):
        self.settings, self.slack, self.options = settings, slack, options
        self.agendas = Agendas(paths)
        self.agendas.current()  # every agenda must check before the bot starts
        self.store = StateStore(state)
        self.inbox = Inbox(state)
        self.client = web_client(slack.bot_token, slack.api_url, user_agent=user_agent(settings))
        self.outbox = Outbox()
        self.wiki = MediaWiki(settings.wiki, user_agent=user_agent(settings)) if settings.wiki else None
        self.loop = self._sync_loop(paths)
        self.meetings = Meetings(state.parent / "meetings", self.agendas.current, due_days=options.due_days)
        self.worker: Worker | None = None
        self.http: BotServer | None = None
        self.socket: SocketModeHandler | None = None
        self.delivery = Delivery(self.store, SlackMessenger(self.client))
        self.notices = Notices(self.delivery, lambda: datetime.now(UTC), options.notices_settle)
        self.reminders = Ticker("reminders", self.send_unasked, options.reminders_every)
        current = self.agendas.current
        self.schedule = SchedulePages(lambda: {event: a for event, (_, a) in current().items()},
                                      partial(title_url, settings))  # fmt: skip

    def start(self) -> None:
        """Check the token, then start every part; returns once requests are taken."""
        # The worker is CPU-bound for the length of a burst; with Python's default 5 ms switch
        # interval each acknowledgement waits for it several times over (bench/chat_burst.py:
        # p99 ~200 ms). 0.5 ms keeps the HTTP threads' turn short.
        sys.setswitchinterval(0.0005)
        try:
            bot_user = str(self.client.auth_test()["user_id"])
        except SlackApiError as error:
            raise ConfigError(f"Slack refused the bot token (SLACK_BOT_TOKEN): {error.response.get('error')}") from None
        side = SlackSide(self.client, self.outbox, bot_user)
        on_change = self.loop.touch if self.loop else (lambda path: None)
        self.worker = Worker(
            self.agendas, self.inbox, side, on_change=on_change, feed_link=self.feed_link, meetings=self.meetings,
            publish=self.publish_minutes, home=side.publish_home,
        )  # fmt: skip
        secret = None if self.options.socket_mode else self.slack.signing_secret
        app = build_app(self.client, secret, self.inbox, stored=self.worker.wake, form_event=self.form_event,
                        in_meeting=self.meetings.running)  # fmt: skip
        self.outbox.start()
        self.worker.start()
        self.reminders.start()
        if self.loop:
            self.loop.start()
        self.http = BotServer(self.options.host, self.options.port, None if self.options.socket_mode else app,
                              self.health, self.feed, signing_secret=secret, schedule=self.schedule.page)  # fmt: skip
        self.http.start()
        if self.options.socket_mode:
            self.socket = SocketModeHandler(app, self.slack.app_token, web_client=self.client)
            self.socket.client.connect()
        mode = "socket-mode" if self.options.socket_mode else f"http events={self.http.address}/slack/events"
        log.info("serving mode=%s health=%s/health agendas=%d bot_user=%s waiting=%d", mode, self.http.address,
                 len(self.agendas.paths), bot_user, self.inbox.count_waiting())  # fmt: skip

    def stop(self) -> None:
        """Stop taking requests, finish the current work, and close."""
        if self.socket:
            self.socket.client.close()
        if self.http:
            self.http.stop()
        if self.worker:
            self.worker.stop()
        self.reminders.stop()
        if self.loop:
            self.loop.stop()
        self.outbox.stop()
        self.inbox.close()
        log.info("stopped")

    def health(self) -> dict[str, Any]:
        """The health endpoint's answer, for anyone who asks: counts and states by event id, never
        a path, an address or an account. `ok` only when every agenda checks and no sync fails."""
        serving = self.worker is not None
        invalid = self.agendas.invalid()
        sync = self._sync_status()
        failing = any(state["failing"] for state in (sync or {}).get("agendas", {}).values())
        running = sync is None or bool(sync["running"])
        return {
            "ok": serving and running and not invalid and not failing,
            "serving": serving,
            "inbox_waiting": self.inbox.count_waiting(),
            "held": len(self.worker.held.ids()) if self.worker else 0,  # changes waiting for a repair
            "processed": self.worker.processed if self.worker else 0,
            "outbox_pending": self.outbox.pending(),
            "invalid_agendas": invalid,
            "sync": sync,
        }

    def _sync_status(self) -> dict[str, Any] | None:
        """The sync loop's status, its agendas named by event id."""
        if self.loop is None:
            return None
        status = self.loop.status()
        events = {str(path): event for event, (path, _) in self.agendas.current().items()}
        agendas = status["agendas"].items()
        named = {events.get(path, f"agenda {n}"): state for n, (path, state) in enumerate(agendas, 1)}
        return {**status, "agendas": named}

    def public_url(self) -> str:
        """Where people reach the bot's HTTP server."""
        return (self.settings.public_url or f"http://{self.options.host}:{self.options.port}").rstrip("/")

    def feed_link(self, agenda: Agenda, person: str) -> str | None:
        """The address of a person's own calendar feed."""
        return f"{self.public_url()}/feeds/{agenda.event.id}/{person}-{self._token(agenda.event.id, person)}.ics"

    def feed(self, path: str) -> str | None:
        """A feed by its path under /feeds/: EVENT.ics, EVENT/tasks.ics or EVENT/PERSON-TOKEN.ics."""
        event, _, rest = path.removesuffix(".ics").partition("/")
        found = self.agendas.current().get(event)
        if found is None or not path.endswith(".ics"):
            return None
        agenda = found[1]
        person = rest.rpartition("-")[0] if rest and rest != "tasks" else None
        if person is not None and not hmac.compare_digest(rest, f"{person}-{self._token(event, person)}"):
            return None
        stamped = stamp_agenda(agenda, self.store, page_url=wiki_page_url(self.settings, agenda))
        return task_feed(stamped) if rest == "tasks" else event_feed(stamped, person=person)

    def form_event(self, body: dict[str, Any]) -> tuple[str, str] | None:
        """For `propose` with no title: the event (id, title) the form is for."""
        agendas = [agenda for _, agenda in self.agendas.current().values()]
        text = str(body.get("text") or "")
        if not wants_form(text, {agenda.event.id for agenda in agendas}):
            return None
        user = ChatUser(str(body.get("user_id")), "")
        request = Request(text, user, datetime.now(UTC), body.get("channel_id"), body.get("channel_name"))
        try:
            agenda, _ = pick_event(agendas, request, text.split())
        except CommandError:
            return None  # the worker answers "which event?"
        return agenda.event.id, agenda.event.title

    def publish_minutes(self, path: Path, minutes: Minutes) -> str:
        """Publish a meeting's minutes (the agenda's action items, the wiki page); the summary
        for the meeting's thread."""
        report = publish_minutes(path, minutes, self.wiki, self.store, page_url_of=partial(title_url, self.settings))
        log.info("minutes published page=%r saved=%s actions_added=%d closed=%d", report.page, report.saved,
                 len(report.added), len(report.closed))  # fmt: skip
        return chat_summary(report.minutes or minutes, load_agenda(path), page_url=report.url)

    def send_unasked(self) -> None:
        """Send the reminders due now (`bot.chat.reminders`) and the change notices owed
        (`bot.chat.notices`), each once."""
        agendas = [agenda for _, agenda in self.agendas.current().values()]
        reminded = send_due(agendas, self.delivery, datetime.now(UTC))
        noticed = self.notices.run(agendas)
        if reminded or noticed:
            log.info("unasked messages reminders=%d notices=%d", reminded, noticed)

    def _token(self, event: str, person: str) -> str:
        secret = self.slack.signing_secret or self.slack.app_token or self.slack.bot_token
        return hmac.new(secret.encode(), f"feed/{event}/{person}".encode(), hashlib.sha256).hexdigest()[:24]

    def _sync_loop(self, paths: list[Path]) -> SyncLoop | None:
        settings = self.settings
        if settings.wiki is None and settings.caldav is None:
            log.warning("no wiki and no CalDAV server configured: chat changes go to the YAML only")
            return None
        agent = user_agent(settings)
        targets = Targets(
            wiki=self.wiki,
            calendar=CalDav(settings.caldav, user_agent=agent) if settings.caldav else None,
            page_url_of=lambda agenda: wiki_page_url(settings, agenda),
        )
        options = self.options
        return SyncLoop(
            paths, lambda path: sync_agenda(path, targets, self.store), debounce=options.debounce,
            max_delay=options.max_delay, poll=options.poll, backoff=options.backoff,
            log=logging.getLogger("summitbot.sync"),
        )  # fmt: skip
