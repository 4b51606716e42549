"""Talks with their speakers, and tasks with the people who took them, as pages write them.

"''Debian packaging'' by Steffen Möller, University of Lübeck, Germany" is a talk whose speaker
is Steffen Möller (affiliation: the rest), not a title with "by ..." glued on. "Get ssh access to
a cluster. Fernando will do this." is a task Fernando volunteered for; so is "Documentation
(Jonas Meyer)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.wiki.import_text import plain

_EMPHASIS = re.compile(r"^\s*(?P<quote>'{2,5}|[\"“])(?P<title>.+?)(?:(?P=quote)|”)\s*(?P<rest>.*)$", re.DOTALL)
_BY = re.compile(r"^(?:by|from|with|[-–—:])\s+(?P<who>\S.*)$", re.IGNORECASE | re.DOTALL)
_PLAIN_BY = re.compile(r"^(?P<title>.+?)\s+by\s+(?P<who>\S.*)$", re.IGNORECASE | re.DOTALL)
_NAME = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s+){1,4}[^\W\d_][\w'’.-]*$")
_WILL = re.compile(
    r"(?:^|(?<=[.;!])\s+)(?P<names>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?)"
    r"\s+(?:will|can|is going to|has volunteered to|volunteered to|volunteers to|offered to)\s+"
    r"(?:do|handle|take care of|organi[sz]e|arrange|provide|set up|look into)\s+(?:this|that|it)\b[.!]?",
)
_OWNERS = re.compile(r"\s*\((?P<names>[A-Z][\w'’. -]+(?:,\s*[A-Z][\w'’. -]+)*)\)\s*$")


@dataclass(frozen=True)
class Talk:
    """A talk: its title, its speaker and what was written about them."""

    title: str
    speaker: str
    affiliation: str | None = None


def read_talk(wikitext: str) -> Talk | None:
    """The talk an item names ("''Title'' by Name, Affiliation"), or None when it names no speaker."""
    emphasised = _EMPHASIS.match(wikitext)
    if emphasised and (by := _BY.match(plain(emphasised["rest"]))):
        title, who = plain(emphasised["title"]), by["who"]
    elif plain_by := _PLAIN_BY.match(plain(wikitext)):
        title, who = plain_by["title"], plain_by["who"]
    else:
        return None
    speaker, _, affiliation = (part.strip() for part in who.partition(","))
    if not title or not _NAME.match(speaker):
        return None
    return Talk(title.strip(" ,:"), speaker, " ".join(affiliation.split()).strip(" ,") or None)


def read_task(text: str) -> tuple[str, tuple[str, ...]]:
    """A task's title and the names of who will do it ("X will do this", a trailing "(Name)")."""
    volunteers: list[str] = []
    will = _WILL.search(text)
    if will:
        volunteers += [name.strip() for name in will["names"].split(" and ")]
        text = (text[: will.start()] + text[will.end() :]).strip()
    owners = _OWNERS.search(text)
    if owners and all(_NAME.match(name.strip()) or name.strip().isalpha() for name in owners["names"].split(",")):
        volunteers += [name.strip() for name in owners["names"].split(",")]
        text = text[: owners.start()].strip()
    return text.strip(), tuple(dict.fromkeys(volunteers))
