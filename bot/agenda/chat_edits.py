"""The changes chat commands make to an agenda: who a chat user is, withdrawals, votes, volunteers
and organisers' decisions on proposals.

Each works on the round-trip tree of an open `Document`, so the chat bot applies a batch of
requests from many people in one write: a person `identify` added earlier on the same document is
found by the later calls, although `document.agenda` still shows the file as it was opened. Each
is idempotent (applied again, it finds its work done and changes nothing), because the bot may
apply a request again after a crash. People are written the way the file itself refers to them:
by name when the name means them alone, else by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.people import Directory, slug
from bot.agenda.records import ATTENDEE_KEYS, PERSON_KEYS, PROPOSAL_KEYS, WORK_ITEM_KEYS
from bot.agenda.tree import append_entry, drop_key, entry_with_id, remove_entry, set_key
from bot.agenda.write import Document
from bot.model import AttendanceStatus, Person, ProposalStatus

DECLINED = AttendanceStatus.DECLINED.value


def identify(
    document: Document, name: str, *, chat_id: str, email: str | None = None, person: str | None = None
) -> str:
    """Link a chat user to the registry; returns how to refer to them in the calls that follow.

    `person` None: a new person, added to `people` as `{name, chat_id, email, provisional: true}`
    (a name someone in the agenda already answers to gets the chat id after it, so no reference in
    the file becomes ambiguous). `person` an id (the caller's verified email, or the name of someone
    at the bot's own terminal, said who they are): their `people` entry gets the chat id (and the
    email, when it has none); a person known only as an attendee gets a `people` entry their
    attendee entry now means.
    A chat id already in the registry wins: that person is returned and nobody else is linked.
    Raises KeyError for an unknown `person`, ValueError when they are linked to another chat id.
    """
    directory = registry(document)
    linked = [known for known in directory.people if known.chat_id == chat_id]
    if linked:  # the chat id is proof: linked before, or this is the same request again
        target = linked[0]
        if email and not target.email:  # else `_link` would change nothing: the tree is not needed
            _link(registry_entry(document, target.id), target, chat_id, email)
    elif person is None:
        target = _new_person(directory, name, chat_id, email)
        document.append("people", people_entry(target))
        directory.add(target)
    else:
        target = by_id(directory, person)
        if target.listed:
            _link(registry_entry(document, target.id), target, chat_id, email)
        else:
            listed = replace(target, chat_id=chat_id, email=email, listed=True)
            document.append("people", people_entry(listed))
    return reference(directory, target)


def _link(entry: CommentedMap, person: Person, chat_id: str, email: str | None) -> None:
    """Record a chat id (and an email, when there is none) on a `people` entry."""
    if _text(entry, "chat_id") not in (None, chat_id):
        raise ValueError(f"{person.name} is linked to another chat user ({entry['chat_id']})")
    if _text(entry, "chat_id") is None:
        set_key(entry, "chat_id", chat_id, PERSON_KEYS)
    if email and not _text(entry, "email"):
        set_key(entry, "email", email, PERSON_KEYS)


def withdraw(document: Document, who: str) -> bool:
    """Mark `who`'s sign-up declined, keeping the entry (the wiki strikes it through); False when
    they are not signed up or have already declined."""
    directory = registry(document)
    person_id = _find(directory, who).id
    attendees = document.entries("attendees")
    index = next((i for i, found in enumerate(attendee_ids(document, directory)) if found == person_id), None)
    if index is None or index >= len(attendees):
        return False
    entry = attendees[index]
    if isinstance(entry, Mapping) and str(entry.get("status")).lower() == AttendanceStatus.DECLINED.value:
        return False
    document.change("attendees", index, lambda record: set_key(record, "status", DECLINED, ATTENDEE_KEYS))
    return True


def vote(document: Document, proposal_id: str, who: str) -> bool:
    """Add `who`'s vote to a proposal; False when it is already there. KeyError: no such proposal."""
    return _enlist(document, entry_with_id(document, "proposals", proposal_id), "votes", who, PROPOSAL_KEYS)


def unvote(document: Document, proposal_id: str, who: str) -> bool:
    """Take `who`'s vote back (an emptied list goes); False when they had not voted."""
    return _strike(document, entry_with_id(document, "proposals", proposal_id), "votes", who)


def volunteer(document: Document, item_id: str, who: str) -> bool:
    """Add `who` to a work item's volunteers; False when they are already there. KeyError: no such item."""
    return _enlist(document, entry_with_id(document, "work_items", item_id), "volunteers", who, WORK_ITEM_KEYS)


def decide(
    document: Document,
    proposal_id: str,
    status: ProposalStatus,
    *,
    session: str | None = None,
    reason: str | None = None,
) -> bool:
    """Record an organiser's decision: the proposal's status, its session and the reason, each set
    exactly as given (None removes a session or reason written before). KeyError: no such proposal."""
    if status is ProposalStatus.SCHEDULED and session is None:
        raise ValueError(f"{proposal_id} cannot be scheduled without a session")
    record = entry_with_id(document, "proposals", proposal_id)
    changed = False
    written = record.get("status")
    if str(written or ProposalStatus.PROPOSED.value).lower() != status.value:
        set_key(record, "status", status.value, PROPOSAL_KEYS)
        changed = True
    for key, value in (("session", session), ("reason", (reason and reason.strip()) or None)):
        if value is None and key in record:
            drop_key(record, key)
            changed = True
        elif value is not None and _text(record, key) != value:
            set_key(record, key, value, PROPOSAL_KEYS)
            changed = True
    return changed


