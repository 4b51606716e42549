"""Names only: the ORGANIZER and ATTENDEE lines of a stored component without e-mail addresses.

A stored component (the text a CalDAV server gets) calls a person by `mailto:` when the agenda
has their address. A public feed is read by anyone who has its address, so before a component
goes into one, every `mailto:` calendar address becomes the person's urn:uuid (the one the
component would carry had the agenda no address): the name (CN) and role stay, the address goes.
A `mailto:` of someone no longer in the agenda (a cancelled copy of an old text) is dropped with
its line. The text is only touched on those lines, which are unfolded, rewritten and folded again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping

from bot.model import Person

# Person URIs for people without an e-mail address: uuid5 of "<event id>/<person id>" in this space.
PEOPLE = uuid.UUID("6f1d7c9e-3a52-4d0b-9a67-0d6b5c2f8e41")
# An ORGANIZER or ATTENDEE content line, with its continuation lines, and its line break if any.
_ADDRESS_LINE = re.compile(
    r"^(?P<line>(?:ORGANIZER|ATTENDEE)[;:](?:[^\r\n]|\r\n[ \t])*)(?P<end>\r\n|)", re.IGNORECASE | re.MULTILINE
)


def person_urn(event_id: str, person_id: str) -> str:
    """The calendar address of a person, made from ids alone: the same in every run, no e-mail."""
    return f"urn:uuid:{uuid.uuid5(PEOPLE, f'{event_id}/{person_id}')}"


def urns_by_email(event_id: str, people: Iterable[Person]) -> dict[str, str]:
    """`mailto:ADDRESS` (lower case) -> the person's urn, for everyone with an address."""
    return {f"mailto:{p.email}".lower(): person_urn(event_id, p.id) for p in people if p.email}


def without_emails(component: str, urns: Mapping[str, str]) -> str:
    """`component` with every `mailto:` ORGANIZER and ATTENDEE replaced by the urn (see above)."""
    if "mailto:" not in component.lower():
        return component
    pieces, done, last_went = [], 0, False
    for found in _ADDRESS_LINE.finditer(component):
        params, value = _split_value(found["line"].replace("\r\n ", "").replace("\r\n\t", ""))
        if not value.lower().startswith("mailto:"):
            continue
        pieces.append(component[done : found.start()])
        done = found.end()
        urn = urns.get(value.lower())
        if urn is not None:
            pieces.append(_fold(f"{params}:{urn}") + found["end"])
        last_went = urn is None and not found["end"]  # the text's last line went: the break before it too
    text = "".join([*pieces, component[done:]])
    return text[:-2] if last_went and text.endswith("\r\n") else text


def _split_value(line: str) -> tuple[str, str]:
    """NAME;PARAMS and the value: split at the first ':' outside a quoted parameter value."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return line, ""


def _fold(line: str) -> str:
    """The line folded at 75 octets, never inside a character (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    parts, start, room = [], 0, 75  # a continuation line starts with a blank: 74 octets left on it
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character began earlier
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, 74
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)
