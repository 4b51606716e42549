"""How long a FOSDEM-sized agenda takes to read, check and normalise.

The target: a FOSDEM-sized agenda (3 days, 60 rooms, 1,000 sessions, 8,000 attendees) loads and
validates in under 1 s, so `summitbot check` and every bot edit stay interactive.

The script generates such an agenda deterministically (`random.Random(2027)`), writes it to a
temporary directory, makes sure it checks, and then times over `--repeat` runs (median and best):

- `parse_yaml`: the first phase alone, YAML text to a tree that remembers positions (the line
  reader, `bot/agenda/yamlfast.py`, when it is sure of the file, as it is of this one);
- `parse_yaml (events)`: the same through the event builder alone (`fast=False`), for comparison;
- `load_agenda`: reading, parsing, checking and building the model (the headline figure);
- `agenda_json`: the normalised JSON-ready view of the loaded agenda;
- an invalid variant of the same file with 50 injected problems (unquoted times, unknown rooms,
  unknown moderators): how long reporting every problem takes, and how many are reported.

Run: `.venv/bin/python bench/agenda_scale.py [--sessions 1000 --rooms 60 --attendees 8000 --days 3 --repeat 5]`
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.agenda.load import load_agenda, parse_agenda
from bot.agenda.view import agenda_json
from bot.agenda.yamlfast import read_fast
from bot.agenda.yamltree import PlainScalars, parse_yaml
from bot.errors import Problem, UserError
from bot.model import Agenda

SEED = 2027
TARGET_MS = 1000.0
FIRST_DAY = date(2027, 2, 5)
DAY_START, DAY_END = 9 * 60, 19 * 60  # minutes since midnight: 09:00-19:00
GAP = 5  # minutes between two sessions in a room
SPEAKERS = 300
PROPOSALS = 200
ACTIONS = 100
INJECTED = {"start": 20, "room": 20, "moderators": 10}  # problems put into the invalid variant

FIRST_NAMES = (
    "Ada", "Alan", "Anaïs", "Barbara", "Björn", "Carlos", "Chen", "Dmitri", "Élodie", "Fatima", "Grace",
    "Hiroshi", "Inès", "Jürgen", "Kwame", "Linus", "Łukasz", "Maria", "Nadia", "Ömer", "Priya", "Quentin",
    "Rosa", "Søren", "Tomasz", "Uma", "Vítor", "Wei", "Xavier", "Yuki", "Zoë", "Siobhán", "François",
)  # fmt: skip
LAST_NAMES = (
    "Ångström", "Berg", "Costa", "Dvořák", "Eriksen", "Fischer", "García", "Hansen", "Ibáñez", "Jansen",
    "Kovačević", "Larsen", "Müller", "Nowak", "O'Brien", "Peeters", "Quispe", "Rossi", "Schmidt", "Tanaka",
    "Ünal", "Van den Berg", "Wouters", "Xu", "Yılmaz", "Zhang", "Ólafsdóttir", "Lefèvre", "Janssens", "Dubois",
)  # fmt: skip
TRACKS = (
    "Rust", "Go", "Python", "Kernel", "Containers", "Virtualization and IaaS", "Databases",
    "Embedded, Mobile and Automotive", "Open Source Design", "Legal and Policy", "Mozilla", "LLVM",
    "Community", "Security", "Free Java", "Networking", "Distributions", "Testing and Automation",
    "Monitoring and Observability", "Software Defined Radio", "Open Hardware", "BSD", "Graphics",
    "Web Performance", "Identity and Access Management", "HPC, Big Data and Data Science", "Microkernels",
    "RISC-V", "Nix and NixOS", "Matrix",
)  # fmt: skip
PROJECTS = (
    "systemd", "Wayland", "Mesa", "PostgreSQL", "Firefox", "GNOME", "KDE Plasma", "QEMU", "Linux", "curl",
    "OpenSSL", "Debian", "Fedora", "FreeBSD", "GStreamer", "LibreOffice", "Kubernetes", "Podman", "Zephyr",
)  # fmt: skip
NOUNS = (
    "memory safety", "reproducible builds", "supply chain security", "packaging", "observability", "latency",
    "accessibility", "documentation", "continuous fuzzing", "release engineering", "onboarding", "tracing",
    "ABI stability", "cross-compilation", "power management", "code review", "governance", "funding",
)  # fmt: skip
ATTENDANCE = ("confirmed", "tentative", "declined", "waitlisted")
BUILDINGS = ("H.{}", "K.{}.{}", "UD2.{}", "UB2.{}", "AW1.{}", "UA2.{}")

_PLAIN = re.compile(r"[^\W\d_][\w .'()/+-]*[\w.')]|[^\W\d_]")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


@dataclass(frozen=True)
class Scale:
    """How big an agenda to generate."""

    sessions: int
    rooms: int
    attendees: int
    days: int


@dataclass(frozen=True)
class Speaker:
    """A person of the registry; moderates only in `room`, so never in two parallel sessions."""

    name: str
    alias: str
    room: str
    ident: str | None


@dataclass(frozen=True)
class Slot:
    """A session's place: a day, a room and minutes since midnight."""

    day: date
    room: str
    start: int
    end: int


