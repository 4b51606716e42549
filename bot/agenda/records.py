"""Reading the event header, the people and the records that refer to them.

People are read first (the registry, then the attendee list, which may introduce new people) so
that every later name resolves on the spot; references to sessions are checked at the end.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.agenda.context import ROADMAP, SESSIONS, ReadContext
from bot.agenda.fields import Fields, closest
from bot.agenda.people import name_key, slug
from bot.agenda.pledges import PLEDGE_KEYS, read_pledge, read_target
from bot.agenda.yamltree import Mark, YamlMap
from bot.model import (
    ActionItem,
    ActionSource,
    ActionStatus,
    AttendanceStatus,
    Attendee,
    CalendarSettings,
    Channel,
    ChatSettings,
    EventKind,
    Link,
    Milestone,
    MilestoneKind,
    Person,
    Proposal,
    ProposalStatus,
    RoadmapItem,
    RoadmapStatus,
    Venue,
    WikiSettings,
    WorkItem,
    WorkStatus,
)  # fmt: skip
from bot.text import MAX_NAME

EVENT_KEYS = (
    "id", "title", "kind", "timezone", "description", "days", "venue", "hotel", "links",
    "organisers", "wiki", "calendar", "chat",
)  # fmt: skip
VENUE_KEYS = ("name", "address", "url", "rooms")
LINKS_KEYS = ("proposal", "see_also")
LINK_KEYS = ("title", "url")
WIKI_KEYS = ("page", "template")
CALENDAR_KEYS = ("collection", "keep_cancelled_days", "personal_feed_emails", "alarm")
CHAT_KEYS = ("channel", "reminders", "change_notices")
PERSON_KEYS = ("id", "name", "aliases", "chat_id", "wiki_user", "email", "affiliation", "provisional")
ATTENDEE_KEYS = ("name", "status", "remote", "note", "interests", "via", "signed_up", "days", "arrives", "departs")
PROPOSAL_KEYS = ("id", "title", "description", "proposer", "votes", "status", "session", "reason")
WORK_ITEM_KEYS = ("id", "title", "description", "volunteers", "status")
ACTION_KEYS = ("id", "owner", "text", "due", "status", "source")
ACTION_SOURCE_KEYS = ("session", "meeting", "date", "minutes")
ROADMAP_KEYS = ("id", "title", "kind", "date", "target", "items", "pledges")
ROADMAP_ITEM_KEYS = ("id", "title", "owner", "status", "slipped_to")
__all__ = ["PLEDGE_KEYS"]  # the pledge keys are read in bot.agenda.pledges


def read_zone(fields: Fields, event: YamlMap) -> ZoneInfo | None:
    """The event's IANA time zone."""
    name = fields.text(event, "timezone", "event", required=True)
    if name is None:
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        hint = closest(name.strip(), available_timezones()) or "an IANA name such as 'Europe/Brussels'"
        fields.problem(event.value_at("timezone"), f"event: unknown time zone '{name}'", hint)
        return None


def read_venue(fields: Fields, event: YamlMap, key: str = "venue") -> Venue:
    """Where the event happens (or, with `key` "hotel", where its attendees stay)."""
    record = event.get(key) and fields.record(event[key], event.value_at(key), f"event: '{key}'")
    if not record:
        return Venue()
    fields.check_keys(record, VENUE_KEYS, key)
    return Venue(
        fields.text(record, "name", key), fields.text(record, "address", key),
        fields.url(record, "url", key), fields.texts(record, "rooms", key),
    )  # fmt: skip


def read_links(fields: Fields, event: YamlMap) -> tuple[str | None, tuple[Link, ...]]:
    """The proposal link and the "see also" links."""
    record = event.get("links") and fields.record(event["links"], event.value_at("links"), "event: 'links'")
    if not record:
        return None, ()
    fields.check_keys(record, LINKS_KEYS, "links")
    see_also = []
    for value, at in fields.items(record, "see_also", "links"):
        if isinstance(value, YamlMap):
            fields.check_keys(value, LINK_KEYS, "link")
            url = fields.url(value, "url", "link", required=True)
            if url:
                see_also.append(Link(url, fields.text(value, "title", "link")))
        elif (text := fields.as_text(value, at, "links: 'see_also' item")) and fields.check_url(text, at, "link"):
            see_also.append(Link(text.strip()))
    return fields.url(record, "proposal", "links"), tuple(see_also)


