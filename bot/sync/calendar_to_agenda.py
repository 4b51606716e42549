"""Bring facts changed in a calendar app into the agenda file, through its round-trip YAML tree.

Only the two-way facts reach here (see `bot.calendar.facts`): a session's or meeting's title,
start and end, and an action item's text, status and due date. Times are written in the file's
own style ("2:30pm" stays am/pm); a session moved to another day gets `day:`, a meeting moved as
a whole gets a new `first:`. `bot.agenda.write.save` checks the result before anything is
written, so a session dragged outside the event's days is refused there, not written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from ruamel.yaml.comments import CommentedMap

from bot.agenda.tree import section
from bot.agenda.write import Document
from bot.sync.merge import Change
from bot.sync.to_agenda import clock_like


def apply_calendar_changes(document: Document, changes: Iterable[Change]) -> list[str]:
    """Apply calendar changes to the document; returns what changed, in words, for the report."""
    done: list[str] = []
    for change in changes:
        kind, entry_id, name = change.key.split("/", 2)
        if change.new is None:
            continue  # a two-way field removed in the app (a due date cleared) is handled below
        entry = _entry(document, kind, entry_id)
        if entry is None:
            continue
        if kind == "task":
            done.append(_task(entry, name, change.new))
        else:
            done.append(_event(document, entry, name, change.new))
    for change in changes:
        if change.new is None and change.key.endswith("/due"):
            entry = _entry(document, "task", change.key.split("/")[1])
            if entry is not None and entry.pop("due", None) is not None:
                done.append(f"action {entry['id']}: due date removed")
    return done


def _entry(document: Document, kind: str, entry_id: str) -> CommentedMap | None:
    keys = ("actions",) if kind == "task" else ("sessions", "meetings")
    for key in keys:
        if key in document.tree:
            for entry in section(document, key):
                if isinstance(entry, CommentedMap) and str(entry.get("id")) == entry_id:
                    return entry
    return None


def _task(entry: CommentedMap, name: str, value: str) -> str:
    field = {"text": "text", "status": "status", "due": "due"}[name]
    entry[field] = date.fromisoformat(value) if name == "due" else value
    return f"action {entry['id']}: {name} now {value}"


def _event(document: Document, entry: CommentedMap, name: str, value: str) -> str:
    if name == "title":
        entry["title"] = value
        return f"{entry['id']}: title now {value}"
    moment = datetime.fromisoformat(value)
    entry[name] = clock_like(entry.get(name), f"{moment:%H:%M}")
    if "first" in entry:  # a meeting: the series starts on the new date
        if name == "start":
            entry["first"] = moment.date()
    elif name == "start":
        session = next(s for s in document.agenda.sessions if s.id == entry["id"])
        if "day" in entry or len(document.agenda.event.days) > 1 or session.start.date() != moment.date():
            entry["day"] = moment.date()
    return f"{entry['id']}: {name} now {moment:%Y-%m-%d %H:%M}"


def unrepresentable(changes: Iterable[Change], ours: Mapping[str, str]) -> set[str]:
    """The events whose new times an agenda cannot hold: an end on another day than the start, an
    end before the start, or an all-day date where a time belongs. Their changes become conflicts."""
    final = dict(ours)
    touched: set[str] = set()
    for change in changes:
        if change.key.startswith("event/") and change.key.endswith(("/start", "/end")) and change.new is not None:
            final[change.key] = change.new
            touched.add(change.key.rsplit("/", 1)[0])
    refused = set()
    for record in touched:
        start, end = final.get(f"{record}/start", ""), final.get(f"{record}/end", "")
        if "T" not in start or "T" not in end or start[:10] != end[:10] or end <= start:
            refused.add(record)
    return refused