# --- writing YAML ---------------------------------------------------------------------------------


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when nothing can misread it, double-quoted otherwise."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def flow(items: list[str]) -> str:
    """A flow sequence of scalars: [a, "b, c"]."""
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def clock_text(minutes: int, twelve_hour: bool) -> str:
    """A quoted time of day, "09:30" or (as people also write it) "2:30pm"."""
    hour, minute = divmod(minutes, 60)
    if not twelve_hour:
        return f'"{hour:02d}:{minute:02d}"'
    half, short = ("am" if hour < 12 else "pm"), hour % 12 or 12
    return f'"{short}{half}"' if minute == 0 else f'"{short}:{minute:02d}{half}"'


# --- generating the agenda ------------------------------------------------------------------------


def person_name(rng: random.Random, number: int) -> str:
    """A unique name such as "Zoë Ångström 17" (the number keeps it unique)."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number}"


def make_rooms(rng: random.Random, count: int) -> list[str]:
    """`count` distinct room names in the ULB's style: H.1301, K.3.201, UD2.120."""
    rooms: dict[str, None] = {"Janson": None, "K.1.105 (La Fontaine)": None}
    while len(rooms) < count:
        pattern = rng.choice(BUILDINGS)
        if pattern.count("{}") == 2:
            name = pattern.format(rng.randint(1, 4), rng.randint(101, 260))
        else:
            name = pattern.format(rng.randint(1100, 2260) if pattern == "H.{}" else rng.randint(100, 260))
        rooms[name] = None
    return list(rooms)[:count]


def make_speakers(rng: random.Random, count: int, rooms: list[str]) -> list[Speaker]:
    """The registry: every third speaker has an explicit id; each moderates in one room only."""
    speakers = []
    for number in range(1, count + 1):
        name = person_name(rng, number)
        first, last = name.split(" ")[0], name.split(" ")[1]
        alias = f"{first[:3]}{last[:3]}{number}".lower().replace("'", "")
        ident = f"spk-{number:03d}" if number % 3 == 0 else None
        speakers.append(Speaker(name, alias, rooms[number % len(rooms)], ident))
    return speakers


def refer(rng: random.Random, speaker: Speaker) -> str:
    """How the file names a speaker: by name mostly, sometimes by id, alias or in capitals."""
    roll = rng.random()
    if roll < 0.2 and speaker.ident:
        return speaker.ident
    if roll < 0.35:
        return speaker.alias
    return speaker.name.upper() if roll < 0.4 else speaker.name


