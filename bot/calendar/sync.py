"""Sync one agenda with its CalDAV collections: the sessions (`<collection>`) and the action items
as tasks (`<collection>-tasks`). For each collection, for at most `attempts` rounds:
1. ask the collection what changed since the token of the last sync (one sync-collection REPORT,
   or a CTag check, `bot.calendar.port`; every ETag when there is no token or the server forgot
   it) and fetch only the items whose ETag changed (one request); create the collection when it is
   missing (a collection deleted on the server is made again and everything published again);
2. under the agenda's lock, merge the calendar's facts with the agenda's against the last-synced
   facts (`bot.sync.merge`, as for the wiki) and bring the calendar's changes into the YAML: a
   session dragged to a new time, a task marked completed. What both sides changed is a conflict:
   the agenda wins and the calendar's value is recorded. Times an agenda cannot hold (a session
   dragged across midnight) are conflicts too;
3. stamp the agenda's entries (`bot.calendar.feed`) and put every item whose text changed, with
   If-Match on the ETag listed in 1 (If-None-Match for a new one), a few at a time
   (`bot.calendar.publish`); a session gone from the agenda is put as cancelled, and deleted only
   when its cancellation has been kept long enough;
4. when an item changed between 1 and 3 (`ItemChanged`), go round again, listing every ETag;
   otherwise remember the facts, the items and the collection's token: the new one when the
   changes since the old one are exactly the bot's own writes, else the old one, so that the next
   sync sees what somebody else changed meanwhile.
An unchanged agenda and calendar cost one small request per collection and write nothing; after a
sync that found nothing to do, nothing more either (`bot.sync.in_step`: no entry built). Neither an
empty collection nor a deleted one ever removes anything from the agenda: it is published again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.agenda.write import locked, sync_locked
from bot.calendar.entries import EVENT, Entry, event_entries, task_entries
from bot.calendar.facts import ItemFacts, entry_facts, is_one_way, item_facts, record_key
from bot.calendar.feed import TASK_MARK, Stamped, stamp_agenda
from bot.calendar.port import EVENTS, TASKS, CalendarServer
from bot.calendar.publish import Published, plan_writes, write_all
from bot.calendar.stamps import adopt_sequence
from bot.errors import CalendarError, CalendarUnavailable, Conflict, ItemChanged, SummitbotError
from bot.model import Agenda, Event
from bot.sync.bring_in import bring_in
from bot.sync.calendar_to_agenda import apply_calendar_changes, unrepresentable
from bot.sync.in_step import inputs_digest
from bot.sync.merge import Change, FieldConflict, Plan, merge, record_of
from bot.sync.readings import AgendaReadings
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
    readings: AgendaReadings | None = None,
) -> list[CalendarReport]:
    """Sync the agenda at `path` with each of its collections; see the module docstring. Each
    collection's sync holds the agenda's sync lock, as the wiki's does; `readings` parses each
    text of the agenda once."""
    readings = AgendaReadings() if readings is None else readings
    agenda = readings.load(path)
    reports = []
    failed: SummitbotError | None = None
    for component, collection in collections(agenda):
        if component == TASKS and not agenda.actions and not _has_tasks(store, agenda):
            continue
        report = CalendarReport(collection)
        sync = _CollectionSync(path, server, store, component, collection, page_url, clock, agenda.event, readings)
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
    token: str = ""  # the collection's token that `listing` goes with


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
    readings: AgendaReadings
    list_everything: bool = False  # after an item changed under us: trust no token

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
                self.list_everything = True
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
        side = self._read(event_id, report, dry_run=dry_run)
        if side is None:  # in step: as a sync that found nothing to do left it (`bot.sync.in_step`)
            report.plan = Plan((), (), ())
            return True
        report.created = report.created or side.created
        with locked(self.path):
            text, agenda = self.readings.read(self.path)
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
        published = plan_writes(stamped, side.listing, side.known, side.fetched, lambda uid: self._ours(event_id, uid))
        write_all(self.server, self.collection, published, label=f"Publishing to {self.collection}")
        report.written += published.written
        report.deleted += published.deleted
        self.store.set_base(event_id, self.target, self._facts(agenda), None)
        token = self._token_after(side, published)
        self.store.set_items(event_id, self.target, published.items, token)
        if self._did_nothing(report, side, published, stamped) and token:
            self.store.set_in_step(event_id, self.target, self._inputs(text, report, token))
        return True

    def _did_nothing(self, report: CalendarReport, side: _Side, published: Published, stamped: Stamped) -> bool:
        """Whether this round changed nothing anywhere, and the next one's outcome depends on no clock
        (a cancelled item is deleted once it has been kept long enough)."""
        quiet = report.attempts == 1 and report.plan is not None and report.plan.is_empty
        quiet = quiet and not (side.created or side.fetched or published.writes)
        return quiet and not any(stamp.cancelled for stamp in stamped.stamps.values())

    def _inputs(self, text: str, report: CalendarReport, token: str) -> str:
        return inputs_digest(text, self.path.parent, self.target, self.component, report.address,
                             self.page_url or "", f"token {token}")  # fmt: skip

    def _token_after(self, side: _Side, published: Published) -> str:
        """The token to keep with the items: the collection's new one when what changed since the
        round's token is exactly what the bot wrote, else the round's (one more request, after writing)."""
        if not published.writes:
            return side.token
        after = self.server.changes(self.collection, side.token or None)
        if after is None or not after.token:
            return ""
        mine = {href: item.etag for href, item in published.items.items()}
        return after.token if after.applied_to(side.listing) == mine else side.token

    def _read(self, event_id: str, report: CalendarReport, *, dry_run: bool) -> _Side | None:
        """The collection as it is now; None when it has not changed since a sync that found
        nothing to do, and neither has the agenda."""
        since = None if self.list_everything else self.store.token(event_id, self.target) or None
        changes = self.server.changes(self.collection, since)
        if since and changes is not None and changes.token == since and not (changes.etags or changes.removed):
            with locked(self.path):
                text, _ = self.readings.read(self.path)
            if self.store.in_step(event_id, self.target) == self._inputs(text, report, since):
                return None
        known = self.store.items(event_id, self.target)
        created = changes is None
        token = ""
        if changes is None:
            if not dry_run:
                title = self.event.title
                title += ": action items" if self.component == TASKS else ""
                self.server.create_collection(self.collection, title=title, component=self.component)
            listing: dict[str, str] = {}
        else:
            listing = changes.applied_to({href: item.etag for href, item in known.items()})
            token = changes.token
        wanted = [href for href, etag in listing.items() if href not in known or known[href].etag != etag]
        fetched: dict[str, ItemFacts | None] = {}
        for item in self.server.get(self.collection, wanted) if wanted else []:
            fetched[item.href] = item_facts(item.text, self.event.timezone)
        return _Side(listing, known, fetched, created, token)

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
        return self.readings.load(self.path) if taken.written else agenda

    def _adopt(self, event_id: str, sequences: dict[str, int]) -> None:
        stamps = self.store.stamps(event_id)
        raised = [adopt_sequence(stamps[uid], seen) for uid, seen in sequences.items() if uid in stamps]
        self.store.save_stamps(event_id, [s for s in raised if s is not stamps[s.uid]], [])


def _one_conflict_per_deleted_item(plan: Plan, base: Facts | None, ours: Facts, theirs: Facts) -> Plan:
    """An item deleted in an app is one conflict (its presence), not one per field; none of its
    fields reach the agenda."""
    deleted = {key for key in (base or {}) if key.count("/") == 1 and key in ours and key not in theirs}
    if not deleted:
        return plan
    to_agenda = tuple(c for c in plan.to_agenda if record_of(c.key) not in deleted)
    conflicts = tuple(c for c in plan.conflicts if record_of(c.key) not in deleted or c.key in deleted)
    return Plan(to_agenda, plan.to_other, conflicts)
