"""The changes the bot makes to an agenda file: sign-ups, proposals and action items, and the
tree edits they share with `bot.agenda.chat_edits` (append an entry, set or drop a key in its
place), each keeping the organisers' comments where they were.

Each works on a `Document` opened with `edit_agenda`, changes the round-trip tree in place (so
comments and layout around it stay) and leaves checking and writing to `edit_agenda`. The checked
model in `document.agenda` is used to find people and records; its lists are in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from bot.agenda.people import name_key
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


def append_entry(section: CommentedSeq, entry: object) -> None:
    """Append to a list, keeping a comment block that introduces the next section after the list.

    ruamel stores such a block as the trailing comment of the deepest last node of the list; a
    plain append would put the new entry after it, moving the comment away from its section.
    """
    slot = _trailing_comment(section)
    moved = None
    if slot is not None:
        token = slot[0][slot[1]]
        own_line, _, following = token.value.partition("\n")
        if following:  # comment lines, or only the blank lines before the next section
            token.value = own_line + "\n"
            moved = CommentToken("\n" + following, CommentMark(0), None)
    section.append(entry)
    if moved is not None:
        if isinstance(entry, CommentedMap) and entry:
            _attach_after(entry, list(entry)[-1], moved)  # after a nested map's last line, not its key
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


def set_key(entry: CommentedMap, key: str, value: object, order: Sequence[str]) -> None:
    """Set `key`; a new key goes after the last key that comes before it in `order` (the record's
    keys in their usual order), and a comment block that introduced the key after it stays there."""
    if key in entry:
        entry[key] = value
        return
    earlier = set(order[: order.index(key)])
    keys = list(entry)
    position = max((index + 1 for index, existing in enumerate(keys) if existing in earlier), default=0)
    following = _take_following_lines(entry, keys[position - 1]) if position else None
    entry.ca.items.pop(key, None)  # a comment left behind by an earlier removal of this key
    entry.insert(position, key, value)
    if following is not None:
        entry.ca.items[key] = [None, None, following, None]


def drop_key(entry: CommentedMap, key: str) -> None:
    """Remove `key`, keeping a comment block that introduced what follows it (the next key, or the
    next record or section) in place; its own end-of-line comment goes with it."""
    keys = list(entry)
    position = keys.index(key)
    following = _take_following_lines(entry, key)
    del entry[key]
    entry.ca.items.pop(key, None)  # ruamel leaves it behind, and would show it when the key came back
    if following is None or position == 0:
        return
    previous = keys[position - 1]
    slot = _trailing_comment_of(entry, previous)
    if slot is not None:
        token = slot[0][slot[1]]
        token.value = token.value + following.value.removeprefix("\n")
    else:
        _attach_after(entry, previous, following)


def _take_following_lines(entry: CommentedMap, key: str) -> CommentToken | None:
    """Detach the full-line comments written after `key`'s value (its own end-of-line comment
    stays), as a token to attach after whatever comes next."""
    slot = _trailing_comment_of(entry, key)
    if slot is None:
        return None
    token = slot[0][slot[1]]
    own_line, _, following = token.value.partition("\n")
    if not following:
        return None
    token.value = own_line + "\n"
    return CommentToken("\n" + following, CommentMark(0), None)


def _trailing_comment_of(entry: CommentedMap, key: str) -> tuple[list[Any], int] | None:
    """The comment slot after `key`'s value (on the key, or inside a block collection value)."""
    slots = entry.ca.items.get(key)
    if slots and slots[2] is not None:
        return slots, 2
    value = entry[key]
    if isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style():
        return _trailing_comment(value)
    return None


def _attach_after(entry: CommentedMap, key: str, token: CommentToken) -> None:
    """Put `token` after `key`'s value: after the deepest last item of a block collection."""
    node: Any = entry
    last: Any = key
    while isinstance(node[last], CommentedMap | CommentedSeq) and len(node[last]) and not node[last].fa.flow_style():
        node = node[last]
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    node.ca.items.setdefault(last, [None, None, None, None])[2 if isinstance(node, CommentedMap) else 0] = token


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
    return name_key(_written_name(entry))


