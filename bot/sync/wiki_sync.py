"""Sync one agenda with its wiki page: read, merge, write the YAML, write the page, remember.

The whole sync holds the agenda's sync lock (`sync_locked`): one syncer at a time, whatever
process it runs in, so the page read, the merge base and the YAML always belong together.
The loop, for at most `attempts` rounds:
1. read the page (one query; a page the caller read before the lock is used only when no other
   syncer saved it since) and the last-synced facts;
2. under the agenda's lock, plan with `merge` and bring the wiki's changes into the YAML, record by
   record (`bring_in`): what the agenda cannot take is held as a conflict, the rest lands;
3. render the page from the new agenda and splice it into the wiki's text, keeping what people
   wrote that the bot does not manage; save it against the revision read in 1 (no edit when
   the text is unchanged);
4. on an edit conflict, or when MediaWiki merged someone's concurrent edit into ours, go round
   again: read, merge, retry. Otherwise remember the facts both sides now share.
A page at the revision, and an agenda with the text, of a sync that found nothing to do are in step
without rendering or reading anything (`bot.sync.in_step`).
A wiki that is down leaves the change queued in the state store (and the error raised): the next
sync, or `serve`, publishes it. Nothing the wiki said is dropped: conflicts are recorded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from bot.agenda.write import locked, sync_locked
from bot.errors import Conflict, EditConflict, WikiError
from bot.model import Agenda
from bot.sync.in_step import inputs_digest
from bot.sync.merge import Change, FieldConflict, Plan, merge, record_of
from bot.sync.readings import AgendaReadings
from bot.sync.state import StateStore
from bot.sync.to_agenda import bring_in_wiki
from bot.wiki.facts import Facts, fact_name, is_one_way, page_facts
from bot.wiki.lines import AttendeeLine
from bot.wiki.page import Section, read_page
from bot.wiki.port import Page, Wiki, page_title, saved_form, still_current
from bot.wiki.render import render_page
from bot.wiki.splice import splice
from bot.wiki.summary import edit_summary


@dataclass
class SyncReport:
    """What a sync did (or, in a dry run, would do)."""

    page: str
    plan: Plan | None = None
    agenda_changes: list[str] = field(default_factory=list)
    edited: bool = False
    summary: str = ""
    revision: int | None = None
    attempts: int = 0
    new_conflicts: int = 0
    conflicts: tuple[FieldConflict, ...] = ()  # this sync's, held records included (recorded before)


class SyncGaveUp(Conflict):
    """The page kept changing under us for every attempt (the change is queued: try again later)."""


def read_pages(paths: list[Path], wiki: Wiki, readings: AgendaReadings | None = None) -> dict[Path, Page]:
    """The wiki pages of several agendas, read together (one query per 50 pages)."""
    readings = AgendaReadings() if readings is None else readings
    titles = {path: page_title(readings.load(path)) for path in paths}
    pages = wiki.read(sorted(set(titles.values())))
    return {path: pages[title] for path, title in titles.items()}


def target_of(agenda: Agenda) -> str:
    """The state store's name for an agenda's wiki page."""
    return f"wiki:{page_title(agenda)}"


def sync_wiki(
    path: Path,
    wiki: Wiki,
    store: StateStore,
    *,
    dry_run: bool = False,
    attempts: int = 5,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    read_already: Page | None = None,
    pause: Callable[[float], None] = time.sleep,
    readings: AgendaReadings | None = None,
) -> SyncReport:
    """Sync the agenda at `path` with its wiki page; see the module docstring.

    `read_already` is the page when the caller read it (with others, in one batched query). After
    an edit conflict the next attempt waits a little (`pause`, growing and random), so people who
    keep saving the page do not win every race. `readings` parses each text of the agenda once.
    """
    readings = AgendaReadings() if readings is None else readings
    with sync_locked(path):
        return _sync_locked(path, wiki, store, dry_run=dry_run, attempts=attempts, clock=clock,
                            read_already=read_already, pause=pause, readings=readings)  # fmt: skip


def _sync_locked(
    path: Path,
    wiki: Wiki,
    store: StateStore,
    *,
    dry_run: bool,
    attempts: int,
    clock: Callable[[], datetime],
    read_already: Page | None,
    pause: Callable[[float], None],
    readings: AgendaReadings,
) -> SyncReport:
    agenda = readings.load(path)
    report = SyncReport(page_title(agenda))
    event, target = agenda.event.id, target_of(agenda)
    if read_already is not None and not still_current(read_already, store.base(event, target)[1]):
        read_already = None  # another syncer saved the page after the caller read it
    for attempt in range(1, attempts + 1):
        report.attempts = attempt
        try:  # the read belongs inside: a wiki that is down must queue the change too
            page = read_already if attempt == 1 and read_already is not None else wiki.read([report.page])[report.page]
            done = _round(path, page, wiki, store, report, readings, dry_run=dry_run, now=clock())
        except EditConflict:
            if attempt < attempts:
                pause(random.uniform(0, min(2.0, 0.1 * 2**attempt)))
            continue
        except WikiError as error:
            if not dry_run:
                store.enqueue(event, target, path, str(error))
            raise
        if done:
            if not dry_run:
                store.dequeue(event, target)
            return report
    if not dry_run:
        store.enqueue(event, target, path, "the page kept changing while the bot tried to save it")
    raise SyncGaveUp(f"{report.page}: the page changed during each of {attempts} attempts; the change is queued")


def _round(
    path: Path,
    page: Page,
    wiki: Wiki,
    store: StateStore,
    report: SyncReport,
    readings: AgendaReadings,
    *,
    dry_run: bool,
    now: datetime,
) -> bool:
    """One merge-write round on the page as read; False when another round is needed. A page and an
    agenda both as a sync that found nothing to do left them are in step without one (`bot.sync.in_step`)."""
    if _in_step(path, page, store, readings):
        report.plan = Plan((), (), ())
        report.revision = page.revision
        return True
    current = read_page(page.text) if page.text is not None else None
    with locked(path):
        text, agenda = readings.read(path)
        base, _ = store.base(agenda.event.id, target_of(agenda))
        fresh = render_page(agenda, folders=[path.parent])
        ours = agenda_facts(agenda, fresh)
        theirs = _wiki_facts(agenda, current) if current is not None else None
        plan = merge(base, ours, theirs, one_way=is_one_way) if theirs is not None else _first_publish(ours)
        report.plan = plan
        if dry_run:
            return True
        conflicts = plan.conflicts
        if plan.to_agenda:  # only now pay for the round-trip (comment-keeping) YAML tree
            taken = bring_in_wiki(path, text, ours, plan.to_agenda, wiki_users=_wiki_users(current), now=now)
            report.agenda_changes += taken.done
            conflicts += _held(plan, taken.held, base)
            if taken.written:
                agenda = readings.load(path)
                fresh = render_page(agenda, folders=[path.parent])
                ours = agenda_facts(agenda, fresh)
    report.conflicts += conflicts
    report.new_conflicts += store.record_conflicts(agenda.event.id, target_of(agenda), conflicts)
    done = _publish_page(page, current, fresh, ours, theirs, agenda, wiki, store, report)
    if done and report.attempts == 1 and plan.is_empty and not conflicts and not report.edited:
        store.set_in_step(agenda.event.id, target_of(agenda), _inputs(text, path, page))
    return done


def _in_step(path: Path, page: Page, store: StateStore, readings: AgendaReadings) -> bool:
    """Whether the agenda's text and the page's revision are those of a sync that found nothing to do."""
    if page.revision is None:
        return False
    with locked(path):
        text, agenda = readings.read(path)
    return store.in_step(agenda.event.id, target_of(agenda)) == _inputs(text, path, page)


def _inputs(text: str, path: Path, page: Page) -> str:
    return inputs_digest(text, path.parent, f"wiki:{page.title}", f"revision {page.revision}")


def _held(plan: Plan, held: dict[str, str], base: Facts | None) -> tuple[FieldConflict, ...]:
    """The changes of the records the agenda did not take, as conflicts with the reason."""
    last = base or {}
    return tuple(
        FieldConflict(change.key, last.get(change.key), change.old, change.new, held[record_of(change.key)])
        for change in plan.to_agenda
        if record_of(change.key) in held
    )


def _publish_page(
    page: Page,
    current: tuple[Section, ...] | None,
    fresh: str,
    facts: Facts,
    theirs: Facts | None,
    agenda: Agenda,
    wiki: Wiki,
    store: StateStore,
    report: SyncReport,
) -> bool:
    """Save the fresh page spliced into the current one (when it differs) and remember the facts."""
    text = saved_form(splice(current, read_page(saved_form(fresh))) if current is not None else fresh)
    revision = page.revision
    if text != page.text:
        held = {record_of(conflict.key) for conflict in report.conflicts if conflict.reason}
        put_back = f"put back {len(held)} change(s) held for the organisers; " if held else ""
        report.summary = put_back + edit_summary(theirs or {}, facts, agenda)
        saved = wiki.edit(report.page, text, base_revision=page.revision, summary=report.summary)
        report.edited, revision = True, saved.revision
        if saved.merged:
            return False  # someone's edit was merged into ours: read it back next round
    store.set_base(agenda.event.id, target_of(agenda), dict(facts), revision)
    report.revision = revision
    return True


def agenda_facts(agenda: Agenda, rendered: str) -> Facts:
    """The agenda's facts: those of its rendered page, as the wiki would store it."""
    return page_facts(read_page(saved_form(rendered)), blocks_by_title={}, only_day=_only_day(agenda))


def _wiki_facts(agenda: Agenda, current: tuple[Section, ...]) -> Facts:
    by_title = {fact_name(session.title): session.id for session in agenda.sessions}
    return page_facts(current, blocks_by_title=by_title, only_day=_only_day(agenda))


def _only_day(agenda: Agenda) -> date | None:
    days = agenda.event.days
    return days[0].date if len(days) == 1 else None


def _first_publish(ours: Facts) -> Plan:
    """The plan of a first publish: the page does not exist yet."""
    return Plan((), tuple(Change(key, None, value) for key, value in sorted(ours.items())), ())


def _wiki_users(current: tuple[Section, ...] | None) -> dict[str, str]:
    users: dict[str, str] = {}
    for section in current or ():
        for chunk in section.managed("attendees"):
            line = chunk.value
            if isinstance(line, AttendeeLine) and line.wiki_user:
                users[fact_name(line.name)] = line.wiki_user
    return users
