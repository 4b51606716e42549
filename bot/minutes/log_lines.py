"""The shapes a chat line of an IRC log comes in, and the log's lines read in its own shape.

A log is written by one client or viewer, so it has one shape; the shape most of its lines take is
the one it is read in, and other lines are not chat (joins, mode changes, the day changing):
- `<nick>`: MeetBot's `14:00:03 <lars> text`, `[14:00:03] <lars> text`, `2013-05-15T14:00:03 <lars>`,
  ZNC/irssi's `14:00 < @lars> text`;
- `nick:`: web viewers and pasted logs, `14:00 lars: text` (a nick is one word of IRC's characters);
- `nick |`: WeeChat's `14:00:03      lars | text`, its /me as `*  | lars waves`, a wrapped message
  going on in a line that starts with ` | `.
`* lars waves` is /me in the first two shapes: a line said, never a command. Lines may be indented
alike, as a log pasted into a page's code block is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_STAMP = (
    r"^\s*\[?(?:(?P<day>\d{4}-\d{2}-\d{2})[T ])?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?"
)
_NICK = r"[A-Za-z_\[\]\\^{}|`][\w\-\[\]\\^{}|`]*"  # RFC 2812's nick characters
SHAPES = {
    "angle": re.compile(_STAMP + r"\s+<\s?[@+%&~]?(?P<nick>[^>\s]+)>\s?(?P<text>.*)$"),
    "colon": re.compile(_STAMP + rf"\s+[@+%&~]?(?P<nick>{_NICK}):\s(?P<text>.*)$"),
    "bar": re.compile(_STAMP + r"\s+[@+%&~]?(?P<nick>[^|\s]+)\s+\|\s?(?P<text>.*)$"),
}
ME_LINE = re.compile(_STAMP + r"\s+\*\s+(?P<nick>[^*\s]\S*)\s?(?P<text>.*)$")  # "14:00:03 * lars waves"
_WRAPPED = re.compile(r"^\s+\|\s?(?P<text>.*)$")  # WeeChat: the message above goes on
_NOT_A_NICK = re.compile(r"^[^\w\[\]\\^{}|`]+$")  # WeeChat's "-->", "<--", "--": joins, parts, notices


@dataclass(frozen=True)
class ChatLine:
    """One message of the log: who said it, what, when (as written), and whether it was a /me."""

    nick: str
    text: str
    time: str
    day: str | None
    me: bool


def shape_of(lines: Iterable[str]) -> str:
    """The shape most lines of the log take (`angle` when none does)."""
    counts = dict.fromkeys(SHAPES, 0)
    for line in lines:
        for name, pattern in SHAPES.items():
            if pattern.match(line):
                counts[name] += 1
                break
    return max(counts, key=lambda name: counts[name]) if any(counts.values()) else "angle"


def wrapped(line: str) -> bool:
    """Whether `line` goes on with the message above (WeeChat's ` | ...`)."""
    return _WRAPPED.match(line) is not None


def chat_share(lines: Sequence[str]) -> float:
    """How much of the log (its non-blank lines) is chat in the log's own shape."""
    written = [line for line in lines if line.strip()]
    if not written:
        return 0.0
    shape = shape_of(written)
    return sum(1 for line in written if chat_line(line, shape) is not None or _WRAPPED.match(line)) / len(written)


def chat_lines(lines: Iterable[str], shape: str) -> list[ChatLine]:
    """The messages of the log in `shape`, in order; a wrapped message is one message."""
    said: list[ChatLine] = []
    for line in lines:
        wrapped = _WRAPPED.match(line) if shape == "bar" and said else None
        if wrapped is not None:
            last = said[-1]
            said[-1] = ChatLine(last.nick, f"{last.text} {wrapped['text']}".strip(), last.time, last.day, last.me)
            continue
        found = chat_line(line, shape)
        if found is not None:
            said.append(found)
    return said


def chat_line(line: str, shape: str) -> ChatLine | None:
    """The message `line` holds in `shape`; None for a line that is no chat."""
    match = SHAPES[shape].match(line)
    if match is not None and shape == "bar":
        if match["nick"] == "*":  # WeeChat's /me: "* | lars waves"
            nick, _, text = match["text"].partition(" ")
            return ChatLine(nick, text, match["time"], match["day"], True) if nick else None
        if _NOT_A_NICK.match(match["nick"]):
            return None
    if match is not None:
        return ChatLine(match["nick"], match["text"], match["time"], match["day"], False)
    me = ME_LINE.match(line) if shape != "bar" else None
    return ChatLine(me["nick"], me["text"], me["time"], me["day"], True) if me else None