def make_slots(rng: random.Random, scale: Scale, rooms: list[str]) -> list[Slot]:
    """Sessions spread evenly over every room of every day, never overlapping in a room."""
    days = [FIRST_DAY + timedelta(days=offset) for offset in range(scale.days)]
    room_days = [(day, room) for day in days for room in rooms]
    counts = [scale.sessions // len(room_days)] * len(room_days)
    for index in rng.sample(range(len(room_days)), scale.sessions % len(room_days)):
        counts[index] += 1
    slots: list[Slot] = []
    for (day, room), count in zip(room_days, counts, strict=True):
        slots.extend(room_day_slots(rng, day, room, count))
    return slots


def room_day_slots(rng: random.Random, day: date, room: str, count: int) -> Iterator[Slot]:
    """`count` consecutive 25- or 50-minute slots in one room, 5 minutes apart."""
    cursor = DAY_START + (rng.choice((0, 30, 60)) if DAY_START + count * 30 + 60 <= DAY_END else 0)
    for done in range(count):
        left = count - done - 1
        long_fits = cursor + 50 + left * (25 + GAP) <= DAY_END
        duration = 50 if long_fits and rng.random() < 0.6 else 25
        if cursor + duration > DAY_END:
            sys.exit(f"{count} sessions do not fit in one room-day; use more rooms or days")
        yield Slot(day, room, cursor, cursor + duration)
        cursor += duration + GAP


def title(rng: random.Random) -> str:
    """A talk title; many hold ': ' or quotes and so must be quoted."""
    project, noun = rng.choice(PROJECTS), rng.choice(NOUNS)
    return rng.choice(
        (
            f"{project}: the state of {noun}",
            f"Lessons from {rng.randint(2, 25)} years of {noun} in {project}",
            f"{noun.capitalize()} for {project}",
            f'"{noun.capitalize()}" is not a feature: {project} in practice',
            f"What's new in {project} {rng.randint(1, 48)}.{rng.randint(0, 9)}",
        )
    )


def topic_lines(rng: random.Random) -> list[str]:
    """2-4 topics under a session; some are mappings with a note and nested topics."""
    lines = ["    topics:"]
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.6:
            lines.append(f"      - {scalar(title(rng))}")
            continue
        lines.append(f"      - title: {scalar(title(rng))}")
        if rng.random() < 0.5:
            lines.append(f"        note: {scalar(f'Bring your questions about {rng.choice(NOUNS)}.')}")
        lines.append("        topics:")
        lines.extend(f"          - {scalar(rng.choice(NOUNS).capitalize())}" for _ in range(rng.randint(1, 3)))
    return lines


def session_lines(rng: random.Random, session_id: str, slot: Slot, crew: list[Speaker]) -> list[str]:
    """One session: a room's own speakers moderate it, so nobody is in two rooms at once."""
    twelve = rng.random() < 0.2
    chosen = rng.sample(crew, min(len(crew), rng.choice((1, 1, 2, 3))))
    moderators, scribe = chosen[:2], chosen[2:]
    lines = [
        f"  - id: {session_id}",
        f"    title: {scalar(title(rng))}",
        f"    day: {slot.day.isoformat()}",
        f"    start: {clock_text(slot.start, twelve)}",
        f"    end: {clock_text(slot.end, twelve)}",
        f"    room: {scalar(slot.room)}",
        f"    track: {scalar(rng.choice(TRACKS))}",
        f"    moderators: {flow([refer(rng, person) for person in moderators])}",
    ]
    if scribe:
        lines.append(f"    scribe: {scalar(refer(rng, scribe[0]))}")
    if rng.random() < 0.3:
        lines.append(f"    description: {scalar(f'A session on {rng.choice(NOUNS)}, with time for questions.')}")
    return lines + topic_lines(rng)


def session_block(rng: random.Random, slots: list[Slot], speakers: list[Speaker]) -> list[str]:
    """The `sessions` list; session i is called s0001 ... and held in slots[i]."""
    crews: dict[str, list[Speaker]] = {}
    for speaker in speakers:
        crews.setdefault(speaker.room, []).append(speaker)
    lines = ["", "sessions:"]
    for number, slot in enumerate(slots, 1):
        lines.extend(session_lines(rng, f"s{number:04d}", slot, crews[slot.room]))
    return lines


def event_lines(scale: Scale, rooms: list[str], speakers: list[Speaker]) -> list[str]:
    """The `event` header: days, the venue and its rooms, links and settings."""
    days = [FIRST_DAY + timedelta(days=offset) for offset in range(scale.days)]
    lines = [
        "# yaml-language-server: $schema=schema.json",
        "# Generated by bench/agenda_scale.py: a FOSDEM-sized agenda for timing the loader.",
        "event:",
        "  id: fosdem-2027",
        "  title: FOSDEM 2027",
        "  kind: summit",
        "  timezone: Europe/Brussels",
        "  description: >-",
        "    Free and Open source Software Developers' European Meeting: two days of talks,",
        "    devrooms and stands, plus a fringe day.",
        "  days:",
    ]
    for day in days:
        lines += [f"    - date: {day.isoformat()}", '      start: "09:00"', '      end: "19:00"']
    lines += [
        "  venue:",
        "    name: ULB Solbosch",
        f"    address: {scalar('Avenue Franklin D. Roosevelt 50, Brussels')}",
    ]
    lines += ['    url: "https://fosdem.org/2027/schedule/rooms/"', "    rooms:"]
    lines += [f"      - {scalar(room)}" for room in rooms]
    lines += ["  links:", '    proposal: "https://fosdem.org/2027/news/cfp/"', "    see_also:"]
    lines += ["      - title: Schedule", '        url: "https://fosdem.org/2027/schedule/"']
    lines += [f"  organisers: {flow([speaker.ident or speaker.name for speaker in speakers[:6]])}"]
    lines += ["  wiki:", "    page: FOSDEM/2027", "  calendar:", "    collection: fosdem"]
    return [*lines, "  chat:", '    channel: "#fosdem"']


def people_lines(rng: random.Random, speakers: list[Speaker]) -> list[str]:
    """The registry: names, ids, aliases, chat ids, e-mail and affiliation."""
    lines = ["", "people:"]
    for speaker in speakers:
        lines.append(f"  - name: {scalar(speaker.name)}")
        if speaker.ident:
            lines.append(f"    id: {speaker.ident}")
        lines.append(f"    aliases: {flow([speaker.alias])}")
        chat_id = "U" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        lines.append(f'    chat_id: "{chat_id}"')
        if rng.random() < 0.5:
            lines.append(f'    email: "{speaker.alias}@example.org"')
            lines.append(f"    affiliation: {scalar(rng.choice(PROJECTS) + ' project')}")
    return lines


def attendee_lines(rng: random.Random, scale: Scale, speakers: list[Speaker]) -> tuple[list[str], list[str]]:
    """`attendees`: most speakers plus new people; a quarter are mappings. Also returns the new names."""
    coming = [speaker.name for speaker in rng.sample(speakers, len(speakers) * 4 // 5)]
    first = len(speakers) + 1
    newcomers = [person_name(rng, number) for number in range(first, first + max(0, scale.attendees - len(coming)))]
    everyone = coming + newcomers
    rng.shuffle(everyone)
    lines = ["", "attendees:"]
    for name in everyone[: scale.attendees]:
        if rng.random() >= 0.25:
            lines.append(f"  - {scalar(name)}")
            continue
        lines.append(f"  - name: {scalar(name)}")
        lines.append(f"    status: {rng.choice(ATTENDANCE)}")
        if rng.random() < 0.3:
            lines.append("    remote: true")
        if rng.random() < 0.3:
            arrival = rng.choice(("Friday", "Saturday"))
            lines.append(f"    note: {scalar(f'Arriving on {arrival}, leaving Sunday.')}")
        if rng.random() < 0.3:
            lines.append(f"    interests: {flow(rng.sample(TRACKS, 2))}")
        if rng.random() < 0.2:
            day = rng.randint(2, 28)
            lines += ["    via: wiki", f'    signed_up: "2027-01-{day:02d} {rng.randint(8, 22):02d}:05"']
    return lines, newcomers


def proposal_lines(rng: random.Random, count: int, voters: list[str], session_ids: list[str]) -> list[str]:
    """`proposals` with votes; some are scheduled into a session."""
    lines = ["", "proposals:"]
    for number in range(1, count + 1):
        lines += [f"  - id: P{number:04d}", f"    title: {scalar(title(rng))}"]
        lines.append(f"    proposer: {scalar(rng.choice(voters))}")
        lines.append(f"    votes: {flow(rng.sample(voters, rng.randint(0, 12)))}")
        status = rng.choice(("proposed", "accepted", "rejected", "scheduled"))
        lines.append(f"    status: {status}")
        if status == "scheduled":
            lines.append(f"    session: {rng.choice(session_ids)}")
    return lines


def action_lines(rng: random.Random, count: int, speakers: list[Speaker], slots: list[Slot]) -> list[str]:
    """`actions` from sessions, most with an owner and a due date."""
    lines = ["", "actions:"]
    for number in range(1, count + 1):
        index = rng.randrange(len(slots))
        lines += [f"  - id: A{number:04d}", f"    text: {scalar(f'Write up the notes on {rng.choice(NOUNS)}')}"]
        if rng.random() < 0.9:
            lines.append(f"    owner: {scalar(refer(rng, rng.choice(speakers)))}")
        lines.append(f"    due: {(FIRST_DAY + timedelta(days=rng.randint(14, 60))).isoformat()}")
        lines.append(f"    status: {rng.choice(('open', 'open', 'done', 'dropped'))}")
        lines += ["    source:", f"      session: s{index + 1:04d}", f"      date: {slots[index].day.isoformat()}"]
        lines.append(f'      minutes: "https://pad.example.org/fosdem-2027/s{index + 1:04d}"')
    return lines


def build_agenda(scale: Scale) -> str:
    """The whole agenda file, the same text for the same scale on every run."""
    rng = random.Random(SEED)
    rooms = make_rooms(rng, scale.rooms)
    speakers = make_speakers(rng, max(SPEAKERS, 2 * scale.rooms), rooms)
    slots = make_slots(rng, scale, rooms)
    attendees, newcomers = attendee_lines(rng, scale, speakers)
    sessions = session_block(rng, slots, speakers)
    session_ids = [f"s{number:04d}" for number in range(1, len(slots) + 1)]
    voters = [speaker.name for speaker in speakers] + newcomers[:2000]
    lines = event_lines(scale, rooms, speakers) + people_lines(rng, speakers) + attendees
    lines += proposal_lines(rng, PROPOSALS, voters, session_ids) + sessions
    lines += action_lines(rng, ACTIONS, speakers, slots)
    return "\n".join(lines) + "\n"


# --- breaking it on purpose -----------------------------------------------------------------------


def broken_line(key: str, number: int) -> str:
    """The wrong line put in place of a session's `key`: an unquoted time, an unknown room or person."""
    if key == "start":
        return "    start: 1400"
    if key == "room":
        return f"    room: Z.{9000 + number}"
    return f"    moderators: [Nobody Known {number}]"


def inject_problems(text: str, rng: random.Random) -> tuple[str, int]:
    """The same agenda with INJECTED problems, each in a different session; returns it and the count."""
    lines = text.split("\n")
    starts = [index for index, line in enumerate(lines) if line.startswith("  - id: s")]
    picked = iter(rng.sample(starts, sum(INJECTED.values())))
    for key, count in INJECTED.items():
        for number in range(count):
            first = next(picked)
            offset = next(i for i in range(first, len(lines)) if lines[i].startswith(f"    {key}: "))
            lines[offset] = broken_line(key, number)
    return "\n".join(lines), sum(INJECTED.values())


# --- timing ---------------------------------------------------------------------------------------


def time_runs(work: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds taken by each of `repeat` calls of `work`."""
    taken = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        taken.append((time.perf_counter() - began) * 1000)
    return taken


def report(label: str, taken: list[float]) -> float:
    """Print median and best of `taken`; return the median."""
    median = statistics.median(taken)
    print(f"{label:<22} median {median:8.1f} ms   best {min(taken):8.1f} ms   ({len(taken)} runs)")
    return median


def problems_in(text: str, path: str) -> tuple[Problem, ...]:
    """Every problem the loader reports for `text` (none when it checks)."""
    try:
        parse_agenda(text, path)
    except UserError as error:
        return error.problems
    return ()


def check_valid(path: Path) -> Agenda:
    """The loaded agenda; exits with the first 20 problems when the generated file does not check."""
    try:
        return load_agenda(path)
    except UserError as error:
        print(f"the generated agenda does not check: {len(error.problems)} problems", file=sys.stderr)
        for problem in error.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(1)


def time_invalid(text: str, path: Path, repeat: int) -> None:
    """Time reporting every problem of a broken copy; at least one problem per injected fault."""
    broken, injected = inject_problems(text, random.Random(SEED))
    broken_path = path.with_name("fosdem-2027-broken.yaml")
    broken_path.write_text(broken, encoding="utf-8")
    found: tuple[Problem, ...] = ()

    def run() -> None:
        nonlocal found
        found = problems_in(broken, str(broken_path))

    report("invalid: all problems", time_runs(run, repeat))
    print(f"  {injected} problems injected, {len(found)} reported; the first 3:")
    for problem in found[:3]:
        print(f"    {problem}")
    assert len(found) >= injected, f"only {len(found)} problems reported for {injected} injected"


def describe_file(text: str, agenda: Agenda, built_ms: float) -> None:
    """Print the file's size and what it holds."""
    size = len(text.encode("utf-8"))
    print(f"file: {text.count(chr(10)):,} lines, {size:,} bytes (generated in {built_ms:.0f} ms)")
    print(
        f"counts: {len(agenda.sessions):,} sessions, {len(agenda.event.venue.rooms)} rooms, "
        f"{len(agenda.attendees):,} attendees, {len(agenda.people):,} people, "
        f"{len(agenda.proposals)} proposals, {len(agenda.actions)} actions"
    )


def bench(scale: Scale, repeat: int, folder: Path) -> bool:
    """Generate, check and time; True when load+validate meets the target."""
    began = time.perf_counter()
    text = build_agenda(scale)
    built_ms = (time.perf_counter() - began) * 1000
    path = folder / "fosdem-2027.yaml"
    path.write_text(text, encoding="utf-8")
    agenda = check_valid(path)
    describe_file(text, agenda, built_ms)
    route = "the line reader" if read_fast(text, PlainScalars()) is not None else "the event builder (fallback)"
    print(f"parse_yaml reads this file through {route}")
    report("parse_yaml", time_runs(lambda: parse_yaml(text, str(path)), repeat))
    report("parse_yaml (events)", time_runs(lambda: parse_yaml(text, str(path), fast=False), repeat))
    load_ms = report("load+validate", time_runs(lambda: load_agenda(path), repeat))
    report("agenda_json", time_runs(lambda: agenda_json(agenda), repeat))
    time_invalid(text, path, repeat)
    verdict = "OK" if load_ms < TARGET_MS else "OVER TARGET"
    print(f"load+validate: median {load_ms:.0f} ms (target < {TARGET_MS:.0f} ms) {verdict}")
    return load_ms < TARGET_MS


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark; 0 when on target, 2 when over."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=60)
    parser.add_argument("--attendees", type=int, default=8000)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the generated files into this folder and keep them")
    options = parser.parse_args(argv)
    scale = Scale(options.sessions, options.rooms, options.attendees, options.days)
    if options.keep:
        options.keep.mkdir(parents=True, exist_ok=True)
        return 0 if bench(scale, options.repeat, options.keep) else 2
    with tempfile.TemporaryDirectory(prefix="agenda-scale-") as folder:
        return 0 if bench(scale, options.repeat, Path(folder)) else 2


if __name__ == "__main__":
    sys.exit(main())
