"""Meeting notes as mailed to a list ("[Hackathon Minutes] Xen 4.4 Planning") read into minutes.

What the notes say: `= Title =` and `== Title ==` headings are topics; `[ACTION]: NAME text`,
`[ACTION] text` and `ACTION: text` are actions; `[Conclusion]`, `[Agreed]` and `[Decision]` are
decisions; `[Note]` is information; `[ROADMAP] ITEM -> RELEASE` a roadmap move; bullets (`*`,
`**`, `-`) and paragraphs under a heading are information. `[NAME] said ...` names the speaker;
"[I can't remember who raised this]" and the like leave the speaker unknown (None), not a person.
A line that starts none of these continues the one above (mail wraps lines).

What the mail adds is left out: the notes are the quoted text at the depth (`>`, `>>`) that holds
the most of the shapes above, so a reply's own comments are skipped; headers, "On ... wrote:",
everything after a signature (`-- `) or a list footer (`____`), and plain paragraphs before the
first heading (the greeting) are ignored. The day comes from `day`, else from "On Thu, Jun 13,
2013 ... wrote:" or a `Date:` header. Ids, owners and due dates come from `Meeting`, as live.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from bot.errors import Problem, UserError
from bot.minutes.meeting import Meeting
from bot.minutes.model import ItemKind, Minutes
from bot.minutes.owners import Owners
from bot.minutes.syntax import split_roadmap

MARKERS = {
    "action": ItemKind.ACTION,
    "actions": ItemKind.ACTION,
    "conclusion": ItemKind.AGREED,
    "agreed": ItemKind.AGREED,
    "decision": ItemKind.AGREED,
    "decided": ItemKind.AGREED,
    "accepted": ItemKind.ACCEPTED,
    "rejected": ItemKind.REJECTED,
    "note": ItemKind.INFO,
    "info": ItemKind.INFO,
    "idea": ItemKind.IDEA,
    "link": ItemKind.LINK,
    "roadmap": ItemKind.ROADMAP,
}
_WORDS = "|".join(MARKERS)
QUOTE = re.compile(r"^((?:[ \t]?>)+)[ \t]?")
HEADING = re.compile(r"^(=+)\s*([^=\s].*?)\s*=*\s*$")
BULLET = re.compile(r"^\s*(?:\*+|-|•|\+)\s+(.*)$")
MARKER = re.compile(rf"^(?:\[({_WORDS})\]\s*:?|({_WORDS})\s*:)\s*(.*)$", re.IGNORECASE)
ATTRIBUTION = re.compile(r"^\[([^\W\d][^\]]{0,60})\]\s*:?\s*(.*)$")
NOBODY_KNOWS = re.compile(r"\b(?:remember|who|unknown|someone|somebody|anonymous|not sure|forgot)\b|\?", re.I)
HEADER = re.compile(r"^(?:From|To|Cc|Subject|Date|Sent|Reply-To|Message-ID|In-Reply-To|References):", re.I)
ON_WROTE = re.compile(r"^On\s+(?:\w{3},?\s+)?(\w{3}\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w{3},?\s+\d{4}|\d{4}-\d{2}-\d{2})")
_REPLY = r"(?:(?:Re|Fwd?|AW|WG)\s*:\s*)"
SUBJECT = re.compile(rf"^(?:Subject:\s*{_REPLY}*|{_REPLY}+)(.+)$", re.IGNORECASE)
END = re.compile(r"^(?:--|_{5,})\s*$")  # a signature, a mailing list's footer


@dataclass
class _Entry:
    """An item being read: its kind (None: a paragraph to ignore), speaker and lines so far."""

    kind: ItemKind | None
    who: str | None
    lines: list[str] = field(default_factory=list)


def read_notes(
    text: str,
    *,
    owners: Owners,
    title: str | None = None,
    day: date | None = None,
    zone: tzinfo = UTC,
    next_action: int = 1,
    milestones: Mapping[str, date] = {},
    default_due_days: int | None = 14,
    event: str | None = None,
    session: str | None = None,
    source: str = "<notes>",
) -> Minutes:
    """The minutes the notes in `text` (a mail, quoted or not) record; UserError when no day is known."""
    lines = [_unquote(line) for line in text.splitlines()]
    depth = _notes_depth(lines)
    meeting = Meeting(
        title or _subject(lines) or "Notes",
        owners=owners,
        start=datetime.combine(day or _mail_day(lines, depth, source), time(), zone),
        next_action=next_action,
        milestones=milestones,
        default_due_days=default_due_days,
        event=event,
        session=session,
    )
    _Reader(meeting, depth).read(lines)
    return meeting.minutes()


class _Reader:
    """Turns the lines of the notes into topics and items of `meeting`, one entry at a time."""

    def __init__(self, meeting: Meeting, depth: int) -> None:
        self.meeting, self.depth = meeting, depth
        self.entry: _Entry | None = None
        self.headed = False  # paragraphs before the first heading are the mail's greeting

    def read(self, lines: Iterable[tuple[int, str]]) -> None:
        """Read the lines quoted at the notes' depth (others end an entry, as a blank line does)
        up to a signature or a list footer."""
        for level, line in lines:
            if level != self.depth:
                self.flush()
            elif END.match(line):
                break
            else:
                self.line(line.rstrip())
        self.flush()

    def line(self, line: str) -> None:
        """One line of the notes."""
        heading = HEADING.match(line)
        if not line.strip() or HEADER.match(line) or line.endswith("wrote:"):
            self.flush()
        elif heading:
            self.flush()
            self.meeting.topic(heading.group(2))
            self.headed = True
        elif self.entry is not None and not _starts_entry(line):
            self.entry.lines.append(line.strip())
        else:
            self.flush()
            self.entry = self.start(line)

    def start(self, line: str) -> _Entry:
        """The entry `line` begins: a marker, a bullet, an attributed line or a paragraph."""
        bullet = BULLET.match(line)
        body = bullet.group(1) if bullet else line.strip()
        marker = MARKER.match(body)
        if marker:
            return _Entry(MARKERS[(marker.group(1) or marker.group(2)).lower()], None, [marker.group(3)])
        who, said = _attribution(body)
        if not bullet and not self.headed:
            return _Entry(None, None, [body])
        if who is not None:
            self.meeting.attend(who)
        return _Entry(ItemKind.INFO, who, [said])

    def flush(self) -> None:
        """Record the entry read so far (if any, and if it is not to be ignored)."""
        entry, self.entry = self.entry, None
        text = " ".join(part for part in entry.lines if part) if entry else ""
        if entry is None or entry.kind is None or not text:
            return
        move = split_roadmap(text) if entry.kind is ItemKind.ROADMAP else None
        if entry.kind is ItemKind.ROADMAP and move is None:
            self.meeting.record(ItemKind.INFO, text, who=entry.who)
        elif move is not None:
            self.meeting.record(ItemKind.ROADMAP, move[0], who=entry.who, release=move[1])
        else:
            self.meeting.record(entry.kind, text, who=entry.who)


def _attribution(body: str) -> tuple[str | None, str]:
    """ "[Konrad] Stated that ..." as ("Konrad", "Stated that ..."); "[Can't remember who said this]
    Maybe ..." as (None, "Maybe ..."); a line with no attribution as (None, the line)."""
    match = ATTRIBUTION.match(body)
    if match is None:
        return None, body
    who, said = match.group(1).strip(), match.group(2)
    if NOBODY_KNOWS.search(who):
        return None, said
    if len(who.split()) > 4:
        return None, body  # a bracketed remark, not a name
    return who, said


