"""Finding the one thing a user means by what they typed: a person, a session, a release.

The same order everywhere (the command line and chat): the exact id; then an id, name or alias
in any case and with accents ignored; then a unique prefix of an id, a name or any word of a
name ("Ian", "Jack" for Ian Jackson). When several fit, they are all listed and the user is asked
for the id; when none does, the closest known ones are suggested ("did you mean").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.agenda.people import name_key
from bot.errors import Unresolved
from bot.model import Agenda, Person

_LISTED = 12  # candidates or known ids named in one message, at most


@dataclass(frozen=True)
class Named:
    """Something a user may name: its id, the names it goes by, and how a message lists it."""

    id: str
    names: tuple[str, ...] = ()
    label: str = ""

    def listed(self) -> str:
        """How a message names it: "Ian Jackson (ijackson)", or the id alone."""
        return self.label or self.id


def person_named(agenda: Agenda, typed: str, *, option: str) -> Person:
    """The one person of the agenda (people and attendees) `typed` names: an id, name, alias or
    a unique prefix of one."""
    people = {person.id: person for person in agenda.people}
    known = [Named(p.id, (p.name, *p.aliases), f"{p.name} ({p.id})") for p in people.values()]
    missing = f"nobody called '{typed}' is in {agenda.event.title}'s people or attendees"
    return people[find_one(typed, known, option=option, missing=missing).id]


def block_named(agenda: Agenda, typed: str, *, option: str) -> str:
    """The id of the one session or recurring meeting `typed` names (an id or a title, or a
    unique prefix of one)."""
    blocks = [(s.id, s.title) for s in agenda.sessions] + [(m.id, m.title) for m in agenda.meetings]
    known = [Named(block_id, (title,), f"{title} ({block_id})") for block_id, title in blocks]
    missing = f"the agenda has no session or meeting '{typed}'"
    return find_one(typed, known, option=option, missing=missing).id


def matches(typed: str, known: Sequence[Named]) -> list[Named]:
    """Everything `typed` could mean, from the first rule that finds any (exact id, then any
    case, then prefixes); empty when nothing fits."""
    exact = [thing for thing in known if thing.id == typed]
    if exact:
        return exact
    key = name_key(typed)
    if not key:
        return []
    same = [thing for thing in known if key in {name_key(word) for word in (thing.id, *thing.names)}]
    return same or [thing for thing in known if _starts(key, thing)]


def _starts(key: str, thing: Named) -> bool:
    for word in (thing.id, *thing.names):
        folded = name_key(word)
        if folded.startswith(key) or any(part.startswith(key) for part in folded.split()):
            return True
    return False


def find_one(typed: str, known: Sequence[Named], *, option: str, missing: str) -> Named:
    """The one thing `typed` means; `Unresolved` lists the candidates, or suggests close ones.

    `option` starts the message ("--person"), `missing` says that nothing fits ("there is no
    session 'x'").
    """
    found = matches(typed, known)
    if len(found) == 1:
        return found[0]
    if found:
        raise Unresolved(f"{option}: {ambiguity(typed, found)}")
    raise Unresolved(f"{option}: {missing}{suggestion(typed, known)}")


def ambiguity(typed: str, found: Sequence[Named]) -> str:
    """ "'Ian' could be: Ian Jackson (ijackson), Ian Campbell (icampbell); use the id"."""
    listed = ", ".join(thing.listed() for thing in found[:_LISTED])
    more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    return f"'{typed}' could be: {listed}{more}; use the id"


def suggestion(typed: str, known: Sequence[Named]) -> str:
    """ "; did you mean A?" for the closest known ones, else "; known: a, b, c" (or nothing)."""
    close = closest(typed, known)
    if close:
        return f"; did you mean {' or '.join(thing.listed() for thing in close)}?"
    if known:
        more = ", ..." if len(known) > _LISTED else ""
        return f"; known: {', '.join(thing.id for thing in known[:_LISTED])}{more}"
    return ""


def closest(typed: str, known: Sequence[Named], count: int = 3) -> list[Named]:
    """The known things whose id or a name is closest to a mistyped `typed`, best first."""
    by_word = {word: thing for thing in known for word in (thing.id, *thing.names)}
    return list(dict.fromkeys(by_word[word] for word in close_matches(typed, by_word, count)))


def close_matches(word: str, known: Iterable[str], count: int = 5) -> list[str]:
    """The known words closest to a mistyped one (any case), best first: "jion" -> ["join"].

    An id without letters ("12", "2013-05") is too short for a likeness ratio; it gets the known
    ids without letters one keystroke away (a digit changed, added, dropped or two swapped).
    """
    by_folded = {key.casefold(): key for key in known}
    folded = word.casefold()
    found = difflib.get_close_matches(folded, by_folded, n=count, cutoff=0.6)
    if word and not any(char.isalpha() for char in word):
        near = [key for key in by_folded if not any(c.isalpha() for c in key) and _one_keystroke(folded, key)]
        found = list(dict.fromkeys([*sorted(near, key=lambda key: _distance(word, key)), *found]))[:count]
    return [by_folded[key] for key in found if key != folded]


def _one_keystroke(typed: str, known: str) -> bool:
    """Whether `known` is `typed` with one character changed, added or dropped, or two swapped."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        differ = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == known[differ[1]]
        return len(differ) == 1 or (swapped and typed[differ[1]] == known[differ[0]])
    shorter, longer = sorted((typed, known), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _distance(typed: str, known: str) -> float:
    """How far apart two numeric ids are, to put the nearest first ("12": "13" before "22")."""
    try:
        return abs(float(typed) - float(known))
    except ValueError:
        return float("inf")
