"""Hand-written minutes read into minutes: notes mailed to a list ("[Hackathon Minutes] Xen 4.4
Planning"), plain-text notes with `[Attendees]`/`[Actions]` sections, Markdown team notes
(GitHub, HackMD, W3C), MediaWiki minutes (`; ACTION :`, `; VOTE`).

The shapes of lines are `notes_lines`' (tables `notes_tables`'); reading them in order is
`notes_reader`'s; the record's people `notes_people`'; the owners of an action `notes_owners`';
one action stated twice `restated`'s; the meeting's day `notes_when`'s. This module adds what
the record itself says about the meeting: its title (the `title:` of front matter, the mail's
subject, the title heading, a `[Topic]` section), its day and time (`day_and_time`), and who was
there; then replays it all through `Meeting`, which gives ids and due dates as live.

What the mail adds is left out: the notes are the quoted text at the depth (`>`, `>>`) that holds
the most shapes of notes, so a reply's own comments are skipped; the mail's headers and "On ...
wrote:" count only above the notes (a forwarded mail further down is no header of this one);
everything after a signature (`--` with no heading after it) or a list footer (`____`) is ignored.
A UTF-8 byte order mark and front matter are not text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from bot.minutes.meeting import Meeting
from bot.minutes.model import Confidence, ItemKind, Minutes
from bot.minutes.notes_entries import Entry, Read, TopicMark
from bot.minutes.notes_lines import (
    BULLET,
    DEFINITION,
    FORWARDED,
    MARKDOWN_HEADING,
    PEOPLE_LINE,
    QUOTE,
    WIKI_HEADING,
    heading,
    marker,
    section_of,
)
from bot.minutes.notes_outline import opening_title
from bot.minutes.notes_owners import owners_in, owners_named
from bot.minutes.notes_reader import NotesReader
from bot.minutes.notes_when import When, day_and_time
from bot.minutes.owners import Owners
from bot.minutes.restated import introduce, merge_restated
from bot.minutes.syntax import split_roadmap
from bot.model import Person

_REPLY = r"(?:(?:Re|Fwd?|AW|WG)\s*:\s*)"
SUBJECT = re.compile(rf"^(?:Subject:\s*{_REPLY}*|{_REPLY}+)(.+)$", re.IGNORECASE)
FOOTER = re.compile(r"^_{5,}\s*$")  # a mailing list's footer
SIGNATURE = re.compile(r"^--\s*$")
_FRONT = re.compile(r"\A---[ \t]*\n((?:[\w-]+[ \t]*:.*\n|[ \t]+.*\n)*?)---[ \t]*\n")


@dataclass(frozen=True)
class NotesRead:
    """Minutes read from notes, and what the reader has to say about them (how it knows the day)."""

    minutes: Minutes
    remarks: tuple[str, ...] = ()


def read_notes(text: str, **options: Any) -> Minutes:
    """The minutes the notes in `text` record; `options` are those of `read_notes_with_remarks`."""
    return read_notes_with_remarks(text, **options).minutes


def read_notes_with_remarks(
    text: str,
    *,
    owners: Owners | None = None,
    people: Sequence[Person] = (),
    title: str | None = None,
    day: date | None = None,
    zone: tzinfo = UTC,
    next_action: int = 1,
    milestones: Mapping[str, date] = {},
    default_due_days: int | None = 14,
    event: str | None = None,
    session: str | None = None,
    path: Path | None = None,
) -> NotesRead:
    """The minutes of the notes in `text` (a mail, quoted or not; Markdown; wikitext). Owners are
    matched with `owners`, else among `people` and the people the notes name. A day nobody gives
    and the notes do not tell leaves the start unknown (None), with a remark saying so."""
    read, notes, header, front = _read(text)
    owners = owners or read.people.owners(people, "\n".join(line for _, line in notes))
    when = When(day, remarks=("the day given",)) if day else day_and_time(read, notes, header, front, path)
    start = datetime.combine(when.day, when.at or time(), when.at.tzinfo if when.at else zone) if when.day else None
    meeting = Meeting(
        title or front.get("title") or _subject(header) or read.title or "",
        owners=owners,
        start=start,
        next_action=next_action,
        milestones=milestones,
        default_due_days=default_due_days,
        event=event,
        session=session,
    )
    _replay(meeting, read, owners)
    minutes = replace(
        meeting.minutes(),
        chairs=tuple(read.people.chairs),
        regrets=tuple(read.people.regrets),
        scribes=tuple(read.people.scribes),
        days=when.days,
    )
    return NotesRead(minutes, when.remarks)


def _replay(meeting: Meeting, read: Read, owners: Owners) -> None:
    """Record the topics and entries the reader found, with their owners, in `meeting`."""
    everyone = read.people.everyone()
    for name in everyone:
        meeting.attend(name)
    for event in read.events:
        if isinstance(event, Entry):
            _settle_owners(event, owners, everyone)
    raised: dict[int, str] = {}
    for event in merge_restated(introduce(read.events)):
        if isinstance(event, TopicMark):
            if event.index in raised:
                meeting.resume(raised[event.index])
            else:
                raised[event.index] = meeting.topic(read.topics[event.index]).id
        else:
            _record(meeting, event)


def _settle_owners(entry: Entry, owners: Owners, everyone: Sequence[str]) -> None:
    """An action's owners; a line like "Yves to work w3c contacts" is an action when Yves is known."""
    if entry.kind is ItemKind.INFO and entry.to_do and owners.named(entry.to_do).confidence is not Confidence.UNKNOWN:
        entry.kind = ItemKind.ACTION
    if entry.kind is ItemKind.ACTION and entry.assignee is not None:
        entry.owners = owners_named(entry.assignee, owners, everyone)
    elif entry.kind is ItemKind.ACTION:
        entry.owners = owners_in(entry.text, owners, everyone)


