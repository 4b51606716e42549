"""Load an agenda file into the domain model, reporting every problem in it at once."""

from __future__ import annotations

from pathlib import Path

from bot.agenda import records, schedule
from bot.agenda.checks import check_sessions
from bot.agenda.context import ReadContext
from bot.agenda.fields import Fields
from bot.agenda.yamltree import YamlMap, collector_paused, parse_yaml
from bot.errors import Problem, UserError
from bot.model import Agenda, Event

TOP_KEYS = ("event", "people", "attendees", "proposals", "sessions", "meetings", "work_items", "actions", "roadmap")


def load_agenda(path: Path | str) -> Agenda:
    """Read and check the agenda file at `path`; raises UserError listing every problem."""
    path = Path(path)
    return parse_agenda(read_agenda_text(path), str(path))


def read_agenda_text(path: Path) -> str:
    """The text of an agenda file (line ends as LF); UserError when it is missing, unreadable or
    not UTF-8 (at the line and column of the first byte that is not)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError([Problem(str(path), 1, 1, "no such file")]) from None
    except OSError as error:
        raise UserError([Problem(str(path), 1, 1, f"cannot read the file: {error.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8 text: the byte 0x{data[error.start]:02x} here is not a character ({error.reason})"
        hint = "save the file as UTF-8 (an editor's 'encoding' setting)"
        raise UserError([Problem(str(path), line, col, message, hint)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as reading in text mode does


def parse_agenda(text: str, path: str) -> Agenda:
    """Check the agenda written in `text` (named `path` in messages) and build the model."""
    return check_text(text, path)[0]


def check_text(text: str, path: str) -> tuple[Agenda, YamlMap]:
    """As `parse_agenda`, and the position-keeping tree the model was read from."""
    with collector_paused():
        return _check(text, path)


def _check(text: str, path: str) -> tuple[Agenda, YamlMap]:
    tree, problems = parse_yaml(text, path)
    if tree is None and not problems:
        raise UserError([Problem(path, 1, 1, "the file is empty", "start from an example in agendas/")])
    if problems and tree is None:
        raise UserError(problems)
    context = ReadContext(Fields(path))
    context.fields.problems.extend(problems)
    agenda = _read(context, tree)
    if context.fields.problems or agenda is None or not isinstance(tree, YamlMap):
        raise UserError(context.fields.problems)
    return agenda, tree


def _read(context: ReadContext, tree: object) -> Agenda | None:
    fields = context.fields
    root = fields.record(tree, getattr(tree, "at", (1, 1)), "an agenda")
    if root is None:
        return None
    fields.check_keys(root, TOP_KEYS, "agenda")
    if not fields.required(root, "event", "agenda"):
        return None
    head = fields.record(root["event"], root.value_at("event"), "'event'")
    if head is None:
        return None
    records.read_people(context, fields.items(root, "people", "agenda"))
    attendees = records.read_attendees(context, fields.items(root, "attendees", "agenda"))
    event = _event(context, head)
    sessions = schedule.read_sessions(context, fields.items(root, "sessions", "agenda"))
    meetings = schedule.read_meetings(context, fields.items(root, "meetings", "agenda"))
    proposals = records.read_proposals(context, fields.items(root, "proposals", "agenda"))
    work_items = records.read_work_items(context, fields.items(root, "work_items", "agenda"))
    actions = records.read_actions(context, fields.items(root, "actions", "agenda"))
    roadmap = records.read_roadmap(context, fields.items(root, "roadmap", "agenda"))
    context.check_references()
    if event is None:
        return None
    check_sessions(context, sessions)
    records.check_attendance(context)
    return Agenda(
        event, tuple(context.directory.people), attendees, proposals,
        tuple(session for session, _ in sessions), meetings, work_items, actions, roadmap,
    )  # fmt: skip


def _event(context: ReadContext, head: YamlMap) -> Event | None:
    fields = context.fields
    fields.check_keys(head, records.EVENT_KEYS, "event")
    event_id = fields.ident(head, "id", "event", lower=True)
    title = fields.text(head, "title", "event", required=True)
    kind = records.read_kind(fields, head)
    context.zone = records.read_zone(fields, head)
    days = schedule.read_days(context, head)
    venue = records.read_venue(fields, head)
    hotel = records.read_venue(fields, head, "hotel") if head.get("hotel") is not None else None
    context.rooms = venue.rooms
    proposal_url, see_also = records.read_links(fields, head)
    organisers = context.people(head, "organisers", "event")
    wiki, calendar, chat = records.read_settings(fields, head)
    if event_id is None or title is None or context.zone is None:
        return None
    return Event(
        event_id, title, kind, context.zone, days, fields.text(head, "description", "event"), venue,
        proposal_url, see_also, organisers, hotel, wiki, calendar, chat,
    )  # fmt: skip
