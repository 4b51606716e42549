"""Long replies as a few Slack messages, each within Slack's limits.

Slack cuts a message's text at 40,000 characters and advises keeping it under 4,000; a slash
command's response_url takes at most five messages. So a reply is cut into parts of at most
LIMIT characters, at line ends, and at most MAX_PARTS of them are sent: the last one ends with
a line saying how many lines were left out and how to ask for fewer. A single line longer than
a part (none of the bot's own lines is) is cut at a space, never inside a mrkdwn entity (`<...>`,
a link or a date token) or an escape (`&amp;`), so each part still shows what it says.
"""

from __future__ import annotations

import re

LIMIT = 3900  # characters per message: under Slack's advised 4,000, with room for the last line
MAX_PARTS = 5
_UNBREAKABLE = re.compile(r"<[^<>\n]*>|&[a-z]+;|&#\d+;")  # an entity or an escape: never cut inside


def split_text(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at line ends where it can;
    `"\\n".join(parts) == text` when no line is longer than `limit`."""
    parts: list[str] = []
    current: list[str] = []
    size = -1  # the length of "\n".join(current)
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            if current and size + 1 + len(piece) > limit:
                parts.append("\n".join(current))
                current, size = [], -1
            current.append(piece)
            size += 1 + len(piece)
    parts.append("\n".join(current))
    return parts


def paged(text: str, more: str, limit: int = LIMIT, max_parts: int = MAX_PARTS) -> list[str]:
    """The messages to send for `text`: at most `max_parts`, each at most `limit` characters;
    when lines are left out, the last message ends with `more` ("{count}" becomes how many)."""
    parts = split_text(text, limit)
    if len(parts) <= max_parts:
        return parts
    kept = parts[:max_parts]
    left_out = sum(part.count("\n") + 1 for part in parts[max_parts:])
    tail = more.replace("{count}", f"{left_out:,}")
    last = kept[-1].split("\n")
    while last and len("\n".join([*last, tail])) > limit:
        left_out += 1
        tail = more.replace("{count}", f"{left_out:,}")
        last.pop()
    kept[-1] = "\n".join([*last, tail])
    return kept


def _cut_line(line: str, limit: int) -> list[str]:
    """A line as pieces of at most `limit` characters, cut at the last space before the limit
    that is outside an entity (else at the last place outside one)."""
    pieces = []
    while len(line) > limit:
        at = _cut_point(line, limit)
        pieces.append(line[:at])
        line = line[at:]
    pieces.append(line)
    return pieces


def _cut_point(line: str, limit: int) -> int:
    entities = [(m.start(), m.end()) for m in _UNBREAKABLE.finditer(line, 0, 2 * limit) if m.end() - m.start() < limit]

    def safe(at: int) -> bool:
        return not any(start < at < end for start, end in entities)

    spaced = next((at for at in range(limit, 0, -1) if line[at - 1] == " " and safe(at)), None)
    return spaced or next((at for at in range(limit, 0, -1) if safe(at)), limit)
