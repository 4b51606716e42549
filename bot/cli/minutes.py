"""`summitbot minutes FILE`: a MeetBot log or mailing-list notes made into minutes, printed, and
with `--publish` recorded in the agenda (action items, the session's minutes page) and on the wiki.

Owners are matched against the agenda's people; an owner who could be several people, or nobody
the agenda knows, is listed on stderr before anything is published, so the chair can fix the
name (`#owner` in the meeting, or the YAML afterwards). Without an agenda a MeetBot log's owners
are its own people, as MeetBot has them: every nick that said something and is named in the
action. The day of a log is said on stderr with where it came from (the log, else its file name);
without one the minutes are undated, and only --publish refuses. An action with several owners is
published with the first as its owner (the agenda's action item has one), its text naming all.
Publishing ends with a sync of the agenda, so the event page links the block to its minutes and
lists the new open action items.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.sync import store_for, title_url, wiki_page_url
from bot.console import note
from bot.errors import ConfigError, SummitbotError

if TYPE_CHECKING:  # the commands import what they use when they run, so that --help stays light
    from bot.minutes.model import Minutes
    from bot.minutes.publish import PublishReport
    from bot.model import Agenda
    from bot.settings import Settings


Subcommands = Any  # argparse's _SubParsersAction is private
DEFAULT_DUE_DAYS = 14  # bot.minutes.followup's, not imported for --help (a test keeps the two the same)


def add_minutes_commands(commands: Subcommands) -> None:
    """Register minutes."""
    minutes = commands.add_parser(
        "minutes",
        help="make minutes of a meeting log or notes; with --publish, record them in the agenda and on the wiki",
        description="Read a MeetBot log (lines like '14:00:03 <nick> text'), mailing-list style notes "
        "('[ACTION]: George ...') or the JSON log serve keeps of a chat meeting, and print the minutes. "
        "Owners are matched against the agenda's people; "
        "unclear and unknown owners are listed on stderr. With --publish, the new action items go into the "
        "agenda, the minutes page is saved on the wiki (SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER, "
        "SUMMITBOT_WIKI_PASSWORD) and the event page is synced to link it.",
    )
    minutes.add_argument("file", type=Path, metavar="FILE", help="a MeetBot log or a text of notes")
    minutes.add_argument("--agenda", type=Path, metavar="AGENDA", help="the event's agenda YAML file")
    minutes.add_argument(
        "--json",
        action="store_true",
        help="print the minutes as JSON (title, start, end, chairs, present, topics, decisions, actions, "
        "notes, people...; see README)",
    )
    minutes.add_argument("--publish", action="store_true", help="record the minutes in the agenda and on the wiki")
    minutes.add_argument(
        "--format",
        choices=("auto", "notes", "meetbot", "json"),
        default="auto",
        help="what FILE is: notes, a MeetBot log, or the JSON log serve keeps of a chat meeting (default: auto)",
    )
    minutes.add_argument("--title", metavar="T", help="the meeting's title")
    minutes.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day of the meeting")
    minutes.add_argument(
        "--session",
        metavar="ID",
        help="the session or meeting of the agenda it was held in (an id, a title or the start of one)",
    )
    minutes.add_argument(
        "--due-days", type=int, default=DEFAULT_DUE_DAYS, metavar="N",
        help=f"an action with no due date in its text is due N days after the meeting (default {DEFAULT_DUE_DAYS})",
    )  # fmt: skip
    minutes.set_defaults(run=_minutes)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2013-05-15") from None


def _minutes(arguments: argparse.Namespace) -> int:
    from bot.minutes.owner_notes import owner_warnings, registry_notes
    from bot.settings import load_settings

    if arguments.publish and arguments.agenda is None:
        raise SummitbotError("--publish needs --agenda: the action items are recorded in the agenda")
    settings = load_settings() if arguments.publish else None
    if settings is not None and settings.wiki is None:
        raise ConfigError(
            "--publish needs a wiki: set SUMMITBOT_WIKI_URL, SUMMITBOT_WIKI_USER and SUMMITBOT_WIKI_PASSWORD, "
            "or put them under [wiki] in ~/.config/summitbot/config.toml"
        )
    agenda = _agenda(arguments.agenda) if arguments.agenda else None
    try:
        text = arguments.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SummitbotError(f"{arguments.file}: cannot be read: {error}") from None
    day, evidence = _day_of(text, arguments)
    if evidence:
        note(f"{arguments.file}: {evidence}")
    minutes = read_minutes(text, agenda, arguments, day=day)
    if arguments.publish and (minutes.start is None or not minutes.dated):
        raise SummitbotError(
            f"{arguments.file}: --publish needs the day of the meeting, and the record does not say it: give --date"
        )
    registry = registry_notes(minutes) if _is_log(text, arguments.format) else []  # notes say their own
    for warning in owner_warnings(minutes, agenda) if agenda else registry:
        note(f"{arguments.file}: {warning}")
    if arguments.json:
        from bot.json_text import json_text

        print(json_text(minutes.to_json()))  # one item a line, by the C encoder: see json_text
    else:
        from bot.minutes.render import mail_text  # Jinja2 and the wiki's escaping: not for --json

        sys.stdout.write(mail_text(minutes, agenda))
    sys.stdout.flush()
    if settings is not None:
        _publish(arguments.agenda, minutes, settings)
    return 0


def _agenda(path: Path) -> Agenda:
    from bot.agenda.load import load_agenda  # the agenda reader: only when there is an agenda

    return load_agenda(path)


def _day_of(text: str, arguments: argparse.Namespace) -> tuple[date | None, str | None]:
    """The day of a MeetBot log and what to say about it: --date, else the day the log states,
    else its file name's; (None, why) when none does. Notes and JSON logs find their own."""
    from bot.minutes.dates import date_from_file_name
    from bot.minutes.meetbot import log_day

    if arguments.date is not None or arguments.format == "json" or not _is_log(text, arguments.format):
        return arguments.date, None
    utc = "; times are UTC, as MeetBot logs them"
    stated = log_day(text.splitlines())
    if stated is not None:
        return stated[0], f"the day {stated[0].isoformat()} from {stated[1]}{utc}"
    named = date_from_file_name(arguments.file)
    if named is not None:
        return named[0], named[2] + utc
    return None, "neither the log nor its file name says on which day the meeting was: the day is unknown (--date)"


