"""A scribe's corrections of action items on the minutes page, written into the agenda's YAML.

The merge (`bot.minutes.page_sync`) hands over the facts only the page changed: an action item's
text, owner, due date or done, from the summary line (`action/<id>/<field>`) or from the line
under "Action items, by person" (`by-person/<id>/<field>`). Each field is written once: when the
two lines say different things, the summary's is taken and the other is a conflict. A value the
agenda cannot take (a name that is nobody, or several people; a due date that is no date; an
empty text; an action item no longer in the agenda) is a conflict too: the agenda keeps its value
and the page's is recorded, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ruamel.yaml.comments import CommentedMap

from bot.agenda.records import ACTION_KEYS
from bot.agenda.tree import drop_key, entry_with_id, set_key
from bot.agenda.write import Document
from bot.minutes.layout import OwnerKind, owner_kind
from bot.minutes.owners import Owners
from bot.minutes.page import field_of
from bot.model import ActionStatus
from bot.sync.merge import Change, FieldConflict


def correct_actions(document: Document, changes: Iterable[Change]) -> tuple[list[str], list[FieldConflict]]:
    """Apply the page's changes of action item fields to the document: (what changed, in words;
    the changes the agenda could not take, as conflicts)."""
    taken: dict[tuple[str, str], Change] = {}
    conflicts: list[FieldConflict] = []
    for change in sorted(changes, key=lambda change: not change.key.startswith("action/")):  # the summary first
        found = field_of(change.key)
        if found is None:
            continue
        first = taken.setdefault(found, change)
        if first is not change and first.new != change.new:
            conflicts.append(FieldConflict(change.key, change.old, first.new, change.new))
    done: list[str] = []
    for (action_id, field), change in taken.items():
        problem = _correct(document, action_id, field, change.new)
        if problem is None:
            done.append(f"action item {action_id}: {_said(field, change.new)} (from the minutes page)")
        else:
            done.append(f"action item {action_id}: {_said(field, change.new)} not taken: {problem}; a conflict")
            conflicts.append(FieldConflict(change.key, change.old, change.old, change.new))
    return done, conflicts


def _correct(document: Document, action_id: str, field: str, value: str | None) -> str | None:
    """Set one field of an action item; None when done, else why it could not be."""
    try:
        entry = entry_with_id(document, "actions", action_id)
    except KeyError:
        return "not in the agenda"
    if field == "text":
        text = " ".join((value or "").split())
        if not text:
            return "an action item needs a text"
        set_key(entry, "text", text, ACTION_KEYS)
    elif field == "owner":
        return _correct_owner(document, entry, value)
    elif field == "due":
        return _correct_due(entry, value)
    else:
        set_key(entry, "status", (ActionStatus.DONE if value else ActionStatus.OPEN).value, ACTION_KEYS)
    return None


def _correct_owner(document: Document, entry: CommentedMap, written: str | None) -> str | None:
    """The owner named on the page, when that is one person the agenda knows."""
    if written is None:
        if entry.get("owner") is not None:
            set_key(entry, "owner", None, ACTION_KEYS)
        return None
    people = document.agenda.people
    owner = Owners(people).named(written)
    if owner.person is None or owner_kind(owner) is not OwnerKind.PERSON:
        return f"'{written}' is not one person the agenda knows"
    person = next(person for person in people if person.id == owner.person)
    if owner.person != next((a.owner for a in document.agenda.actions if a.id == str(entry["id"])), None):
        set_key(entry, "owner", person.id if person.listed else person.name, ACTION_KEYS)
    return None


def _correct_due(entry: CommentedMap, written: str | None) -> str | None:
    if written is None:
        if "due" in entry:
            drop_key(entry, "due")
        return None
    try:
        due = date.fromisoformat(written.strip())
    except ValueError:
        return f"'{written}' is not a date like 2013-06-28"
    set_key(entry, "due", due.isoformat(), ACTION_KEYS)
    return None


def _said(field: str, value: str | None) -> str:
    if field == "done":
        return "done" if value else "open again"
    return f"{field} {value!r}" if value is not None else f"{field} removed"
