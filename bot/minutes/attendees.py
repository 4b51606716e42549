"""MeetBot's attendees: the nicks that said something, how many lines each, the order MeetBot
lists them in, and the actions that are theirs when no agenda names the people.

MeetBot 0.1.4 keeps its attendees in a Python 2 dict (nick -> lines said) and lists "People
Present (lines said)" sorted by lines, descending, with a stable sort: people who said as many
lines keep the dict's own order, which is the order of CPython 2's hash table, not the order they
spoke in. `meetbot_order` rebuilds that table (the string hash, the probing and the resizing of
CPython 2.7's dicts) so ties come out as MeetBot wrote them.

An action is listed under every attendee whose nick is a whole word of its text, ignoring case
(MeetBot's `\\bnick\\b`, ASCII word characters as in Python 2), and under nobody when none is.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from bot.minutes.model import Confidence, Owner

_WORD64 = (1 << 64) - 1
_SMALLEST_TABLE = 8  # PyDict_MINSIZE
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def meetbot_order(lines_said: Mapping[str, int]) -> list[tuple[str, int]]:
    """(nick, lines) by lines said, descending; ties in the order MeetBot's dict holds them.
    `lines_said` must be in the order the nicks were first seen (a dict keeps it)."""
    table = _Python2Dict()
    for nick in lines_said:
        table.add(nick)
    return sorted(((nick, lines_said[nick]) for nick in table.keys_in_order()), key=lambda entry: -entry[1])


def nick_owners(text: str, nicks: Iterable[str]) -> tuple[Owner, ...]:
    """Everyone among `nicks` named as a whole word in `text`, in the order the text names them."""
    found: list[tuple[int, Owner]] = []
    folded = text.translate(_ASCII_LOWER)  # the patterns ignore the case of ASCII letters only
    for nick in nicks:
        match = _nick_pattern(nick).search(text) if nick.translate(_ASCII_LOWER) in folded else None
        if match is not None:
            found.append((match.start(), Owner(match.group(0), nick, Confidence.EXPLICIT)))
    return tuple(owner for _, owner in sorted(found, key=lambda entry: entry[0]))


@lru_cache(maxsize=1024)
def _nick_pattern(nick: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(nick) + r"\b", re.IGNORECASE | re.ASCII)


def python2_hash(text: str) -> int:
    """CPython 2's hash of a (unicode) string, as an unsigned 64-bit number."""
    if not text:
        return 0
    value = (ord(text[0]) << 7) & _WORD64
    for char in text:
        value = ((1000003 * value) & _WORD64) ^ ord(char)
    value ^= len(text)
    return _WORD64 - 1 if value == _WORD64 else value  # -1 is an error code in C: it becomes -2


class _Python2Dict:
    """The slots of a CPython 2.7 dict that is only ever added to (no deletions)."""

    def __init__(self) -> None:
        self._slots: list[str | None] = [None] * _SMALLEST_TABLE
        self._used = 0

    def add(self, key: str) -> None:
        if not _insert(self._slots, key):
            return
        self._used += 1
        if self._used * 3 >= len(self._slots) * 2:  # no deletions: fill == used
            size = _SMALLEST_TABLE
            while size <= 4 * self._used:
                size <<= 1
            old, self._slots = self._slots, [None] * size
            for kept in old:
                if kept is not None:
                    _insert(self._slots, kept)

    def keys_in_order(self) -> Sequence[str]:
        return [key for key in self._slots if key is not None]


def _insert(slots: list[str | None], key: str) -> bool:
    """Put `key` in its slot (CPython 2's open addressing); False when it is there already."""
    mask = len(slots) - 1
    hashed = python2_hash(key)
    index, perturb = hashed & _WORD64, hashed
    while slots[index & mask] is not None:
        if slots[index & mask] == key:
            return False
        index = ((index << 2) + index + perturb + 1) & _WORD64
        perturb >>= 5
    slots[index & mask] = key
    return True
