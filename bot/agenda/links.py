"""An organiser's word on who a chat user is: `link` records a chat id on a person, `unlink` takes
it off again.

A chat id that chat gave a provisional person of its own (someone whose name was no proof) is
merged into the person it is linked to: that person takes over the provisional one's sign-up (when
they have none), votes, volunteering, proposals and any other mention, and the provisional
`people` entry goes. Both work on the round-trip tree of an open `Document`, keep the comments
around what they change, and are idempotent (applied again, they find their work done). Each
leaves `document.agenda` read again from the tree, so the requests that follow in the same write
see who is who now.
"""

from __future__ import annotations

from dataclasses import replace

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.chat_edits import attendee_ids, by_id, means, people_entry, reference, registry, registry_entry
from bot.agenda.load import parse_agenda
from bot.agenda.people import Directory
from bot.agenda.records import PERSON_KEYS
from bot.agenda.tree import append_entry, drop_key, remove_entry, section, set_key
from bot.agenda.write import Document
from bot.model import Person

# The keys under which records name people (besides `people` and `attendees` themselves).
REFERENCE_KEYS = frozenset(
    {"organisers", "proposer", "votes", "volunteers", "owner", "who", "moderators", "required", "scribe"}
)


def link(document: Document, chat_id: str, person_id: str) -> bool:
    """Record that the chat user `chat_id` is the person `person_id`; False when nothing changed.

    A provisional person holding the chat id is merged into them first. Nothing is done (False)
    when the person is linked to another chat id, or the chat id belongs to a person who is not
    provisional: the command refuses those before asking for the change, so only a request from
    the same write that got there first can meet them. Linking a provisional person to their own
    chat id vouches for them. KeyError: no such person.
    """
    directory = registry(document)
    target = by_id(directory, person_id)
    if target.chat_id is not None:
        if target.chat_id != chat_id or not target.provisional:
            return False
        drop_key(registry_entry(document, target.id), "provisional")
        return _reread(document)
    holder = next((known for known in directory.people if known.chat_id == chat_id), None)
    if holder is not None and not holder.provisional:
        return False
    email = holder.email if holder is not None else None
    if holder is not None:
        merge(document, directory, holder, target)
    if target.listed:
        entry = registry_entry(document, target.id)
        set_key(entry, "chat_id", chat_id, PERSON_KEYS)
        if email and entry.get("email") is None:
            set_key(entry, "email", email, PERSON_KEYS)
    else:  # known only as an attendee: a `people` entry to hold the chat id
        append_entry(section(document, "people"), people_entry(replace(target, chat_id=chat_id, email=email)))
    return _reread(document)


def unlink(document: Document, person_id: str) -> bool:
    """Take the chat id off a person (they are nobody in chat until linked again); False when they
    had none. KeyError: no such person."""
    target = by_id(registry(document), person_id)
    if target.chat_id is None:
        return False
    drop_key(registry_entry(document, target.id), "chat_id")
    return _reread(document)


def merge(document: Document, directory: Directory, source: Person, target: Person) -> None:
    """Fold `source` into `target` in the tree: the sign-up (unless target has one), every mention
    in other records (once per list), and source's `people` entry goes."""
    written = reference(directory, target)
    attendees = document.tree.get("attendees")
    ids = attendee_ids(document, directory)
    if source.id in ids and isinstance(attendees, CommentedSeq):
        index = ids.index(source.id)
        if target.id in ids:
            remove_entry(attendees, index)
        elif isinstance(attendees[index], CommentedMap):
            attendees[index]["name"] = written
        else:
            attendees[index] = written
    for key, record in list(document.tree.items()):
        if key not in ("people", "attendees"):
            _rename(record, directory, source.id, target.id, written)
    people = section(document, "people")
    entry = registry_entry(document, source.id)
    remove_entry(people, next(index for index, found in enumerate(people) if found is entry))


def _rename(node: object, directory: Directory, source: str, target: str, written: str) -> None:
    """Put `written` (target) wherever `node` names `source` under a reference key, at any depth."""
    if isinstance(node, CommentedSeq):
        for item in node:
            _rename(item, directory, source, target, written)
        return
    if not isinstance(node, CommentedMap):
        return
    for key, value in list(node.items()):
        if key in REFERENCE_KEYS and isinstance(value, str) and means(directory, value, source):
            node[key] = written
        elif key in REFERENCE_KEYS and isinstance(value, CommentedSeq):
            _rename_in_list(value, directory, source, target, written)
        else:
            _rename(value, directory, source, target, written)


def _rename_in_list(names: CommentedSeq, directory: Directory, source: str, target: str, written: str) -> None:
    """In a list of people: source becomes target, or goes when target is listed already."""
    has_target = any(means(directory, name, target) for name in names)
    for index in reversed(range(len(names))):
        if not means(directory, names[index], source):
            continue
        if has_target:
            remove_entry(names, index)
        else:
            names[index] = written
            has_target = True


def _reread(document: Document) -> bool:
    """Read the agenda again from the tree, so later changes in this write see the links as they
    are now (a removed or relinked entry would otherwise leave them counting from stale lists)."""
    document.agenda = parse_agenda(document.text(), str(document.path))
    return True
