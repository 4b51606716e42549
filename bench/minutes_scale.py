"""How long a long meeting log takes to become minutes, fed live line by line and imported at once.

The target (PRODUCT.md): a 20,000-line meeting log becomes minutes in well under a second (MeetBot's
engine takes about 33 s, quadratic in log length); here: the whole log in under 0.5 s both ways,
and time per line that stays flat from 2,000 to 200,000 lines (linear growth).

The script generates a MeetBot log deterministically (`random.Random(2013)`): 40 people (two
Georges, accents, IRC nicks as aliases) and a few guests the agenda does not know; about 90 % of
the lines are talk, about 10 % commands: #info, #action (owners written as nicks, first names,
full names, misspelt, ambiguous or not at all; due dates written or not), #idea, #link, #agreed,
#topic, #roadmap, #fix/#owner/#drop/#done of recent ids, #undo, refused chair commands, #help.
For each size, median of `--repeat` runs, it times:

- (a) live: `Meeting.said` for every line, each line also written to a JSON log file with
  `log_line` and flushed, as the chat layer does (the lines arrive already split into speaker,
  text and time); and `said()` alone, without the log file;
- (b) import: `read_meetbot_log` on the whole text (line parsing included);
- (c) `minutes()` at the end of (a), and `Minutes.to_json()` on it.

Run: `.venv/bin/python bench/minutes_scale.py [--sizes 2000 20000 200000 --repeat 3]`
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.minutes.meetbot import read_meetbot_log
from bot.minutes.meeting import Meeting, log_line
from bot.minutes.model import Minutes
from bot.minutes.owners import Owners
from bot.model import Person

SEED = 2013
TARGET_MS = 500.0
TARGET_LINES = 20_000
START = datetime(2013, 6, 4, 14, 0, tzinfo=UTC)
MILESTONES = {"4.4-rc1": date(2013, 11, 1), "Xen 4.4 RC1": date(2013, 11, 1), "4.4": date(2014, 1, 15)}
FIRST = ("George", "Ian", "Lars", "Konrad", "Stefano", "Matt", "Jan", "Andrew", "Wei", "Roger", "Tim", "Dario")
LAST = (
    "Dunlap", "Campbell", "Jackson", "Kurth", "Wilk", "Stabellini", "Wilson", "Beulich", "Cooper", "Liu",
    "Pau Monné", "Deegan", "Faggioli", "Smith", "Jürgens", "Ólafsson", "Nowak", "García", "Dvořák", "Zhang",
)  # fmt: skip
GUESTS = ("anon42", "visitor", "newbie_dev", "bystander")
TALK = (
    "patch series review merge window freeze release branch staging osstest regression PVH HVM dom0 domU "
    "QEMU stubdom xl libxl hypervisor ARM x86 grant tables event channels scheduler credit2 NUMA blktap "
    "I think we should probably wait until the next RC before we decide anything about this one"
)
WORDS = tuple(TALK.split())
VERBS = ("write up", "review", "post", "ping", "test", "look into", "send", "update", "ask about", "benchmark")
THINGS = ("the PVH series", "the release schedule", "osstest failures", "the lost patches", "credit2 defaults")
DUES = ("", "", "", " by Friday", " by 2013-06-30", " in two weeks", " before 4.4-rc1", " by end of next week")
COMMANDS = (  # (command, weight)
    ("info", 25), ("action", 25), ("idea", 8), ("link", 7), ("agreed", 6), ("topic", 5), ("fix", 6),
    ("owner", 4), ("done", 5), ("drop", 2), ("undo", 2), ("roadmap", 2), ("refused", 2), ("help", 1),
)  # fmt: skip


def registry(rng: random.Random) -> list[Person]:
    """40 people: first names repeat (two Georges, several Ians), nicks and first names as aliases."""
    people = []
    for number in range(40):
        first, last = FIRST[number % len(FIRST)], LAST[(number * 7) % len(LAST)]
        nick = f"{first[0]}{last.split()[0]}".lower().replace("ó", "o").replace("ř", "r").replace("ü", "u")
        aliases = (nick, first) if rng.random() < 0.5 else (nick,)
        people.append(Person(f"p{number}", f"{first} {last}", aliases=aliases, chat_id=f"U{number:08d}"))
    return people


@dataclass
class Log:
    """A generated meeting: what was said (speaker, text, time), and the same as MeetBot's text."""

    said: list[tuple[str, str, datetime]]
    text: str


