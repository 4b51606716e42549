"""The chat worker: takes stored requests from the inbox, writes their changes, then answers.

Per round: every waiting request is routed to its agenda (using the agendas as last read);
requests that change nothing are answered at once; the others are run again, under the agenda's
lock, against the file as it is now, and all their changes go into ONE write. Only then are they
marked done and answered "done", and the sync loop is told (it debounces the wiki and calendar
publishing). A change that would not check is retried alone, so one bad request cannot hold up
the others. A kill at any point leaves requests not marked done, to be applied again (and every
change is idempotent).

While an agenda's file does not check (an organiser is fixing it), its changes cannot be written:
they stay in the inbox, held back (not routed again every round) until the file changes, and each
sender is told once that the agenda is being repaired and the request is saved. The rest goes on:
answers that change nothing come from the file's last good version (`Agendas`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from bot.agenda.write import edit_agenda
from bot.chat import commands, replies
from bot.chat.agendas import Agendas, HeldRequests
from bot.chat.changes import apply_changes
from bot.chat.clerk import Clerk, PublishMinutes
from bot.chat.commands import CommandError, Outcome, Request, Served
from bot.chat.home import home_view
from bot.chat.home_actions import button_job
from bot.chat.identity import ChatUser, identify
from bot.chat.meetings import Meetings
from bot.errors import LockTimeout, NoRoom, UserError
from bot.model import Agenda
from bot.sync.inbox import Inbox, Letter, Post

log = logging.getLogger("summitbot.chat")


class ChatSide(Protocol):
    """What the worker needs from the chat service (Slack, or the terminal)."""

    def user(self, user_id: str, fallback_name: str = "") -> ChatUser:
        """Who a chat user is (cached)."""

    def voters(self, channel: str, ts: str) -> set[str]:
        """Who has a vote reaction on a message now."""

    def answer(self, letter: Letter, text: str, sent: Callable[[], None] | None = None) -> None:
        """Answer the person who sent the request, privately; `sent` once the chat took it."""

    def announce(self, channel: str, text: str, posted: Callable[[str], None]) -> None:
        """Post in a channel; `posted` gets the message's ts once it is out."""

    def say(self, channel: str, text: str, thread: str | None = None) -> None:
        """Post in a channel (or in a thread of it)."""

    def channel_names(self, channel: str) -> list[str]:
        """The names a channel goes by ("name", "#name"), for matching event.chat.channel."""


Job = Callable[[Agenda], Outcome]  # run a request against an agenda
PublishHome = Callable[[str, dict[str, Any]], None]  # (user id, Home view): show it as their Home tab


@dataclass(frozen=True)
class _Routed:
    letter: Letter
    path: Path
    job: Job
    ids: tuple[int, ...]  # the requests done when this job is (reactions to one message: all of them)