def read_minutes(
    text: str, agenda: Agenda | None, arguments: argparse.Namespace, *, day: date | None = None
) -> Minutes:
    """The minutes of `text`, read as its format says, placed in the agenda's event and session."""
    from zoneinfo import ZoneInfo

    from bot.minutes.meetbot import read_meetbot_log
    from bot.minutes.notes import read_notes_with_remarks
    from bot.minutes.owner_notes import unclear_owners
    from bot.minutes.owners import Owners
    from bot.model import ActionStatus

    if arguments.session and agenda:  # an id, a title or the start of one: from here on, the id
        from bot.lookup import block_named

        session_id = block_named(agenda, arguments.session, option="--session")
        arguments = argparse.Namespace(**{**vars(arguments), "session": session_id})
    if arguments.format == "json" or (arguments.format == "auto" and _is_json_log(text)):
        return _from_json_log(text, agenda, arguments)
    is_log = _is_log(text, arguments.format)
    options: dict[str, Any] = {
        "owners": Owners(agenda.people if agenda else ()),
        "title": arguments.title,
        "day": day or arguments.date,
        # MeetBot stamps its logs in UTC ("Meeting started ... UTC"); notes give a day of the event
        "zone": agenda.event.timezone if agenda and not is_log else ZoneInfo("UTC"),
        "next_action": next_action(agenda),
        "milestones": {m.id: m.date for m in agenda.roadmap if m.date} if agenda else {},
        "default_due_days": arguments.due_days,
    }
    if is_log:
        open_actions = [a for a in agenda.actions if a.status is ActionStatus.OPEN] if agenda else []
        minutes = read_meetbot_log(text, open_actions=open_actions, **options)
    else:
        del options["owners"]  # the notes' own people are matched too
        read = read_notes_with_remarks(text, people=agenda.people if agenda else (), path=arguments.file, **options)
        minutes = read.minutes
        for remark in [*read.remarks, *([] if agenda else unclear_owners(minutes))]:
            note(f"{arguments.file}: {remark}")
    if agenda is None:
        return replace(minutes, session=arguments.session or minutes.session)
    session = arguments.session or minutes.session or (session_at(agenda, minutes.start) if minutes.dated else None)
    return _timed(replace(minutes, event=agenda.event.id, session=session), agenda)


