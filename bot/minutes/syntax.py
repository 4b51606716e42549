"""How a line of a meeting reads: a MeetBot command word and what follows it, ids, names and the
roadmap's arrow. Pure string work, shared by `Meeting` and the importers.
"""

from __future__ import annotations

import re

from bot.minutes.model import ItemKind

KINDS = {
    "info": ItemKind.INFO,
    "idea": ItemKind.IDEA,
    "link": ItemKind.LINK,
    "agreed": ItemKind.AGREED,
    "agree": ItemKind.AGREED,
    "accepted": ItemKind.ACCEPTED,
    "accept": ItemKind.ACCEPTED,
    "rejected": ItemKind.REJECTED,
    "reject": ItemKind.REJECTED,
    "action": ItemKind.ACTION,
}
CHAIR_ONLY = frozenset((
    "startmeeting", "endmeeting", "topic", "agreed", "agree", "accepted", "accept", "rejected", "reject",
    "roadmap", "fix", "drop", "owner", "undo", "chair", "unchair", "startvote", "endvote",
))  # fmt: skip
ADDRESS_SCHEMES = ("http:", "https:", "irc:", "ftp:", "mailto:", "ssh:")  # MeetBot's UrlProtocols
_ARROW = re.compile(r"\s*(?:->|=>|→)\s*")
_NAMES = re.compile(r"[\s,]+")
_ID = re.compile(r"[AaIiTt]\d+:?")


def split_roadmap(text: str) -> tuple[str, str] | None:
    """ "PVH -> 4.4" as ("PVH", "4.4"); None without an arrow or either side."""
    parts = _ARROW.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return parts[0], parts[1]


def command_of(text: str) -> tuple[str | None, str]:
    """ "#Action george do it" as ("action", "george do it"); (None, "") for talk."""
    if not text.lstrip().startswith("#"):
        return None, ""
    words = text.split(None, 1)
    return words[0][1:].lower(), words[1].strip() if len(words) > 1 else ""


def is_address(text: str) -> bool:
    """Whether a line is an address MeetBot takes as a link without #link ("https://...")."""
    # every scheme ends in ":", so a line without one is none (most lines of a log: no split)
    return ":" in text and text.strip().split("//", 1)[0] in ADDRESS_SCHEMES


def meeting_name_of(text: str) -> str:
    """MeetBot's name of a meeting: "Automation Broker 6/5 meeting" as "automation_broker_6/5_meeting"."""
    return "_".join(text.strip().lower().split())


def id_and_text(rest: str) -> tuple[str, str]:
    """ "a5: new text" as ("A5", "new text")."""
    words = rest.split(None, 1)
    if not words:
        return "", ""
    return words[0].strip(":,").upper(), words[1].strip() if len(words) > 1 else ""


def ids_of(rest: str) -> list[str]:
    """The ids at the start of "#done A2, A3 posted both" (the rest is a comment)."""
    found = []
    for word in _NAMES.split(rest.strip()):
        if not _ID.fullmatch(word):
            break
        found.append(word.rstrip(":").upper())
    return found


def names_of(rest: str) -> list[str]:
    """ "lars, stefano george" as ["lars", "stefano", "george"] (#chair, #unchair)."""
    return [name for name in _NAMES.split(rest) if name]