class Worker:
    """Applies the inbox's requests; one thread, woken when a request arrives."""

    def __init__(
        self,
        agendas: Agendas,
        inbox: Inbox,
        side: ChatSide,
        *,
        on_change: Callable[[Path], None] = lambda path: None,
        feed_link: commands.FeedLink = lambda agenda, person: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        meetings: Meetings | None = None,
        publish: PublishMinutes | None = None,
        home: PublishHome | None = None,
    ) -> None:
        self.agendas, self.inbox, self.side = agendas, inbox, side
        self.on_change, self.feed_link, self.clock = on_change, feed_link, clock
        self.clerk = Clerk(meetings, side, publish, on_change) if meetings else None
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="chat-worker", daemon=True)
        self.processed = 0
        self.held = HeldRequests(agendas)
        self.home = home
        self._homes: dict[str, None] = {}  # the users whose Home tab is published again after this round
        self._shown: dict[str, str] = {}  # who opened the Home tab since the start: the hash of their view
        self._versions: tuple[object, ...] = ()  # the agenda files' versions when the Home tabs were last checked

    def start(self) -> None:
        """Start working through the inbox (what a previous run left first: messages it owed,
        then requests it had not written)."""
        self.deliver_owed()
        self._thread.start()

    def wake(self) -> None:
        """A request was stored."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the current round and stop."""
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                if self.run_once() == 0:
                    self._wake.wait(1.0)
            except Exception:  # the loop must survive anything; the requests stay in the inbox
                log.exception("chat worker round failed")
                time.sleep(1.0)

    def run_once(self) -> int:
        """One round over every waiting request; returns how many were done."""
        if self.clerk:
            self.clerk.publish_ended()
        self.held.release_changed()
        self._homes_after_edits()
        letters = self.inbox.waiting(skip=self.held.ids())
        if not letters:
            self._publish_homes()
            return 0
        started = time.perf_counter()
        current = self.agendas.current()
        served = Served(tuple(agenda for _, agenda in current.values()), self.feed_link)
        routed: dict[Path, list[_Routed]] = {}
        done: list[int] = []
        for letter in (letter for letter in letters if letter.kind == "message"):
            if self.clerk:
                self.clerk.heard(letter)  # in order, before anything else of this round
            done.append(letter.id)
        for letter in (letter for letter in letters if letter.kind in _HOME):
            self._homes[letter.payload["user"]] = None
            self._shown[letter.payload["user"]] = ""  # published even when it looks as it did
            done += [letter.id] if letter.kind == "home" else []
        for group in _grouped([letter for letter in letters if letter.kind not in {"message", "home"}]):
            found = self._route(group, current, served)
            for job in found:
                routed.setdefault(job.path, []).append(job)
            if not found:
                done += [letter.id for letter in group]  # answered (or nothing to do) already
        for path, jobs in routed.items():
            done += self._write(path, jobs)
        self.inbox.done(dict.fromkeys(done))
        self.held.forget(done)
        self._publish_homes()
        self.processed += len(set(done))
        log.info("chat round requests=%d done=%d agendas=%d took_ms=%.0f", len(letters), len(set(done)),
                 len(routed), (time.perf_counter() - started) * 1000)  # fmt: skip
        return len(set(done))

    def _route(self, group: list[Letter], current: dict[str, tuple[Path, Agenda]], served: Served) -> list[_Routed]:
        """The jobs a request (or the reactions to one message) needs done under a lock; answers
        it here when it changes nothing."""
        letter, ids = group[0], tuple(letter.id for letter in group)
        try:
            jobs = self._reaction_jobs(group) if letter.kind == "reaction" else self._jobs(letter, served)
            outcomes = [(current[event][0], job, job(current[event][1])) for event, job in jobs]
        except CommandError as error:
            self.side.answer(letter, str(error))
            return []
        except Exception:
            log.exception("chat request failed kind=%s id=%d", letter.kind, letter.id)
            self.side.answer(letter, replies.apology())
            return []
        routed = []
        for path, job, outcome in outcomes:
            if outcome.changes:
                routed.append(_Routed(letter, path, job, ids))
            elif outcome.open_form:
                self.side.answer(letter, "Use `/summit propose TITLE -- description`, or the form from Slack.")
            elif outcome.reply and letter.kind not in _QUIET:
                self.side.answer(letter, outcome.reply)
        return routed

    def _jobs(self, letter: Letter, served: Served) -> list[tuple[str, Job]]:
        payload, now = letter.payload, self.clock()
        if letter.kind == "command":
            user = self.side.user(payload["user"], payload.get("user_name", ""))
            request = Request(payload["text"], user, now, payload.get("channel"), payload.get("channel_name"))
            event = commands.run(request, served).event
            return [(event, lambda agenda: commands.run(request, Served((agenda,), served.feed_link)))] if event else []
        if letter.kind == "form":
            user = self.side.user(payload["user"])
            title, description = payload["title"], payload["description"]
            return [
                (payload["event"], lambda agenda: commands.propose(agenda, identify(agenda, user), title, description))
            ]
        if letter.kind == "button":
            return [button_job(payload, self.side.user(payload["user"]), now, served)]
        raise ValueError(f"unknown request kind {letter.kind!r}")

    def _reaction_jobs(self, group: list[Letter]) -> list[tuple[str, Job]]:
        """Reactions to one message, reconciled with its reactions now (one reactions.get): every
        voter there counts, and a reacting person's vote goes when their reaction is gone."""
        payload = group[0].payload
        post = self.inbox.post(payload["channel"], payload["ts"])
        if post is None:
            return []  # a reaction to some other message
        voters = self.side.voters(post.channel, post.ts)
        wanted = dict.fromkeys(voters, True)
        for letter in group:
            wanted.setdefault(letter.payload["user"], letter.payload["user"] in voters)
        return [(post.event, _vote_job(post, self.side.user(user), cast)) for user, cast in wanted.items()]

    def _write(self, path: Path, jobs: list[_Routed]) -> list[int]:  # noqa: PLR0911 - one return per outcome
        """Run the jobs against the file under its lock and write once; answer after the write."""
        try:
            outcomes = self._apply(path, jobs)
        except _Unreadable:
            self._hold(path, jobs)
            return []
        except UserError as error:
            if len(jobs) == 1:
                self.side.answer(jobs[0].letter, replies.refused(error.problems))
                log.warning("chat change refused by the checker path=%s problems=%r", path, str(error))
                return list(jobs[0].ids)
            return [done for job in jobs for done in self._write(path, [job])]
        except LockTimeout:
            log.warning("agenda locked; will retry path=%s", path)
            return []
        except (NoRoom, OSError):
            raise  # the disk, not the request: everything stays waiting
        except Exception:  # a bug or a case nobody foresaw: never let one request hold up the others
            if len(jobs) > 1:
                return [done for job in jobs for done in self._write(path, [job])]
            log.exception("chat change failed path=%s id=%d", path, jobs[0].letter.id)
            self.side.answer(jobs[0].letter, replies.apology())
            return list(jobs[0].ids)
        self.on_change(path)
        self._homes.update(dict.fromkeys(job.letter.payload["user"] for job, _ in outcomes))
        owed = [message for job, outcome in outcomes for message in _owed(job.letter, outcome)]
        for message_id, (kind, payload) in zip(self.inbox.queue(owed), owed, strict=True):
            self._deliver(message_id, kind, payload)
        return [done for job, _ in outcomes for done in job.ids]

    def _homes_after_edits(self) -> None:
        """When an agenda's file changed (the bot's own write, an organiser's edit, a wiki edit
        the sync brought in): everyone who opened the Home tab gets it again, if it looks different."""
        versions = tuple(self.agendas.version(path) for path in self.agendas.paths)
        if versions != self._versions:
            self._versions = versions
            self._homes.update(dict.fromkeys(self._shown))

    def _publish_homes(self) -> None:
        """Publish the Home tab again for everyone a request of this round concerned (the
        agendas as they are now, after this round's writes), unless it looks as last published."""
        users, self._homes = list(self._homes), {}
        if self.home is None or not users:
            return
        agendas = [agenda for _, agenda in self.agendas.current().values()]
        for user in users:
            try:
                view = home_view(agendas, self.side.user(user), self.clock())
                seen = hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
                if self._shown.get(user) != seen:
                    self.home(user, view)
                    self._shown[user] = seen
            except Exception:  # the Home tab is a view of the agenda: a failure loses nothing
                log.exception("building the Home tab failed user=%s", user)

    def deliver_owed(self) -> None:
        """Send what a previous run owed when it stopped (answers and posts for changes written)."""
        for message_id, kind, payload in self.inbox.owed():
            self._deliver(message_id, kind, payload)

    def _deliver(self, message_id: int, kind: str, payload: dict[str, Any]) -> None:
        if kind == "post":
            post = Post(payload["channel"], "", payload["event"], payload["proposal"])

            def posted(ts: str) -> None:
                self.inbox.remember_post(replace(post, ts=ts))
                self.inbox.sent(message_id)

            self.side.announce(post.channel, payload["text"], posted)
        else:
            letter = Letter(0, "reply", payload, self.clock())
            self.side.answer(letter, payload["text"], lambda: self.inbox.sent(message_id))

    def _apply(self, path: Path, jobs: list[_Routed]) -> list[tuple[_Routed, Outcome]]:
        """Run the jobs in one write; _Unreadable when the file itself does not check (or is gone),
        UserError when the changes would not."""
        outcomes = []
        opened = False
        try:
            with edit_agenda(path) as document:
                opened = True
                for job in jobs:
                    try:
                        outcome = job.job(document.agenda)
                    except CommandError as error:
                        outcome = Outcome(str(error))
                    applied = apply_changes(document, outcome.changes, now=self.clock())
                    outcomes.append((job, outcome.finished(applied.new_id)))
        except (UserError, OSError):
            if opened:
                raise
            raise _Unreadable(path) from None
        return outcomes

    def _hold(self, path: Path, jobs: list[_Routed]) -> None:
        """Keep the jobs' requests waiting until the agenda's file changes; tell each sender once."""
        title = self.agendas.title(path)
        for job in jobs:
            if self.held.hold(path, job.ids) and job.letter.kind != "reaction":
                self.side.answer(job.letter, replies.being_repaired(title))
        log.warning("agenda does not check; its changes wait path=%s held=%d", path, len(self.held.ids()))


