"""The lines of the minutes page the bot writes and reads back, each `format_*` beside its `parse_*`.

An action item shows twice: in the meeting summary, `'''ACTION''': A5 Write it up <small>(George
Dunlap; due 2013-06-28)</small>`, and under its owner's heading in "Action items, by person",
`'''A5''' Write it up <small>(written 'George'; due 2013-06-28)</small>`. Both are an `ActionLine`;
`parse_action(format_action(x)) == x` and the same for `*_person_action`
(tests/unit/test_minutes_lines.py), so a scribe's correction of the owner, the text or the due date
reads back through the grammar that wrote it. The other lines of the summary are
`'''KIND''': text <small>(who, when)</small>` (`format_item`), the header's `'''Label:''' value`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.wiki.escape import escape_text, plain_text

UNCLEAR = "owner unclear: "  # the summary's remark for an action several people could own
UNASSIGNED = "unassigned: "  # ... and for one nobody the agenda knows was named for
UNCLEAR_HEADING = "Owner unclear"
UNASSIGNED_HEADING = "Unassigned"

_SUMMARY = re.compile(r"^\s*'''\s*ACTION\s*'''\s*:\s*(?P<id>[^\s<]+)(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_PERSON = re.compile(r"^\s*'''(?P<id>[^'\s]+)'''(?P<rest>.*)$", re.DOTALL)
_REMARKS = re.compile(r"\s*<small>\s*\((?P<remarks>.*)\)\s*</small>\s*$", re.IGNORECASE | re.DOTALL)
_SPLIT = re.compile(r"&#?\w+;|;")  # a bare `;` separates remarks; one that ends an entity does not
_DUE = re.compile(r"^due\s+(?P<due>\S.*)$", re.IGNORECASE)
_DONE = re.compile(r"^done$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*'''\s*(?P<kind>[A-Z]+)\s*'''\s*:", re.DOTALL)
_HEADER = re.compile(r"^'''(?P<label>[^':]+):'''\s?(?P<value>.*?)\s*(?:<br\s*/?>)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ActionLine:
    """An action item as one line of the minutes page says it.

    `remark`, in the summary, is whose it is: a name, or UNCLEAR / UNASSIGNED and why; under
    "Action items, by person" (where the heading names the owner) it is how the owner was read,
    when that needs saying. `due` is as written after "due" (the bot writes YYYY-MM-DD).
    """

    id: str
    text: str
    remark: str | None = None
    due: str | None = None
    done: bool = False


def format_action(line: ActionLine) -> str:
    """The summary's line: `'''ACTION''': A5 text <small>(owner; due 2013-06-28; done)</small>`."""
    return f"'''ACTION''': {_id_and_text(escape_text(line.id), line)}"


def parse_action(wikitext: str) -> ActionLine | None:
    """An action item from a summary line (without the leading `*`), or None when it is not one."""
    found = _SUMMARY.match(wikitext)
    return _action(found["id"], found["rest"]) if found else None


def format_person_action(line: ActionLine) -> str:
    """The line under the owner's heading: `'''A5''' text <small>(remark; due 2013-06-28)</small>`."""
    return _id_and_text(f"'''{escape_text(line.id)}'''", line)


def parse_person_action(wikitext: str) -> ActionLine | None:
    """An action item from a line of "Action items, by person", or None when it is not one."""
    found = _PERSON.match(wikitext)
    return _action(found["id"], found["rest"]) if found else None


def owner_of(remark: str | None) -> tuple[str | None, str | None]:
    """The summary's remark as (the owner's name, why there is none): ("George Dunlap", None),
    (None, "'Ian': Ian Campbell (ijc) or Ian Jackson (iwj)?")."""
    if remark is None:
        return None, None
    for prefix in (UNCLEAR, UNASSIGNED):
        if remark.casefold().startswith(prefix.strip().casefold()):
            return None, remark[len(prefix.strip()) :].strip() or None
    return remark, None


def heading_owner(heading: str) -> str | None:
    """The owner a heading of "Action items, by person" names: None under "Owner unclear" and
    "Unassigned"."""
    name = " ".join(heading.split())
    return None if name.casefold() in {UNCLEAR_HEADING.casefold(), UNASSIGNED_HEADING.casefold()} else name


def format_item(kind: str, wikitext: str, remarks: list[str]) -> str:
    """A line of the summary: `'''INFO''': text <small>(Lars, 14:05)</small>` (`wikitext` is
    escaped already: a link item's text is a link)."""
    small = f" <small>({escape_text('; '.join(remarks))})</small>" if remarks else ""
    return f"'''{kind}''': {wikitext}{small}"


def item_kind(wikitext: str) -> str | None:
    """The KIND of a summary line `'''KIND''': ...`, or None when the line is not one."""
    found = _ITEM.match(wikitext)
    return found["kind"] if found else None


def format_header(label: str, value: str) -> str:
    """A header line of the page: `'''When:''' Wednesday 15 May 2013` (`value` escaped already)."""
    return f"'''{label}:''' {value}"


def parse_header(wikitext: str) -> tuple[str, str] | None:
    """(label, value as written) from a header line, the `<br />` that ends it left out."""
    found = _HEADER.match(wikitext.strip())
    return (found["label"].strip(), found["value"]) if found else None


def _id_and_text(shown_id: str, line: ActionLine) -> str:
    text = escape_text(line.text)
    return (f"{shown_id} {text}" if text else shown_id) + _remarks(line)


def _remarks(line: ActionLine) -> str:
    parts = [line.remark] if line.remark else []
    parts += [f"due {line.due}"] if line.due else []
    parts += ["done"] if line.done else []
    # "&0" at the end of a remark would read as an entity with the `;` after it
    shown = [re.sub(r"&(?=#?\w+$)", "&amp;", escape_text(part, separators=";")) for part in parts]
    return f" <small>({'; '.join(shown)})</small>" if shown else ""


def _action(written_id: str, rest: str) -> ActionLine:
    remarks = _REMARKS.search(rest)
    text = plain_text(rest[: remarks.start()] if remarks else rest)
    others: list[str] = []
    due: str | None = None
    done = False
    for part in _split(remarks["remarks"]) if remarks else []:
        if (found := _DUE.match(part)) is not None and due is None:
            due = found["due"]
        elif _DONE.match(part):
            done = True
        elif part:
            others.append(part)
    return ActionLine(plain_text(written_id), text, "; ".join(others) or None, due, done)


def _split(remarks: str) -> list[str]:
    """The remarks between `;`s, each as plain text."""
    parts, start = [], 0
    for found in _SPLIT.finditer(remarks):
        if found[0] == ";":
            parts.append(remarks[start : found.start()])
            start = found.end()
    parts.append(remarks[start:])
    return [plain_text(part) for part in parts]
