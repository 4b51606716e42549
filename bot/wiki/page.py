"""An event page cut into what the bot manages and what it keeps verbatim, and put back together.

A page is a lead and level-2 sections. A section's *role* comes from its heading ("List of
attendees", "Topics to discuss", "Agenda", ...; see ROLES). Inside a section with a role, the
lines the bot understands form *managed chunks* with a key (`attendees`, `block/cgroups`,
`day/2008-07-22`, `when`, ...); every other line, and every section without a role, is a
*verbatim chunk*, which `bot.wiki.splice` keeps in place when the page is saved again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil import parser as dateparser

from bot.text import cut
from bot.wiki import lines
from bot.wiki.escape import plain_text


class Role(StrEnum):
    """What a section of the event page is for (or of a minutes page: `bot.minutes.page`)."""

    LEAD = "lead"
    PROPOSAL = "proposal"
    TOPICS = "topics"
    ATTENDEES = "attendees"
    AGENDA = "agenda"
    WORK_ITEMS = "work-items"
    ACTIONS = "actions"
    SEE_ALSO = "see-also"
    MINUTES_SUMMARY = "minutes-summary"
    MINUTES_BY_PERSON = "minutes-by-person"
    MINUTES_CLOSED = "minutes-closed"
    MINUTES_LOG = "minutes-log"


ROLES = {
    "proposal": Role.PROPOSAL,
    "topics to discuss": Role.TOPICS,
    "topics": Role.TOPICS,
    "proposed topics": Role.TOPICS,
    "list of attendees": Role.ATTENDEES,
    "attendees": Role.ATTENDEES,
    "participants": Role.ATTENDEES,
    "agenda": Role.AGENDA,
    "schedule": Role.AGENDA,
    "programme": Role.AGENDA,
    "program": Role.AGENDA,
    "work items": Role.WORK_ITEMS,
    "open action items": Role.ACTIONS,
    "action items": Role.ACTIONS,
    "see also": Role.SEE_ALSO,
    "links": Role.SEE_ALSO,
}
"""Section headings the bot recognises (compared case-insensitively); a custom template keeps them."""

_HEADING = re.compile(r"^(?P<level>={1,6})\s*(?P<title>[^=].*?)\s*(?P=level)\s*$")
_ITEM = re.compile(r"^[*#]")
_NESTED = re.compile(r"^[*#:;][*#:;]")
_OPENERS = re.compile(r"<!--|<(pre|nowiki|syntaxhighlight|source|math|gallery|poem)\b[^>]*>|^\{\|", re.IGNORECASE)
_NOT_PROSE = re.compile(r"\{\{|\{\||<|__|^\s|^[*#:;=]|\[\[(?:category|file|image):", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    """Lines of the page: managed when `key` is set (and `value` holds what they say)."""

    text: str
    key: str | None = None
    value: object = None


@dataclass(frozen=True)
class Section:
    """A heading and the chunks under it; the lead has no heading."""

    role: Role | None
    heading: str
    chunks: tuple[Chunk, ...]

    def managed(self, prefix: str = "") -> Iterator[Chunk]:
        """The managed chunks whose key starts with `prefix`."""
        return (chunk for chunk in self.chunks if chunk.key is not None and chunk.key.startswith(prefix))


def read_page(text: str) -> tuple[Section, ...]:
    """Cut a page into its lead and sections, and its sections into chunks.

    Only the first section of each role is the bot's: a second "List of attendees" someone
    started further down is their own text, kept verbatim (as `bot.wiki.splice` keeps it).
    """
    sections: list[Section] = []
    role: Role | None = Role.LEAD
    heading = ""
    body: list[str] = []
    for line in logical_lines(text):
        match = _HEADING.match(line.rstrip("\n"))
        if match and len(match["level"]) <= 2:
            sections.append(_section(role, heading, body))
            role, heading, body = ROLES.get(" ".join(plain_text(match["title"]).casefold().split())), line, []
            role = None if role in {section.role for section in sections} else role
        else:
            body.append(line)
    sections.append(_section(role, heading, body))
    return tuple(sections)


def _section(role: Role | None, heading: str, body: list[str]) -> Section:
    chunks = _chunks(role, body)
    return Section(role, heading, tuple(_joined_description(chunks) if role is Role.LEAD else chunks))


def logical_lines(text: str) -> Iterator[str]:
    """The page's lines, except that a comment, `<pre>`-like tag or table spanning lines is one."""
    pending: list[str] = []
    closer: re.Pattern[str] | None = None
    for raw in text.splitlines(keepends=True):
        line = raw if raw.endswith("\n") else raw + "\n"
        if closer is None:
            opened = _OPENERS.search(line)
            if opened is None:
                yield line
                continue
            closer = _closer(opened)
            pending = [line]
            if closer.search(line, opened.end()):
                closer = None
                yield line
            continue
        pending.append(line)
        if closer.search(line):
            closer = None
            yield "".join(pending)
    if pending and closer is not None:
        yield "".join(pending)


