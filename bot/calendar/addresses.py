"""Names only: the ORGANIZER and ATTENDEE lines of a stored component without e-mail addresses.

A stored component (the text a CalDAV server gets) calls a person by `mailto:` when the agenda
has their address. A public feed is read by anyone who has its address, so before a component
goes into one, every `mailto:` calendar address becomes the person's urn:uuid (the one the
component would carry had the agenda no address): the name (CN) and role stay, the address goes.
A `mailto:` of someone no longer in the agenda (a cancelled copy of an old text) is dropped with
its line. The text is only touched on those lines, which are unfolded, rewritten and folded again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from bot.model import Person

# Person URIs for people without an e-mail address: uuid5 of "<event id>/<person id>" in this space.
PEOPLE = uuid.UUID("6f1d7c9e-3a52-4d0b-9a67-0d6b5c2f8e41")
_ADDRESSED = ("ORGANIZER", "ATTENDEE")
_STARTS = {"ORGANIZER", "ATTENDEE;", "ATTENDEE:"}  # the first nine characters of their lines


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
    lines: list[str] = []
    for line in _content_lines(component):
        if line[: len("ORGANIZER")].upper() in _STARTS and line.split(";", 1)[0].split(":", 1)[0].upper() in _ADDRESSED:
            params, value = _split_value(line.replace("\r\n ", "").replace("\r\n\t", ""))
            if value.lower().startswith("mailto:"):
                if value.lower() in urns:
                    lines.append(_fold(f"{params}:{urns[value.lower()]}"))
                continue
        lines.append(line)
    return "\r\n".join(lines)


def _content_lines(text: str) -> list[str]:
    """The text's content lines, each still folded as it was (continuations start with a blank)."""
    lines: list[str] = []
    for physical in text.split("\r\n"):
        if physical[:1] in {" ", "\t"} and lines:
            lines[-1] += "\r\n" + physical
        else:
            lines.append(physical)
    return lines


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
    folded, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            folded.append(current)
            current, size = " ", 1
        current, size = current + char, size + octets
    return "\r\n".join([*folded, current])