def _written_name(entry: object) -> str:
    return str(entry.get("name") if isinstance(entry, CommentedMap) else entry).strip()


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
    entries = document.tree.get("attendees")
    return list(entries) if isinstance(entries, CommentedSeq) else []


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
    attendees = section(document, "attendees")
    if len(found) == 1:
        index = attendee_index(document, found[0].id)
    else:  # a name the file as opened did not know: maybe added earlier to this same document
        index = next((i for i, entry in enumerate(attendees) if _entry_name(entry) == name_key(name)), None)
    if index is not None:
        return _change_sign_up(attendees, index, status, remote, note)
    entry = CommentedMap(name=name.strip())
    _set_optional(entry, "status", status.value, AttendanceStatus.CONFIRMED.value)
    _set_optional(entry, "remote", remote, False)
    _set_optional(entry, "note", note, None)
    _set_optional(entry, "via", via.value, Channel.YAML.value)
    _set_optional(entry, "signed_up", signed_up and f"{signed_up:%Y-%m-%d %H:%M}", None)
    append_entry(attendees, entry if len(entry) > 1 else entry["name"])
    if wiki_user and not found:
        _register_wiki_user(document, name, wiki_user)
    return True


def _register_wiki_user(document: Document, name: str, wiki_user: str) -> None:
    """Someone new who signed the wiki's list: a `people` entry with their wiki user."""
    people = section(document, "people")
    if not any(_entry_name(listed) == name_key(name) for listed in people):
        append_entry(people, CommentedMap(name=name.strip(), wiki_user=wiki_user))


def _change_sign_up(
    attendees: CommentedSeq, index: int, status: AttendanceStatus, remote: bool, note: str | None
) -> bool:
    """Set an attendee entry's status, remote and note; False when it already says so."""
    entry = attendees[index]
    written = entry if isinstance(entry, CommentedMap) else CommentedMap()
    current = (
        str(written.get("status") or AttendanceStatus.CONFIRMED.value).lower(),
        bool(written.get("remote")),
        None if written.get("note") is None else str(written.get("note")),
    )
    if current == (status.value, remote, note):
        return False
    record = as_record(attendees, index)
    _set_optional(record, "status", status.value, AttendanceStatus.CONFIRMED.value)
    _set_optional(record, "remote", remote, False)
    _set_optional(record, "note", note, None)
    return True


def as_record(entries: CommentedSeq, index: int) -> CommentedMap:
    """The entry at `index` as a mapping: a plain name becomes `{name: ...}`, keeping its comment."""
    entry = entries[index]
    if isinstance(entry, CommentedMap):
        return entry
    slots = entries.ca.items.pop(index, None)
    record = entries[index] = CommentedMap(name=entry)
    if slots and slots[0] is not None:
        record.ca.items["name"] = [None, None, slots[0], None]
    return record


def add_proposal(document: Document, title: str, *, proposer: str | None = None, description: str | None = None) -> str:
    """Add a proposed topic; returns its new id (the next in the file's scheme, else T1, T2, ...)."""
    proposal_id = _next_id("T", _ids(section(document, "proposals")))
    entry = CommentedMap(id=proposal_id, title=title)
    _set_optional(entry, "description", description, None)
    _set_optional(entry, "proposer", proposer, None)
    append_entry(section(document, "proposals"), entry)
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
    append_entry(section(document, "actions"), entry)
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


def entry_with_id(document: Document, key: str, record_id: str) -> CommentedMap:
    """The record with this id in the top-level list `key`; KeyError when there is none."""
    for entry in document.tree.get(key) or []:
        if isinstance(entry, CommentedMap) and str(entry.get("id")) == record_id:
            return entry
    raise KeyError(f"{key}: no entry has the id '{record_id}'")


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
    people = section(document, "people")
    if any(_entry_name(entry) == name_key(name) for entry in people):
        return False
    append_entry(people, CommentedMap(name=name.strip()))
    return True
