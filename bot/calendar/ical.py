"""The tricky parts of iCalendar, documented next to the code that handles them (after khal).

- UIDs are built from the event id and the session (or action) id only, joined by '/', which no
  id may contain: two events never share one, and retitling or moving a session keeps it.
- Time zones: DTSTART and DTEND carry TZID=<IANA name>, and every calendar carries a VTIMEZONE
  for that zone made from zoneinfo for the years its entries cover. Clients that know the IANA
  name use their own rules; the others use the VTIMEZONE. Never floating times (they would shift
  with the reader's zone) and never only UTC (a weekly call would drift by an hour at each DST
  change).
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
- A task's DUE is a DATE (VALUE=DATE): no time, no zone.
- icalendar escapes text (`,` `;` `\\` and newlines) and folds lines at 75 octets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone, Todo, vCalAddress, vRecur

from bot import __version__
from bot.calendar.entries import EVENT, Address, Entry

PRODID = f"-//summitbot//summitbot {__version__}//EN"
REFRESH = timedelta(hours=1)
_FUTURE_YEARS = 10  # a series without an end gets a VTIMEZONE this far ahead


def component_text(entry: Entry, *, sequence: int, created: datetime, modified: datetime) -> str:
    """The VEVENT or VTODO of an entry, stamped, as iCalendar text (CRLF line ends, folded)."""
    component: Component = Event() if entry.kind == EVENT else Todo()
    component.add("uid", entry.uid)
    component.add("dtstamp", modified.astimezone(UTC))
    component.add("created", created.astimezone(UTC))
    component.add("last-modified", modified.astimezone(UTC))
    component.add("sequence", sequence)
    component.add("summary", entry.summary)
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
    _optional(component, entry)
    return str(component.to_ical().decode("utf-8"))


def _optional(component: Component, entry: Entry) -> None:
    for name, value in (("location", entry.location), ("description", entry.description), ("url", entry.url)):
        if value:
            component.add(name, value)
    if entry.categories:
        component.add("categories", list(entry.categories))
    if entry.organizer:
        component.add("organizer", _address(entry.organizer, organizer=True))
    for attendee in entry.attendees:
        component.add("attendee", _address(attendee, organizer=False))
    if entry.related_to:
        component.add("related-to", entry.related_to)


def _address(address: Address, *, organizer: bool) -> vCalAddress:
    value = vCalAddress(address.uri)
    value.params["CN"] = address.name
    if not organizer:
        value.params["ROLE"] = address.role
        value.params["CUTYPE"] = "INDIVIDUAL"
    value.params["SCHEDULE-AGENT"] = "CLIENT"
    return value


def cancelled_text(text: str, *, sequence: int, modified: datetime) -> str:
    """A stored component, cancelled: STATUS:CANCELLED, a new SEQUENCE and new stamps."""
    component = Component.from_ical(text)
    for name, value in (("status", "CANCELLED"), ("sequence", sequence)):
        component.pop(name, None)
        component.add(name, value)
    for name in ("dtstamp", "last-modified"):
        component.pop(name, None)
        component.add(name, modified.astimezone(UTC))
    return str(component.to_ical().decode("utf-8"))


def timezone_text(zone: ZoneInfo, first_year: int, last_year: int) -> str:
    """The VTIMEZONE of `zone` for the whole years from `first_year` to `last_year`."""
    vtimezone = Timezone.from_tzinfo(zone, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))
    return str(vtimezone.to_ical().decode("utf-8"))


def years(entry: Entry) -> list[int]:
    """The years an entry's times fall in: its start and end, or a series' first and last year
    (ten years ahead for a series without an end)."""
    moments: list[datetime | date] = [m for m in (entry.start, entry.end, entry.due) if m is not None]
    found = [moment.year for moment in moments]
    if entry.rrule and found:
        rule = vRecur.from_ical(entry.rrule)
        if "UNTIL" in rule:
            found.append(rule["UNTIL"][0].year)
        elif "COUNT" in rule:
            found.append(found[0] + int(rule["COUNT"][0]))  # no rule repeats less often than yearly
        else:
            found.append(found[0] + _FUTURE_YEARS)
    return found


def calendar_text(name: str, zone: ZoneInfo, timezone: str, components: Sequence[str], *, feed: bool) -> str:
    """A VCALENDAR around a VTIMEZONE and stamped components; `feed` adds the subscription hints."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if feed:
        head += ["METHOD:PUBLISH", *_folded_text("NAME", name), *_folded_text("X-WR-CALNAME", name)]
        head += [f"X-WR-TIMEZONE:{zone.key}", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    lines = "\r\n".join(head) + "\r\n"
    return lines + timezone + "".join(components) + "END:VCALENDAR\r\n"


def _folded_text(name: str, value: str) -> list[str]:
    calendar = Calendar()
    calendar.add(name, value)
    content = calendar.to_ical().decode("utf-8")
    inner: str = content.removeprefix("BEGIN:VCALENDAR\r\n").removesuffix("END:VCALENDAR\r\n")
    return inner.rstrip("\r\n").split("\r\n")
