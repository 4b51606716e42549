"""The JSON that `summitbot sync --json` and `summitbot conflicts --json` print.

One object per agenda: for each side (minutes pages, wiki, calendars, roadmap) what changed (in a
dry run: what would change) in the agenda and on that side, the conflicts, and the errors.
"""

from __future__ import annotations

from typing import Any

from bot.calendar.sync import CalendarReport
from bot.minutes.page_sync import MinutesPageReport
from bot.sync.agenda_sync import AgendaSyncResult
from bot.sync.merge import Change, FieldConflict, Plan
from bot.sync.state import RecordedConflict
from bot.sync.wiki_sync import SyncReport

Json = dict[str, Any]


def change_json(change: Change) -> Json:
    """One fact that changes: its key, the value before and after."""
    return {"key": change.key, "old": change.old, "new": change.new}


def field_conflict_json(conflict: FieldConflict) -> Json:
    """One fact both sides changed: the agenda's value won."""
    return {
        "key": conflict.key,
        "base": conflict.base,
        "agenda": conflict.agenda,
        "other": conflict.other,
        "reason": conflict.reason or None,
    }


def plan_json(plan: Plan | None) -> Json | None:
    """A plan: what comes into the agenda, what goes to the other side, the conflicts."""
    if plan is None:
        return None
    return {
        "to_agenda": [change_json(c) for c in plan.to_agenda],
        "to_other": [change_json(c) for c in plan.to_other],
        "conflicts": [field_conflict_json(c) for c in plan.conflicts],
    }


def _wiki_json(report: SyncReport, address: str | None) -> Json:
    conflicts = report.conflicts or (report.plan.conflicts if report.plan else ())
    return {
        "page": report.page,
        "address": address,
        "plan": plan_json(report.plan),
        "agenda_changes": list(report.agenda_changes),
        "saved": report.edited,
        "revision": report.revision,
        "summary": report.summary or None,
        "conflicts": len(conflicts),
        "new_conflicts": report.new_conflicts,
        "held": list(dict.fromkeys(c.reason for c in conflicts if c.reason)),
    }


def _calendar_json(report: CalendarReport) -> Json:
    conflicts = report.plan.conflicts if report.plan else ()
    return {
        "collection": report.collection,
        "address": report.address,
        "plan": plan_json(report.plan),
        "agenda_changes": list(report.agenda_changes),
        "created": report.created,
        "republished": report.republished,
        "written": report.written,
        "deleted": report.deleted,
        "conflicts": len(conflicts),
        "new_conflicts": report.new_conflicts,
    }


def _minutes_json(report: MinutesPageReport) -> Json:
    return {
        "page": report.page,
        "plan": plan_json(report.plan),
        "agenda_changes": list(report.agenda_changes),
        "saved": report.saved,
        "revision": report.revision,
        "conflicts": len(report.plan.conflicts) if report.plan else 0,
        "new_conflicts": report.new_conflicts,
    }


def result_json(result: AgendaSyncResult, *, dry_run: bool) -> Json:
    """What the sync of one agenda did (dry run: would do), side by side."""
    wiki = _wiki_json(result.wiki, result.page_url) if result.wiki is not None else None
    calendars = [_calendar_json(c) for c in result.calendars]
    minutes = [_minutes_json(m) for m in result.minutes]
    sides = [*([wiki] if wiki else []), *calendars, *minutes]
    roadmap = None
    if result.roadmap_page is not None or result.roadmap_error is not None:
        roadmap = {"page": result.roadmap_page, "saved": result.roadmap_saved, "error": _text(result.roadmap_error)}
    return {
        "agenda": str(result.path),
        "dry_run": dry_run,
        "wiki": wiki,
        "calendars": calendars,
        "minutes": minutes,
        "roadmap": roadmap,
        "no_collection": result.no_collection,
        "conflicts": sum(side["conflicts"] for side in sides),
        "new_conflicts": sum(side["new_conflicts"] for side in sides),
        "errors": {
            "wiki": _text(result.wiki_error),
            "calendar": [str(e) for e in result.calendar_errors],
            "minutes": [str(e) for e in result.minutes_errors],
        },
    }


def failed_json(path: str, error: Exception, *, dry_run: bool) -> Json:
    """An agenda whose sync failed before it could report anything."""
    return {"agenda": path, "dry_run": dry_run, "error": str(error)}


def recorded_conflict_json(conflict: RecordedConflict) -> Json:
    """A conflict as the state store keeps it."""
    return {
        "id": conflict.id,
        "at": conflict.at.isoformat(),
        "target": conflict.target,
        "side": "calendar" if conflict.target.startswith("caldav:") else "wiki",
        "key": conflict.key,
        "agenda": conflict.agenda,
        "other": conflict.other,
        "base": conflict.base,
        "reason": conflict.reason or None,
    }


def _text(error: Exception | None) -> str | None:
    return None if error is None else str(error)
