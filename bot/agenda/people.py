"""Who is who: the people registry, and turning the names written in an agenda into person ids.

Organisers write "Serge Hallyn", "serge", "Herbert Potzl" or a nick; all must land on the same
person. A name is matched case-insensitively, with runs of spaces collapsed and accents ignored.
A key two people share (two Georges) resolves to nobody and says so, instead of guessing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from bot.model import Person

if TYPE_CHECKING:  # the minutes match names without reading any YAML
    from bot.agenda.fields import Fields
    from bot.agenda.yamltree import Mark


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The form names are compared in: casefolded, accents removed, spaces collapsed.

    Turkish dotless ı is taken as i: "YILMAZ" casefolds to "yilmaz", so "Yılmaz" must too.
    """
    folded = name.casefold()
    if folded.isascii():  # nothing to decompose or strip: most names, at a fraction of the cost
        return " ".join(folded.split())
    decomposed = unicodedata.normalize("NFKD", folded.replace("ı", "i"))
    # no character below U+0300 combines: only the others are looked up, one by one
    plain = re.sub("[^\x00-\u02ff]", _drop_combining, decomposed)
    return " ".join(plain.split())


def _drop_combining(found: re.Match[str]) -> str:
    return "" if unicodedata.combining(found[0]) else found[0]


_NOT_WORD = re.compile(r"[^\w]+")


def slug(name: str) -> str:
    """An id made from a name: "Herbert Pötzl" -> "herbert-potzl"."""
    return _NOT_WORD.sub("-", name_key(name)).strip("-_") or "person"


class Directory:
    """Every person an agenda knows, found by id, name or alias."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._ids: dict[str, Person] = {}
        self._keys: dict[str, list[Person]] = {}
        self._shared: set[str] | None = None  # after copy(): keys whose lists are the original's

    def add(self, person: Person) -> None:
        """Register a person under their id, name and aliases."""
        self.people.append(person)
        self._ids[person.id] = person
        keys = {name_key(person.id), name_key(person.name)}
        if person.aliases:
            keys.update(map(name_key, person.aliases))
        for key in keys:
            holders = self._own(key) if self._shared is not None else self._keys.setdefault(key, [])
            if person not in holders:
                holders.append(person)

    def copy(self) -> Directory:
        """A directory to extend without changing this one: the lists of people under each name
        are shared until one of them changes (a copy of 8,000 people costs a dict copy)."""
        copied = Directory()
        copied.people = list(self.people)
        copied._ids = dict(self._ids)
        copied._keys = dict(self._keys)
        copied._shared = set(self._keys)
        return copied

    def _own(self, key: str) -> list[Person]:
        """The list of people under `key`, this directory's own to change."""
        if self._shared is not None and key in self._shared:
            self._shared.discard(key)
            self._keys[key] = list(self._keys[key])
        return self._keys.setdefault(key, [])

    def replace(self, person: Person) -> None:
        """Put `person` in the place of whoever had their id (an attendee known by name alone who
        now has a `people` entry)."""
        old = self._ids.pop(person.id, None)
        if old is not None:
            for key in {name_key(word) for word in (old.id, old.name, *old.aliases)}:
                holders = self._own(key)
                if old in holders:
                    holders.remove(old)
            self.people.remove(old)
        self.add(person)

    def has_id(self, person_id: str) -> bool:
        """Whether some person already has this id."""
        return person_id in self._ids

    def free_id(self, name: str) -> str:
        """An unused id made from `name`."""
        base = slug(name)
        candidate, number = base, 1
        while candidate in self._ids:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def find(self, name: str) -> list[Person]:
        """Everyone `name` could mean: an exact id first, then names and aliases."""
        if name in self._ids:
            return [self._ids[name]]
        return self._keys.get(name_key(name), [])

    def signing_up(self, name: str) -> list[Person]:
        """Who an attendee entry `name` is: like `find`, except that an id made for another
        unlisted attendee is not their name ("0" is not the "0:" whose made-up id is "0")."""
        return [p for p in self.find(name) if p.listed or name_key(p.name) == name_key(name)]

    def resolve(self, fields: Fields, name: str, at: Mark, what: str) -> str | None:
        """The id of the one person `name` means; notes a problem when none or several."""
        found = self.find(name)
        if len(found) == 1:
            return found[0].id
        if found:
            names = " or ".join(f"{person.name} (id '{person.id}')" for person in found)
            fields.problem(at, f"{what}: '{name}' could be {names}", "write the id to say which")
            return None
        fields.problem(at, f"{what}: nobody called '{name}' is in people or attendees", self._hint(name))
        return None

    def _hint(self, name: str) -> str:
        key = name_key(name)
        names = [person.name for person in self.people]
        by_word = [known for known in names if key in name_key(known).split()]
        import difflib  # noqa: PLC0415 - only once a name is unknown

        match = by_word[:1] or difflib.get_close_matches(name, names, n=1, cutoff=0.75)
        if match:
            return f"did you mean '{match[0]}'?"
        return "add them to 'people' (or 'attendees') first"
