"""Publish a meeting's minutes: its action items into the agenda, its page onto the wiki.

1. Under the agenda's lock (`edit_agenda`): each new action of the minutes becomes an action item
   (owner, due date, and where it was decided: session, date, minutes page); the actions closed
   in the meeting (`#done`) are marked done; the session records its minutes page; roadmap moves
   (`#roadmap ITEM -> RELEASE`, `[ROADMAP]`) are made. Publishing the
   same minutes again adds nothing: an action is already there when the agenda has its id with the
   same text, or the same text from the same meeting (date and session, or minutes page).
   An action the minutes published before (the same text from the same meeting) is found by its
   id even after a scribe corrected its text, through the published minutes kept in the state
   store (`bot.minutes.record`).
2. The minutes are kept in the state store as published, and the minutes page is synced
   (`bot.minutes.page_sync`): merged with what people corrected there since the bot last saved
   it, their corrections of action items brought into the agenda, saved only when it differs.
The caller then syncs the event page (`bot.sync.agenda_sync.sync_agenda`), which links the block
to its minutes and lists the new open action items.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from bot.agenda.edits import add_action
from bot.agenda.records import ACTION_KEYS, ACTION_SOURCE_KEYS
from bot.agenda.schedule import SESSION_KEYS
from bot.agenda.tree import entry_with_id, set_key
from bot.agenda.write import Document, edit_agenda
from bot.errors import SummitbotError
from bot.minutes.layout import OwnerKind, meeting_day, meeting_name, owner_kind
from bot.minutes.model import Item, ItemKind, Minutes
from bot.minutes.page_sync import sync_minutes_page
from bot.minutes.record import Published, load_published, save_published
from bot.minutes.render import minutes_title
from bot.minutes.roadmap import move_item
from bot.model import ActionItem, ActionStatus, Agenda
from bot.sync.state import StateStore
from bot.wiki.port import Wiki


@dataclass
class PublishReport:
    """What publishing the minutes did."""

    page: str  # the minutes page's title
    url: str | None = None
    added: list[str] = field(default_factory=list)  # action ids new in the agenda
    known: list[str] = field(default_factory=list)  # action ids the agenda had already
    closed: list[str] = field(default_factory=list)  # action ids marked done now
    not_found: list[str] = field(default_factory=list)  # closed ids the agenda does not have
    session_linked: bool = False  # the session's `minutes` was set now
    roadmap: list[str] = field(default_factory=list)  # what #roadmap / [ROADMAP] lines did to the roadmap
    saved: bool = False  # the minutes page was edited
    revision: int | None = None
    corrections: list[str] = field(default_factory=list)  # what the page's corrections changed in the agenda
    new_conflicts: int = 0  # conflicts between the page and the agenda recorded now
    ids: dict[str, str] = field(default_factory=dict)  # the minutes' action id -> the agenda's
    minutes: Minutes | None = None  # the minutes as published: with the agenda's action ids


def publish_minutes(
    path: Path,
    minutes: Minutes,
    wiki: Wiki | None,
    store: StateStore,
    *,
    page_url_of: Callable[[str], str | None] = lambda title: None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    names: Mapping[str, str] | None = None,
) -> PublishReport:
    """Record the minutes' action items in the agenda at `path`, then sync the minutes page (no
    wiki: the agenda only). Raises UserError when the agenda does not check, WikiError when the
    wiki fails (the agenda is then already updated, and the page queued: publishing again, or a
    sync, finishes the job)."""
    with edit_agenda(path) as document:
        agenda = document.agenda
        day = meeting_day(minutes, agenda) or now().astimezone(agenda.event.timezone).date()
        report = PublishReport(minutes_title(minutes, agenda, day=day))
        before = load_published(store, agenda.event.id, report.page)
        ids = _record_actions(document, minutes, report, day, before.minutes if before else None)
        _close_actions(document, [ids.get(i.id, i.id) for i in minutes.actions if i.done], minutes.closed, report)
        report.session_linked = _link_session(document, minutes.session, report.page)
        report.roadmap = _move_roadmap_items(document, minutes)
    published = _renumbered(minutes, ids)
    report.ids, report.minutes, report.url = ids, published, page_url_of(report.page)
    if wiki is not None:
        save_published(store, agenda.event.id, report.page, Published(published, day, dict(names or {})))
        summary = f"summitbot: minutes of {meeting_name(minutes, agenda)} ({_count(published.actions, 'action item')})"
        page = sync_minutes_page(path, wiki, store, report.page, summary=summary)
        report.saved, report.revision = page.saved, page.revision
        report.corrections, report.new_conflicts = page.agenda_changes, page.new_conflicts
    return report


def _move_roadmap_items(document: Document, minutes: Minutes) -> list[str]:
    """Put each `#roadmap ITEM -> RELEASE` of the meeting on the agenda's roadmap (a slip when the
    item was planned for another release); one that cannot be placed is reported, not fatal."""
    done = []
    for item in minutes.items:
        if item.kind is ItemKind.ROADMAP and item.release:
            try:
                done.append(move_item(document, item.text, item.release))
            except SummitbotError as error:
                done.append(f"{item.text} -> {item.release}: not placed ({error})")
    return done


def _record_actions(
    document: Document, minutes: Minutes, report: PublishReport, day: date, before: Minutes | None
) -> dict[str, str]:
    """Add the minutes' actions the agenda lacks; minutes id -> agenda id for every action.
    `before`: the minutes published to the same page before (their actions have agenda ids)."""
    agenda = document.agenda
    session = minutes.session if minutes.session in _block_ids(agenda) else None
    taken = {action.id for action in agenda.actions}
    said = {_comparable(item.text): item.id for item in before.actions} if before else {}
    ids: dict[str, str] = {}
    for item in minutes.actions:
        known = _known_action(agenda.actions, item, session, day, report.page, said)
        if known is not None:
            ids[item.id] = known.id
            report.known.append(known.id)
            continue
        text, owner = " ".join(item.text.split()), _owner(agenda, item)
        added = add_action(document, text, owner=owner, due=item.due, session=session, on=day)
        entry = entry_with_id(document, "actions", added)
        if added != item.id and item.id not in taken and re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", item.id):
            entry["id"] = added = item.id  # keep the id the meeting announced
        set_key(entry.setdefault("source", CommentedMap()), "minutes", report.page, ACTION_SOURCE_KEYS)
        taken.add(added)
        ids[item.id] = added
        report.added.append(added)
    return ids


def _known_action(
    actions: tuple[ActionItem, ...], item: Item, session: str | None, day: date, page: str, said: Mapping[str, str]
) -> ActionItem | None:
    """The agenda's action for this item, when it was published before (or written by hand).
    `said`: the text each action published to this page had in the minutes -> its agenda id."""
    text = _comparable(item.text)
    if text in said and (published := next((a for a in actions if a.id == said[text]), None)) is not None:
        return published
    for action in actions:
        if _comparable(action.text) != text:
            continue
        source = action.source
        if action.id == item.id or source.minutes == page or (source.date == day and source.session == session):
            return action
    return None


def _comparable(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!;")


def _owner(agenda: Agenda, item: Item) -> str | None:
    """The owner as the agenda file names them: a person's id (their name when only the attendee
    list knows them); None when the owner is unclear or unknown."""
    owner = item.owner
    if owner is None or owner.person is None or owner_kind(owner) is not OwnerKind.PERSON:
        return None
    person = next((p for p in agenda.people if p.id == owner.person), None)
    if person is None:
        return None
    return person.id if person.listed else person.name


def _close_actions(document: Document, done: list[str], closed: tuple[str, ...], report: PublishReport) -> None:
    """Mark the actions done in this meeting, and the earlier ones it closed, `status: done`."""
    statuses = {action.id: action.status for action in document.agenda.actions}
    for action_id in dict.fromkeys([*closed, *done]):
        if action_id not in statuses and action_id not in report.added:
            report.not_found.append(action_id)
        elif statuses.get(action_id) is not ActionStatus.DONE:
            set_key(entry_with_id(document, "actions", action_id), "status", ActionStatus.DONE.value, ACTION_KEYS)
            report.closed.append(action_id)


def _link_session(document: Document, session_id: str | None, page: str) -> bool:
    """Record the minutes page on its session (not on a recurring meeting: it has many)."""
    session = next((s for s in document.agenda.sessions if s.id == session_id), None)
    if session is None or session.minutes == page:
        return False
    set_key(entry_with_id(document, "sessions", session.id), "minutes", page, SESSION_KEYS)
    return True


def _block_ids(agenda: Agenda) -> set[str]:
    return {session.id for session in agenda.sessions} | {meeting.id for meeting in agenda.meetings}


def _renumbered(minutes: Minutes, ids: Mapping[str, str]) -> Minutes:
    """The minutes with each action under the id the agenda has for it."""
    return dataclasses.replace(
        minutes,
        items=tuple(
            dataclasses.replace(item, id=ids[item.id]) if item.kind is ItemKind.ACTION and item.id in ids else item
            for item in minutes.items
        ),
    )


def _count(things: tuple[object, ...], noun: str) -> str:
    return f"{len(things)} {noun}{'' if len(things) == 1 else 's'}"
