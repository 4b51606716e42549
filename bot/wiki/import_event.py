"""Settling what a page says into an agenda that checks: days and their hours, sessions, people.

Pages are loose where the agenda file is strict. A block may have no end ("9:00 Opening"): it
runs until the next block, or to the end of the day. The "When" hours may be narrower than the
blocks (8:30-16:30, but the last block runs to 17:00): the day is widened, with a comment, since
the checker refuses a session outside its day. A block with no day goes on the only day (or the
first, with a comment). A moderator who is not an attendee is added to `people`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot.agenda.people import name_key
from bot.wiki.import_dates import clock_text
from bot.wiki.import_model import DraftAttendee, DraftBlock, DraftDay, DraftPerson, DraftSession, DraftVenue
from bot.wiki.import_people import match_person
from bot.wiki.import_text import Skipped

_VENUE_WORDS = re.compile(
    r"hotel|cent(?:re|er)|hall|universit|building|campus|office|\binn\b|hostel|house|\bhub\b|\blab|\bhq\b|"
    r"school|college|institut|museum|library|conference|auditorium|venue",
    re.IGNORECASE,
)
_MAX_ID_LENGTH = 40
_ANCHOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,299}")  # an id the agenda takes (bot.agenda.fields.ID)


@dataclass(frozen=True)
class DayFact:
    """What the page says about one day: its date, and its hours and venue when it gives them."""

    date: date
    start: time | None = None
    end: time | None = None
    venue: str | None = None


def ascii_slug(text: str) -> str:
    """An id made from a title: lower-case ASCII letters, digits and '-', cut at a word boundary."""
    slug = re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-")
    while len(slug) > _MAX_ID_LENGTH and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:_MAX_ID_LENGTH]


def read_where(text: str) -> DraftVenue:
    """ "Ottawa, ON, Canada, Novotel Hotel (Albion A)." -> name, address and rooms."""
    text = text.strip().rstrip(".").strip()
    rooms: tuple[str, ...] = ()
    match = re.search(r"\(([^()]*)\)$", text)
    if match:
        rooms = tuple(room.strip() for room in re.split(r",|;|\band\b", match[1]) if room.strip())
        text = text[: match.start()].strip().rstrip(",").strip()
    parts = [part.strip() for part in text.split(",") if part.strip()]
    named_rooms = [
        re.sub(r"^rooms?\s+", "", part, flags=re.I) for part in parts if re.match(r"rooms?\s+\S", part, re.I)
    ]
    if named_rooms:  # "Building 401, Room B2100"
        rooms = (*named_rooms, *rooms)
        parts = [part for part in parts if not re.match(r"rooms?\s+\S", part, re.I)]
    if not parts:
        return DraftVenue(rooms=rooms)
    named = [number for number, part in enumerate(parts) if _VENUE_WORDS.search(part)]
    which = named[-1] if named else 0
    address = ", ".join(part for number, part in enumerate(parts) if number != which)
    return DraftVenue(parts[which], address or None, rooms)


def settle_days(
    facts: list[DayFact], blocks: list[DraftBlock], hours: tuple[time, time] | None = None
) -> tuple[tuple[DraftDay, ...], tuple[DraftSession, ...], list[Skipped]]:
    """The event's days with hours that hold every block, and the blocks as sessions.

    `hours` are the page's hours for every day ("When: 14-15 October, 9:00-17:30").
    """
    start, end = hours or (None, None)
    merged: dict[date, DayFact] = {}
    for fact in [*(DayFact(fact.date, start, end) for fact in facts), *facts]:
        known = merged.get(fact.date, DayFact(fact.date))
        # Later facts win: a day's own "Time:" line is more precise than the page's "When:" line.
        merged[fact.date] = DayFact(
            fact.date, fact.start or known.start, fact.end or known.end, fact.venue or known.venue
        )
    dates = sorted(merged)
    placed, skipped = _place(blocks, dates)
    days, sessions = [], []
    for day in dates:
        fact = merged[day]
        here = _with_ends(sorted(placed.get(day, []), key=lambda pair: pair[0].start), fact)
        sessions.extend(here)
        days.append(_hours(fact, here))
    return tuple(days), _with_ids(sessions), skipped


def _place(
    blocks: list[DraftBlock], dates: list[date]
) -> tuple[dict[date, list[tuple[DraftBlock, str]]], list[Skipped]]:
    """Each block on its day, with a comment when the day was guessed."""
    placed: dict[date, list[tuple[DraftBlock, str]]] = {}
    skipped = []
    for block in blocks:
        if block.day is not None:
            placed.setdefault(block.day, []).append((block, ""))
        elif dates:
            comment = "" if len(dates) == 1 else "the page does not say which day: put on the first"
            placed.setdefault(dates[0], []).append((replace(block, day=dates[0]), comment))
        else:
            skipped.append(Skipped(block.line, f"{block.title} (the page gives no date for it)"))
    return placed, skipped


def _with_ends(blocks: list[tuple[DraftBlock, str]], fact: DayFact) -> list[DraftSession]:
    """Sessions with an end each: a block without one runs until the next block or the day's end."""
    sessions = []
    for number, (block, comment) in enumerate(blocks):
        following = [later.start for later, _ in blocks[number + 1 :] if later.start > block.start]
        end, notes = _end(block, following[0] if following else fact.end)
        notes = [block.note, *notes] if block.note else notes
        sessions.append(
            DraftSession(
                id=block.id or "", title=block.title, day=fact.date, start=block.start, end=end,
                moderators=block.moderators, room=block.room, track=block.track,
                description=block.description, topics=block.topics, required=block.speakers,
                comment="; ".join([comment, *notes] if comment else notes) or None, minutes=block.minutes,
            )
        )  # fmt: skip
    return sessions