def read_settings(fields: Fields, event: YamlMap) -> tuple[WikiSettings, CalendarSettings, ChatSettings]:
    """How the event is published to the wiki, calendars and chat (never credentials)."""
    sections: dict[str, YamlMap] = {}
    for key, allowed in (("wiki", WIKI_KEYS), ("calendar", CALENDAR_KEYS), ("chat", CHAT_KEYS)):
        record = event.get(key) and fields.record(event[key], event.value_at(key), f"event: '{key}'")
        sections[key] = record or YamlMap(event.at)
        fields.check_keys(sections[key], allowed, key)
    wiki, calendar, chat = sections["wiki"], sections["calendar"], sections["chat"]
    keep = fields.integer(calendar, "keep_cancelled_days", "calendar", minimum=0)
    return (
        WikiSettings(fields.text(wiki, "page", "wiki"), fields.text(wiki, "template", "wiki")),
        CalendarSettings(
            fields.text(calendar, "collection", "calendar"),
            30 if keep is None else keep,
            fields.flag(calendar, "personal_feed_emails", "calendar"),
            fields.lead_time(calendar, "alarm", "calendar"),
        ),
        ChatSettings(
            fields.text(chat, "channel", "chat"),
            _reminders(fields, chat),
            fields.flag(chat, "change_notices", "chat", default=True),
        ),
    )


def _reminders(fields: Fields, chat: YamlMap) -> tuple[timedelta, ...]:
    """The lead times of `chat.reminders` (a list, or one lead time alone), longest first, each once."""
    if isinstance(chat.get("reminders"), str):
        lead = fields.lead_time(chat, "reminders", "chat")
        return (lead,) if lead else ()
    leads: dict[timedelta, Mark] = {}
    for value, at in fields.items(chat, "reminders", "chat"):
        item = YamlMap(at)
        item["reminders"], item.value_marks["reminders"] = value, at
        lead = fields.lead_time(item, "reminders", "chat")
        if lead is None:
            continue
        if not lead:
            fields.problem(
                at, "chat: 'reminders' item: a reminder 0 minutes ahead comes too late", 'write "5m" or more'
            )
        elif lead in leads:
            fields.problem(at, f"chat: 'reminders' gives {value} twice (first on line {leads[lead][0]})")
        else:
            leads[lead] = at
    return tuple(sorted(leads, reverse=True))


def read_kind(fields: Fields, event: YamlMap) -> EventKind:
    """What sort of event this is."""
    return fields.choice(event, "kind", "event", EventKind, EventKind.SUMMIT)


def read_people(context: ReadContext, values: list[tuple[Any, Mark]]) -> None:
    """The registry, into the context's directory."""
    fields = context.fields
    seen_ids: dict[str, Mark] = {}
    seen_names: dict[str, Mark] = {}
    for value, at in values:
        record = fields.record(value, at, "a person")
        if record is None:
            continue
        name = fields.text(record, "name", "person", required=True)
        what = f"person '{name}'" if name else "person"
        fields.check_keys(record, PERSON_KEYS, what)
        person_id = fields.ident(record, "id", what) if "id" in record else (name and slug(name))
        if not name or not person_id:
            continue
        if _duplicate_person(fields, record, person_id, name, seen_ids, seen_names):
            continue
        seen_ids[person_id] = record.value_at("id") if "id" in record else record.value_at("name")
        seen_names[name_key(name)] = record.value_at("name")
        context.directory.add(Person(
            person_id, name, fields.texts(record, "aliases", what), fields.text(record, "chat_id", what),
            fields.text(record, "wiki_user", what), fields.text(record, "email", what),
            fields.text(record, "affiliation", what), provisional=fields.flag(record, "provisional", what),
        ))  # fmt: skip


def _duplicate_person(
    fields: Fields, record: YamlMap, person_id: str, name: str, seen_ids: dict[str, Mark], seen_names: dict[str, Mark]
) -> bool:
    """Note a registry entry whose id or name an earlier entry already has."""
    if "id" in record and person_id in seen_ids:
        fields.problem(
            record.value_at("id"), f"duplicate person id '{person_id}' (first on line {seen_ids[person_id][0]})"
        )
    elif name_key(name) in seen_names:
        first = seen_names[name_key(name)][0]
        fields.problem(record.value_at("name"), f"duplicate person named '{name}' (first on line {first})")
    elif person_id in seen_ids:
        first = seen_ids[person_id][0]
        fields.problem(
            record.value_at("name"), f"'{name}' makes the same id '{person_id}' as line {first}", "give one an 'id'"
        )
    else:
        return False
    return True


