"""Adopt a hand-written event wiki page into a new agenda file (`summitbot import-wiki`).

The page is read with wikitextparser into sections, lists, tables and prose (`import_text`);
each section is read for what its heading says it holds (`import_kinds`, `import_sections`,
`import_agenda`, `import_tables`, `import_people`, dates in `import_dates`, zones in `import_zones`);
the findings are settled into an agenda that passes the checker (`import_event`) and written as
YAML (`import_yaml`). Whatever could not be placed is reported with its line, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import wikitextparser as wtp

from bot.errors import Problem, UserError
from bot.wiki.import_agenda import assign_moderators, read_moderators
from bot.wiki.import_dates import find_dates, first_year
from bot.wiki.import_event import DayFact, annotated, ascii_slug, overlaps, settle_days, settle_people
from bot.wiki.import_model import Draft, DraftProposal, DraftSession, DraftVenue
from bot.wiki.import_places import place_zone
from bot.wiki.import_roster import settle_cast
from bot.wiki.import_sections import PageReader, Section
from bot.wiki.import_text import LineIndex, Skipped, plain, section_pieces
from bot.wiki.import_yaml import write_draft
from bot.wiki.import_zones import find_zone, front_matter

KINDS = (
    ("hackathon", r"hackathon|hackfest|codefest|code ?camp|code ?sprint"),
    ("mini-summit", r"mini-?\s?summit"),
    ("sprint", "sprint"),
    ("co-op", r"co-?op\b"),
)


@dataclass(frozen=True)
class Imported:
    """The agenda made from a page, and what on the page was left out ("line N: <the text>")."""

    yaml_text: str
    not_understood: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what was inferred, and from what ("time zone Europe/Rome, inferred from ...")


def import_page(
    text: str,
    *,
    title: str | None = None,
    timezone: str | None = None,
    event_id: str | None = None,
    source: str = "<wiki>",
    imported_on: date | None = None,
) -> Imported:
    """Read the wikitext of an event page into a new agenda.

    `title` is the page's title, `timezone` the IANA zone to use when the page states none
    (UserError when neither gives one), `source` the file or page named in messages and in
    the file's header, `imported_on` the date written in the header (today by default).
    """
    text, front = front_matter(text)
    index = LineIndex(text)
    zone, zone_comment = _zone(text, timezone, source)
    sections = _sections(text, index)
    lead = sections[0].pieces if sections and sections[0].level == 0 else []
    event_title = front.get("title") or _title(title, source)
    year = first_year(" ".join(getattr(piece, "text", "") for piece in lead), title, event_title, text)
    page = PageReader(index, year)
    page.read(sections)
    dated = find_dates(front.get("date", ""), year)
    page.prose_dates = dated.dates if dated else page.prose_dates  # front matter's date before the lead's
    if event_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", event_id):
        hint = f"try '{ascii_slug(event_id)}'" if ascii_slug(event_id) else None
        raise UserError(
            [Problem(source, 1, 1, f"event id '{event_id}' may hold only lower-case letters, digits and '-'", hint)]
        )
    draft = _draft(page, zone, zone_comment, event_title, event_id or ascii_slug(event_title) or "event")
    draft = replace(draft, wiki_page=title, header=_header(title, source, imported_on or date.today(), draft))
    notes = (f"time zone {zone}: {zone_comment}",)
    return Imported(write_draft(draft), draft.not_understood, notes)


def _zone(text: str, timezone: str | None, source: str) -> tuple[str, str]:
    """The event's zone and a comment saying where it came from: --timezone, the page's words, its places."""
    uncommented = _without_comments(text)
    stated = find_zone(uncommented)
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserError([Problem(source, 1, 1, f"unknown time zone '{timezone}'", "pass an IANA name")]) from None
        said = f'the page says "{stated.written}"' if stated else "the page states no time zone"
        return timezone, f"given with --timezone: {said}"
    if stated is not None:
        comment = f'the page says "{stated.written}"'
        if stated.name.startswith("Etc/"):
            comment += (
                "; a fixed offset: use the city's zone (such as Europe/Berlin) if the event moves across a clock change"
            )
        return stated.name, comment
    place = place_zone(uncommented)
    if place is not None:
        return place.name, f"inferred from '{place.written}' on line {place.line}: the page states no time zone"
    return "UTC", "WARNING: the page names no time zone and no place: UTC is a guess, change it (or pass --timezone)"


def _without_comments(text: str) -> str:
    return re.sub(r"<!--.*?(-->|$)", " ", text, flags=re.DOTALL)


def _sections(text: str, index: LineIndex) -> list[Section]:
    sections = []
    for section in wtp.parse(text).get_sections(include_subsections=False):
        wikitext = str(section.title or "")
        line = index.line(section.span[0])
        sections.append(Section(plain(wikitext), wikitext, int(section.level), line, section_pieces(section, index)))
    return sections


def _title(title: str | None, source: str) -> str:
    if title:
        return " ".join(title.replace("_", " ").replace("/", " ").split())
    if not source.startswith("<"):
        return Path(source).stem.replace("_", " ").replace("-", " ").strip() or "Imported event"
    return "Imported event"


def _draft(page: PageReader, zone: str, zone_comment: str, title: str, event_id: str) -> Draft:
    """Settle what the page said into an agenda that checks."""
    when = page.when
    facts = [DayFact(day) for day in when.dates] if when else []
    if not facts and not page.facts:
        facts = [DayFact(day) for day in page.prose_dates]
    hours = (when.start, when.end) if when and when.start and when.end else None
    entries, skipped = read_moderators(page.moderator_pieces)
    blocks, unmatched = assign_moderators(page.agenda.blocks, entries)
    days, sessions, unplaced = settle_days([*facts, *page.facts], blocks, hours)
    people, attendees, sessions, twice = settle_people(page.attendees, sessions)
    cast = settle_cast(page, people, attendees, sessions)
    venue, sessions = _rooms(page.venue, cast.sessions)
    proposals = _scheduled(list(cast.proposals), sessions)
    not_understood = sorted({*page.skipped, *page.agenda.skipped, *skipped, *unmatched, *unplaced, *twice},
                            key=lambda item: item.line)  # fmt: skip
    return Draft(
        event_id, title, _kind(title), zone, zone_comment, (), "\n\n".join(page.paragraphs) or None, days, venue,
        page.proposal_url, tuple(page.see_also), None, cast.people, attendees, proposals, sessions,
        tuple(str(item) for item in _unique(not_understood)), cast.organisers, page.hotel, cast.work_items,
    )  # fmt: skip


def _scheduled(proposals: list[DraftProposal], sessions: tuple[DraftSession, ...]) -> tuple[DraftProposal, ...]:
    """The proposals, each in the session its "in ''Block''" remark names, when one session has that title."""
    ids: dict[str, list[str]] = {}
    for session in sessions:
        ids.setdefault(session.title, []).append(session.id)
    found = [ids.get(proposal.session or "", []) for proposal in proposals]
    return tuple(replace(p, session=one[0] if len(one) == 1 else None) for p, one in zip(proposals, found, strict=True))


def _unique(items: list[Skipped]) -> list[Skipped]:
    return list(dict.fromkeys(items))


def _kind(title: str) -> str:
    for kind, pattern in KINDS:
        if re.search(pattern, title, re.IGNORECASE):
            return kind
    return "summit"


def _rooms(
    venue: DraftVenue | None, sessions: tuple[DraftSession, ...]
) -> tuple[DraftVenue | None, tuple[DraftSession, ...]]:
    """Every room a session uses is a room of the venue; a venue's only room holds every session."""
    rooms = tuple(dict.fromkeys([*(venue.rooms if venue else ()), *(s.room for s in sessions if s.room)]))
    if rooms and (venue or any(s.room for s in sessions)):
        venue = replace(venue or DraftVenue(), rooms=rooms)
    if len(rooms) == 1 and not any(overlaps(one, other) for one, other in combinations(sessions, 2)):
        sessions = tuple(replace(session, room=session.room or rooms[0]) for session in sessions)
    return venue, _one_at_a_time(sessions)


def _one_at_a_time(sessions: tuple[DraftSession, ...]) -> tuple[DraftSession, ...]:
    """A session that overlaps an earlier one in its room loses the room, and says so."""
    result: list[DraftSession] = []
    for session in sessions:
        clash = next((o for o in result if o.room and o.room == session.room and overlaps(o, session)), None)
        if clash is None:
            result.append(session)
        else:
            note = f"the page puts it in {session.room} too, at the same time as '{clash.title}'"
            result.append(annotated(replace(session, room=None), note))
    return tuple(result)


def _header(title: str | None, source: str, when: date, draft: Draft) -> tuple[str, ...]:
    page = f'the wiki page "{title}"' if title else "a wiki page"
    where = "" if source.startswith("<") else f" ({source})"
    lines = [f"Imported from {page}{where} by `summitbot import-wiki` on {when.isoformat()}."]
    lines.append("Check it with `summitbot check`; from now on this file is the truth.")
    count = len(draft.not_understood)
    if count:
        things = f"{count} things on the page were" if count != 1 else "1 thing on the page was"
        lines.append(f"{things} not understood and left out: see the list at the end of this file.")
    else:
        lines.append("Everything on the page was understood.")
    return tuple(lines)
