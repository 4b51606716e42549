"""What a sync did (or, in a dry run, would do), as `summitbot sync` prints it: one block per agenda
and side on stdout, the failures on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.calendar.sync import CalendarReport
    from bot.minutes.page_sync import MinutesPageReport
    from bot.sync.agenda_sync import AgendaSyncResult
    from bot.sync.merge import FieldConflict, Plan
    from bot.sync.wiki_sync import SyncReport


def print_errors(result: AgendaSyncResult) -> None:
    """Print what failed in a sync, on stderr."""
    path = result.path
    for error in result.calendar_errors:
        print(f"{path}: calendar: {error}", file=sys.stderr)
    for error in result.minutes_errors:
        print(f"{path}: minutes: {error}", file=sys.stderr)
    if result.wiki_error is not None:
        print(f"{path}: {result.wiki_error}", file=sys.stderr)
    if result.roadmap_error is not None:
        print(f"{path}: roadmap: {result.roadmap_error}", file=sys.stderr)


def print_result(result: AgendaSyncResult, *, dry_run: bool) -> None:
    """Print what a sync did on stdout (the failures: `print_errors`)."""
    path = result.path
    for minutes in result.minutes:
        described = _describe_minutes(path, minutes, dry_run=dry_run)
        if described:
            print(described)
    if result.wiki is not None:
        print(_describe_wiki(path, result.wiki, result.page_url or "", dry_run=dry_run))
    for calendar in result.calendars:
        print(_describe_calendar(path, calendar, dry_run=dry_run))
    if result.no_collection:
        print(f"{path}: no calendar: the agenda names no event.calendar.collection")
    if result.roadmap_error is None and result.roadmap_page is not None:
        done = ("would be saved" if dry_run else "saved") if result.roadmap_saved else "in step: nothing to do"
        print(f"{path} -> {result.roadmap_page}: roadmap {done}")


def _describe_minutes(path: Path, report: MinutesPageReport, *, dry_run: bool) -> str | None:
    """What syncing a minutes page did (the corrections it brought into the agenda, the save), or
    would do; None when it had nothing to do."""
    from bot.minutes.page import content_key

    if dry_run:
        plan = report.plan
        if plan is None or plan.is_empty:
            return None
        kept = [
            f"  minutes page keeps what people wrote: {c.key}{'' if c.new else ' (removed)'}"
            for c in plan.to_agenda
            if content_key(c.key)
        ]
        fields = replace(plan, to_agenda=tuple(c for c in plan.to_agenda if not content_key(c.key)))
        return "\n".join([f"{path} <-> {report.page}", *kept, _plan_text(fields, "minutes page")])
    lines = [f"  agenda: {change}" for change in report.agenda_changes]
    lines += [f"  wiki: saved revision {report.revision}"] if report.saved else []
    return "\n".join([f"{path} <-> {report.page}", *lines]) if lines else None


def _describe_wiki(path: Path, report: SyncReport, address: str, *, dry_run: bool) -> str:
    if dry_run:
        return f"{path} <-> {address}\n" + (_plan_text(report.plan, "wiki") if report.plan else "  nothing to do")
    lines = [f"{path} <-> {address}"]
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.edited:
        lines.append(f"  wiki: saved revision {report.revision} ({report.summary})")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    lines += _held_lines(report.conflicts)
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _held_lines(conflicts: Iterable[FieldConflict]) -> list[str]:
    """One line for each reason the sync held something back (a mass change, a broken reference)."""
    return [f"  held: {reason}" for reason in dict.fromkeys(c.reason for c in conflicts if c.reason)]


def _describe_calendar(path: Path, report: CalendarReport, *, dry_run: bool) -> str:
    head = f"{path} <-> {report.address}"
    if dry_run:
        return head + "\n" + (_plan_text(report.plan, "calendar") if report.plan else "  nothing to do")
    lines = [head]
    if report.created:
        lines.append(f"  calendar: created the collection {report.collection}")
    if report.republished:
        lines.append("  calendar: the collection had none of the event's items any more; published them again")
    lines += [f"  agenda: {change}" for change in report.agenda_changes]
    if report.written or report.deleted:
        lines.append(f"  calendar: {report.written} item(s) written, {report.deleted} deleted")
    elif not report.agenda_changes:
        lines.append("  in step: nothing to do")
    lines += _held_lines(report.plan.conflicts if report.plan else ())
    if report.new_conflicts:
        lines.append(f"  {report.new_conflicts} new conflict(s): the agenda won; see `summitbot conflicts {path}`")
    return "\n".join(lines)


def _plan_text(plan: Plan, side: str) -> str:
    if plan.is_empty:
        return "  nothing to do"
    lines = [f"  agenda <- {side}: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_agenda]
    lines += [f"  {side} <- agenda: {c.key}: {c.old!r} -> {c.new!r}" for c in plan.to_other]
    lines += [
        f"  conflict (agenda wins): {c.key}: agenda {c.agenda!r}, {side} {c.other!r}"
        + (f" ({c.reason})" if c.reason else "")
        for c in plan.conflicts
    ]
    return "\n".join(lines)
