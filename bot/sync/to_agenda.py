"""Bring facts changed on the wiki into the agenda file, through its round-trip YAML tree.

The plan's `to_agenda` changes are grouped by record (an attendee, a topic, a block, a link, the
description) and each record is written from its new facts, so a record changed in several fields
is written once, whole. Records are found by who or what they are (a person, a title, an id),
never by a position remembered from before an earlier edit. `bot.sync.bring_in` checks the
result and holds back what the agenda cannot take; a removal other records depend on (an
attendee who moderates a block, a topic people voted for) is held here, before anything changes.
Comments and layout around the records stay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.clock import parse_clock
from bot.agenda.edits import add_attendee, add_proposal, remove_attendee
from bot.agenda.people import name_key
from bot.agenda.references import roles_of
from bot.agenda.tree import entry_with_id, remove_entry, section
from bot.agenda.write import Document
from bot.model import AttendanceStatus, Channel, Person, ProposalStatus
from bot.sync.bring_in import Hold, Taken, bring_in
from bot.sync.merge import Change, record_of
from bot.wiki.facts import fact_name

Facts = Mapping[str, str]


def bring_in_wiki(
    path: Path,
    text: str,
    ours: Facts,
    changes: Iterable[Change],
    *,
    wiki_users: Mapping[str, str],
    now: datetime,
) -> Taken:
    """Apply wiki changes to the agenda `text` of `path` and write it (see `bring_in`)."""
    final = dict(ours)
    records: dict[str, list[Change]] = {}
    for change in changes:
        if change.new is None:
            final.pop(change.key, None)
        else:
            final[change.key] = change.new
        records.setdefault(record_of(change.key), []).append(change)

    def apply(document: Document, record: str, _: Sequence[Change]) -> list[str]:
        return [_apply_record(document, record, final, wiki_users, now)]

    return bring_in(path, text, records, apply)


def _apply_record(  # noqa: PLR0911 - one return per kind of record
    document: Document, record: str, final: Facts, wiki_users: Mapping[str, str], now: datetime
) -> str:
    kind, _, name = record.partition("/")
    if record.startswith("link:"):
        return _link(document, record.removeprefix("link:"), final)
    if kind == "attendee":
        return _attendee(document, record, final, wiki_users.get(name), now)
    if kind == "topic":
        return _topic(document, record, final)
    if kind == "block":
        return _block(document, name, final)
    if kind == "action" and final.get(f"{record}/done"):
        return _close_action(document, name)
    if record == "description":
        _event(document)["description"] = final.get("description")
        return "description updated"
    return f"{record}: nothing to take"


def _attendee(document: Document, record: str, final: Facts, wiki_user: str | None, now: datetime) -> str:
    key = record.partition("/")[2]
    person = _attending(document, key)
    if record not in final:
        if person is None:
            return f"attendee removed: {key} (already gone)"
        roles = roles_of(document.agenda, person.id) if not person.listed else []
        if roles:
            raise Hold(
                f"the page removed {person.name} from the attendees, but the agenda knows them only from that "
                f"entry and they are {', '.join(roles)}; add them to 'people' (or change those records) first"
            )
        remove_attendee(document, person.id)
        return f"attendee removed: {person.name}"
    name = final[record]
    if wiki_user:
        known = [p for p in document.agenda.people if p.wiki_user and name_key(p.wiki_user) == name_key(wiki_user)]
        name = known[0].name if len(known) == 1 else name
    add_attendee(
        document,
        name,
        status=AttendanceStatus(final.get(f"{record}/status", AttendanceStatus.CONFIRMED.value)),
        remote=f"{record}/remote" in final,
        note=final.get(f"{record}/note"),
        via=Channel.WIKI,
        signed_up=now if person is None else None,
        wiki_user=wiki_user,
    )
    return f"attendee {'updated' if person is not None else 'added'}: {name}"


def _attending(document: Document, key: str) -> Person | None:
    """The attendee of the file as opened whose name as shown on the page has this key."""
    agenda = document.agenda
    for attendee in agenda.attendees:
        person = agenda.person(attendee.person)
        if fact_name(person.name) == key:
            return person
    return None


def _topic(document: Document, record: str, final: Facts) -> str:
    key = record.partition("/")[2]
    entries = section(document, "proposals")
    index = next((i for i, entry in enumerate(entries) if _title_key(entry) == key), None)
    if record not in final:
        if index is None:
            return f"topic removed: {key} (already gone)"
        _hold_decided(document, key)
        remove_entry(entries, index)
        return f"topic removed: {key}"
    description = final.get(f"{record}/description")
    if index is None:
        add_proposal(document, final[record], description=description)
        return f"topic added: {final[record]}"
    entry = entries[index]
    entry["title"] = final[record]
    _set(entry, "description", description)
    return f"topic updated: {final[record]}"


def _title_key(entry: object) -> str | None:
    return fact_name(str(entry.get("title"))) if isinstance(entry, CommentedMap) else None


def _hold_decided(document: Document, key: str) -> None:
    """A topic people voted for, or one the organisers decided on, is not removed by a page edit."""
    for proposal in document.agenda.proposals:
        if fact_name(proposal.title) != key:
            continue
        if proposal.status is not ProposalStatus.PROPOSED or proposal.votes:
            why = (
                f"{len(proposal.votes)} vote(s)" if proposal.votes else f"the organisers' decision ({proposal.status})"
            )
            raise Hold(
                f"the page removed the topic {proposal.id} '{proposal.title}', which has {why}; "
                f"reject it in chat or remove it from the agenda instead"
            )


def _block(document: Document, session_id: str, final: Facts) -> str:
    entry = entry_with_id(document, "sessions", session_id)
    prefix = f"block/{session_id}"
    entry["title"] = final.get(f"{prefix}/title", entry["title"])
    when = final.get(f"{prefix}/when", "")
    day, _, span = when.rpartition(" ")
    start, _, end = span.partition("-")
    if start and end:
        entry["start"], entry["end"] = clock_like(entry.get("start"), start), clock_like(entry.get("end"), end)
        if day and ("day" in entry or len(document.agenda.event.days) > 1):
            entry["day"] = day
    _set(entry, "room", final.get(f"{prefix}/room"))
    moderators = json.loads(final.get(f"{prefix}/moderators", "[]"))
    _set(entry, "moderators", _like(entry.get("moderators"), [_known(document, name) for name in moderators]))
    topics = json.loads(final.get(f"{prefix}/topics", "[]"))
    _set(entry, "topics", _topics_yaml(topics))
    return f"block updated: {entry['title']}"


def _close_action(document: Document, action_id: str) -> str:
    """An open action item someone struck through (or marked done) on the page is done."""
    try:
        entry_with_id(document, "actions", action_id)["status"] = "done"
    except KeyError:
        return f"action item {action_id}: not in the agenda any more"
    return f"action item done: {action_id}"


def clock_like(written: object, clock: str) -> str:
    """The new time, in the file's own style when the old one was written with am/pm."""
    if isinstance(written, str) and written.strip().lower().endswith(("am", "pm")):
        moment = parse_clock(clock)
        hour = moment.hour % 12 or 12
        minutes = f":{moment.minute:02d}" if moment.minute else ""
        return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"
    return clock


