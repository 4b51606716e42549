"""The people hand-written minutes name, kept as the record's own registry when there is no agenda:
who was present (`Present:`, `[Attendees]`, "List of attendees", the speakers), who sent regrets,
who chaired ("Ryan will facilitate") and who took the minutes ("Mark will scribe").

A speaker whose name is part of a fuller one ("Jack" beside "Jack Huey") is that person, not a
new one. Each registry person also answers to the usual short or long form of the first name
("Pete" for Peter, "Andy" for Andrew) and to the first name with the last name's initial
("Pete P"), so that "Pete" finds both Pete Jemian and Peter Peterson (ambiguous, as it is).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.agenda.people import name_key
from bot.minutes.notes_lines import PEOPLE_LINE, ROLE, Section, names_in, plain
from bot.minutes.owners import Owners
from bot.model import Person

# short form -> long forms of English first names; both ways are used
_SHORT_NAMES = {
    "pete": ("peter",), "andy": ("andrew",), "drew": ("andrew",), "nick": ("nicholas", "nicolas"),
    "mike": ("michael",), "dave": ("david",), "steve": ("stephen", "steven"), "tom": ("thomas",),
    "bob": ("robert",), "rob": ("robert",), "bill": ("william",), "will": ("william",), "jim": ("james",),
    "joe": ("joseph",), "dan": ("daniel",), "chris": ("christopher", "christian"), "alex": ("alexander",),
    "matt": ("matthew",), "ben": ("benjamin",), "sam": ("samuel", "samantha"), "tony": ("anthony",),
    "ed": ("edward",), "fred": ("frederick", "frederic"), "freddie": ("frederick", "frederic"),
    "ray": ("raymond",), "greg": ("gregory",), "jon": ("jonathan",), "jeff": ("jeffrey",), "ken": ("kenneth",),
    "liz": ("elizabeth",), "kate": ("katherine", "catherine"), "jen": ("jennifer",), "sue": ("susan",),
    "pat": ("patrick", "patricia"), "rick": ("richard",), "rich": ("richard",), "ron": ("ronald",),
    "tim": ("timothy",), "phil": ("philip", "phillip"), "stu": ("stuart",), "vince": ("vincent",),
    "max": ("maximilian",), "zach": ("zachary",), "josh": ("joshua",), "nate": ("nathan", "nathaniel"),
}  # fmt: skip


ROLES = {Section.PRESENT: "present", Section.REGRETS: "regrets", Section.CHAIRS: "chairs", Section.SCRIBES: "scribes"}
# the word of a `Role: names` line (its plural's "s" cut) -> the role
_LINE_ROLES = {"regret": "regrets", "apologie": "regrets", "absent": "regrets", "scribe": "scribes",
               "chair": "chairs", "facilitator": "chairs", "note taker": "scribes", "notetaker": "scribes",
               "minute taker": "scribes", "minutetaker": "scribes"}  # fmt: skip


@dataclass
class People:
    """The people a record names, in the order it names them (names as written)."""

    present: list[str] = field(default_factory=list)
    regrets: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)
    scribes: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    def listed(self) -> bool:
        """Whether the record lists who was present (then speakers must be among them)."""
        return bool(self.present)

    def may_speak(self, who: str) -> bool:
        """Whether "Who: ..." is someone speaking: anyone, unless the record lists who was present."""
        key = name_key(who)
        return not self.present or any(
            key == name or name.startswith(key + " ") for name in map(name_key, self.present)
        )

    def add(self, role: list[str], names: Iterable[str]) -> None:
        """Add names to `role` (present, regrets, ...) once each."""
        keys = {name_key(name) for name in role}
        for name in names:
            if name_key(name) not in keys:
                keys.add(name_key(name))
                role.append(name)

    def role(self, role: str) -> list[str]:
        """The names of a role: "present", "regrets", "chairs", "scribes"."""
        roles = {"present": self.present, "regrets": self.regrets, "chairs": self.chairs, "scribes": self.scribes}
        return roles[role]

    def heard(self, line: str) -> bool:
        """Take the names of "Present: Dan, Kenneth", "Regrets: ...", "Scribe: Mark"; whether it was one."""
        found = PEOPLE_LINE.match(line)
        if found is None or not found.group(2).strip():
            return False
        word = " ".join(found.group(1).lower().rstrip("s").split())
        self.add(self.role(_LINE_ROLES.get(word, "present")), names_in(found.group(2)))
        return True

    def took_role(self, said: str) -> None:
        """ "Ryan will facilitate", "Mark will scribe": the chair and the scribe."""
        role = ROLE.match(plain(said))
        if role is not None:
            chairs = role.group("role").lower().startswith(("facilitat", "chair"))
            self.add(self.chairs if chairs else self.scribes, [role["who"]])

    def everyone(self) -> list[str]:
        """Everyone present: the listed, then the speakers and officers who are none of them."""
        names: list[str] = []
        self.add(names, self.present)
        others = [*self.present, *self.chairs, *self.scribes, *self.speakers]
        absent = {name_key(one) for one in self.regrets}
        for name in others[len(self.present) :]:
            if not _part_of_any(name, others) and name_key(name) not in absent:
                self.add(names, [name])
        return names

    def registry(self, text: str = "") -> list[Person]:
        """Everyone the record names, as people to match owners against (the id is the name); a
        short or long form of a first name is someone's when `text` writes it with the last name."""
        names = self.everyone()
        self.add(names, self.regrets)
        return [_person(name, name_key(text)) for name in names]

    def owners(self, agenda_people: Sequence[Person] = (), text: str = "") -> Owners:
        """Owners among the agenda's people and the record's own (those the agenda does not know)."""
        known = Owners(agenda_people)
        extra = [person for person in self.registry(text) if known.named(person.name).person is None]
        return Owners([*agenda_people, *extra])


def _part_of_any(name: str, names: Sequence[str]) -> bool:
    """Whether `name` is the start of a fuller one of `names` ("Jack" of "Jack Huey")."""
    key = name_key(name)
    return any(other.startswith(key + " ") for other in map(name_key, names))


def _person(name: str, text: str) -> Person:
    """A person of the record, who also answers to "Pete Peterson" when `text` (a `name_key`) says
    so, and to "Peter P" and "Pete P"."""
    words = name.split()
    if len(words) < 2:
        return Person(name, name)
    rest = words[1:]
    firsts = [first for first in _first_name_forms(words[0]) if name_key(" ".join([first, *rest])) in text]
    aliases = [" ".join([first, *rest]) for first in firsts]
    aliases += [f"{first} {words[-1][0]}" for first in (words[0], *firsts)]
    return Person(name, name, aliases=tuple(dict.fromkeys(aliases)))


def _first_name_forms(first: str) -> tuple[str, ...]:
    """The other usual forms of a first name: "Peter" -> ("Pete",), "Andy" -> ("Andrew",)."""
    key = name_key(first)
    longer = _SHORT_NAMES.get(key, ())
    shorter = tuple(short for short, longs in _SHORT_NAMES.items() if key in longs)
    return tuple(form.capitalize() for form in (*longer, *shorter))
