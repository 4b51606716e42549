"""The tricky parts of iCalendar, documented next to the code that handles them (after khal).

- UIDs are built from the event id and the session (or action) id only, joined by '/', which no
  id may contain: two events never share one, and retitling or moving a session keeps it.
- Time zones: DTSTART and DTEND carry TZID=<IANA name>, and every calendar carries a VTIMEZONE
  for that zone made from zoneinfo: yearly rules (RRULE) since 1970, the same text in every feed
  and item. Clients that know the IANA name use their own rules; the others use the VTIMEZONE.
  Never floating times (they would shift with the reader's zone) and never only UTC (a weekly
  call would drift by an hour at each DST change).
- Recurrence: RRULE's UNTIL is in UTC when DTSTART has a TZID (RFC 5545 3.3.10); an EXDATE has the
  value type and zone of DTSTART, so a skipped date is the series' wall-clock time on that day.
- Stamps: DTSTAMP and LAST-MODIFIED are when the entry last changed as the state store saw it,
  not "now", so an unchanged agenda gives a byte-identical feed. SEQUENCE rises only when the
  start, end, recurrence or status changes (RFC 5546: the changes that make attendees look again).
- Cancelling: a session that left the agenda stays as STATUS:CANCELLED with a higher SEQUENCE for
  a while; a client that merely stops seeing an event may keep showing it.
- Addresses: ORGANIZER and ATTENDEE are URIs: mailto: when the agenda has an e-mail address,
  otherwise a urn:uuid made from the event and person ids. SCHEDULE-AGENT=CLIENT keeps a CalDAV
  server from mailing invitations on the bot's behalf (RFC 6638 7.1).
- No METHOD in feeds: a feed is a snapshot to subscribe to, not an iTIP message. RFC 5545 3.7.2:
  without METHOD "a scheduling transaction MUST NOT be assumed", which is what a subscription
  means; with METHOD:PUBLISH, RFC 5546 3.2.1 forbids ATTENDEE (libical refuses the calendar:
  "ATTENDEE expected 0") and requires an ORGANIZER in every VTODO. Google, Apple Calendar and
  Thunderbird subscribe to feeds without METHOD (they ignore it on subscription), so the feeds
  keep their attendees, by name, and stay valid for libical.
- Reminders: with `calendar.alarm` each VEVENT holds a VALARM: ACTION:DISPLAY, a TRIGGER that long
  before DTSTART, the summary as its DESCRIPTION (DISPLAY requires one) and a UID of its own
  (RFC 9074), so a client that stores alarms per user can tell it from the ones it adds.
- A task's DUE is a DATE (VALUE=DATE): no time, no zone.
- icalendar escapes text (`,` `;` `\\` and newlines) and folds lines at 75 octets. It writes
  control characters as they are, which TEXT may not hold (RFC 5545 3.3.11) and CalDAV servers
  refuse: every text is passed through `printable` first, so a feed stays valid whatever it holds.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    Todo,
    vCalAddress,
    vRecur,
    vText,
)

from bot import __version__
from bot.calendar.entries import EVENT, Address, Entry
from bot.text import printable

PRODID = f"-//summitbot//summitbot {__version__}//EN"
REFRESH = timedelta(hours=1)
_RULES_UNTIL = 2038  # zoneinfo is read up to here; the rules in force then continue open-ended


def component_text(entry: Entry, *, sequence: int, created: datetime, modified: datetime) -> str:
    """The VEVENT or VTODO of an entry, stamped, as iCalendar text (CRLF line ends, folded)."""
    component: Component = Event() if entry.kind == EVENT else Todo()
    component.add("uid", entry.uid)
    component.add("dtstamp", modified.astimezone(UTC))
    component.add("created", created.astimezone(UTC))
    component.add("last-modified", modified.astimezone(UTC))
    component.add("sequence", sequence)
    component.add("summary", printable(entry.summary))
    if entry.start is not None and entry.end is not None:
        component.add("dtstart", entry.start)
        component.add("dtend", entry.end)
    if entry.rrule:
        component.add("rrule", vRecur.from_ical(entry.rrule))
    if entry.exdates:
        component.add("exdate", list(entry.exdates))
    if entry.due is not None:
        component.add("due", entry.due)
    component.add("status", entry.status)
    if entry.status == "COMPLETED":  # some task apps look at these rather than STATUS
        component.add("completed", modified.astimezone(UTC))
        component.add("percent-complete", 100)
    _optional(component, entry)
    return str(component.to_ical().decode("utf-8"))


def _optional(component: Component, entry: Entry) -> None:
    for name, value in (("location", entry.location), ("description", entry.description), ("url", entry.url)):
        if value:
            component.add(name, printable(value))
    if entry.categories:
        component.add("categories", [printable(category) for category in entry.categories])
    if entry.organizer:
        component.add("organizer", _address(entry.organizer, organizer=True))
    for attendee in entry.attendees:
        component.add("attendee", _address(attendee, organizer=False))
    if entry.related_to:
        component.add("related-to", entry.related_to)
    if entry.alarm is not None and entry.start is not None:
        alarm = Alarm()
        alarm.add("uid", f"{entry.uid.removesuffix('@summitbot')}/alarm@summitbot")
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -entry.alarm)  # before DTSTART (RELATED=START is the default)
        alarm.add("description", printable(entry.summary))  # DISPLAY requires one (RFC 5545 3.6.6)
        component.add_component(alarm)


def _address(address: Address, *, organizer: bool) -> vCalAddress:
    value = vCalAddress(printable(address.uri))
    value.params["CN"] = printable(address.name)
    if not organizer:
        value.params["ROLE"] = address.role
        value.params["CUTYPE"] = "INDIVIDUAL"
    value.params["SCHEDULE-AGENT"] = "CLIENT"
    return value


def cancelled_text(text: str, *, sequence: int, modified: datetime) -> str:
    """A stored component, cancelled: STATUS:CANCELLED, a new SEQUENCE and new stamps."""
    component = Component.from_ical(text)
    component.subcomponents = [inner for inner in component.subcomponents if inner.name != "VALARM"]  # no reminder
    for name, value in (("status", "CANCELLED"), ("sequence", sequence)):
        component.pop(name, None)
        component.add(name, value)
    for name in ("dtstamp", "last-modified"):
        component.pop(name, None)
        component.add(name, modified.astimezone(UTC))
    return str(component.to_ical().decode("utf-8"))


def timezone_text(zone: ZoneInfo) -> str:
    """The VTIMEZONE of `zone`: its changes since 1970 as yearly rules ("last Sunday of March at
    01:00"), the last of them open-ended, so one text serves every feed and item, for any year.

    Apps that read only the VTIMEZONE (and vobject, hence Radicale) then agree with zoneinfo
    everywhere; a VTIMEZONE listing only a few years misleads them outside those years.
    """
    listed = Timezone.from_tzinfo(zone, first_date=date(1970, 1, 1), last_date=date(_RULES_UNTIL, 1, 1))
    ruled = Timezone()
    ruled.add("tzid", zone.key)
    for observance in listed.subcomponents:
        for group in _yearly_groups(_onsets(observance)):
            ruled.add_component(_observance(observance, group))
    return str(ruled.to_ical().decode("utf-8"))


def _onsets(observance: Any) -> list[datetime]:
    onsets = [observance["DTSTART"].dt]
    for listed in _as_list(observance.get("RDATE")):
        onsets += [value.dt for value in listed.dts]
    return sorted(onsets)


def _as_list(value: object) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _yearly_groups(onsets: list[datetime]) -> list[list[datetime]]:
    """Runs of onsets in consecutive years that one yearly BYDAY rule describes."""
    groups: list[list[datetime]] = []
    for onset in onsets:
        group = groups[-1] if groups else None
        if group and onset.year == group[-1].year + 1 and _rule_keys(group[0]) & _common_keys(group, onset):
            group.append(onset)
        else:
            groups.append([onset])
    return groups


def _common_keys(group: list[datetime], onset: datetime) -> set[str]:
    keys = _rule_keys(onset)
    for member in group:
        keys &= _rule_keys(member)
    return keys


def _rule_keys(onset: datetime) -> set[str]:
    """The BYDAY values that give this date in its month: "2SU", and "-1SU" when it is the last."""
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[onset.weekday()]
    keys = {f"{onset.month}/{onset:%H%M}/{(onset.day - 1) // 7 + 1}{weekday}"}
    if onset.day + 7 > monthrange(onset.year, onset.month)[1]:
        keys.add(f"{onset.month}/{onset:%H%M}/-1{weekday}")
    return keys


def _observance(listed: Any, group: list[datetime]) -> Component:
    observance: Component = TimezoneDaylight() if listed.name == "DAYLIGHT" else TimezoneStandard()
    observance.add("dtstart", group[0])
    for name in ("tzoffsetfrom", "tzoffsetto", "tzname"):
        if name in listed:
            observance.add(name, listed[name].td if name != "tzname" else str(listed[name]))
    if len(group) > 1:
        key = min(_common_keys(group[1:], group[0]), key=lambda k: ("/-1" not in k, k))  # "last" generalises
        month, _, byday = key.split("/")
        rule: dict[str, object] = {"freq": "yearly", "bymonth": int(month), "byday": byday}
        if group[-1].year < _RULES_UNTIL - 1:  # the rule ended: say when, in UTC
            rule["until"] = (group[-1] - listed["TZOFFSETFROM"].td).replace(tzinfo=UTC)
        observance.add("rrule", rule)
    return observance


def calendar_text(name: str, zone: ZoneInfo, timezone: str, components: Sequence[str], *, feed: bool) -> str:
    """A VCALENDAR around a VTIMEZONE and stamped components; `feed` adds the subscription hints."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if feed:
        head += [*_folded_text("NAME", name), *_folded_text("X-WR-CALNAME", name)]
        head += [f"X-WR-TIMEZONE:{zone.key}", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    lines = "\r\n".join(head) + "\r\n"
    return lines + timezone + "".join(components) + "END:VCALENDAR\r\n"


def _folded_text(name: str, value: str) -> list[str]:
    calendar = Calendar()
    calendar.add(name, vText(printable(value)))  # icalendar 7 would write NAME as is: unescaped, newlines and all
    content = calendar.to_ical().decode("utf-8")
    inner: str = content.removeprefix("BEGIN:VCALENDAR\r\n").removesuffix("END:VCALENDAR\r\n")
    return inner.rstrip("\r\n").split("\r\n")
