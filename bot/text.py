"""What text the bot keeps and writes may hold: the characters every format it writes can carry,
and lengths no real event comes near.

The agenda (YAML), the calendars (iCalendar, and the XML of CalDAV requests), the conference
exports (frab XML, JSON), the wiki (which replaces what it cannot store) and Slack all carry tabs,
line breaks and any printable Unicode. Not all of them carry NUL and the other control
characters, lone surrogates or U+FFFE/U+FFFF: a NUL makes XML invalid and a CalDAV server refuse
the request, for ever. YAML's printable set is the strictest of them, so it is the rule here:

- an agenda file holding such a character does not check (`bot.agenda.yamltree`);
- text from chat, the wiki and calendar apps has them removed where it comes in (`printable`);
- every writer removes them again before writing, so that a feed stays valid whatever happens.

Lengths are bounded the same way from every side (the agenda's check, chat, the wiki's lines):
MAX_NAME for a person's name and what names a person, MAX_TITLE for titles, rooms and the like,
MAX_TEXT for notes and descriptions.
"""

from __future__ import annotations

import re

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""A character outside YAML's printable set: C0 and C1 controls (but tab, line breaks and NEL),
DEL, surrogates, U+FFFE and U+FFFF. (Listed, rather than as the complement of the printable set:
a class of everything but those ranges takes `re` some 10 ms to compile, at every start.)"""
_SPACES = re.compile("[\x0b\x0c\x1c-\x1f]")  # control characters that Python counts as white space

MAX_NAME = 200
"""A person's name, alias, wiki user, chat id or e-mail address, in characters."""
MAX_TITLE = 300
"""A title (of the event, a session, a topic, a proposal), a room, a track, an id, in characters."""
MAX_TEXT = 100_000
"""Any other text: a note, a description, a reason, in characters."""


def printable(text: str) -> str:
    """`text` without the characters no format carries; those that separate words become spaces."""
    if not UNWRITABLE.search(text):
        return text
    return UNWRITABLE.sub("", _SPACES.sub(" ", text))


def cut(text: str, limit: int = MAX_TEXT) -> str:
    """`text` as a field of at most `limit` characters can hold it: cut, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def character_name(char: str) -> str:
    """How a message names a character that cannot be written: `U+0000 (a control character)`."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 pair"
    elif code in (0xFFFE, 0xFFFF):
        kind = "not a character"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"
