"""Sync one agenda with its CalDAV collections: the sessions (`<collection>`) and the action items
as tasks (`<collection>-tasks`). For each collection, for at most `attempts` rounds:
1. list the collection's ETags (one request) and fetch only the items whose ETag changed since the
   last sync (one request); create the collection when it is missing;
2. under the agenda's lock, merge the calendar's facts with the agenda's against the last-synced
   facts (`bot.sync.merge`, as for the wiki) and bring the calendar's changes into the YAML: a
   session dragged to a new time, a task marked completed. What both sides changed is a conflict:
   the agenda wins and the calendar's value is recorded. Times an agenda cannot hold (a session
   dragged across midnight) are conflicts too;
3. stamp the agenda's entries (`bot.calendar.feed`) and put every item whose text changed, with
   If-Match on the ETag listed in 1 (If-None-Match for a new one); a session gone from the agenda
   is put as cancelled, and deleted only when its cancellation has been kept long enough;
4. when an item changed between 1 and 3 (`ItemChanged`), go round again; otherwise remember the
   facts and the items.
An unchanged agenda and calendar cost one request per collection and write nothing. Neither an
empty collection nor a deleted one ever removes anything from the agenda: it is published again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from bot.agenda.load import load_agenda, parse_agenda, read_agenda_text
from bot.agenda.write import locked, sync_locked
from bot.calendar.entries import EVENT, Entry, event_entries, task_entries
from bot.calendar.facts import ItemFacts, entry_facts, is_one_way, item_facts, record_key
from bot.calendar.feed import TASK_MARK, Stamped, item_text, stamp_agenda
from bot.calendar.port import EVENTS, TASKS, CalendarServer
from bot.calendar.stamps import adopt_sequence, digest
from bot.errors import CalendarError, CalendarUnavailable, Conflict, ItemChanged, SummitbotError
from bot.model import Agenda, Event
from bot.sync.bring_in import bring_in
from bot.sync.calendar_to_agenda import apply_calendar_changes, unrepresentable
from bot.sync.merge import Change, FieldConflict, Plan, merge, record_of
from bot.sync.state import KnownItem, StateStore

Facts = dict[str, str]
Clock = Callable[[], datetime]


@dataclass
class CalendarReport:
    """What a sync of one collection did (or, in a dry run, would do)."""

    collection: str
    address: str = ""
    plan: Plan | None = None
    agenda_changes: list[str] = field(default_factory=list)
    created: bool = False
    republished: bool = False
    written: int = 0
    deleted: int = 0
    attempts: int = 0
    new_conflicts: int = 0


class CalendarSyncGaveUp(Conflict):
    """Items kept changing on the server for every attempt (queued: try again later)."""


def collections(agenda: Agenda) -> list[tuple[str, str]]:
    """The (component, collection) pairs an agenda syncs: none when it names no collection."""
    name = agenda.event.calendar.collection
    return [(EVENTS, name), (TASKS, f"{name}-tasks")] if name else []


def sync_calendar(
    path: Path,
    server: CalendarServer,
    store: StateStore,
    *,
    dry_run: bool = False,
    attempts: int = 3,
    page_url: str | None = None,
    clock: Clock = lambda: datetime.now(UTC),
) -> list[CalendarReport]:
    """Sync the agenda at `path` with each of its collections; see the module docstring. Each
    collection's sync holds the agenda's sync lock, as the wiki's does."""
    agenda = load_agenda(path)
    reports = []
    failed: SummitbotError | None = None
    for component, collection in collections(agenda):
        if component == TASKS and not agenda.actions and not _has_tasks(store, agenda):
            continue
        report = CalendarReport(collection)
        sync = _CollectionSync(path, server, store, component, collection, page_url, clock, agenda.event)
        try:
            with sync_locked(path):
                sync.run(report, dry_run=dry_run, attempts=attempts)
        except CalendarUnavailable:
            raise  # the server is down: the other collection would only wait for it too
        except (CalendarError, CalendarSyncGaveUp) as error:  # this one failed (and is queued): the other goes on
            failed = failed or error
            continue
        reports.append(report)
    if failed is not None:
        raise failed
    return reports


def _has_tasks(store: StateStore, agenda: Agenda) -> bool:
    return any(TASK_MARK in uid for uid in store.stamps(agenda.event.id))


@dataclass
class _Side:
    """The collection as listed and fetched in step 1."""

    listing: dict[str, str]
    known: dict[str, KnownItem]
    fetched: dict[str, ItemFacts | None]
    created: bool = False