def read_attendees(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[Attendee, ...]:
    """The attendee list; a name nobody in the registry has becomes a new person."""
    fields, attendees, seen = context.fields, [], dict[str, Mark]()
    for value, at in values:
        record = value if isinstance(value, YamlMap) else None
        if record is not None:
            label = record.get("name")
            fields.check_keys(record, ATTENDEE_KEYS, f"attendee '{label}'" if isinstance(label, str) else "attendee")
            name = fields.text(record, "name", "attendee", required=True)
        elif type(value) is str and len(value) <= MAX_NAME and value and not value.isspace():
            name = value  # a name alone, as most are: what as_text would return, sooner
        else:
            name = fields.as_text(value, at, "attendee", MAX_NAME)
        if not name:
            continue
        person_id = _attendee_person(context, name, at)
        if person_id is None:
            continue
        if person_id in seen:
            fields.problem(at, f"attendee '{name}' is listed twice (first on line {seen[person_id][0]})")
            continue
        seen[person_id] = at
        attendees.append(_attendee(context, person_id, name, record) if record is not None else Attendee(person_id))
    return tuple(attendees)


def _attendee_person(context: ReadContext, name: str, at: Mark) -> str | None:
    found = context.directory.signing_up(name)
    if len(found) > 1:
        return context.directory.resolve(context.fields, name, at, "attendee")
    if found:
        return found[0].id
    person = Person(context.directory.free_id(name), name.strip(), listed=False)
    context.directory.add(person)
    return person.id


def _attendee(context: ReadContext, person_id: str, name: str, record: YamlMap) -> Attendee:
    fields, what = context.fields, f"attendee '{name}'"
    dated = [
        (day, at)
        for value, at in fields.items(record, "days", what)
        if (day := fields.as_day(value, at, f"{what}: 'days'"))
    ]
    arrives, departs = fields.day(record, "arrives", what), fields.day(record, "departs", what)
    if arrives and departs and departs < arrives:
        fields.problem(record.value_at("departs"), f"{what} departs on {departs}, before arriving on {arrives}")
    context.attendance.append((what, dated, arrives, departs))
    return Attendee(
        person_id, fields.choice(record, "status", what, AttendanceStatus, AttendanceStatus.CONFIRMED),
        fields.flag(record, "remote", what), fields.text(record, "note", what), fields.texts(record, "interests", what),
        fields.choice(record, "via", what, Channel, Channel.YAML), fields.moment(record, "signed_up", what),
        tuple(sorted({day for day, _ in dated})), arrives, departs,
    )  # fmt: skip


def check_attendance(context: ReadContext) -> None:
    """Every day an attendee attends is a day of the event, and they are there for it."""
    if not context.days_known or not context.days:
        return
    known = ", ".join(str(day) for day in context.days)
    for what, dated, arrives, departs in context.attendance:
        for day, at in dated:
            if day not in context.days:
                context.fields.problem(at, f"{what}: {day} is not a day of the event (days: {known})")
            elif (arrives and day < arrives) or (departs and day > departs):
                context.fields.problem(at, f"{what} attends on {day}, outside their stay")


def read_proposals(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[Proposal, ...]:
    """The proposed topics."""
    fields, proposals = context.fields, []
    for record, what in _records(context, values, "proposal", PROPOSAL_KEYS):
        proposal_id, title = fields.ident(record, "id", what), fields.text(record, "title", what, required=True)
        status = fields.choice(record, "status", what, ProposalStatus, ProposalStatus.PROPOSED)
        session = context.refer(SESSIONS, record, "session", what)
        if status is ProposalStatus.SCHEDULED and session is None:
            fields.problem(record.key_at("status"), f"{what} is scheduled but names no 'session'")
        proposer, votes = context.person(record, "proposer", what), context.people(record, "votes", what)
        if context.declare("proposal", proposal_id, record.value_at("id")) and proposal_id and title:
            description, reason = fields.text(record, "description", what), fields.text(record, "reason", what)
            proposals.append(Proposal(proposal_id, title, description, proposer, votes, status, session, reason))
    return tuple(proposals)


def read_work_items(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[WorkItem, ...]:
    """The work items and their volunteers."""
    fields, items = context.fields, []
    for record, what in _records(context, values, "work item", WORK_ITEM_KEYS):
        item_id, title = fields.ident(record, "id", what), fields.text(record, "title", what, required=True)
        volunteers = context.people(record, "volunteers", what)
        status = fields.choice(record, "status", what, WorkStatus, WorkStatus.OPEN)
        if context.declare("work item", item_id, record.value_at("id")) and item_id and title:
            items.append(WorkItem(item_id, title, fields.text(record, "description", what), volunteers, status))
    return tuple(items)


def read_actions(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[ActionItem, ...]:
    """The action items."""
    fields, actions = context.fields, []
    for record, what in _records(context, values, "action", ACTION_KEYS):
        action_id, text = fields.ident(record, "id", what), fields.text(record, "text", what, required=True)
        owner, due = context.person(record, "owner", what), fields.day(record, "due", what)
        status = fields.choice(record, "status", what, ActionStatus, ActionStatus.OPEN)
        source = _action_source(context, record, what)
        if context.declare("action", action_id, record.value_at("id")) and action_id and text:
            actions.append(ActionItem(action_id, text, owner, due, status, source))
    return tuple(actions)


def _action_source(context: ReadContext, action: YamlMap, what: str) -> ActionSource:
    fields = context.fields
    record = action.get("source") and fields.record(action["source"], action.value_at("source"), f"{what}: 'source'")
    if not record:
        return ActionSource()
    fields.check_keys(record, ACTION_SOURCE_KEYS, f"{what}: source")
    if "session" in record and "meeting" in record:
        fields.problem(record.key_at("meeting"), f"{what}: source names a session and a meeting; keep one")
    key = "meeting" if "meeting" in record else "session"
    return ActionSource(
        context.refer(SESSIONS, record, key, f"{what}: source"), fields.day(record, "date", f"{what}: source"),
        fields.text(record, "minutes", f"{what}: source"),
    )  # fmt: skip


def read_roadmap(context: ReadContext, values: list[tuple[Any, Mark]]) -> tuple[Milestone, ...]:
    """The releases and milestones, their items and pledges."""
    fields, entries = context.fields, []
    for record, what in _records(context, values, ROADMAP, ROADMAP_KEYS):
        entry_id, title = fields.ident(record, "id", what), fields.text(record, "title", what, required=True)
        kind = fields.choice(record, "kind", what, MilestoneKind, MilestoneKind.RELEASE)
        items = tuple(
            item
            for item in (_roadmap_item(context, v, at, what) for v, at in fields.items(record, "items", what))
            if item
        )
        pledges = tuple(
            p for p in (read_pledge(context, v, at, what) for v, at in fields.items(record, "pledges", what)) if p
        )
        target = read_target(context, record, what)
        if context.declare(ROADMAP, entry_id, record.value_at("id")) and entry_id and title:
            day = fields.day(record, "date", what)
            entries.append(Milestone(entry_id, title, kind, day, items, pledges, target))
    return tuple(entries)


def _roadmap_item(context: ReadContext, value: Any, at: Mark, entry: str) -> RoadmapItem | None:
    fields = context.fields
    record = fields.record(value, at, f"{entry}: an item")
    if record is None:
        return None
    title = fields.text(record, "title", f"{entry}: item", required=True)
    what = f"{entry}: item '{title}'"
    fields.check_keys(record, ROADMAP_ITEM_KEYS, what)
    item_id = fields.ident(record, "id", what) if "id" in record else None
    status = fields.choice(record, "status", what, RoadmapStatus, RoadmapStatus.PLANNED)
    slipped_to = context.refer(ROADMAP, record, "slipped_to", what)
    if status is RoadmapStatus.SLIPPED and record.get("slipped_to") is None:
        fields.problem(record.key_at("status"), f"{what} slipped but 'slipped_to' does not say where to")
    owner = context.person(record, "owner", what)
    return RoadmapItem(title, item_id, owner, status, slipped_to) if title else None


def _records(
    context: ReadContext, values: list[tuple[Any, Mark]], kind: str, keys: tuple[str, ...]
) -> list[tuple[YamlMap, str]]:
    """The mappings among `values`, each with a name for messages; unknown keys noted."""
    found = []
    for value, at in values:
        record = context.fields.record(value, at, f"a {kind}")
        if record is None:
            continue
        record_id = record.get("id")
        what = f"{kind} '{record_id}'" if isinstance(record_id, str | int) and record_id != "" else kind
        context.fields.check_keys(record, keys, what)
        found.append((record, what))
    return found
