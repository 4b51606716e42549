"""The sync loop of `summitbot serve`: publish agendas to the wiki and the calendars in the background.

The chat worker writes a sign-up into the YAML and calls `touch`; the loop syncs that agenda once
it has been quiet for `debounce` seconds, or at the latest `max_delay` after its first unsynced
change, so a burst of sign-ups becomes a few syncs. Every agenda is also synced every `poll`
seconds, to bring in what people edited on the wiki or in a calendar app, and once at the start,
so nothing written before a restart (or a crash) stays unpublished. A sync that fails (a server
down, a page that kept changing, a lock held too long, a bug) is retried after `backoff` seconds,
doubling up to `max_backoff`; meanwhile the change is safe in the YAML and the state store's queue
names the target still to publish, and touches do not bring the retry forward (a server that is
down is not asked again at every sign-up), except after a sync that failed because the agenda
itself did not check (an organiser's edit being repaired): a touch then means the chat worker
wrote it again, so it checks, and the waiting changes go out after the debounce. The loop never
dies of a failed sync. `status` says per agenda which side fails (wiki, caldav, agenda) and how,
in a word (`failure_kind`), never with a message: those name servers and accounts.

`run_pending` is one step, deterministic under an injected clock; the thread calls it, then waits
on a condition until the next agenda is due or a touch comes in.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import SummitbotError
from bot.sync.agenda_sync import AgendaSyncResult, failure_kind

SyncOne = Callable[[Path], AgendaSyncResult]


@dataclass
class _Schedule:
    """What the loop knows of one agenda, in seconds of the loop's clock."""

    path: Path
    next_poll: float
    first_change: float | None = None  # the first change not yet synced (None: none)
    last_change: float | None = None
    retry_at: float | None = None  # set while failing: backoff replaces the other due times
    failures: int = 0  # in a row
    last_success: datetime | None = None
    failing: dict[str, str] = field(default_factory=dict)  # side ("wiki", "caldav", "agenda") -> kind
    syncing: bool = False

    def due(self, debounce: float, max_delay: float) -> float:
        """When this agenda should be synced next."""
        if self.retry_at is not None:
            return self.retry_at
        if self.first_change is None or self.last_change is None:
            return self.next_poll
        return min(self.next_poll, self.last_change + debounce, self.first_change + max_delay)