class Writer:
    """Writes a plausible meeting of `lines` lines, keeping track of the ids the commands create."""

    def __init__(self, rng: random.Random, people: list[Person]) -> None:
        self.rng, self.people = rng, people
        self.nicks = [person.aliases[0] for person in people]
        self.chair = self.nicks[0]
        self.actions, self.items = 1, 1
        self.recent: list[str] = []

    def meeting(self, lines: int) -> Log:
        """`lines` lines from #startmeeting to #endmeeting, one to three seconds apart."""
        said, at = [], START
        for number in range(lines):
            if number == 0:
                who, text = self.chair, "#startmeeting Xen 4.4 release call"
            elif number == lines - 1:
                who, text = self.chair, "#endmeeting"
            else:
                who, text = self.line()
            said.append((who, text, at))
            at += timedelta(seconds=self.rng.randint(1, 3))
        text = "\n".join(f"{when:%H:%M:%S} <{who}> {what}" for who, what, when in said) + "\n"
        return Log(said, text)

    def line(self) -> tuple[str, str]:
        """One line: talk nine times in ten, else a command."""
        rng = self.rng
        if rng.random() < 0.9:
            who = rng.choice(self.nicks) if rng.random() < 0.95 else rng.choice(GUESTS)
            talk = " ".join(rng.choices(WORDS, k=rng.randint(4, 18)))
            return who, f"{rng.choice(self.nicks)}: {talk}" if rng.random() < 0.2 else talk
        command = rng.choices([c for c, _ in COMMANDS], weights=[w for _, w in COMMANDS])[0]
        return self.command(command)

    def command(self, command: str) -> tuple[str, str]:
        """A command, said by the chair where it needs one."""
        rng, anyone = self.rng, self.rng.choice(self.nicks)
        recent = rng.choice(self.recent) if self.recent else "A1"
        made: dict[str, Callable[[], tuple[str, str]]] = {
            "info": lambda: (anyone, self.item("info", " ".join(rng.choices(WORDS, k=8)))),
            "idea": lambda: (anyone, self.item("idea", " ".join(rng.choices(WORDS, k=6)))),
            "link": lambda: (anyone, self.item("link", f"http://lists.xen.org/archives/{rng.randint(1, 9999)}")),
            "agreed": lambda: (self.chair, self.item("agreed", " ".join(rng.choices(WORDS, k=10)))),
            "roadmap": lambda: (self.chair, self.item("roadmap", f"{rng.choice(THINGS)} -> 4.{rng.randint(4, 5)}")),
            "action": lambda: (anyone, self.action()),
            "topic": lambda: (self.chair, f"#topic {' '.join(rng.choices(WORDS, k=3))}"),
            "fix": lambda: (self.chair, f"#fix {recent} {self.owner_written()} {rng.choice(VERBS)} it by Friday"),
            "owner": lambda: (self.chair, f"#owner {recent} {rng.choice(self.nicks)}"),
            "done": lambda: (anyone, f"#done {recent}"),
            "drop": lambda: (self.chair, f"#drop {recent}"),
            "undo": lambda: (self.chair, "#undo"),
            "refused": lambda: (rng.choice(self.nicks[1:]), "#topic not yours to set"),
            "help": lambda: (anyone, "#help"),
        }
        return made[command]()

    def item(self, kind: str, text: str) -> str:
        self.recent = [*self.recent[-20:], f"I{self.items}"]
        self.items += 1
        return f"#{kind} {text}"

    def action(self) -> str:
        self.recent = [*self.recent[-20:], f"A{self.actions}"]
        self.actions += 1
        rng = self.rng
        return f"#action {self.owner_written()} {rng.choice(VERBS)} {rng.choice(THINGS)}{rng.choice(DUES)}"

    def owner_written(self) -> str:
        """An owner as people write one: a nick, a first name, a full name, misspelt, or none."""
        person = self.rng.choice(self.people)
        way = self.rng.randrange(6)
        if way == 0:
            return person.name
        if way == 1:
            return person.name.split()[0]  # often ambiguous: the first names repeat
        if way == 2:
            name = person.name
            cut = self.rng.randrange(1, len(name) - 1)
            return name[:cut] + name[cut + 1 :]  # a letter missing
        return person.aliases[0] if way < 5 else "somebody"


def live(log: Log, people: list[Person], folder: Path) -> tuple[Meeting, float]:
    """(a): the meeting fed line by line, each line also appended to the JSON log; ms taken."""
    path = folder / f"live-{time.perf_counter_ns()}.jsonl"
    began = time.perf_counter()
    meeting = Meeting("Xen 4.4 release call", owners=Owners(people), start=START, milestones=MILESTONES)
    with path.open("w", encoding="utf-8") as stored:
        for who, text, at in log.said:
            stored.write(log_line(who, text, at) + "\n")
            stored.flush()
            meeting.said(who, text, at)
    return meeting, (time.perf_counter() - began) * 1000