def _is_json_log(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return first.startswith("{") and '"who"' in first and '"text"' in first


def _from_json_log(text: str, agenda: Agenda | None, arguments: argparse.Namespace) -> Minutes:
    """A chat meeting's JSON log (serve keeps one per meeting) replayed: the same minutes again."""
    import json

    from bot.minutes.followup import meeting_for
    from bot.minutes.meeting import replay

    if agenda is None:
        raise SummitbotError("a chat meeting's JSON log needs --agenda (its owners and action ids come from it)")
    lines = [line for line in text.splitlines() if line.strip()]
    start = datetime.fromisoformat(json.loads(lines[0])["at"]) if lines else datetime.now(UTC)
    minutes = replay(lines, meeting_for(agenda, start, due_days=arguments.due_days)).minutes()
    return replace(minutes, title=arguments.title or minutes.title, session=arguments.session or minutes.session)


def _timed(minutes: Minutes, agenda: Agenda) -> Minutes:
    """Notes give a day but no time: the meeting then ran at its session's times."""
    start = minutes.start
    if start is None or not minutes.dated or minutes.end is not None or start.timetz().replace(tzinfo=None) != time():
        return minutes
    day = start.astimezone(agenda.event.timezone).date()
    for session in agenda.sessions:
        if session.id == minutes.session and session.start.date() == day:
            return replace(minutes, start=session.start, end=session.end)
    for meeting in agenda.meetings:
        if meeting.id == minutes.session:
            zone = agenda.event.timezone
            return replace(
                minutes,
                start=datetime.combine(day, meeting.first_start.time(), zone),
                end=datetime.combine(day, meeting.first_end.time(), zone),
            )
    return minutes


def _is_log(text: str, form: str) -> bool:
    """Whether FILE is a MeetBot log: said so, or most of its lines are chat (`HH:MM <nick> text`,
    `HH:MM nick: text`, WeeChat's `HH:MM nick | text`)."""
    if form != "auto":
        return bool(form == "meetbot")
    return _mostly_chat(text)


@functools.lru_cache(maxsize=1)
def _mostly_chat(text: str) -> bool:
    """Whether most lines of `text` are chat; asked up to three times per command, read once."""
    from bot.minutes.log_lines import chat_share

    return chat_share(text.splitlines()) > 0.5


def next_action(agenda: Agenda | None) -> int:
    """The number after the agenda's highest action id `A<n>`."""
    numbers = [int(found[1]) for a in (agenda.actions if agenda else ()) if (found := re.fullmatch(r"A(\d+)", a.id))]
    return max(numbers, default=0) + 1


def session_at(agenda: Agenda, moment: datetime | None) -> str | None:
    """The session, or occurrence of a recurring meeting, going on at `moment`."""
    from dateutil.rrule import rrulestr

    if moment is None:
        return None
    for session in agenda.sessions:
        if session.start <= moment < session.end:
            return session.id
    for meeting in agenda.meetings:
        length = meeting.first_end - meeting.first_start
        started = rrulestr(meeting.rrule, dtstart=meeting.first_start).before(moment, inc=True)
        if started is not None and started.date() not in meeting.skipped and moment < started + length:
            return meeting.id
    return None


def _publish(path: Path, minutes: Minutes, settings: Settings) -> None:
    """Publish the minutes, then sync the agenda so its page links them; progress on stderr."""
    from bot.calendar.caldav import CalDav
    from bot.minutes.publish import publish_minutes
    from bot.settings import user_agent
    from bot.sync.agenda_sync import Targets, sync_agenda
    from bot.wiki.mediawiki import MediaWiki

    assert settings.wiki is not None
    agent = user_agent(settings)
    wiki = MediaWiki(settings.wiki, user_agent=agent)
    store = store_for(path)
    report = publish_minutes(path, minutes, wiki, store, page_url_of=partial(title_url, settings))
    for line in describe(report):
        note(f"{path}: {line}")
    targets = Targets(
        wiki=wiki,
        calendar=CalDav(settings.caldav, user_agent=agent) if settings.caldav else None,
        page_url_of=partial(wiki_page_url, settings),
    )
    result = sync_agenda(path, targets, store)
    if result.wiki is not None:
        done = f"saved revision {result.wiki.revision}" if result.wiki.edited else "already up to date"
        note(f"{path}: event page {result.wiki.page}: {done}")
    for error in result.errors:
        print(f"{path}: {error}", file=sys.stderr)
    if result.errors:
        raise result.errors[-1]


def describe(report: PublishReport) -> list[str]:
    """What publishing did, a line each."""
    page = f"minutes page {report.page}" + (f" <{report.url}>" if report.url else "")
    lines = [f"{page}: " + (f"saved revision {report.revision}" if report.saved else "already up to date")]
    shown = {new: new if old == new else f"{old} as {new}" for old, new in report.ids.items()}
    lines += [f"action items added: {', '.join(shown[i] for i in report.added)}"] if report.added else []
    lines += (
        [f"action items already in the agenda: {', '.join(shown[i] for i in report.known)}"] if report.known else []
    )
    lines += [f"action items closed: {', '.join(report.closed)}"] if report.closed else []
    lines += [f"closed, but not in the agenda: {', '.join(report.not_found)}"] if report.not_found else []
    lines += [f"roadmap: {change}" for change in report.roadmap]
    lines += report.corrections
    if report.new_conflicts:
        lines.append(
            f"{report.new_conflicts} new conflict(s) with the minutes page, the agenda kept: summitbot conflicts"
        )
    return lines