@dataclass
class _CollectionSync:
    path: Path
    server: CalendarServer
    store: StateStore
    component: str
    collection: str
    page_url: str | None
    clock: Clock
    event: Event  # as loaded at the start: its id, title and zone do not change during a sync

    @property
    def target(self) -> str:
        return f"caldav:{self.collection}"

    def run(self, report: CalendarReport, *, dry_run: bool, attempts: int) -> None:
        event_id = self.event.id
        for attempt in range(1, attempts + 1):
            report.attempts = attempt
            try:
                report.address = report.address or self.server.address(self.collection)
                done = self._round(event_id, report, dry_run=dry_run)
            except ItemChanged:
                continue
            except CalendarError as error:
                if not dry_run:
                    self.store.enqueue(event_id, self.target, self.path, str(error))
                raise
            if done:
                if not dry_run:
                    self.store.dequeue(event_id, self.target)
                return
        if not dry_run:
            self.store.enqueue(event_id, self.target, self.path, "items kept changing while the bot wrote them")
        raise CalendarSyncGaveUp(f"{self.collection}: items changed during each of {attempts} attempts; queued")

    def _round(self, event_id: str, report: CalendarReport, *, dry_run: bool) -> bool:
        side = self._read(event_id, dry_run=dry_run)
        report.created = report.created or side.created
        with locked(self.path):
            text = read_agenda_text(self.path)
            agenda = parse_agenda(text, str(self.path))
            ours = self._facts(agenda)
            theirs, sequences = self._their_facts(event_id, side)
            base, _ = self.store.base(event_id, self.target)
            plan = self._plan(base, ours, theirs, report)
            if dry_run:
                return True
            agenda = self._bring_in(text, agenda, plan, report)
            self._adopt(event_id, sequences)
            stamped = stamp_agenda(agenda, self.store, page_url=self.page_url, clock=self.clock)
        conflicts = report.plan.conflicts if report.plan else ()
        report.new_conflicts += self.store.record_conflicts(event_id, self.target, conflicts)
        items = self._publish(stamped, side, report)
        self.store.set_base(event_id, self.target, self._facts(agenda), None)
        self.store.set_items(event_id, self.target, items)
        return True

    def _read(self, event_id: str, *, dry_run: bool) -> _Side:
        listing = self.server.etags(self.collection)
        created = listing is None
        if listing is None:
            if not dry_run:
                title = self.event.title
                title += ": action items" if self.component == TASKS else ""
                self.server.create_collection(self.collection, title=title, component=self.component)
            listing = {}
        known = self.store.items(event_id, self.target)
        wanted = [href for href, etag in listing.items() if href not in known or known[href].etag != etag]
        fetched: dict[str, ItemFacts | None] = {}
        for item in self.server.get(self.collection, wanted) if wanted else []:
            fetched[item.href] = item_facts(item.text, self.event.timezone)
        return _Side(listing, known, fetched, created)

    def _facts(self, agenda: Agenda) -> Facts:
        facts: Facts = {}
        for entry in self._entries(agenda):
            facts |= entry_facts(entry)
        return facts

    def _entries(self, agenda: Agenda) -> list[Entry]:
        return event_entries(agenda, page_url=self.page_url) if self.component == EVENTS else task_entries(agenda)

    def _their_facts(self, event_id: str, side: _Side) -> tuple[Facts | None, dict[str, int]]:
        """The calendar's facts (None: it has none of ours) and the SEQUENCEs apps wrote."""
        base, _ = self.store.base(event_id, self.target)
        last_synced: dict[str, Facts] = {}  # the base's facts by record, for the items unchanged since
        for key, value in (base or {}).items():
            last_synced.setdefault(record_of(key), {})[key] = value
        facts: Facts = {}
        sequences: dict[str, int] = {}
        found = False
        for href in side.listing:
            if href in side.fetched:
                item = side.fetched[href]
                if item is None or not self._ours(event_id, item.uid):
                    continue
                found = True
                sequences[item.uid] = item.sequence
                if not item.cancelled:
                    facts |= item.facts
            elif href in side.known and self._ours(event_id, side.known[href].uid):
                found = True
                facts |= last_synced.get(record_key(side.known[href].uid, self._kind), {})
        return (facts if found else None), sequences

    @property
    def _kind(self) -> str:
        return EVENT if self.component == EVENTS else "VTODO"

    def _ours(self, event_id: str, uid: str) -> bool:
        task = TASK_MARK in uid
        return uid.startswith(f"{event_id}/") and uid.endswith("@summitbot") and task == (self.component == TASKS)

    def _plan(self, base: Facts | None, ours: Facts, theirs: Facts | None, report: CalendarReport) -> Plan:
        if theirs is None:  # a new or emptied collection: publish, never take the emptiness in
            report.republished = bool(base)
            report.plan = Plan((), tuple(Change(k, None, v) for k, v in sorted(ours.items())), ())
            return report.plan
        plan = _one_conflict_per_deleted_item(merge(base, ours, theirs, one_way=is_one_way), base, ours, theirs)
        refused = unrepresentable(plan.to_agenda, ours)
        if refused:
            kept = tuple(c for c in plan.to_agenda if c.key.rsplit("/", 1)[0] not in refused)
            lost = tuple(
                FieldConflict(c.key, (base or {}).get(c.key), c.old, c.new) for c in plan.to_agenda if c not in kept
            )
            plan = Plan(kept, plan.to_other, plan.conflicts + lost)
        report.plan = plan
        return plan

    def _bring_in(self, text: str, agenda: Agenda, plan: Plan, report: CalendarReport) -> Agenda:
        """Take the calendar's changes into the YAML, record by record: an item the agenda cannot
        hold (a session dragged outside the event's days) is a conflict; the others land."""
        if not plan.to_agenda:
            return agenda
        records: dict[str, list[Change]] = {}
        for change in plan.to_agenda:
            records.setdefault(record_of(change.key), []).append(change)
        taken = bring_in(
            self.path, text, records, lambda document, _, changes: apply_calendar_changes(document, changes)
        )
        report.agenda_changes += taken.done
        if taken.held:
            base = self.store.base(self.event.id, self.target)[0] or {}
            held = tuple(
                FieldConflict(c.key, base.get(c.key), c.old, c.new, taken.held[record_of(c.key)])
                for c in plan.to_agenda
                if record_of(c.key) in taken.held
            )
            kept = tuple(c for c in plan.to_agenda if record_of(c.key) not in taken.held)
            report.plan = Plan(kept, plan.to_other, plan.conflicts + held)
        return load_agenda(self.path) if taken.written else agenda

    def _adopt(self, event_id: str, sequences: dict[str, int]) -> None:
        stamps = self.store.stamps(event_id)
        raised = [adopt_sequence(stamps[uid], seen) for uid, seen in sequences.items() if uid in stamps]
        self.store.save_stamps(event_id, [s for s in raised if s is not stamps[s.uid]], [])

    def _publish(self, stamped: Stamped, side: _Side, report: CalendarReport) -> dict[str, KnownItem]:
        event_id = stamped.agenda.event.id
        items = {
            href: replace(side.known[href], etag=etag) for href, etag in side.listing.items() if href in side.known
        }
        for fetched_href, fetched in side.fetched.items():  # remembered, so they are not fetched again
            items[fetched_href] = KnownItem(fetched.uid if fetched else "", side.listing[fetched_href], "")
        where = {item.uid: href for href, item in items.items() if self._ours(event_id, item.uid)}
        for uid, stamp in stamped.stamps.items():
            if not self._ours(event_id, uid) or (stamp.cancelled and uid not in where):
                continue
            text = item_text(stamped, stamp)
            sent = digest(text)
            href = where.pop(uid) if uid in where else None
            last = side.known.get(href) if href else None
            if last is not None and last.sent == sent and last.etag == side.listing.get(href or ""):
                continue  # the server still has exactly what the bot put there
            name = href or _href(uid)
            etag = self.server.put(self.collection, name, text, etag=side.listing.get(name) if href else None)
            items[name] = KnownItem(uid, etag, sent)
            report.written += 1
        for href in where.values():  # ours, but no longer stamped: a cancellation kept long enough
            self.server.delete(self.collection, href, etag=side.listing[href])
            del items[href]
            report.deleted += 1
        return items


def _one_conflict_per_deleted_item(plan: Plan, base: Facts | None, ours: Facts, theirs: Facts) -> Plan:
    """An item deleted in an app is one conflict (its presence), not one per field; none of its
    fields reach the agenda."""
    deleted = {key for key in (base or {}) if key.count("/") == 1 and key in ours and key not in theirs}
    if not deleted:
        return plan
    to_agenda = tuple(c for c in plan.to_agenda if record_of(c.key) not in deleted)
    conflicts = tuple(c for c in plan.conflicts if record_of(c.key) not in deleted or c.key in deleted)
    return Plan(to_agenda, plan.to_other, conflicts)


def _href(uid: str) -> str:
    """The name of a new item: a digest of its UID (UIDs hold '/' and '@', unwelcome in paths)."""
    return hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32] + ".ics"
