"""`summitbot roadmap`: what each release was to hold, what landed, and what slipped where.

It returns exit codes and raises the errors of `bot.errors` (an unknown release is
`UnknownRelease`, which suggests or lists the known ones, a usage error); `bot.cli` turns those
into messages.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

Subcommands = Any  # argparse's _SubParsersAction is private


def add_roadmap_commands(commands: Subcommands) -> None:
    """Register roadmap."""
    roadmap = commands.add_parser(
        "roadmap",
        help="show the roadmap: per release what was planned, what landed and what slipped where",
        description="Without --release: every release and milestone of the agenda's roadmap, in date order, "
        "with its items counted per status. With --release (an id or a title, any case): what was planned "
        "for it, what landed, what is still open, what slipped and where it went in the end, what slipped "
        "into it from other releases, and the pledges toward it. A release may be given by the start of its id "
        "or title when only one fits; exit code 2 for an unknown release (the closest are suggested) or one "
        "that several fit (they are listed).",
    )
    roadmap.add_argument("agenda", type=Path, metavar="AGENDA", help="an agenda YAML file")
    roadmap.add_argument(
        "--release", metavar="RELEASE", help="one release or milestone, by id or title (or the start of one)"
    )
    roadmap.add_argument(
        "--json",
        action="store_true",
        help="print JSON instead of text: {event, roadmap: [{release, counts, came_in, totals}]}, or with "
        "--release {release, counts, items, slipped, came_in, pledges, totals}; the exit code is the same",
    )
    roadmap.set_defaults(run=_roadmap)


def _roadmap(arguments: argparse.Namespace) -> int:
    import json

    from bot.agenda.load import load_agenda
    from bot.minutes.roadmap import release_report, roadmap_reports
    from bot.minutes.roadmap_text import format_report, format_summary, report_json, summary_json

    agenda = load_agenda(arguments.agenda)
    shown: dict[str, Any]
    if arguments.release is not None:
        report = release_report(agenda, arguments.release)
        if not arguments.json:
            print(format_report(report))
            return 0
        shown = report_json(report)
    else:
        reports = roadmap_reports(agenda)
        if not arguments.json:
            print(format_summary(agenda, reports))
            return 0
        shown = summary_json(agenda, reports)
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    return 0
