"""The changes the bot makes to an agenda file: sign-ups, proposals and action items, each keeping
the organisers' comments where they were (through the tree edits of `bot.agenda.tree`).

Each works on a `Document` opened with `edit_agenda`, changes the round-trip tree in place (so
comments and layout around it stay), or appends an entry through `Document.append` (a text edit
while one can do it), and leaves checking and writing to `edit_agenda`. The checked
model in `document.agenda` is used to find people and records; its lists are in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.people import name_key
from bot.agenda.tree import append_entry, entry_with_id, remove_entry, section
from bot.agenda.write import Document
from bot.model import AttendanceStatus, Channel


def _entry_name(entry: object) -> str:
    return name_key(_written_name(entry))


def _written_name(entry: object) -> str:
    return str(entry.get("name") if isinstance(entry, Mapping) else entry).strip()


def attendee_index(document: Document, person_id: str) -> int | None:
    """Where the person's attendee entry stands in the tree now (None: not signed up).

    Found by the person each entry names, never by a position remembered from the file as it was
    opened: earlier edits to the same document may have removed or added entries before it. The
    position the entry had when the file was opened is tried first, and taken when it still names
    the person (the usual case: one check instead of a scan of 8,000 names).
    """
    entries = _attendee_entries(document)
    opened = next((i for i, attendee in enumerate(document.agenda.attendees) if attendee.person == person_id), None)
    if opened is not None and opened < len(entries) and _names(document, entries[opened], person_id):
        return opened
    return next((index for index, entry in enumerate(entries) if _names(document, entry, person_id)), None)


def _names(document: Document, entry: object, person_id: str) -> bool:
    """Whether an attendee entry of the tree names this person."""
    found = document.agenda.directory.signing_up(_written_name(entry))
    return len(found) == 1 and found[0].id == person_id


def remove_attendee(document: Document, person_id: str) -> bool:
    """Take the person's entry off the attendee list; False when they have none."""
    index = attendee_index(document, person_id)
    if index is None:
        return False
    remove_entry(section(document, "attendees"), index)
    return True


def _attendee_entries(document: Document) -> list[object]:
    return document.entries("attendees")


def add_attendee(
    document: Document,
    name: str,
    *,
    status: AttendanceStatus = AttendanceStatus.CONFIRMED,
    remote: bool = False,
    note: str | None = None,
    via: Channel = Channel.YAML,
    signed_up: datetime | None = None,
    wiki_user: str | None = None,
) -> bool:
    """Sign `name` up, or change their sign-up as the tree has it now; False when nothing changed.
    Someone new who signed up on the wiki (`wiki_user`) is registered in `people` with it; a known
    person keeps theirs."""
    found = document.agenda.directory.signing_up(name)
    if len(found) == 1:
        index = attendee_index(document, found[0].id)
    else:  # a name the file as opened did not know: maybe added earlier to this same document
        entries, key = _attendee_entries(document), name_key(name)
        index = next((i for i, entry in enumerate(entries) if _entry_name(entry) == key), None)
    if index is not None:
        return _change_sign_up(document, index, status, remote, note)
    entry = CommentedMap(name=name.strip())
    _set_optional(entry, "status", status.value, AttendanceStatus.CONFIRMED.value)
    _set_optional(entry, "remote", remote, False)
    _set_optional(entry, "note", note, None)
    _set_optional(entry, "via", via.value, Channel.YAML.value)
    _set_optional(entry, "signed_up", signed_up and f"{signed_up:%Y-%m-%d %H:%M}", None)
    document.append("attendees", entry if len(entry) > 1 else entry["name"])
    if wiki_user and not found:
        _register_wiki_user(document, name, wiki_user)
    return True


def _register_wiki_user(document: Document, name: str, wiki_user: str) -> None:
    """Someone new who signed the wiki's list: a `people` entry with their wiki user."""
    if not any(_entry_name(listed) == name_key(name) for listed in document.entries("people")):
        document.append("people", CommentedMap(name=name.strip(), wiki_user=wiki_user))


def _change_sign_up(document: Document, index: int, status: AttendanceStatus, remote: bool, note: str | None) -> bool:
    """Set an attendee entry's status, remote and note; False when it already says so (then the
    round-trip tree is not needed)."""
    entry = _attendee_entries(document)[index]
    written = entry if isinstance(entry, Mapping) else {}
    current = (
        str(written.get("status") or AttendanceStatus.CONFIRMED.value).lower(),
        bool(written.get("remote")),
        None if written.get("note") is None else str(written.get("note")),
    )
    if current == (status.value, remote, note):
        return False

    def edit(record: CommentedMap) -> None:
        _set_optional(record, "status", status.value, AttendanceStatus.CONFIRMED.value)
        _set_optional(record, "remote", remote, False)
        _set_optional(record, "note", note, None)

    document.change("attendees", index, edit)
    return True


def add_proposal(document: Document, title: str, *, proposer: str | None = None, description: str | None = None) -> str:
    """Add a proposed topic; returns its new id (the next in the file's scheme, else T1, T2, ...)."""
    proposal_id = next_id("T", _ids(document.entries("proposals")))
    entry = CommentedMap(id=proposal_id, title=title)
    _set_optional(entry, "description", description, None)
    _set_optional(entry, "proposer", proposer, None)
    document.append("proposals", entry)
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
    action_id = next_id("A", _ids(document.entries("actions")))
    entry = CommentedMap(id=action_id, owner=owner, text=text)
    _set_optional(entry, "due", due and due.isoformat(), None)
    source = CommentedMap()
    _set_optional(source, "session", session, None)
    _set_optional(source, "date", on and on.isoformat(), None)
    _set_optional(entry, "source", source or None, None)
    document.append("actions", entry)
    return action_id


def _ids(entries: Iterable[object]) -> list[str]:
    return [str(entry["id"]) for entry in entries if isinstance(entry, Mapping) and "id" in entry]


def next_id(default_prefix: str, taken: Iterable[str]) -> str:
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


def add_session_topic(document: Document, session_id: str, title: str) -> bool:
    """Put a topic at the end of a block's topics (a proposal scheduled there); False when the
    block already has a topic by that title. KeyError: no such block."""
    entry = entry_with_id(document, "sessions", session_id)
    topics = entry.get("topics")
    written = [str(t.get("title") if isinstance(t, CommentedMap) else t) for t in topics or []]
    if name_key(title) in map(name_key, written):
        return False
    if not isinstance(topics, CommentedSeq):
        entry["topics"] = topics = CommentedSeq()
    append_entry(topics, title)
    return True


def add_person(document: Document, name: str) -> bool:
    """Register a person by name alone (someone typing at the terminal, with no chat id); False
    when `people` already has an entry by that name."""
    if any(_entry_name(entry) == name_key(name) for entry in document.entries("people")):
        return False
    document.append("people", CommentedMap(name=name.strip()))
    return True