def _closer(opened: re.Match[str]) -> re.Pattern[str]:
    if opened[0] == "<!--":
        return re.compile("-->")
    if opened[0] == "{|":
        return re.compile(r"^\|\}", re.MULTILINE)
    return re.compile(f"</{opened[1]}\\s*>", re.IGNORECASE)


def _chunks(role: Role | None, body: list[str]) -> Iterator[Chunk]:
    """Group a section's lines into chunks; consecutive verbatim lines become one chunk."""
    verbatim: list[str] = []
    for item in _items(body):
        found = _understand(role, item)
        if found is None:
            verbatim.append("".join(item))
            continue
        if verbatim:
            yield Chunk("".join(verbatim))
            verbatim = []
        yield found
    if verbatim:
        yield Chunk("".join(verbatim))


def _joined_description(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
    """The lead's prose lines, with the blank lines between them, as one description chunk."""
    held: list[Chunk] = []
    for chunk in chunks:
        if chunk.key == "description" or (held and chunk.key is None and not chunk.text.strip()):
            held.append(chunk)
            continue
        yield from _description(held)
        held = []
        yield chunk
    yield from _description(held)


def _description(held: list[Chunk]) -> Iterator[Chunk]:
    trailing: list[Chunk] = []
    while held and held[-1].key is None:
        trailing.insert(0, held.pop())
    if held:
        paragraphs = "".join(chunk.text for chunk in held).split("\n\n")
        value = cut("\n\n".join(plain_text(paragraph) for paragraph in paragraphs if paragraph.strip()))
        yield Chunk("".join(chunk.text for chunk in held), "description", value)
    yield from trailing


def _items(body: list[str]) -> Iterator[list[str]]:
    """Each list item with its nested lines, or a single line."""
    item: list[str] = []
    for line in body:
        if item and _NESTED.match(line):
            item.append(line)
            continue
        if item:
            yield item
        item = [line]
        if not _ITEM.match(line):
            yield item
            item = []
    if item:
        yield item


def _understand(role: Role | None, item: list[str]) -> Chunk | None:
    if role is Role.LEAD:
        return _lead(item)
    if role is Role.AGENDA:
        return _agenda(item)
    if role is Role.PROPOSAL:
        return Chunk("".join(item), "proposal", item[0]) if re.search(r"\[(https?:)?//", item[0]) else None
    if role is None or not _ITEM.match(item[0]):
        return None
    value = _LIST_ROLES[role](item[0][1:].strip(), item[1:])
    return Chunk("".join(item), role.value, value) if value is not None else None


def _attendee(content: str, nested: list[str]) -> object:
    return lines.parse_attendee(_with_nested_note(content, nested))


def _proposal(content: str, nested: list[str]) -> object:
    title = lines.parse_proposal(content)
    description = cut(" ".join(plain_text(line.lstrip("*#:; ")) for line in nested)) or None
    return (title, description) if title else None


def _link(content: str, nested: list[str]) -> object:
    link = re.fullmatch(r"\[(?P<url>(?:https?:)?//\S+)(?:\s+(?P<title>[^\]]*))?\]\s*", content)
    return (link["url"], plain_text(link["title"] or "") or None) if link else None


def _published(content: str, nested: list[str]) -> object:
    """A line of a section only the agenda writes (work items): its text as shown."""
    return plain_text(content) or None


_STRUCK = re.compile(r"<(s|del|strike)\b", re.IGNORECASE)
# "(done)" or a tick anywhere, DONE in capitals anywhere, "done" last: the agenda's own text never
# has these (a lower-case "done" inside an action's text, "get it done", is not a mark)
_DONE_MARK = re.compile(r"\s*(?:\((?i:\s*done\s*)\)|[\u2713\u2714\u2705]|\bDONE\b|(?i:\bdone)\W*$)")


def _action(content: str, nested: list[str]) -> object:
    """An action item line: (its id, its text as shown, whether someone marked it done there:
    struck through, or "(done)" or a tick written after it)."""
    text = plain_text(content)
    found = re.match(r"\s*([A-Za-z]+\d+)\b", text)
    if not found:
        return None
    shown = " ".join(_DONE_MARK.sub("", text).split())
    return found[1], shown, bool(_STRUCK.search(content) or shown != " ".join(text.split()))


_LIST_ROLES = {
    Role.ATTENDEES: _attendee,
    Role.TOPICS: _proposal,
    Role.SEE_ALSO: _link,
    Role.WORK_ITEMS: _published,
    Role.ACTIONS: _action,
}


def _with_nested_note(content: str, nested: list[str]) -> str:
    extra = " ".join(line.lstrip("*#:; ").strip() for line in nested)
    return f"{content} – {extra}" if extra else content


def _lead(item: list[str]) -> Chunk | None:
    first, text, count = item[0].rstrip("\n"), "".join(item), len(item)
    label = re.match(r"^(?:''')?\s*(when|where)\s*:?\s*(?:''')?\s*:?", first, re.IGNORECASE)
    if label and count == 1:
        return Chunk(text, label[1].casefold(), plain_text(first[label.end() :].removesuffix("<br />")))
    if count == 1 and first.strip() and not _NOT_PROSE.search(first):
        return Chunk(text, "description", plain_text(first))
    return None


def _agenda(item: list[str]) -> Chunk | None:
    first, text = item[0].rstrip("\n"), "".join(item)
    heading = _HEADING.match(first)
    if heading:
        day = _day(plain_text(heading["title"]))
        return Chunk(text, f"day/{day.isoformat()}", day) if day else None
    if first.startswith("All times are"):
        return Chunk(text, "zone", first)
    if not first.startswith("*") or _NESTED.match(first):
        return None
    block = lines.parse_block(first[1:].strip())
    if block is None:
        return None
    return Chunk(text, f"block/{block.id or '?' + block.title}", (block, _topic_tree(item[1:])))


def _day(title: str) -> date | None:
    """The date a day heading names ("Tuesday 22 July 2008", "2008-07-22"), or None."""
    if not re.search(r"\d{4}", title):
        return None
    try:
        return dateparser.parse(title, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


TopicTree = tuple[tuple[str, str | None, "TopicTree"], ...]
"""Nested topics as (title, note, children) triples."""


def _topic_tree(nested: list[str], depth: int = 2) -> TopicTree:
    """The topics under a block from its nested list lines (`**` is depth 2)."""
    tree: list[tuple[str, str | None, TopicTree]] = []
    index = 0
    while index < len(nested):
        line = nested[index]
        level = _depth(line)
        children_end = index + 1
        while children_end < len(nested) and _depth(nested[children_end]) > level:
            children_end += 1
        parsed = lines.parse_topic(line[level:].strip()) if level >= depth else None
        if parsed is not None:
            tree.append((parsed[0], parsed[1], _topic_tree(nested[index + 1 : children_end], level + 1)))
        index = children_end
    return tuple(tree)


def _depth(line: str) -> int:
    return len(line) - len(line.lstrip("*#:;"))