_HOME = frozenset({"home", "button"})  # requests from the Home tab: answered by publishing it again
_QUIET = frozenset({"reaction", "button"})  # requests whose "done" is no message (a vote counted, the Home tab)


class _Unreadable(Exception):
    """The agenda's file does not check as it is (or is gone): its changes wait."""


def _owed(letter: Letter, outcome: Outcome) -> list[tuple[str, dict[str, Any]]]:
    """The messages a written change owes: the "Done" to its sender, a new topic's post."""
    owed: list[tuple[str, dict[str, Any]]] = []
    payload = letter.payload
    if outcome.reply and letter.kind not in _QUIET:
        to = {key: payload.get(key) for key in ("response_url", "channel", "user")}
        owed.append(("reply", {**to, "text": outcome.reply}))
    channel = payload.get("channel")
    if channel and outcome.announce and outcome.event and outcome.proposal:
        owed.append(("post", {"channel": channel, "text": outcome.announce, "event": outcome.event,
                              "proposal": outcome.proposal}))  # fmt: skip
    return owed


def _vote_job(post: Post, user: ChatUser, cast: bool) -> Job:
    def job(agenda: Agenda) -> Outcome:
        return commands.vote(agenda, identify(agenda, user), commands.find_proposal(agenda, post.proposal), cast=cast)

    return job


def _grouped(letters: list[Letter]) -> list[list[Letter]]:
    """Each request alone, except reactions: those to one message go together."""
    groups: dict[object, list[Letter]] = {}
    for letter in letters:
        key = ("reaction", letter.payload["channel"], letter.payload["ts"]) if letter.kind == "reaction" else letter.id
        groups.setdefault(key, []).append(letter)
    return list(groups.values())
