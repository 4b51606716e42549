"""What an event page says, as flat facts the three-way merge compares: key -> text.

Keys name one field each, so two people editing different fields never conflict:
`attendee/<name>` (the name as shown), `attendee/<name>/status|remote|note`,
`topic/<title>` and `topic/<title>/description`, `block/<session id>` and
`block/<id>/title|when|room|moderators|topics`, `link/<url>`, `description`,
`action/<id>/done` (an open action item struck through or marked done on the page), and the
fields only the agenda may change (ONE_WAY): `when`, `where`, `zone`, `proposal`, `work-items`,
and the presence of a block or of an action item (`action/<id>`, its line as shown).
`<name>` and `<title>` are `fact_name`s (case, accents and spacing ignored; `/` escaped) and
`link:<url>` keeps the address as written.

The agenda's facts are the facts of its rendered page, so both sides are normalised alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date

from bot.agenda.clock import format_clock
from bot.agenda.people import name_key
from bot.model import AttendanceStatus
from bot.wiki.lines import AttendeeLine, BlockLine
from bot.wiki.page import Chunk, Role, Section, TopicTree

Facts = dict[str, str]

ONE_WAY = ("when", "where", "zone", "proposal", "work-items")
"""Keys a wiki edit cannot change: such an edit is recorded as a conflict, and the agenda wins."""


def fact_name(text: str) -> str:
    """How a name or title appears in a key: compared loosely, with no `/` to split on."""
    return name_key(text).replace("/", "%2F")


def is_one_way(key: str) -> bool:
    """Whether the wiki may not change this fact (a block's presence is one of them)."""
    return key in ONE_WAY or (key.startswith(("block/", "action/")) and key.count("/") == 1)


def page_facts(sections: Iterable[Section], *, blocks_by_title: Mapping[str, str], only_day: date | None) -> Facts:
    """The facts of a page. `blocks_by_title` finds the session of a block whose anchor was
    removed (by name_key of its title); `only_day` dates blocks on a page without day headings."""
    facts: Facts = {}
    for section in sections:
        day = only_day
        for chunk in section.chunks:
            if chunk.key is None:
                continue
            if chunk.key.startswith("day/"):
                assert isinstance(chunk.value, date)
                day = chunk.value
            elif chunk.key.startswith("block/"):
                _block(facts, chunk, day, blocks_by_title)
            elif section.role is not None:
                _fact(facts, section.role, chunk)
    return facts


def _fact(facts: Facts, role: Role, chunk: Chunk) -> None:
    value = chunk.value
    if isinstance(value, AttendeeLine):
        _attendee(facts, value)
    elif role is Role.TOPICS and isinstance(value, tuple):
        title, description = value
        key = f"topic/{fact_name(title)}"
        if key not in facts:
            facts[key] = title
            _optional(facts, f"{key}/description", description)
    elif role is Role.SEE_ALSO and isinstance(value, tuple):
        facts.setdefault(f"link:{value[0]}", value[1] or "")
    elif role is Role.ACTIONS and isinstance(value, tuple):
        action_id, shown, done = value
        facts.setdefault(f"action/{action_id}", shown)
        _optional(facts, f"action/{action_id}/done", "yes" if done else None)
    elif role is Role.WORK_ITEMS:  # one fact for the whole list: only the agenda writes it
        key = role.value
        facts[key] = f"{facts[key]}\n{value}" if key in facts else str(value)
    elif chunk.key is not None:
        facts.setdefault(chunk.key, " ".join(str(value).split()))


def _attendee(facts: Facts, line: AttendeeLine) -> None:
    key = f"attendee/{fact_name(line.name)}"
    if key in facts:
        return  # a name written twice counts once
    facts[key] = line.name
    _optional(facts, f"{key}/status", None if line.status is AttendanceStatus.CONFIRMED else line.status.value)
    _optional(facts, f"{key}/remote", "yes" if line.remote else None)
    _optional(facts, f"{key}/note", line.note)


def _block(facts: Facts, chunk: Chunk, day: date | None, blocks_by_title: Mapping[str, str]) -> None:
    assert isinstance(chunk.value, tuple)
    block, topics = chunk.value
    assert isinstance(block, BlockLine)
    session = block.id or blocks_by_title.get(fact_name(block.title))
    if session is None or f"block/{session}" in facts:
        return
    key = f"block/{session}"
    facts[key] = "present"
    facts[f"{key}/title"] = block.title
    span = f"{format_clock(block.start)}-{format_clock(block.end)}"
    facts[f"{key}/when"] = f"{day.isoformat()} {span}" if day else span
    _optional(facts, f"{key}/room", block.room)
    _optional(
        facts, f"{key}/moderators", json.dumps(list(block.moderators), ensure_ascii=False) if block.moderators else None
    )
    _optional(facts, f"{key}/topics", json.dumps(_tree_json(topics), ensure_ascii=False) if topics else None)


def _tree_json(tree: TopicTree) -> list[object]:
    return [[title, note, _tree_json(children)] for title, note, children in tree]


def _optional(facts: Facts, key: str, value: str | None) -> None:
    if value:
        facts[key] = value
