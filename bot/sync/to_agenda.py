"""Bring facts changed on the wiki into the agenda file, through its round-trip YAML tree.

The plan's `to_agenda` changes are applied to the facts of the agenda, and each record they touch
(an attendee, a topic, a block, a link, the description) is then written from its new facts, so a
record changed in several fields is written once, whole. Comments and layout around the records
stay; `bot.agenda.write.save` checks the result before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.clock import parse_clock
from bot.agenda.edits import add_attendee, add_proposal, entry_with_id, remove_entry, section
from bot.agenda.people import name_key
from bot.agenda.write import Document
from bot.model import AttendanceStatus, Channel
from bot.sync.merge import Change, record_of
from bot.wiki.facts import fact_name

Facts = Mapping[str, str]


def apply_to_agenda(
    document: Document, ours: Facts, changes: Iterable[Change], *, wiki_users: Mapping[str, str], now: datetime
) -> list[str]:
    """Apply wiki changes to the document; returns what changed, in words, for the report."""
    final = dict(ours)
    records: dict[str, None] = {}
    for change in changes:
        if change.new is None:
            final.pop(change.key, None)
        else:
            final[change.key] = change.new
        records[record_of(change.key)] = None
    done: list[str] = []
    for record in records:
        kind, _, name = record.partition("/")
        if record.startswith("link:"):
            done.append(_link(document, record.removeprefix("link:"), final))
        elif kind == "attendee":
            done.append(_attendee(document, record, final, wiki_users.get(name), now))
        elif kind == "topic":
            done.append(_topic(document, record, final))
        elif kind == "block":
            done.append(_block(document, name, final))
        elif kind == "action" and final.get(f"{record}/done"):
            done.append(_close_action(document, name))
        elif record == "description":
            _event(document)["description"] = final.get("description")
            done.append("description updated")
    return done


def _attendee(document: Document, record: str, final: Facts, wiki_user: str | None, now: datetime) -> str:
    key = record.partition("/")[2]
    index = next((i for i, a in enumerate(document.agenda.attendees) if _person_key(document, a.person) == key), None)
    if record not in final:
        if index is not None:
            remove_entry(section(document, "attendees"), index)
        return f"attendee removed: {_shown(document, key, index)}"
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
        signed_up=now if index is None else None,
        wiki_user=wiki_user,
    )
    return f"attendee {'updated' if index is not None else 'added'}: {name}"


def _person_key(document: Document, person_id: str) -> str:
    return fact_name(document.agenda.person(person_id).name)


def _shown(document: Document, key: str, index: int | None) -> str:
    return document.agenda.person(document.agenda.attendees[index].person).name if index is not None else key


def _topic(document: Document, record: str, final: Facts) -> str:
    key = record.partition("/")[2]
    entries = section(document, "proposals")
    index = next((i for i, p in enumerate(document.agenda.proposals) if fact_name(p.title) == key), None)
    if record not in final:
        if index is not None:
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