class SyncLoop:
    """Debounced, retrying, polling syncs of a set of agendas, in one daemon thread."""

    def __init__(
        self,
        agendas: Sequence[Path],
        sync_one: SyncOne,
        *,
        debounce: float = 2.0,
        max_delay: float = 10.0,
        poll: float = 60.0,
        backoff: float = 5.0,
        max_backoff: float = 300.0,
        jitter: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        log: logging.Logger | None = None,
    ) -> None:
        """`sync_one` syncs one agenda (e.g. `sync_agenda` with the targets and store bound);
        times are in seconds; a retry comes up to `jitter` (a fraction) earlier than its backoff."""
        self._sync_one = sync_one
        self._debounce, self._max_delay, self._poll = debounce, max_delay, poll
        self._backoff, self._max_backoff, self._jitter = backoff, max_backoff, jitter
        self._clock, self._wall_clock = clock, wall_clock
        self._log = log or logging.getLogger(__name__)
        self._random = random.Random()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._agendas: dict[Path, _Schedule] = {}
        for path in agendas:  # all due at once: the first step syncs every agenda
            self._agendas.setdefault(path.resolve(), _Schedule(path, next_poll=float("-inf")))

    def touch(self, path: Path) -> None:
        """The agenda at `path` changed: sync it soon (an agenda not known yet is added)."""
        now = self._clock()
        with self._condition:
            schedule = self._agendas.get(path.resolve())
            if schedule is None:
                schedule = self._agendas[path.resolve()] = _Schedule(path, next_poll=now + self._poll)
            if schedule.first_change is None:
                schedule.first_change = now
            schedule.last_change = now
            if schedule.failing == {"agenda": "invalid"}:  # the worker wrote the file again: it checks now
                schedule.retry_at = None
            self._condition.notify_all()

    def start(self) -> None:
        """Run the loop in a daemon thread (the clock must then be a real one, like the default)."""
        with self._condition:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="summitbot-sync-loop", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the thread after the sync in progress, if any; wait at most `timeout` seconds."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                self._log.warning("sync loop still busy after %.1f s; leaving it (a daemon thread)", timeout)

    def run_pending(self, now: float | None = None) -> list[Path]:
        """Sync every agenda due at `now` (default: the clock's time), soonest due first.

        Returns the agendas synced, whether or not their syncs succeeded.
        """
        explicit = now is not None
        at = self._clock() if now is None else now
        with self._condition:  # one syncing already (run_pending called from two threads) is left alone
            ready = [(s.due(self._debounce, self._max_delay), s) for s in self._agendas.values() if not s.syncing]
            due = [schedule for when, schedule in sorted(ready, key=lambda pair: pair[0]) if when <= at]
        synced = []
        for schedule in due:
            with self._condition:
                if self._stopping:
                    break
            self._sync(schedule, at if explicit else None)
            synced.append(schedule.path)
        return synced

    def next_due(self) -> float:
        """The clock time when the next agenda is due (infinity when there is none)."""
        with self._condition:
            return self._next_due()

    def status(self) -> dict[str, Any]:
        """For a health check: whether the thread runs, and per agenda how its syncs go."""
        now = self._clock()
        with self._condition:
            agendas = {str(s.path): self._agenda_status(s, now) for s in self._agendas.values()}
            running = self._thread is not None and self._thread.is_alive()
        return {"running": running, "agendas": agendas}

    def _agenda_status(self, schedule: _Schedule, now: float) -> dict[str, Any]:
        return {
            "last_success": schedule.last_success.isoformat(timespec="seconds") if schedule.last_success else None,
            "failing": dict(schedule.failing),
            "failures": schedule.failures,
            "next_attempt_in": max(0.0, round(schedule.due(self._debounce, self._max_delay) - now, 3)),
            "dirty": schedule.first_change is not None,
            "syncing": schedule.syncing,
        }

    def _next_due(self) -> float:
        due = (s.due(self._debounce, self._max_delay) for s in self._agendas.values() if not s.syncing)
        return min(due, default=float("inf"))

    def _run(self) -> None:
        while True:
            with self._condition:
                if self._stopping:
                    return
            try:
                self.run_pending()
                pause = 0.0
            except Exception:  # noqa: BLE001 - the loop must not die; _attempt already catches sync errors
                self._log.exception("sync loop step failed; trying again in %.1f s", self._backoff)
                pause = self._backoff
            with self._condition:
                if self._stopping:
                    return
                wait = max(pause, self._next_due() - self._clock())
                if wait > 0:  # a touch in the meantime wakes us to work the new due time out
                    self._condition.wait(None if wait == float("inf") else wait)

    def _sync(self, schedule: _Schedule, now: float | None) -> None:
        """Sync one agenda and schedule its next sync (at `now`, or the clock's time after it).

        The changes touched while it runs wait for the next sync.
        """
        with self._condition:
            changes = schedule.first_change, schedule.last_change
            schedule.first_change = schedule.last_change = None
            schedule.syncing = True
        failing = self._attempt(schedule.path)
        end = self._clock() if now is None else now
        with self._condition:
            schedule.syncing = False
            schedule.next_poll = end + self._poll
            schedule.failing = failing
            self._condition.notify_all()  # the thread leaves a syncing agenda out of its wait
            if not failing:
                schedule.failures, schedule.retry_at = 0, None
                schedule.last_success = self._wall_clock()
                return
            if schedule.first_change is None:  # still unpublished, as far as we know
                schedule.first_change, schedule.last_change = changes
            schedule.failures += 1
            delay = min(self._max_backoff, self._backoff * 2 ** (schedule.failures - 1))
            delay *= 1 - self._jitter * self._random.random()
            schedule.retry_at = end + delay
        self._log.warning(
            "sync retry agenda=%s failures=%d retry_in=%.1f",
            schedule.path,
            schedule.failures,
            delay,
            extra={"agenda": str(schedule.path), "failures": schedule.failures, "retry_in": round(delay, 1)},
        )

    def _attempt(self, path: Path) -> dict[str, str]:
        """Run `sync_one` and log how it went; the sides that failed, each with its kind of failure."""
        started = self._clock()
        try:
            result = self._sync_one(path)
            _log_result(self._log, result, self._clock() - started)
            return result.failing
        except SummitbotError as error:
            took_ms = round((self._clock() - started) * 1000)
            self._log.warning(
                "sync failed agenda=%s error=%r took_ms=%d",
                path,
                str(error),
                took_ms,
                extra={"agenda": str(path), "error": str(error), "took_ms": took_ms},
            )
            return {"agenda": failure_kind(error)}
        except Exception:  # noqa: BLE001 - a bug in one sync must not end the loop
            took_ms = round((self._clock() - started) * 1000)
            self._log.exception("sync crashed agenda=%s took_ms=%d", path, took_ms, extra={"agenda": str(path)})
            return {"agenda": "internal"}


def _log_result(log: logging.Logger, result: AgendaSyncResult, took: float) -> None:
    """One line per sync: what each side did, and the errors if any."""
    facts = _result_facts(result) | {"took_ms": round(took * 1000)}
    line = " ".join(f"{key}={value}" for key, value in facts.items())
    if result.errors:
        log.warning("sync agenda=%s %s", result.path, line, extra={"agenda": str(result.path), **facts})
    else:
        log.info("sync agenda=%s %s", result.path, line, extra={"agenda": str(result.path), **facts})


def _result_facts(result: AgendaSyncResult) -> dict[str, object]:
    """The numbers of a sync, as key=value pairs for the log."""
    facts: dict[str, object] = {}
    wiki = result.wiki
    if wiki is not None:
        facts["wiki"] = "saved" if wiki.edited else "unchanged"
        facts["revision"] = wiki.revision
    elif result.wiki_error is not None:
        facts["wiki"] = "failed"
    calendars = result.calendars
    facts["calendar_writes"] = sum(c.written + c.deleted for c in calendars)
    changes = len(wiki.agenda_changes if wiki else []) + sum(len(c.agenda_changes) for c in calendars)
    facts["agenda_changes"] = changes
    facts["conflicts"] = (wiki.new_conflicts if wiki else 0) + sum(c.new_conflicts for c in calendars)
    if result.errors:
        facts["errors"] = repr("; ".join(str(e) for e in result.errors))
    return facts