def _end(block: DraftBlock, until: time | None) -> tuple[time, list[str]]:
    """The block's end, or (saying so) the next block's start, the day's end, or an hour later."""
    if block.end is not None and block.end > block.start:
        return block.end, []
    if block.end is not None:
        return _plus_hour(block.start), [f"the page has it end at {clock_text(block.end)}, before it starts"]
    end = until if until is not None and until > block.start else _plus_hour(block.start)
    return end, ["the page gives no end time"]


def _plus_hour(start: time) -> time:
    later = datetime.combine(date.min, start) + timedelta(hours=1)
    return later.time() if later.date() == date.min else time(23, 59)


def _hours(fact: DayFact, sessions: list[DraftSession]) -> DraftDay:
    """The day with hours from the page, widened (and saying so) to hold every session."""
    if fact.start and fact.end:
        start, end, comment = fact.start, fact.end, None
    elif sessions:
        start, end = min(s.start for s in sessions), max(s.end for s in sessions)
        comment = "the page gives no hours for the day: these are the agenda's"
    else:
        return DraftDay(fact.date, None, None, fact.venue, None)  # no hours are invented
    first, last = min([start, *(s.start for s in sessions)]), max([end, *(s.end for s in sessions)])
    if (first, last) != (start, end):
        comment = (
            f"the page says {clock_text(start)}-{clock_text(end)}; widened to "
            f"{clock_text(first)}-{clock_text(last)} to hold the agenda's blocks"
        )
    return DraftDay(fact.date, first, last, fact.venue, comment)


def _with_ids(sessions: list[DraftSession]) -> tuple[DraftSession, ...]:
    """Each session its anchor's id when the page gives one (the bot's own lines do), else one from its title."""
    anchors = [session.id for session in sessions if _ANCHOR_ID.fullmatch(session.id)]
    taken = {anchor for anchor in anchors if anchors.count(anchor) == 1}
    result = []
    for session in sessions:
        if session.id in taken:
            result.append(session)
            continue
        base = ascii_slug(session.title) or "session"
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        result.append(replace(session, id=candidate))
    return tuple(result)


def settle_people(
    attendees: list[tuple[int, DraftAttendee]], sessions: tuple[DraftSession, ...]
) -> tuple[tuple[DraftPerson, ...], tuple[DraftAttendee, ...], tuple[DraftSession, ...], list[Skipped]]:
    """People for the registry, the attendees each once, and moderators named as the attendee list names them."""
    kept: dict[str, DraftAttendee] = {}
    skipped = []
    for line, attendee in attendees:
        key = name_key(attendee.name)
        if key in kept:
            skipped.append(Skipped(line, f"{attendee.name} (listed twice)"))
        else:
            kept[key] = attendee
    people = [
        DraftPerson(a.name, a.wiki_user, affiliation=a.affiliation, email=a.email)
        for a in kept.values()
        if a.wiki_user or a.affiliation or a.email
    ]
    known = [attendee.name for attendee in kept.values()]
    settled = []
    for session in sessions:
        names = []
        for name in session.moderators:
            found = match_person(name, known)
            if found is None:
                known.append(name)
                people.append(DraftPerson(name, comment=f"moderates '{session.title}'; not on the attendee list"))
            names.append(found or name)
        settled.append(replace(session, moderators=tuple(dict.fromkeys(names))))
    return tuple(people), tuple(kept.values()), _one_place(settled), skipped


def _one_place(sessions: list[DraftSession]) -> tuple[DraftSession, ...]:
    """Nobody moderates two parallel sessions: the later one loses them, and says so in a comment."""
    busy: dict[str, list[DraftSession]] = {}
    result = []
    for session in sessions:
        kept: list[str] = []
        dropped: list[str] = []
        for name in session.moderators:
            clash = next((other for other in busy.get(name, []) if overlaps(other, session)), None)
            if clash is None:
                kept.append(name)
                busy.setdefault(name, []).append(session)
            else:
                dropped.append(f"{name} (also moderates '{clash.title}' at the same time)")
        note = "the page also names as moderator " + ", ".join(dropped) if dropped else None
        result.append(annotated(replace(session, moderators=tuple(kept)), note))
    return tuple(result)


def annotated(session: DraftSession, note: str | None) -> DraftSession:
    """The session with `note` added to its comment."""
    if note is None:
        return session
    return replace(session, comment=f"{session.comment}; {note}" if session.comment else note)


def overlaps(one: DraftSession, other: DraftSession) -> bool:
    """Whether two sessions share some time on the same day."""
    return one.day == other.day and one.start < other.end and other.start < one.end
