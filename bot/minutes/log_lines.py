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
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

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
_SHAPE_NAMES = tuple(SHAPES)
_NO_SHAPE = len(SHAPES)


class ChatLine(NamedTuple):
    """One message of the log: who said it, what, when (as written), and whether it was a /me.
    (A named tuple: a long log has hundreds of thousands of them.)"""

    nick: str
    text: str
    time: str
    day: str | None
    me: bool


def shape_of(lines: Iterable[str]) -> str:
    """The shape most lines of the log take (`angle` when none does)."""
    return _shape(_first_shapes(lines))


def _first_shapes(lines: Iterable[str]) -> bytearray:
    """For each line, the index in `SHAPES` of the first shape it takes; `_NO_SHAPE` for none."""
    angle, colon, bar = (pattern.match for pattern in SHAPES.values())
    return bytearray(0 if angle(line) else 1 if colon(line) else 2 if bar(line) else _NO_SHAPE for line in lines)


def _shape(first: bytearray) -> str:
    counts = [first.count(index) for index in range(len(SHAPES))]
    return _SHAPE_NAMES[counts.index(max(counts))] if any(counts) else "angle"


def wrapped(line: str) -> bool:
    """Whether `line` goes on with the message above (WeeChat's ` | ...`)."""
    return _WRAPPED.match(line) is not None


def chat_share(lines: Sequence[str]) -> float:
    """How much of the log (its non-blank lines) is chat in the log's own shape."""
    written = [line for line in lines if line.strip()]
    if not written:
        return 0.0
    first = _first_shapes(written)
    shape = _shape(first)
    if shape == "bar":
        return sum(1 for line in written if chat_line(line, shape) is not None or _WRAPPED.match(line)) / len(written)
    # in the other shapes a line is chat when the shape's pattern or /me's matches: a line whose first
    # shape is this one is chat without matching again
    index, pattern = _SHAPE_NAMES.index(shape), SHAPES[shape]
    chat = first.count(index)
    for line, taken in zip(written, first, strict=True):
        if taken != index and ((taken < index and pattern.match(line)) or ME_LINE.match(line) or _WRAPPED.match(line)):
            chat += 1
    return chat / len(written)


def is_chat(line: str, shape: str) -> bool:
    """Whether `line` holds a message in `shape` (`chat_line` is not None), without reading it."""
    if shape == "bar":
        return chat_line(line, shape) is not None
    return SHAPES[shape].match(line) is not None or ME_LINE.match(line) is not None


def chat_lines(lines: Iterable[str], shape: str) -> Iterator[tuple[int, ChatLine]]:
    """The messages of the log in `shape`, in order, each with the number of the line it starts
    on; a wrapped message is one message."""
    if shape != "bar":  # no message goes on in the next line; `chat_line` without a call a line
        said, me = SHAPES[shape].match, ME_LINE.match
        for number, line in enumerate(lines):
            if (match := said(line)) is not None:
                yield number, ChatLine(match["nick"], match["text"], match["time"], match["day"], False)
            elif (match := me(line)) is not None:
                yield number, ChatLine(match["nick"], match["text"], match["time"], match["day"], True)
        return
    last: tuple[int, ChatLine] | None = None
    for number, line in enumerate(lines):
        wrapped = _WRAPPED.match(line) if last is not None else None
        if wrapped is not None and last is not None:
            last = last[0], last[1]._replace(text=f"{last[1].text} {wrapped['text']}".strip())
            continue
        found = chat_line(line, shape)
        if found is not None:
            if last is not None:
                yield last
            last = number, found
    if last is not None:
        yield last


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
        nick, text, clock, day = match.group("nick", "text", "time", "day")
        return ChatLine(nick, text, clock, day, False)
    me = ME_LINE.match(line) if shape != "bar" else None
    return ChatLine(me["nick"], me["text"], me["time"], me["day"], True) if me else None
