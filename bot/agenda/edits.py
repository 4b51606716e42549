"""The changes the bot makes to an agenda file: sign-ups, proposals and action items.

Each works on a `Document` opened with `edit_agenda`, changes the round-trip tree in place (so
comments and layout around it stay) and leaves checking and writing to `edit_agenda`. The checked
model in `document.agenda` is used to find people and records; its lists are in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from bot.agenda.people import Directory, name_key
from bot.agenda.write import Document
from bot.model import AttendanceStatus, Channel


def section(document: Document, key: str) -> CommentedSeq:
    """The top-level list under `key`, created after the sections before it when missing."""
    tree = document.tree
    if not isinstance(tree.get(key), CommentedSeq):
        order = (
            "event",
            "people",
            "attendees",
            "proposals",
            "sessions",
            "meetings",
            "work_items",
            "actions",
            "roadmap",
        )
        before = [existing for existing in order[: order.index(key)] if existing in tree]
        position = list(tree).index(before[-1]) + 1 if before else len(tree)
        tree.insert(position, key, CommentedSeq())
    section: CommentedSeq = tree[key]
    return section


def _append(section: CommentedSeq, entry: object) -> None:
    """Append to a list, keeping a comment block that introduces the next section after the list.

    ruamel stores such a block as the trailing comment of the deepest last node of the list; a
    plain append would put the new entry after it, moving the comment away from its section.
    """
    slot = _trailing_comment(section)
    moved = None
    if slot is not None:
        token = slot[0][slot[1]]
        own_line, _, following = token.value.partition("\n")
        if following.strip():
            token.value = own_line + "\n"
            moved = CommentToken("\n" + following, CommentMark(0), None)
    section.append(entry)
    if moved is not None:
        if isinstance(entry, CommentedMap) and entry:
            entry.ca.items[list(entry)[-1]] = [None, None, moved, None]
        else:
            section.ca.items[len(section) - 1] = [moved, None, None, None]


def remove_entry(entries: CommentedSeq, index: int) -> None:
    """Remove one entry from a list, keeping the comment block that follows the list in place."""
    slot = _trailing_comment(entries) if index == len(entries) - 1 else None
    token = slot[0][slot[1]] if slot is not None else None
    del entries[index]
    if token is None or not entries:
        return
    following = token.value.partition("\n")[2]
    if following.strip():
        last = entries[-1]
        moved = CommentToken("\n" + following, CommentMark(0), None)
        if isinstance(last, CommentedMap) and last:
            last.ca.items[list(last)[-1]] = [None, None, moved, None]
        else:
            entries.ca.items[len(entries) - 1] = [moved, None, None, None]


def _trailing_comment(node: object) -> tuple[list[Any], int] | None:
    """The comment slot after the last thing written inside `node`, when there is one."""
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        last: Any = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slots = node.ca.items.get(last)
        position = 2 if isinstance(node, CommentedMap) else 0
        if slots and slots[position] is not None:
            return slots, position
        node = node[last]
    return None


def _entry_name(entry: object) -> str:
    return name_key(str(entry["name"] if isinstance(entry, CommentedMap) else entry))


def _directory(document: Document) -> Directory:
    directory = Directory()
    for person in document.agenda.people:
        directory.add(person)
    return directory


def add_attendee(
    document: Document,
    name: str,
    *,
    status: AttendanceStatus = AttendanceStatus.CONFIRMED,
    remote: bool = False,
    note: str | None = None,
    via: Channel = Channel.YAML,
    signed_up: datetime | None = None,
) -> bool:
    """Sign `name` up, or change their sign-up; False when nothing changed."""
    found = _directory(document).signing_up(name)
    person_id = found[0].id if len(found) == 1 else None
    attendees = section(document, "attendees")
    for index, attendee in enumerate(document.agenda.attendees):
        if attendee.person == person_id:
            wanted = {"status": status.value, "remote": remote, "note": note}
            current = {"status": attendee.status.value, "remote": attendee.remote, "note": attendee.note}
            if wanted == current:
                return False
            entry = attendees[index]
            if not isinstance(entry, CommentedMap):
                entry = attendees[index] = CommentedMap(name=entry)
            _set_optional(entry, "status", status.value, AttendanceStatus.CONFIRMED.value)
            _set_optional(entry, "remote", remote, False)
            _set_optional(entry, "note", note, None)
            return True
    if any(_entry_name(added) == name_key(name) for added in attendees[len(document.agenda.attendees) :]):
        return False
    entry = CommentedMap(name=name.strip())
    _set_optional(entry, "status", status.value, AttendanceStatus.CONFIRMED.value)
    _set_optional(entry, "remote", remote, False)
    _set_optional(entry, "note", note, None)
    _set_optional(entry, "via", via.value, Channel.YAML.value)
    _set_optional(entry, "signed_up", signed_up and f"{signed_up:%Y-%m-%d %H:%M}", None)
    _append(attendees, entry if len(entry) > 1 else entry["name"])
    return True


def add_proposal(document: Document, title: str, *, proposer: str | None = None, description: str | None = None) -> str:
    """Add a proposed topic; returns its new id (the next in the file's scheme, else T1, T2, ...)."""
    proposal_id = _next_id("T", _ids(section(document, "proposals")))
    entry = CommentedMap(id=proposal_id, title=title)
    _set_optional(entry, "description", description, None)
    _set_optional(entry, "proposer", proposer, None)
    _append(section(document, "proposals"), entry)
    return proposal_id


def add_action(
    document: Document,
    text: str,
    *,
    owner: str | None = None,
    due: date | None = None,
    session: str | None = None,
    on: date | None = None,
) -> str:
    """Add an open action item; returns its new id (the next in the file's scheme, else A1, A2, ...)."""
    action_id = _next_id("A", _ids(section(document, "actions")))
    entry = CommentedMap(id=action_id, owner=owner, text=text)
    _set_optional(entry, "due", due and due.isoformat(), None)
    source = CommentedMap()
    _set_optional(source, "session", session, None)
    _set_optional(source, "date", on and on.isoformat(), None)
    _set_optional(entry, "source", source or None, None)
    _append(section(document, "actions"), entry)
    return action_id


def _ids(section: CommentedSeq) -> list[str]:
    return [str(entry["id"]) for entry in section if isinstance(entry, CommentedMap) and "id" in entry]


def _next_id(default_prefix: str, taken: Iterable[str]) -> str:
    """The next id in the file's own scheme (P4 after P3), or default_prefix + 1 in an empty list."""
    numbered = [(match[1], int(match[2])) for found in taken if (match := re.fullmatch(r"([A-Za-z]+)(\d+)", found))]
    prefix = numbered[-1][0] if numbered else default_prefix
    return f"{prefix}{max((n for p, n in numbered if p == prefix), default=0) + 1}"


def _set_optional(entry: CommentedMap, key: str, value: object, default: object) -> None:
    """Write `key` only when it says more than the default; drop it when it goes back to it."""
    if value == default:
        entry.pop(key, None)
    else:
        entry[key] = value
