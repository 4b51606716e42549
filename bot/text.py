"""What text the bot keeps and writes may hold: the characters every format it writes can carry.

The agenda (YAML), the calendars (iCalendar, and the XML of CalDAV requests), the conference
exports (frab XML, JSON), the wiki (which replaces what it cannot store) and Slack all carry tabs,
line breaks and any printable Unicode. Not all of them carry NUL and the other control
characters, lone surrogates or U+FFFE/U+FFFF: a NUL makes XML invalid and a CalDAV server refuse
the request, for ever. YAML's printable set is the strictest of them, so it is the rule here:

- an agenda file holding such a character does not check (`bot.agenda.yamltree`);
- text from chat, the wiki and calendar apps has them removed where it comes in (`printable`);
- every writer removes them again before writing, so that a feed stays valid whatever happens.
"""

from __future__ import annotations

import re

UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character outside YAML's printable set: C0 and C1 controls (but tab, line breaks and NEL),
DEL, surrogates, U+FFFE and U+FFFF."""
_SPACES = re.compile("[\x0b\x0c\x1c-\x1f]")  # control characters that Python counts as white space


def printable(text: str) -> str:
    """`text` without the characters no format carries; those that separate words become spaces."""
    if not UNWRITABLE.search(text):
        return text
    return UNWRITABLE.sub("", _SPACES.sub(" ", text))


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
