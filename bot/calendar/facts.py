"""Calendar entries as flat facts, the currency of the three-way merge (`bot.sync.merge`).

Keys, with times as wall-clock "YYYY-MM-DDTHH:MM" in the event's zone:
- `event/<id>`: present ("1"); `event/<id>/title`, `/start`, `/end`: what a calendar app may
  change and the agenda takes back; `/location`, `/description`, `/rrule`, `/exdates` and
  `/override/<date>` (one occurrence of a series moved on its own): one-way, so a change made in
  the app is recorded as a conflict and the agenda's value is published again;
- `task/<id>`: present; `task/<id>/text`, `/status` (open, done, dropped), `/due`: two-way.
The presence of an entry is one-way too: an entry deleted in an app is published again (and the
deletion recorded as a conflict), never deleted from the agenda. What an app wrote is taken
without the control characters no format carries (`bot.text.printable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.calendar.entries import EVENT, TASK_STATUS, Entry
from bot.model import ActionStatus
from bot.text import printable

Facts = dict[str, str]
TWO_WAY = frozenset({"title", "start", "end", "text", "status", "due"})
STATUS_OF = {value: key.value for key, value in TASK_STATUS.items()}


@dataclass(frozen=True)
class ItemFacts:
    """What one item on the server says: its UID, facts, SEQUENCE and whether it is cancelled."""

    uid: str
    facts: Facts
    sequence: int
    cancelled: bool


def is_one_way(key: str) -> bool:
    """Whether a change made in a calendar app to this fact stays out of the agenda."""
    parts = key.split("/")
    return len(parts) < 3 or parts[2] not in TWO_WAY or len(parts) > 3


def record_key(uid: str, kind: str) -> str:
    """`event/<session id>` or `task/<action id>` for one of the event's UIDs."""
    local = uid.rsplit("@", 1)[0].rsplit("/", maxsplit=1)[-1]
    return f"{'event' if kind == EVENT else 'task'}/{local}"


def entry_facts(entry: Entry) -> Facts:
    """The facts of an entry built from the agenda."""
    record = record_key(entry.uid, entry.kind)
    facts = {record: "1"}
    if entry.kind == EVENT:
        assert entry.start is not None
        assert entry.end is not None
        facts |= {f"{record}/title": entry.summary, f"{record}/start": _wall(entry.start)}
        facts[f"{record}/end"] = _wall(entry.end)
        optional = {"location": entry.location, "description": entry.description, "rrule": entry.rrule}
        optional["exdates"] = " ".join(_wall(moment) for moment in entry.exdates) or None
    else:
        facts |= {f"{record}/text": entry.summary, f"{record}/status": STATUS_OF[entry.status]}
        optional = {"due": entry.due.isoformat() if entry.due else None, "description": entry.description}
    facts |= {f"{record}/{name}": value for name, value in optional.items() if value}
    return facts


def item_facts(text: str, zone: ZoneInfo) -> ItemFacts | None:
    """The facts of an item as a calendar app left it (None when it is not one component's item)."""
    try:
        calendar: Any = Calendar.from_ical(text)  # typed loosely: property values come in many classes
    except ValueError:
        return None
    masters: list[Any] = [c for c in calendar.walk() if c.name in {"VEVENT", "VTODO"} and "RECURRENCE-ID" not in c]
    if len(masters) != 1:
        return None
    master = masters[0]
    kind = str(master.name)
    record = record_key(str(master.get("UID", "")), kind)
    facts = {record: "1"}
    facts |= _event_facts(calendar, master, record, zone) if kind == EVENT else _task_facts(master, record)
    facts = {key: printable(value) for key, value in facts.items()}
    status = str(master.get("STATUS", "")).upper()
    return ItemFacts(str(master.get("UID", "")), facts, int(master.get("SEQUENCE", 0)), status == "CANCELLED")


def _event_facts(calendar: Any, master: Any, record: str, zone: ZoneInfo) -> Facts:
    facts = {f"{record}/title": str(master.get("SUMMARY", ""))}
    start, end = master.get("DTSTART"), master.get("DTEND")
    if start is not None:
        facts[f"{record}/start"] = _wall(start.dt, zone)
        if end is not None:
            facts[f"{record}/end"] = _wall(end.dt, zone)
        elif master.get("DURATION") is not None:
            facts[f"{record}/end"] = _wall(start.dt + master["DURATION"].dt, zone)
    for name in ("location", "description"):
        if master.get(name):
            facts[f"{record}/{name}"] = str(master[name])
    if master.get("RRULE"):
        facts[f"{record}/rrule"] = master["RRULE"].to_ical().decode("utf-8")
    exdates = [_wall(moment.dt, zone) for value in _listed(master.get("EXDATE")) for moment in value.dts]
    if exdates:
        facts[f"{record}/exdates"] = " ".join(sorted(exdates))
    for override in calendar.walk("VEVENT"):
        if "RECURRENCE-ID" in override:
            when = _wall(override["RECURRENCE-ID"].dt, zone)
            moved = override.get("DTSTART")
            facts[f"{record}/override/{when}"] = _wall(moved.dt, zone) if moved is not None else "changed"
    return facts


def _task_facts(master: Any, record: str) -> Facts:
    status = str(master.get("STATUS", "NEEDS-ACTION")).upper()
    facts = {f"{record}/text": str(master.get("SUMMARY", "")), f"{record}/status": _task_status(status, master)}
    due = master.get("DUE")
    if due is not None:
        facts[f"{record}/due"] = (due.dt.date() if isinstance(due.dt, datetime) else due.dt).isoformat()
    if master.get("DESCRIPTION"):
        facts[f"{record}/description"] = str(master["DESCRIPTION"])
    return facts


def _task_status(status: str, master: Any) -> str:
    """Apps mark a task done with STATUS:COMPLETED, or only with COMPLETED or PERCENT-COMPLETE:100."""
    if status in STATUS_OF:
        if status == "NEEDS-ACTION" and (master.get("COMPLETED") or int(master.get("PERCENT-COMPLETE", 0)) == 100):
            return ActionStatus.DONE.value
        return STATUS_OF[status]
    return ActionStatus.OPEN.value  # IN-PROCESS: still open


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _wall(moment: date | datetime, zone: ZoneInfo | None = None) -> str:
    """Wall-clock time in the event's zone; a floating time is taken as the event's; a date stays a date."""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime("%Y-%m-%dT%H:%M")
