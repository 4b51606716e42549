"""What the readers of one agenda file share: its problems, its people, its ids and references.

Ids are declared as records are read; references to sessions or roadmap entries are only noted
and checked at the end, so a proposal may refer to a session written further down the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.agenda.fields import Fields, closest
from bot.agenda.people import Directory
from bot.agenda.yamltree import Mark, YamlMap
from bot.model import Day
from bot.text import MAX_NAME

SESSIONS = "session or meeting"
ROADMAP = "roadmap entry"


@dataclass(frozen=True)
class Reference:
    """A place in the file that names a record by id."""

    kind: str
    target: str
    at: Mark
    what: str


@dataclass
class ReadContext:
    """The state of reading one agenda file."""

    fields: Fields
    directory: Directory = field(default_factory=Directory)
    zone: ZoneInfo | None = None
    days: dict[date, Day] = field(default_factory=dict)
    rooms: tuple[str, ...] = ()
    days_known: bool = True  # False when the zone or a day could not be read: day checks would mislead
    declared: dict[str, dict[str, Mark]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    # (what, [(day, where written)], arrives, departs) of each attendee, checked once the days are known
    attendance: list[tuple[str, list[tuple[date, Mark]], date | None, date | None]] = field(default_factory=list)
    # the days on which clocks change, by (zone, year), worked out once for all meetings
    zone_changes: dict[tuple[str, int], frozenset[date]] = field(default_factory=dict)

    def declare(self, kind: str, record_id: str | None, at: Mark) -> bool:
        """Note that a record of `kind` has this id; False (and a problem) when it is taken."""
        if record_id is None:
            return False
        ids = self.declared.setdefault(kind, {})
        if record_id in ids:
            first = ids[record_id][0]
            self.fields.problem(at, f"duplicate {kind} id '{record_id}' (first used on line {first})")
            return False
        ids[record_id] = at
        return True

    def refer(self, kind: str, record: YamlMap, key: str, what: str) -> str | None:
        """The id under `key`, to be checked against the ids of `kind` at the end."""
        target = self.fields.text(record, key, what)
        if target is not None:
            self.references.append(Reference(kind, target, record.value_at(key), f"{what}: '{key}'"))
        return target

    def check_references(self) -> None:
        """Note every reference to an id that no record of its kind has."""
        for reference in self.references:
            known = self.declared.get(reference.kind, {})
            if reference.target not in known:
                hint = closest(reference.target, known) or (
                    "known ids: " + ", ".join(known) if 0 < len(known) <= 12 else None
                )
                self.fields.problem(
                    reference.at, f"{reference.what}: there is no {reference.kind} '{reference.target}'", hint
                )

    def person(self, record: YamlMap, key: str, what: str) -> str | None:
        """The id of the person named under `key`, when there is one."""
        name = self.fields.text(record, key, what)
        if name is None:
            return None
        return self.directory.resolve(self.fields, name, record.value_at(key), f"{what}: '{key}'")

    def people(self, record: YamlMap, key: str, what: str) -> tuple[str, ...]:
        """The ids of the people listed under `key`, each once."""
        value = record.get(key)
        items = [(value, record.value_at(key))] if isinstance(value, str) else self.fields.items(record, key, what)
        ids: list[str] = []
        for item, at in items:
            name = self.fields.as_text(item, at, f"{what}: '{key}' item", MAX_NAME)
            person_id = name and self.directory.resolve(self.fields, name, at, f"{what}: '{key}'")
            if person_id and person_id in ids:
                self.fields.problem(at, f"{what}: '{name}' is listed twice in '{key}'")
            elif person_id:
                ids.append(person_id)
        return tuple(ids)