def said_only(log: Log, people: list[Person]) -> float:
    """(a) without the JSON log: the engine's own share; ms taken."""
    began = time.perf_counter()
    meeting = Meeting("Xen 4.4 release call", owners=Owners(people), start=START, milestones=MILESTONES)
    for who, text, at in log.said:
        meeting.said(who, text, at)
    return (time.perf_counter() - began) * 1000


def imported(log: Log, people: list[Person]) -> tuple[Minutes, float]:
    """(b): the whole log read at once; ms taken."""
    began = time.perf_counter()
    minutes = read_meetbot_log(log.text, owners=Owners(people), day=START.date(), milestones=MILESTONES)
    return minutes, (time.perf_counter() - began) * 1000


def timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return (time.perf_counter() - began) * 1000


@dataclass(frozen=True)
class Row:
    """The figures for one size (medians of the runs)."""

    lines: int
    live_ms: float
    live_best: float
    said_ms: float
    import_ms: float
    import_best: float
    minutes_ms: float
    json_ms: float
    items: int
    actions: int
    topics: int


def measure(lines: int, people: list[Person], folder: Path, repeat: int) -> Row:
    """Generate a log of `lines` lines and time (a), (b) and (c) on it, `repeat` times."""
    log = Writer(random.Random(SEED + lines), people).meeting(lines)
    lives = [live(log, people, folder) for _ in range(repeat)]
    imports = [imported(log, people) for _ in range(repeat)]
    meeting = lives[0][0]
    minutes = meeting.minutes()
    if _by_people(minutes) != _by_people(imports[0][0]):
        raise SystemExit(f"{lines} lines: the live minutes and the imported ones differ")
    return Row(
        lines,
        statistics.median(ms for _, ms in lives),
        min(ms for _, ms in lives),
        statistics.median(said_only(log, people) for _ in range(repeat)),
        statistics.median(ms for _, ms in imports),
        min(ms for _, ms in imports),
        statistics.median(timed(meeting.minutes) for _ in range(repeat)),
        statistics.median(timed(minutes.to_json) for _ in range(repeat)),
        len(minutes.items),
        len(minutes.actions),
        len(minutes.topics),
    )


def _by_people(minutes: Minutes) -> Minutes:
    """The minutes with the people present in one order: an imported log lists them as MeetBot
    does (by lines said), a live meeting as they came."""
    present = sorted(zip(minutes.present, minutes.lines_said, strict=True))
    return replace(minutes, present=tuple(name for name, _ in present), lines_said=tuple(n for _, n in present))


def print_table(rows: list[Row]) -> None:
    """Medians, best in brackets; µs per line from the medians."""
    print(
        f"{'lines':>8} {'items':>6} {'actions':>7} {'topics':>6} | {'(a) live ms':>17} {'µs/line':>7} "
        f"{'said() alone':>12} | "
        f"{'(b) import ms':>17} {'µs/line':>7} | {'(c) minutes() ms':>16} {'to_json ms':>10}"
    )
    for row in rows:
        live = f"{row.live_ms:.1f} ({row.live_best:.1f})"
        imported = f"{row.import_ms:.1f} ({row.import_best:.1f})"
        print(
            f"{row.lines:>8,} {row.items:>6,} {row.actions:>7,} {row.topics:>6,} | {live:>17} "
            f"{row.live_ms * 1000 / row.lines:>7.2f} {row.said_ms:>12.1f} | "
            f"{imported:>17} {row.import_ms * 1000 / row.lines:>7.2f} | {row.minutes_ms:>16.2f} {row.json_ms:>10.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the sizes; 0 when the 20,000-line log is under the target both ways, 2 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, TARGET_LINES, 200_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    options = parser.parse_args(argv)
    people = registry(random.Random(SEED))
    with tempfile.TemporaryDirectory(prefix="minutes-scale-") as folder:
        rows = [measure(lines, people, Path(folder), options.repeat) for lines in sorted(options.sizes)]
    print_table(rows)
    target = next((row for row in rows if row.lines == TARGET_LINES), None)
    if target is None:
        return 0
    held = True
    for label, ms in (("(a) live", target.live_ms), ("(b) import", target.import_ms)):
        ok = ms < TARGET_MS
        held = held and ok
        print(
            f"{label}: {TARGET_LINES:,} lines in {ms:.0f} ms (target < {TARGET_MS:.0f} ms) {'PASS' if ok else 'FAIL'}"
        )
    return 0 if held else 2


if __name__ == "__main__":
    sys.exit(main())
