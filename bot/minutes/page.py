"""A minutes page cut into what the bot manages and what it keeps verbatim, and the facts the
three-way merge compares: the minutes' counterpart of `bot.wiki.page` and `bot.wiki.facts`.

Sections go by their heading: the lead (the header), "Meeting summary", "Action items, by
person", "Earlier action items closed" and "Log"; any other section is people's. Every line is a
chunk of its own, so a line someone writes under one of the bot's stays right there. The
managed chunks, and their facts (key -> text):
- `action/<id>`: an action item of the summary (`bot.minutes.lines`): `action/<id>` (it is there),
  `/text`, `/owner` (a name), `/note` (why it has no owner), `/due`, `/done` and `/line`;
- `by-person/<id>`: the same action under "Action items, by person", its owner the heading above;
- `closed/<id>`: an earlier action item closed in the meeting, its line as shown;
- `header/<label>`: a line of the header (`'''When:''' ...`);
- `line/<text>`: any other line the bot writes (information, decisions, topic headings, the log),
  keyed by its text: a corrected line is a new line, and the line it replaced is gone;
- `group/<name>`: a heading of "Action items, by person", made from the owners: the bot's always
  (one people added with no action item under it is a conflict; what they wrote under it stays);
- `placeholder/<section>`: "Nothing was recorded." and "No action items.".
ONE_WAY facts are the agenda's alone: that an action item is listed, the notes, the closed lines,
and an action's `line` as written (a change there that changes no field, its markup, is then a
recorded conflict instead of being silently undone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.minutes.lines import (
    ActionLine,
    heading_owner,
    item_kind,
    owner_of,
    parse_action,
    parse_header,
    parse_person_action,
)
from bot.wiki.escape import plain_text
from bot.wiki.page import Chunk, Role, Section, logical_lines

Facts = dict[str, str]

FIELDS = ("text", "owner", "due", "done")
"""The fields of an action item the page may correct; the agenda then takes them."""

ROLES = {
    "meeting summary": Role.MINUTES_SUMMARY,
    "action items, by person": Role.MINUTES_BY_PERSON,
    "earlier action items closed": Role.MINUTES_CLOSED,
    "log": Role.MINUTES_LOG,
}
PLACEHOLDERS = {"Nothing was recorded.": "placeholder/summary", "No action items.": "placeholder/actions"}
LOG_LINE = "The full log of the meeting:"
NO_HEADING = "(no heading)"  # the owner of an action line above every heading: nobody, a conflict

_HEADING = re.compile(r"^(?P<level>={1,6})\s*(?P<title>[^=].*?)\s*(?P=level)\s*$")


def read_minutes_page(text: str) -> tuple[Section, ...]:
    """Cut a minutes page into its lead and sections, and those into chunks (managed ones hold
    their facts as `value`)."""
    sections: list[Section] = []
    role: Role | None = Role.LEAD
    heading = ""
    body: list[str] = []
    seen: dict[str, int] = {}
    for line in logical_lines(text):
        match = _HEADING.match(line.rstrip("\n"))
        if match and len(match["level"]) <= 2:
            sections.append(Section(role, heading, _chunks(role, body, seen)))
            role, heading, body = ROLES.get(" ".join(plain_text(match["title"]).casefold().split())), line, []
        else:
            body.append(line)
    sections.append(Section(role, heading, _chunks(role, body, seen)))
    return tuple(sections)


def minutes_facts(sections: Iterable[Section]) -> Facts:
    """Every fact the page states."""
    facts: Facts = {}
    for section in sections:
        for chunk in section.managed():
            if isinstance(chunk.value, dict):
                facts.update(chunk.value)
    return facts


def is_one_way(key: str) -> bool:
    """Whether the page may not change this fact (a change is a conflict; the agenda's stays)."""
    kind, _, rest = key.partition("/")
    if kind == "closed":
        return True
    field = rest.partition("/")[2]
    return kind in ("action", "by-person") and field in ("", "note", "line")


def field_of(key: str) -> tuple[str, str] | None:
    """(action id, field) for a fact of an action item the agenda takes from the page, else None."""
    kind, _, rest = key.partition("/")
    action_id, _, field = rest.partition("/")
    return (action_id, field) if kind in ("action", "by-person") and field in FIELDS else None


def content_key(key: str) -> bool:
    """Whether a fact is a line of the page's own (header, summary, log): kept as people write it."""
    return key.startswith(("header/", "line/"))


def _chunks(role: Role | None, body: list[str], seen: dict[str, int]) -> tuple[Chunk, ...]:
    """Each line its chunk: managed when the section's grammar reads it, verbatim otherwise."""
    chunks: list[Chunk] = []
    owner: str | None = NO_HEADING  # the heading the lines of "Action items, by person" are under
    for line in body:
        text = line.strip()
        found: tuple[str, Facts] | None = None
        if role is Role.LEAD:
            found = _header(text)
        elif role is Role.MINUTES_SUMMARY:
            found = _summary(text)
        elif role is Role.MINUTES_BY_PERSON and (heading := _HEADING.match(text)):
            name = plain_text(heading["title"])
            owner, found = heading_owner(name), (f"group/{_escaped(name)}", {f"group/{_escaped(name)}": name})
        elif role is Role.MINUTES_BY_PERSON:
            found = _by_person(text, owner) or ((PLACEHOLDERS[text], {}) if text in PLACEHOLDERS else None)
        elif role is Role.MINUTES_CLOSED and (closed := parse_person_action(text.removeprefix("*"))):
            found = (f"closed/{closed.id}", {f"closed/{closed.id}": text})
        elif role is Role.MINUTES_LOG and text.startswith(LOG_LINE):
            found = _content(text)
        chunk = _chunk(line, found, seen)
        if chunk.key and text.startswith("=") and chunks and chunks[-1].key is None and not chunks[-1].text.strip():
            chunk = Chunk(chunks.pop().text + chunk.text, chunk.key, chunk.value)  # a heading brings its blank line
        chunks.append(chunk)
    return tuple(chunks)


def _chunk(line: str, found: tuple[str, Facts] | None, seen: dict[str, int]) -> Chunk:
    """The line as a managed chunk; a line whose key came before is managed only when it is
    content (a repeated line) or a heading, under a numbered key; a repeated record is verbatim."""
    if found is None:
        return Chunk(line)
    key, facts = found
    count = seen[key] = seen.get(key, 0) + 1
    if count == 1:
        return Chunk(line, key, facts)
    if not key.startswith(("line/", "group/")):
        return Chunk(line)
    numbered = f"{key}#{count}"
    return Chunk(line, numbered, {numbered: facts[key]})


def _header(text: str) -> tuple[str, Facts] | None:
    header = parse_header(text)
    if header is None:
        return None
    key = f"header/{_escaped(header[0].casefold())}"
    return key, {key: header[1]}


def _summary(text: str) -> tuple[str, Facts] | None:
    if text in PLACEHOLDERS:
        return PLACEHOLDERS[text], {}
    if _HEADING.match(text):
        return _content(text)
    if not text.startswith("*") or text.startswith("**"):
        return None
    action = parse_action(text[1:].strip())
    if action is not None:
        owner, note = owner_of(action.remark)
        return f"action/{action.id}", _action_facts(f"action/{action.id}", text, action, owner, note)
    return _content(text) if item_kind(text[1:].strip()) else None


def _by_person(text: str, owner: str | None) -> tuple[str, Facts] | None:
    if not text.startswith("*") or text.startswith("**"):
        return None
    action = parse_person_action(text[1:].strip())
    if action is None:
        return None
    key = f"by-person/{action.id}"
    return key, _action_facts(key, text, action, owner, action.remark)


def _action_facts(key: str, text: str, action: ActionLine, owner: str | None, note: str | None) -> Facts:
    facts = {key: "listed", f"{key}/line": text}
    done = "yes" if action.done else None
    fields = {"text": action.text, "owner": owner, "note": note, "due": action.due, "done": done}
    facts.update({f"{key}/{field}": value for field, value in fields.items() if value})
    return facts


def _content(text: str) -> tuple[str, Facts]:
    key = f"line/{_escaped(text)}"
    return key, {key: text}


def _escaped(text: str) -> str:
    """Text fit for a key: no `/` to split on."""
    return text.replace("%", "%25").replace("/", "%2F")
