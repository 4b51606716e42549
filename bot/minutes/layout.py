"""What every rendering of the minutes shares: when the meeting was, who is who, and the action
items grouped by person (MeetBot's "Action items, by person").

An action's owner is a person when the importer matched one (explicitly or inferred); it is
*unclear* when several people fit the name written, and *unassigned* when nobody the agenda
knows was named. Names come from the agenda's people, then from `names` (person id -> name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum

from bot.minutes.model import NOBODY, Confidence, Item, Minutes, Owner
from bot.model import Agenda


class OwnerKind(StrEnum):
    """How sure the minutes are of whose an action is."""

    PERSON = "person"
    UNCLEAR = "unclear"  # several people fit the name written
    UNASSIGNED = "unassigned"  # nobody the agenda knows


@dataclass(frozen=True)
class ActionGroup:
    """The actions of one person, or of nobody clear: a heading and the items, in recorded order."""

    heading: str
    kind: OwnerKind
    actions: tuple[Item, ...]


UNCLEAR_HEADING = "Owner unclear"
UNASSIGNED_HEADING = "Unassigned"


def present_text(minutes: Minutes) -> tuple[str, str] | None:
    """The label and list of the people present: "Present (lines said)", "jmrodri (128), ..." when
    the record counted lines (MeetBot's "People Present (lines said)"), else "Present"."""
    if not minutes.present:
        return None
    said = minutes.said()
    if all(lines is None for _, lines in said):
        return "Present", ", ".join(minutes.present)
    return "Present (lines said)", ", ".join(name if lines is None else f"{name} ({lines})" for name, lines in said)


def owner_kind(owner: Owner | None) -> OwnerKind:
    """Whether an action's owner is one person, unclear, or nobody."""
    owner = owner or NOBODY
    if owner.person is not None and owner.confidence in (Confidence.EXPLICIT, Confidence.INFERRED):
        return OwnerKind.PERSON
    if owner.candidates:
        return OwnerKind.UNCLEAR
    return OwnerKind.UNASSIGNED


def person_names(agenda: Agenda | None, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Person id -> full name: the agenda's people, then `names`."""
    known = {person.id: person.name for person in agenda.people} if agenda else {}
    return known | dict(names or {})


def owner_name(owner: Owner | None, named: Mapping[str, str]) -> str | None:
    """The owner's full name when the action has one person; None otherwise."""
    if owner is None or owner_kind(owner) is not OwnerKind.PERSON or owner.person is None:
        return None
    return named.get(owner.person, owner.person)


def candidates_text(owner: Owner, named: Mapping[str, str]) -> str:
    """ "George Dunlap (george) or George Smith (gsmith)": who an unclear owner could be."""
    shown = [f"{named.get(person, person)} ({person})" for person in owner.candidates]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else "".join(shown)


def owner_remark(owner: Owner | None, named: Mapping[str, str]) -> str:
    """Why an action has no clear owner, or how an inferred one was read; empty when plain."""
    owner = owner or NOBODY
    kind = owner_kind(owner)
    if kind is OwnerKind.UNCLEAR:
        return f"'{owner.written}': {candidates_text(owner, named)}?"
    if kind is OwnerKind.UNASSIGNED:
        return f"'{owner.written}' is not in the agenda" if owner.written else "nobody named"
    if owner.confidence is Confidence.INFERRED and owner.written:
        return f"written '{owner.written}'"
    return ""


def actions_by_person(minutes: Minutes, named: Mapping[str, str]) -> tuple[ActionGroup, ...]:
    """The actions grouped by owner (people by name), then "Owner unclear", then "Unassigned"."""
    people: dict[str, list[Item]] = {}
    unclear: list[Item] = []
    unassigned: list[Item] = []
    for item in minutes.actions:
        names = [name for owner in item.owners if (name := owner_name(owner, named)) is not None]
        for name in dict.fromkeys(names):
            people.setdefault(name, []).append(item)
        if names:
            continue
        if owner_kind(item.owner) is OwnerKind.UNCLEAR:
            unclear.append(item)
        else:
            unassigned.append(item)
    groups = [ActionGroup(name, OwnerKind.PERSON, tuple(items)) for name, items in sorted(people.items(), key=_by_name)]
    if unclear:
        groups.append(ActionGroup(UNCLEAR_HEADING, OwnerKind.UNCLEAR, tuple(unclear)))
    if unassigned:
        groups.append(ActionGroup(UNASSIGNED_HEADING, OwnerKind.UNASSIGNED, tuple(unassigned)))
    return tuple(groups)


def _by_name(entry: tuple[str, list[Item]]) -> str:
    return entry[0].casefold()


def meeting_zone(minutes: Minutes, agenda: Agenda | None) -> tzinfo | None:
    """The zone times are shown in: the event's, else the one the minutes were recorded in."""
    if agenda is not None:
        return agenda.event.timezone
    return minutes.start.tzinfo if minutes.start else None


def local(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` in `zone` (a naive moment is taken as already local)."""
    return moment.astimezone(zone) if zone is not None and moment.tzinfo is not None else moment


def meeting_day(minutes: Minutes, agenda: Agenda | None) -> date | None:
    """The day of the meeting: when it started (in the event's zone), else its session's day."""
    if minutes.start is not None and minutes.dated:
        return local(minutes.start, meeting_zone(minutes, agenda)).date()
    session = next((s for s in agenda.sessions if s.id == minutes.session), None) if agenda else None
    return session.start.date() if session else None


def meeting_name(minutes: Minutes, agenda: Agenda | None) -> str:
    """What the meeting is called: its session's (or recurring meeting's) title, else the minutes'."""
    if agenda is not None and minutes.session:
        titles = {block.id: block.title for block in agenda.sessions} | {m.id: m.title for m in agenda.meetings}
        return titles.get(minutes.session, minutes.title)
    return minutes.title


def when_text(minutes: Minutes, agenda: Agenda | None, *, day: date | None = None) -> str | None:
    """ "Wednesday 15 May 2013, 11:00–12:30 (Europe/London)", or as much of it as is known."""
    zone = meeting_zone(minutes, agenda)
    day = day or meeting_day(minutes, agenda)
    if day is None and not minutes.dated and minutes.start is not None:
        until = f"–{minutes.end:%H:%M}" if minutes.end else ""
        return f"day unknown, {minutes.start:%H:%M}{until} ({minutes.start.tzname()})"
    if day is None:
        return None
    text = f"{day:%A} {day.day} {day:%B %Y}"
    start = local(minutes.start, zone) if minutes.start is not None else None
    if start is not None and (minutes.end is not None or start.time() != time()):  # midnight alone: only a day
        text += f", {start:%H:%M}"
        if minutes.end is not None:
            text += f"–{local(minutes.end, zone):%H:%M}"
        name = getattr(zone, "key", None) or start.tzname()
        text += f" ({name})" if name else ""
    return text


def item_time(item: Item, zone: tzinfo | None) -> str | None:
    """When an item was said, as HH:MM in the meeting's zone."""
    return f"{local(item.at, zone):%H:%M}" if item.at is not None else None
