"""Save a minutes page without losing a scribe's corrections, and bring those into the agenda.

The minutes page is a view, like the event page (`bot.sync.wiki_sync`), merged three-way against
what the bot last published there (the merge base of the target `wiki:<page title>`). For at
most `attempts` rounds:
1. read the page; under the agenda's lock, render it afresh from the minutes as published
   (`bot.minutes.record`) with each action item as the agenda has it now;
2. merge the page's facts (`bot.minutes.page`) with the rendering's since the base: a correction
   of an action item's text, owner, due date or done on the page goes into the YAML
   (`bot.minutes.corrections`); a line of the page's own that only people changed stays as they
   wrote it; a change on both sides is a conflict, where the agenda wins and the page's text is
   recorded for `summitbot conflicts`;
3. splice: the fresh rendering with people's lines kept where they put them (`bot.wiki.splice`),
   saved against the revision read (no edit when nothing changed);
4. on an edit conflict, or when MediaWiki merged someone's concurrent edit into ours, go round
   again: read, merge, retry. Otherwise remember the facts of the rendering as the new base.
A wiki that is down leaves `wiki:<page title>` queued in the state store (and the error raised).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.agenda.load import load_agenda, parse_agenda
from bot.agenda.write import Document, locked, save, sync_locked
from bot.errors import Conflict, EditConflict, SummitbotError, WikiError
from bot.minutes.corrections import correct_actions
from bot.minutes.merge import kept_text, plan_page
from bot.minutes.model import NOBODY, Confidence, Item, ItemKind, Minutes, Owner
from bot.minutes.page import Facts, field_of, minutes_facts, read_minutes_page
from bot.minutes.record import Published, load_published
from bot.minutes.render import minutes_page
from bot.model import ActionItem, ActionStatus, Agenda
from bot.sync.merge import Change, FieldConflict, Plan
from bot.sync.state import StateStore
from bot.wiki.port import Page, Wiki, saved_form, still_current

ATTEMPTS = 3  # rounds tried when somebody saves the page at the same moment


@dataclass
class MinutesPageReport:
    """What syncing one minutes page did (in a dry run: would do)."""

    page: str
    plan: Plan | None = None
    agenda_changes: list[str] = field(default_factory=list)
    saved: bool = False
    revision: int | None = None
    attempts: int = 0
    new_conflicts: int = 0


class MinutesGaveUp(Conflict):
    """The minutes page kept changing under the bot for every attempt (queued: try again later)."""


def sync_minutes_page(
    path: Path,
    wiki: Wiki,
    store: StateStore,
    title: str,
    *,
    summary: str = "summitbot: action items as the agenda has them",
    dry_run: bool = False,
    attempts: int = ATTEMPTS,
    read_already: Page | None = None,
) -> MinutesPageReport:
    """Sync the minutes page `title` of the agenda at `path`; see the module docstring. Raises
    KeyError when no minutes were published to it (nothing to render)."""
    event = load_agenda(path).event.id
    if load_published(store, event, title) is None:
        raise KeyError(f"no minutes were published to {title!r}")
    with sync_locked(path):  # one syncer at a time, as for the event page
        base_revision = store.base(event, f"wiki:{title}")[1]
        fresh = read_already if read_already is not None and still_current(read_already, base_revision) else None
        return _sync_locked(path, wiki, store, event, title, summary=summary, dry_run=dry_run, attempts=attempts,
                            read_already=fresh)  # fmt: skip


def _sync_locked(
    path: Path,
    wiki: Wiki,
    store: StateStore,
    event: str,
    title: str,
    *,
    summary: str,
    dry_run: bool,
    attempts: int,
    read_already: Page | None,
) -> MinutesPageReport:
    report = MinutesPageReport(title)
    for attempt in range(1, attempts + 1):
        report.attempts = attempt
        try:
            page = read_already if attempt == 1 and read_already is not None else wiki.read([title])[title]
            if _round(path, page, wiki, store, report, summary=summary, dry_run=dry_run):
                if not dry_run:
                    store.dequeue(event, f"wiki:{title}")
                return report
        except EditConflict:
            continue
        except WikiError as error:
            if not dry_run:
                store.enqueue(event, f"wiki:{title}", path, str(error))
            raise
    if not dry_run:
        store.enqueue(event, f"wiki:{title}", path, "the minutes page kept changing while the bot tried to save it")
    raise MinutesGaveUp(f"{title}: the page changed during each of {attempts} attempts; the change is queued")


def _round(
    path: Path,
    page: Page,
    wiki: Wiki,
    store: StateStore,
    report: MinutesPageReport,
    *,
    summary: str,
    dry_run: bool,
) -> bool:
    """One merge-write round on the page as read; False when another round is needed."""
    target = f"wiki:{report.page}"
    with locked(path):  # the agenda, the minutes as published and the base read together
        text = path.read_text(encoding="utf-8")
        agenda = parse_agenda(text, str(path))
        published = load_published(store, agenda.event.id, report.page) or _gone(report.page)
        base, _ = store.base(agenda.event.id, target)
        current = read_minutes_page(page.text) if page.text is not None else None
        fresh = page_text(published, agenda)
        ours = _facts(fresh)
        plan = plan_page(base, ours, minutes_facts(current)) if current is not None else _first(ours)
        report.plan = plan
        if dry_run:
            return True
        conflicts = list(plan.conflicts)
        corrections = [change for change in plan.to_agenda if field_of(change.key)]
        if corrections and _corrected(Document(text, path), corrections, report, conflicts):
            fresh = page_text(published, load_agenda(path))
            ours = _facts(fresh)
    report.new_conflicts += store.record_conflicts(agenda.event.id, target, tuple(conflicts))
    saved = saved_form(kept_text(current, fresh, plan) if current is not None else fresh)
    revision = page.revision
    if saved != page.text:
        edit = wiki.edit(report.page, saved, base_revision=page.revision, summary=summary)
        report.saved, revision = True, edit.revision
        if edit.merged:
            return False  # someone's edit was merged into ours: read it back, merge it
    store.set_base(agenda.event.id, target, ours, revision)
    report.revision = revision
    return True


def _corrected(
    document: Document, corrections: list[Change], report: MinutesPageReport, conflicts: list[FieldConflict]
) -> bool:
    """Write the page's corrections of action items into the agenda; whether it changed. Those
    it could not take join `conflicts`."""
    changed, refused = correct_actions(document, corrections)
    report.agenda_changes += changed
    conflicts += refused
    return save(document)


def page_text(published: Published, agenda: Agenda) -> str:
    """The minutes page as the bot would write it now: the published minutes, each action item
    with the text, owner, due date and status the agenda has for it."""
    actions = {action.id: action for action in agenda.actions}
    items = tuple(
        _as_in_agenda(item, actions[item.id]) if item.kind is ItemKind.ACTION and item.id in actions else item
        for item in published.minutes.items
    )
    minutes: Minutes = replace(published.minutes, items=items)
    return minutes_page(minutes, agenda, names=published.names, day=published.day)


def _as_in_agenda(item: Item, action: ActionItem) -> Item:
    owner: Owner | None = item.owner
    if action.owner is None:
        owner = owner if owner is not None and owner.person is None else NOBODY
    elif owner is None or owner.person != action.owner:
        owner = Owner(None, action.owner, Confidence.EXPLICIT)
    done = action.status is ActionStatus.DONE
    return replace(item, text=action.text, owner=owner, due=action.due, done=done)


def _facts(text: str) -> Facts:
    return minutes_facts(read_minutes_page(saved_form(text)))


def _gone(title: str) -> Published:
    raise KeyError(f"no minutes were published to {title!r}")


def _first(ours: Facts) -> Plan:
    """The plan of a first publish: the page does not exist yet."""
    return Plan((), tuple(Change(key, None, value) for key, value in sorted(ours.items())), ())


def minutes_titles(agenda: Agenda) -> list[str]:
    """The minutes pages an agenda names: its sessions' and those its action items were decided in."""
    titles = {session.minutes for session in agenda.sessions} | {action.source.minutes for action in agenda.actions}
    return sorted(title for title in titles if title)


def sync_minutes_pages(
    path: Path, wiki: Wiki, store: StateStore, *, dry_run: bool = False
) -> tuple[list[MinutesPageReport], list[SummitbotError]]:
    """Sync every minutes page the bot published for the agenda at `path` (read in one query per
    50 pages): the reports, and the failures (one page failing does not stop the others)."""
    agenda = load_agenda(path)
    titles = [title for title in minutes_titles(agenda) if load_published(store, agenda.event.id, title)]
    if not titles:
        return [], []
    try:
        pages = wiki.read(titles)
    except WikiError as error:
        for title in titles if not dry_run else ():
            store.enqueue(agenda.event.id, f"wiki:{title}", path, str(error))
        return [], [error]
    reports: list[MinutesPageReport] = []
    errors: list[SummitbotError] = []
    for title in titles:
        try:
            reports.append(sync_minutes_page(path, wiki, store, title, dry_run=dry_run, read_already=pages[title]))
        except SummitbotError as error:
            errors.append(error)
    return reports, errors