def _record(meeting: Meeting, entry: Entry) -> None:
    text = entry.text
    move = split_roadmap(text) if entry.kind is ItemKind.ROADMAP else None
    if entry.kind is ItemKind.ROADMAP and move is None:
        meeting.record(ItemKind.INFO, text, who=entry.who)
    elif move is not None:
        meeting.record(ItemKind.ROADMAP, move[0], who=entry.who, release=move[1])
    elif entry.kind is not None:
        owners = entry.owners if entry.kind is ItemKind.ACTION else None
        meeting.record(entry.kind, text, who=entry.who, owners=owners, done=entry.done)


# --- the text around the notes ------------------------------------------------------------------


def _read(text: str) -> tuple[Read, list[tuple[int, str]], list[tuple[int, str]], dict[str, str]]:
    """The notes read; their lines (numbered as in the file); the lines above them; the front matter."""
    text = text.removeprefix("\ufeff")  # a byte order mark is no text
    body, front = _front_matter(text)
    notes, header = _notes_lines(_numbered(body, first=text[: len(text) - len(body)].count("\n") + 1))
    wiki = any(WIKI_HEADING.match(line) and line.rstrip().endswith("=") for _, line in notes)
    headed = not any(heading(line, wiki=wiki) or section_of(line) for _, line in notes)
    above = {number for number, _ in header}  # the mail's header, its greeting: no items
    skipped = _not_notes(notes, wiki=wiki)
    lines = [(number, "" if number in above | skipped else line) for number, line in notes]
    reader = NotesReader(lines, wiki=wiki, headed=headed)
    read = reader.read(lines)
    read.title = read.title or (opening_title(header) if reader.outline else None)
    read.skipped = skipped
    return read, notes, header, front


def _not_notes(lines: Sequence[tuple[int, str]], *, wiki: bool) -> set[int]:
    """The lines of `<pre>` blocks, and of a forwarded mail up to the next heading: not the notes."""
    skipped: set[int] = set()
    in_pre = forwarded = False
    for number, line in lines:
        opens = line.lstrip().lower().startswith("<pre>")
        forwarded = (forwarded or bool(FORWARDED.search(line))) and not heading(line, wiki=wiki)
        if in_pre or opens or forwarded:
            skipped.add(number)
        in_pre = (in_pre or opens) and "</pre>" not in line
    return skipped


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text without its front matter (`---` / `title: ...` / `---`), and the front matter's keys."""
    found = _FRONT.match(text)
    if found is None:
        return text, {}
    keys = {}
    for line in found.group(1).splitlines():
        key, _, value = line.partition(":")
        if value.strip() and not line[:1].isspace():
            keys[key.strip().lower()] = value.strip().strip("'\"")
    return text[found.end() :], keys


def _numbered(text: str, *, first: int) -> list[tuple[int, int, str]]:
    """Each line as (its number, its quoting depth, the line unquoted)."""
    numbered = []
    for number, line in enumerate(text.splitlines(), first):
        quote = QUOTE.match(line)
        depth, unquoted = (quote.group(1).count(">"), line[quote.end() :]) if quote else (0, line)
        numbered.append((number, depth, unquoted))
    return numbered


def _notes_lines(lines: Sequence[tuple[int, int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The lines of the notes (those at the notes' depth; a line at another depth is a blank one)
    up to a signature or a list footer; and the lines above the notes (the mail's header)."""
    depth = _notes_depth(lines)
    kept = [(number, line if level == depth else "") for number, level, line in lines]
    begins = next((i for i, (_, line) in enumerate(kept) if _shape(line)), len(kept))
    header = [(number, ">" * level + line) for number, level, line in lines[:begins]]
    notes: list[tuple[int, str]] = []
    for at, (number, line) in enumerate(kept):
        if FOOTER.match(line) or (SIGNATURE.match(line) and not _more_notes(kept[at + 1 :])):
            break
        notes.append((number, "" if SIGNATURE.match(line) else line))
    return notes, header


def _more_notes(rest: Sequence[tuple[int, str]]) -> bool:
    """Whether headings or section labels follow (then a `--` line separates, it does not sign)."""
    return any(WIKI_HEADING.match(line) or MARKDOWN_HEADING.match(line) or section_of(line) for _, line in rest)


def _shape(line: str) -> bool:
    """Whether `line` looks like notes: a heading, bullet, marker, section label or `Present:` line."""
    body = line.strip()
    shaped = heading(line, wiki=False) or BULLET.match(line) or marker(body) or section_of(body)
    return bool(body and (shaped or PEOPLE_LINE.match(DEFINITION.sub(r"\1", body))))


def _notes_depth(lines: Sequence[tuple[int, int, str]]) -> int:
    """The quoting depth that holds the notes: the one with the most headings, markers and bullets."""
    shapes: dict[int, int] = {}
    for _, level, line in lines:
        if _shape(line):
            shapes[level] = shapes.get(level, 0) + 1
    return max(shapes, key=lambda level: (shapes[level], -level)) if shapes else 0


def _subject(header: Sequence[tuple[int, str]]) -> str | None:
    """The subject of the mail, without "Re:" and the list's tag: "[Hackathon Minutes] Xen 4.4 Planning"."""
    for _, line in header:
        match = SUBJECT.match(line.strip())
        if match:
            return re.sub(r"^\[[^\]\s]+\]\s*", "", match.group(1).strip()) or None
    return None