def _starts_entry(line: str) -> bool:
    """Whether `line` begins a new entry rather than continuing a wrapped one."""
    body = line.strip()
    return bool(BULLET.match(line) or MARKER.match(body) or ATTRIBUTION.match(body))


def _unquote(line: str) -> tuple[int, str]:
    """ ">> text" as (2, "text")."""
    quote = QUOTE.match(line)
    if quote is None:
        return 0, line
    return quote.group(1).count(">"), line[quote.end() :]


def _notes_depth(lines: Sequence[tuple[int, str]]) -> int:
    """The quoting depth that holds the notes: the one with the most headings, markers and bullets."""
    shapes: dict[int, int] = {}
    for level, line in lines:
        if HEADING.match(line) or BULLET.match(line) or MARKER.match(line.strip()):
            shapes[level] = shapes.get(level, 0) + 1
    return max(shapes, key=lambda level: (shapes[level], -level)) if shapes else 0


def _mail_day(lines: Sequence[tuple[int, str]], depth: int, source: str) -> date:
    """The day of the notes: from "On ... wrote:" (quoted notes) or the `Date:` header."""
    wrote = [ON_WROTE.match(line.strip()) for _, line in lines]
    headers = [line.strip()[5:] for _, line in lines if line.strip().lower().startswith("date:")]
    said = [match.group(1) for match in wrote if match]
    for written in [*said, *headers] if depth > 0 else [*headers, *said]:
        found = _day(written)
        if found:
            return found
    hint = "give the day of the meeting (--day)"
    raise UserError([Problem(source, 1, 1, "the notes say nowhere on which day the meeting was", hint)])


def _day(written: str) -> date | None:
    try:
        return email.utils.parsedate_to_datetime(written).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return parse_date(written, fuzzy=True).date()
    except (ParserError, ValueError, OverflowError):
        return None


def _subject(lines: Sequence[tuple[int, str]]) -> str | None:
    """The subject of the mail, without "Re:" and the list's tag: "[Hackathon Minutes] Xen 4.4 Planning"."""
    for _, line in lines:
        match = SUBJECT.match(line.strip())
        if match:
            return re.sub(r"^\[[^\]\s]+\]\s*", "", match.group(1).strip()) or None
    return None
