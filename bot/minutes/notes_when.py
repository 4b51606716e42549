"""When a meeting recorded in notes was held, and how we know: the lines that may say it, in the
order they are believed.

The front matter's `date:`; the first headings ("##### 08 January 2019", "# 2023-07-13"); a
`Date:` or `When:` line of the notes themselves; the mail's subject; the opening lines ("Board of
Directors Meeting Minutes / June 19, 2019", but not "Next meeting: ..."); the mail's own `Date:`
header and "On ... wrote:" (the latter first in a reply that quotes the notes); last the file's
name. Lines in `<pre>` blocks and forwarded mails are never the record's. A time counts with its
zone ("at this same time (21:00 GMT)") or on a `Time:` line.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, time
from pathlib import Path

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from bot.minutes.dates import date_from_file_name
from bot.minutes.notes_day import written_date, written_time
from bot.minutes.notes_entries import Read
from bot.minutes.notes_lines import HEADER, QUOTE, heading

ON_WROTE = re.compile(r"^On\s+(?:\w{3},?\s+)?(\w{3}\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w{3},?\s+\d{4}|\d{4}-\d{2}-\d{2})")
_DATE_LINE = re.compile(r"^\W*(date|when)\s*:\s*(.+)$", re.IGNORECASE)
_NEXT = re.compile(r"\b(?:next|previous|last)\s+(?:meeting|call|session|week)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^subject:", re.IGNORECASE)
_OPENING = 8  # non-blank lines at the top that may give the day
_HEADINGS = 3  # headings at the top that may give the day


@dataclass(frozen=True)
class When:
    """The meeting's day (None: unknown), time, days and how that is known."""

    day: date | None
    at: time | None = None
    days: tuple[date, ...] = ()
    remarks: tuple[str, ...] = ()


def day_and_time(
    read: Read,
    notes: Sequence[tuple[int, str]],
    header: Sequence[tuple[int, str]],
    front: Mapping[str, str],
    path: Path | None,
) -> When:
    """The day of the meeting (and its time, when written), from the first of the hints (see the
    module) that gives one, else from the file's name; else unknown, with a warning."""
    for where, said, mailed in _day_hints(read, notes, header, front):
        found = written_date(said)
        written = (found.days, found.text) if found else _mail_date(said) if mailed else None
        if written is not None:
            days, words = written
            at = _call_time(notes, said)
            told = f"the day {days[0].isoformat()} from {where}" + (f" ('{words}')" if words != said.strip() else "")
            remarks = (told, *([f"the time {at[0]:%H:%M} UTC from '{at[1]}'"] if at else []))
            return When(days[0], at[0] if at else None, days if len(days) > 1 else (), remarks)
    named = date_from_file_name(path) if path else None
    if named is not None:
        clock = named[1].replace(tzinfo=UTC) if named[1] else None
        return When(named[0], clock, (), (named[2],))
    return When(
        None,
        remarks=("warning: the notes say nowhere on which day the meeting was: its date is unknown (--date gives it)",),
    )


def _day_hints(
    read: Read, notes: Sequence[tuple[int, str]], header: Sequence[tuple[int, str]], front: Mapping[str, str]
) -> list[tuple[str, str, bool]]:
    """Where the day may be written, in order: (where, the text, whether a mail's date form is allowed)."""
    hints = [("the front matter", front["date"], True)] if "date" in front else []
    own = [(n, line) for n, line in notes if n not in read.skipped and not HEADER.match(line.strip())]
    headings = [(n, line) for n, line in own if heading(line, wiki=read.wiki)][:_HEADINGS]
    hints += [(f"the heading on line {n}", line, False) for n, line in headings]
    dated = [(n, found) for n, line in notes if n not in read.skipped and (found := _DATE_LINE.match(line))]
    mail = {n for n, line in header if re.match(r"^(?:from|subject|to):", line.strip(), re.IGNORECASE)}
    above = {n for n, _ in header} if mail else set()  # a mail's header block: its Date: is when it was sent
    hints += [
        (f"the {found.group(1).capitalize()}: line on line {n}", found.group(2), True)
        for n, found in dated
        if not (n in above and found.group(1).lower() == "date")
    ]
    hints += [(f"the subject on line {n}", line, False) for n, line in header if _SUBJECT.match(line.strip())]
    opening = [(n, line) for n, line in own if line.strip() and not line.rstrip().endswith("wrote:")][:_OPENING]
    opening = [(n, line) for n, line in opening if not _NEXT.search(line)]  # "Next meeting: 2024-03-19"
    hints += [(f"line {n}", line, False) for n, line in opening if (n, line) not in headings]
    wrote = [(f"'On ... wrote:' on line {n}", line, True) for n, line in header if ON_WROTE.match(line.strip())]
    mails = [(f"the mail's Date: header on line {n}", line.strip()[5:], True) for n, line in header if _is_date(line)]
    quoted = any(QUOTE.match(line) for _, line in header)
    return hints + ([*wrote, *mails] if quoted else [*mails, *wrote])


def _mail_date(said: str) -> tuple[tuple[date, ...], str] | None:
    """A mail's date ("Wed, 22 May 2013 17:40:12 +0100", "On Thu, Jun 13, 2013 at ... wrote:")."""
    wrote = ON_WROTE.match(said.strip())
    written = wrote.group(1) if wrote else said
    if not re.search(r"\b(?:19|20)\d{2}\b", written):
        return None  # no year: "by Friday" is no meeting's day
    try:
        return (email.utils.parsedate_to_datetime(written).date(),), written
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return (parse_date(written, fuzzy=True).date(),), written
    except (ParserError, ValueError, OverflowError):
        return None


def _call_time(notes: Sequence[tuple[int, str]], dating: str) -> tuple[time, str] | None:
    """The call's time: on the line that gave the day, on a `Time:` line, or "at this same time
    (21:00 GMT)" — only when the zone is written (UTC, GMT) or it is a `Time:` line."""
    found = written_time(dating)
    if found is not None and found[0].tzinfo is UTC:
        return found
    for _, line in notes:
        if re.match(r"^\W*time\W*:", line, re.I) or "same time" in line.lower():
            found = written_time(line)
            if found is not None and found[0].tzinfo is UTC:
                return found
    return None


def _is_date(line: str) -> bool:
    return line.strip().lower().startswith("date:")
