"""The outline of plain-text minutes that have no headings of their own (board minutes, mailed
minutes): numbered section titles (" 1. Call to order", "2. Roll Call") and the opening lines
that name the meeting ("Board of Directors Meeting Minutes").

A numbered line is a section's title only as one of a run numbered in order (1, 2, 3 ...; gaps
allowed), most of them with text of their own below: a numbered list of one-line items (actions,
agenda items) is no outline, and neither is a count that starts again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from bot.minutes.notes_lines import heading, only_a_date, section_of

_NUMBERED = re.compile(r"^\s{0,3}(\d{1,2})[.)]\s+([^\W\d_][^.:;!?]{0,60}?)\s*$")
_NAMES_MEETING = re.compile(r"\b(?:minutes|meeting)\b", re.IGNORECASE)
_OPENING = 8  # the title is among the first lines, before anything else is said


def numbered_titles(lines: Sequence[tuple[int, str]], *, wiki: bool) -> dict[int, str]:
    """Line number -> section title (without its number) of a plain-text record's outline."""
    if any(heading(line, wiki=wiki) for _, line in lines):
        return {}
    found = [
        (index, int(hit.group(1)), hit.group(2))
        for index, (_, line) in enumerate(lines)
        if (hit := _NUMBERED.match(line))
    ]
    numbers = [number for _, number, _ in found]
    if len(found) < 2 or any(later <= earlier for earlier, later in pairwise(numbers)):
        return {}
    ends = [index for index, _, _ in found[1:]] + [len(lines)]
    with_text = sum(
        1
        for (start, _, _), end in zip(found, ends, strict=True)
        if any(line.strip() for _, line in lines[start + 1 : end])
    )
    if with_text * 2 <= len(found):
        return {}
    return {lines[index][0]: title for index, _, title in found}


def opening_title(above: Sequence[tuple[int, str]]) -> str | None:
    """The opening line that names the meeting ("Board of Directors Meeting Minutes") among the
    lines above an outline's first section: not a date, not a section's label."""
    opening = [line.strip() for _, line in above if line.strip()][:_OPENING]
    for line in opening:
        if (
            _NAMES_MEETING.search(line)
            and len(line.split()) <= 10
            and not only_a_date(line)
            and section_of(line) is None
        ):
            return line
    return None