def registry(document: Document) -> Directory:
    """Everyone the document knows now: the people it was opened with and those added to its tree
    since (a `people` entry made for a name-only attendee takes that attendee's place).

    The entries the document was opened with come first in the tree, as in `document.agenda`: chat
    edits only append, and an edit that removes entries reads the agenda again (`links`). The
    wiki sync, which removes records freely, finds them by identity instead (`edits.attendee_index`).
    """
    agenda = document.agenda
    listed = sum(1 for known in agenda.people if known.listed)
    added = {entry.id: entry for entry in map(_person_of, document.entries("people")[listed:])}
    directory = agenda.directory.copy()
    for new in added.values():
        if directory.has_id(new.id):
            directory.replace(new)
        else:
            directory.add(new)
    for entry in document.entries("attendees")[len(agenda.attendees) :]:
        name = _written_name(entry)
        if not directory.signing_up(name):
            directory.add(Person(directory.free_id(name), name, listed=False))
    return directory


def reference(directory: Directory, person: Person) -> str:
    """How the file refers to `person`: their name when it means them alone, else their id."""
    return person.name if [found.id for found in directory.find(person.name)] == [person.id] else person.id


def _find(directory: Directory, who: str) -> Person:
    found = directory.find(who)
    if len(found) != 1:
        raise KeyError(f"no single person is called '{who}'")
    return found[0]


def by_id(directory: Directory, person_id: str) -> Person:
    """The person with exactly this id; KeyError when nobody has it."""
    found = directory.find(person_id)
    if len(found) != 1 or found[0].id != person_id:
        raise KeyError(f"no person has the id '{person_id}'")
    return found[0]


def _new_person(directory: Directory, name: str, chat_id: str, email: str | None) -> Person:
    """A person for a chat user the agenda does not know, with a name and id nobody answers to."""
    name = " ".join(name.split()) or chat_id
    if directory.find(name):
        name = f"{name} ({chat_id})"
    person_id, number = slug(name), 1
    while directory.find(person_id):
        number += 1
        person_id = f"{slug(name)}-{number}"
    return Person(person_id, name, (), chat_id, None, email, provisional=True)


def people_entry(person: Person) -> CommentedMap:
    """A new `people` entry for `person`: name, id (when not made from the name), chat id, email,
    and `provisional: true` for a chat user nobody has vouched for."""
    entry = CommentedMap(name=person.name)
    if person.id != slug(person.name):
        entry["id"] = person.id
    entry["chat_id"] = person.chat_id
    if person.email:
        entry["email"] = person.email
    if person.provisional:
        entry["provisional"] = True
    return entry


def _person_of(entry: object) -> Person:
    """The person a `people` entry added to the tree describes."""
    if not isinstance(entry, CommentedMap):
        raise TypeError(f"a people entry should be a mapping, not {entry!r}")
    name = _written_name(entry)
    person_id = str(entry["id"]) if entry.get("id") is not None else slug(name)
    aliases = tuple(str(alias) for alias in entry.get("aliases") or ())
    chat_id, email, provisional = _text(entry, "chat_id"), _text(entry, "email"), entry.get("provisional") is True
    return Person(person_id, name, aliases, chat_id, None, email, provisional=provisional)


def _text(entry: CommentedMap, key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def registry_entry(document: Document, person_id: str) -> CommentedMap:
    """The `people` entry of the tree for this person id; KeyError when there is none."""
    for entry in _entries(document, "people"):
        if isinstance(entry, CommentedMap) and _person_of(entry).id == person_id:
            return entry
    raise KeyError(f"no people entry has the id '{person_id}'")


def attendee_ids(document: Document, directory: Directory) -> list[str | None]:
    """The person of each attendee entry in the tree, in order (None: nobody, or several)."""
    ids: list[str | None] = [attendee.person for attendee in document.agenda.attendees]
    for entry in document.entries("attendees")[len(ids) :]:
        found = directory.signing_up(_written_name(entry))
        ids.append(found[0].id if len(found) == 1 else None)
    return ids


def _entries(document: Document, key: str) -> list[object]:
    entries = document.tree.get(key)
    return list(entries) if isinstance(entries, CommentedSeq) else []


def _written_name(entry: object) -> str:
    return str(entry.get("name") if isinstance(entry, Mapping) else entry).strip()


def _enlist(document: Document, record: CommentedMap, key: str, who: str, order: tuple[str, ...]) -> bool:
    """Add a person to the list of people under `key`, in the list's own style (flow when new)."""
    directory = registry(document)
    person = _find(directory, who)
    written = record.get(key)
    names = [written] if isinstance(written, str) else list(written or ())
    if any(means(directory, name, person.id) for name in names):
        return False
    if isinstance(written, CommentedSeq):
        append_entry(written, reference(directory, person))
        return True
    listed = CommentedSeq([*names, reference(directory, person)])
    listed.fa.set_flow_style()
    set_key(record, key, listed, order)
    return True


def _strike(document: Document, record: CommentedMap, key: str, who: str) -> bool:
    """Remove a person from the list of people under `key`; the key goes when the list empties."""
    directory = registry(document)
    person_id = _find(directory, who).id
    written = record.get(key)
    if isinstance(written, str):
        if not means(directory, written, person_id):
            return False
        drop_key(record, key)
        return True
    if not isinstance(written, CommentedSeq):
        return False
    found = [index for index, name in enumerate(written) if means(directory, name, person_id)]
    if found and len(found) == len(written):
        drop_key(record, key)  # the whole list goes, and the comment after it stays in place
        return True
    for index in reversed(found):
        remove_entry(written, index)
    return bool(found)


def means(directory: Directory, written: object, person_id: str) -> bool:
    """Whether a name, alias or id written in a list means this person."""
    return [found.id for found in directory.find(str(written))] == [person_id]