def _known(document: Document, name: str) -> str:
    """A moderator's name, added to `people` first when the agenda does not know them."""
    if not any(name_key(name) in {name_key(p.name), *map(name_key, p.aliases)} for p in document.agenda.people):
        people = section(document, "people")
        if not any(isinstance(p, CommentedMap) and name_key(str(p.get("name"))) == name_key(name) for p in people):
            people.append(CommentedMap(name=name))
    return name


def _like(old: object, values: list[str]) -> CommentedSeq | None:
    if not values:
        return None
    new = CommentedSeq(values)
    if isinstance(old, CommentedSeq) and old.fa.flow_style():
        new.fa.set_flow_style()
    return new


def _topics_yaml(tree: list[list[Any]]) -> CommentedSeq | None:
    if not tree:
        return None
    out = CommentedSeq()
    for title, note, children in tree:
        if note is None and not children:
            out.append(title)
            continue
        entry = CommentedMap(title=title)
        if note:
            entry["note"] = note
        if children:
            entry["topics"] = _topics_yaml(children)
        out.append(entry)
    return out


def _link(document: Document, url: str, final: Facts) -> str:
    links = _event(document).setdefault("links", CommentedMap())
    see_also = links.setdefault("see_also", CommentedSeq())
    index = next((i for i, e in enumerate(see_also) if isinstance(e, CommentedMap) and e.get("url") == url), None)
    record = f"link:{url}"
    if record not in final:
        if index is not None:
            remove_entry(see_also, index)
        return f"link removed: {url}"
    if index is None:
        see_also.append(CommentedMap(title=final[record] or url, url=url))
    else:
        _set(see_also[index], "title", final[record] or None)
    return f"link {'added' if index is None else 'updated'}: {url}"


def _event(document: Document) -> CommentedMap:
    event: CommentedMap = document.tree["event"]
    return event


def _set(entry: CommentedMap, key: str, value: object) -> None:
    if value is None:
        entry.pop(key, None)
    else:
        entry[key] = value
