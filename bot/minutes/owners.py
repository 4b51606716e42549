"""Who an action belongs to: the names written in minutes ("George", "Ian Campell", "<@U0LARS001>")
matched to the people of an agenda, with how sure the match is.

Matching is case-insensitive and accent-blind (`name_key`). In order: an id written exactly as the
agenda writes it is that person (as in `Directory.find`); an exact name, alias (aliases hold IRC
nicks), id or chat id is EXPLICIT, or AMBIGUOUS when several people answer to it; then a part of
one person's name ("Dunlap") is INFERRED, AMBIGUOUS when it is part of several ("Ian"); then a
close misspelling ("Ian Campell", difflib ratio >= 0.85, same number of words) is INFERRED when one
person is clearly closest, AMBIGUOUS when not; anything else is UNKNOWN. The index is built once
and answers are remembered, so a long log pays for each spelling once.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence

from bot.agenda.people import name_key
from bot.minutes.model import NOBODY, Confidence, Owner
from bot.model import Person

CLOSE = 0.85  # difflib ratio from which a spelling counts as a misspelling of a name
CLEARLY = 0.05  # how much better the best person must be than the next to be picked
SHORTEST_GUESS = 5  # shorter words are too easily a misspelling of something ("the" ~ "theo")
LEADING_WORDS = 3  # "Konrad Rzeszutek Wilk to ..." is the longest name run we try at the start
REMEMBERED = 4096  # answers kept per Owners; cleared when full (a log repeats a few names)

_MENTION = re.compile(r"^<@([A-Za-z0-9]+)(?:\|[^>]*)?>$")  # Slack's "<@U123>" or "<@U123|george>"
_WORD = re.compile(r"<@[^>\s]+>|[\w@][\w.'@-]*")
_TRIM = ":,;.!?()\"'"


class Owners:
    """The people an action can belong to, indexed by every way of writing them."""

    def __init__(self, people: Sequence[Person]) -> None:
        self._names = {person.id: person.name for person in people}
        self._exact: dict[str, list[str]] = {}  # key of a name, alias, id or chat id -> person ids
        # (words, length) -> key of a name or alias -> person ids: difflib compares like with like
        self._spellings: dict[tuple[int, int], dict[str, list[str]]] = {}
        self._word_runs: dict[str, list[str]] = {}  # key of a run of words of a name or alias -> ids
        for person in people:
            self._index(person)
        self._remembered: dict[str, Owner] = {}

    def name(self, person_id: str) -> str:
        """The registry name of a person (the id itself when unknown)."""
        return self._names.get(person_id, person_id)

    def named(self, written: str) -> Owner:
        """Who `written` ("George", "ijc", "Ian Campell", "<@U0IANC001>") is, and how sure that is."""
        text = written.strip().strip(_TRIM).strip()
        known = self._remembered.get(text)
        if known is None:
            if len(self._remembered) >= REMEMBERED:
                self._remembered.clear()
            known = self._remembered[text] = self._match(text)
        return known

    @property
    def is_empty(self) -> bool:
        """Whether the registry knows nobody (no agenda was given)."""
        return not self._names

    def in_text(self, text: str) -> Owner:
        """The owner of an action written MeetBot's way: named at its start ("George write up ...",
        "lars: ping the board"), else the first person mentioned anywhere in it; else nobody."""
        return next(iter(self.all_in_text(text)), NOBODY)

    def all_in_text(self, text: str) -> tuple[Owner, ...]:
        """Everyone an action names: who is named at its start first, then each other person
        mentioned as a whole word ("shurley work with jmrodri ..."); empty when nobody is."""
        if not self._names:  # nobody to name (no agenda): every spelling is unknown
            return ()
        words = _WORD.findall(text)
        leading = self._leading(words)
        owners = [leading] if leading is not None else []
        taken = {person for owner in owners for person in (owner.person, *owner.candidates) if person}
        for owner in self._mentioned(words):
            people = {person for person in (owner.person, *owner.candidates) if person}
            if people and not people & taken:
                owners.append(owner)
                taken |= people
        return tuple(owners)

    def _leading(self, words: Sequence[str]) -> Owner | None:
        """Who the first words name: an exact name first, then a part of a name or a misspelling."""
        leading = [word.strip(_TRIM) for word in words[:LEADING_WORDS]]
        runs = [" ".join(leading[:count]) for count in range(len(leading), 0, -1)]
        for run in runs:
            owner = self.named(run)
            if owner.confidence in (Confidence.EXPLICIT, Confidence.AMBIGUOUS) and self._exact_key(run):
                return owner
        for run in runs:
            owner = self.named(run)
            if owner.confidence is not Confidence.UNKNOWN:
                return owner
        return None

    def _index(self, person: Person) -> None:
        spellings = (person.name, *person.aliases)
        for written in (person.id, *spellings, *([person.chat_id] if person.chat_id else [])):
            _add(self._exact, name_key(written), person.id)
        for written in spellings:
            key = name_key(written)
            _add(self._spellings.setdefault((len(key.split()), len(key)), {}), key, person.id)
            words = key.split()
            for first in range(len(words)):
                for last in range(first + 1, len(words) + 1):
                    _add(self._word_runs, " ".join(words[first:last]), person.id)

    def _exact_key(self, text: str) -> bool:
        return name_key(_unmention(text)) in self._exact

    def _match(self, text: str) -> Owner:
        key = name_key(_unmention(text))
        if not key:
            return NOBODY
        if text in self._names:
            return Owner(text, text, Confidence.EXPLICIT)  # an id, as the agenda writes it, is one person
        found = self._exact.get(key) or self._word_runs.get(key)
        if found:
            sure = Confidence.EXPLICIT if key in self._exact else Confidence.INFERRED
            return _owner(text, found, sure)
        return _owner(text, self._close(key), Confidence.INFERRED)

    def _close(self, key: str) -> list[str]:
        """The person (or, when no one is clearly closest, the people) `key` is a misspelling of."""
        if len(key) < SHORTEST_GUESS:
            return []
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)
        best: dict[str, float] = {}
        words, size = len(key.split()), len(key)
        # a ratio of CLOSE needs lengths within this range, and a misspelling keeps its word count
        for length in range(math.ceil(size * CLOSE / (2 - CLOSE)), math.floor(size * (2 - CLOSE) / CLOSE) + 1):
            for spelling, ids in self._spellings.get((words, length), {}).items():
                matcher.set_seq1(spelling)
                ratio = matcher.ratio() if matcher.quick_ratio() >= CLOSE else 0.0
                for person_id in ids if ratio >= CLOSE else ():
                    best[person_id] = max(ratio, best.get(person_id, 0.0))
        if not best:
            return []
        top = max(best.values())
        return [person_id for person_id, ratio in best.items() if top - ratio < CLEARLY]

    def _mentioned(self, words: Sequence[str]) -> list[Owner]:
        """The people named anywhere in the text as whole words (a name of up to three words), one
        Owner for each name, in the order they come; a name several people answer to is ambiguous."""
        keys = [name_key(_unmention(word.strip(_TRIM))) for word in words]
        found: list[Owner] = []
        start = 0
        while start < len(keys):
            for count in range(LEADING_WORDS, 0, -1):
                ids = self._exact.get(" ".join(keys[start : start + count]))
                if ids:
                    written = " ".join(word.strip(_TRIM) for word in words[start : start + count])
                    found.append(_owner(written, ids, Confidence.INFERRED))
                    start += count - 1
                    break
            start += 1
        return found


def _owner(written: str, person_ids: Sequence[str], sure: Confidence) -> Owner:
    if len(person_ids) == 1:
        return Owner(written, person_ids[0], sure)
    if person_ids:
        return Owner(written, None, Confidence.AMBIGUOUS, tuple(person_ids))
    return Owner(written, None, Confidence.UNKNOWN)


def _add(index: dict[str, list[str]], key: str, person_id: str) -> None:
    holders = index.setdefault(key, [])
    if key and person_id not in holders:
        holders.append(person_id)


def _unmention(text: str) -> str:
    """A chat mention as its user id, "@george" as "george"; anything else as it is."""
    mention = _MENTION.match(text)
    if mention:
        return mention.group(1)
    return text.removeprefix("@")
