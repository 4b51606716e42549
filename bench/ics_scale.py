"""What the calendar feeds and a CalDAV sync of a FOSDEM-sized agenda cost, in time, bytes and requests.

The targets (issue 4): the event feed of an unchanged FOSDEM-sized agenda is ready in under 0.5 s,
and a CalDAV sync with nothing to do writes nothing.

The script generates the agenda of agenda_scale.py (1,000 sessions, 60 rooms, 3 days, 8,000
attendees, 100 action items) in a temporary folder and measures, median and best of `--repeat` runs:

1. `load_agenda` of the file, for scale;
2. the event feed (`stamp_agenda` + `event_feed`) on a new state store, where every component is
   rendered with icalendar and stored, then with the agenda unchanged and a later clock each run
   (the headline figure); every feed must be byte-identical to the first;
3. the event feed after one session moved by 15 minutes (one component rendered again);
4. every personal feed at once (`personal_feeds`) and one person's (`event_feed(person=)`), on the
   generated agenda, where few attendees list interests, and on a variant in which every attendee
   lists 3-10 session titles;
5. the task feed;
6. CalDAV on a real Radicale on 127.0.0.1 (tests/fixtures/radicale.py): the first publish, no-op
   syncs on the warm adapter and once on a new one (which first finds the calendar home), syncs
   after one session moved; requests, write requests, items written and the time spent inside the
   adapter. Then the first publish and no-op syncs on `MemoryCalendar`, and where the time of a
   no-op sync goes (cProfile).

Run: `.venv/bin/python bench/ics_scale.py [--repeat 5]`
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the Radicale fixture lives in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agenda_scale import DAY_START, SEED, Scale, build_agenda, flow, time_runs  # noqa: E402

from bot.agenda.load import load_agenda  # noqa: E402
from bot.calendar.caldav import CalDav  # noqa: E402
from bot.calendar.feed import Stamped, event_feed, personal_feeds, stamp_agenda, task_feed  # noqa: E402
from bot.calendar.memory import MemoryCalendar  # noqa: E402
from bot.calendar.port import CalendarServer, Changes, Item  # noqa: E402
from bot.calendar.sync import sync_calendar  # noqa: E402
from bot.model import Agenda  # noqa: E402
from bot.sync.state import StateStore  # noqa: E402
from tests.fixtures.radicale import LocalRadicale  # noqa: E402

FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
TARGET_MS = 500.0
PAGE_URL = "https://wiki.example.org/FOSDEM/2027"  # as `summitbot ics` passes the wiki page's address
START = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
MOVE = timedelta(minutes=15)
USER_AGENT = "summitbot-bench/0.1 (bench/ics_scale.py)"
PERSON_SAMPLE = 200  # people whose own feed is timed one by one, spread over the registry
PROFILED = (  # (label, module, function): the steps of a no-op sync; some nest in others
    ("load_agenda", "bot/agenda/load.py", "load_agenda"),
    ("parse_agenda (inside load too)", "bot/agenda/load.py", "parse_agenda"),
    ("CalDav.changes (HTTP)", "bot/calendar/caldav.py", "changes"),
    ("_their_facts", "bot/calendar/sync.py", "_their_facts"),
    ("  record_of", "bot/sync/merge.py", "record_of"),
    ("_facts (entries -> facts)", "bot/calendar/sync.py", "_facts"),
    ("merge", "bot/sync/merge.py", "merge"),
    ("stamp_agenda", "bot/calendar/feed.py", "stamp_agenda"),
    ("plan_writes", "bot/calendar/publish.py", "plan_writes"),
    ("  item_text", "bot/calendar/feed.py", "item_text"),
    ("StateStore.base", "bot/sync/state.py", "base"),
    ("StateStore.set_base", "bot/sync/state.py", "set_base"),
    ("StateStore.set_items", "bot/sync/state.py", "set_items"),
)
Result = TypeVar("Result")


def at(hours: int) -> Callable[[], datetime]:
    """A clock that always says START + `hours`."""
    return lambda: START + timedelta(hours=hours)


def figure(label: str, taken: Sequence[float], note: str = "") -> float:
    """Print median and best of `taken` (ms) and a note; return the median."""
    median = statistics.median(taken)
    print(f"  {label:<34} median {median:9.1f} ms   best {min(taken):9.1f} ms   ({len(taken)} runs){note}")
    return median


# --- the agendas --------------------------------------------------------------------------------


def movable(agenda: Agenda) -> str:
    """A session that can start and end MOVE earlier without overlapping the one before it in its room."""
    ends: dict[tuple[str | None, date], datetime] = {}
    for session in sorted(agenda.sessions, key=lambda s: (s.room or "", s.start)):
        day = session.start.date()
        opening = session.start.replace(hour=DAY_START // 60, minute=DAY_START % 60)
        if session.start - ends.get((session.room, day), opening) >= MOVE:
            return session.id
        ends[(session.room, day)] = session.end
    raise SystemExit("no session can move: every room is full from 09:00")


def moved_text(text: str, agenda: Agenda, session_id: str) -> str:
    """The agenda's text with the session's start and end MOVE earlier, written as "HH:MM"."""
    session = next(s for s in agenda.sessions if s.id == session_id)
    lines = text.split("\n")
    first = lines.index(f"  - id: {session_id}")
    for key, moment in (("start", session.start - MOVE), ("end", session.end - MOVE)):
        index = next(i for i in range(first, len(lines)) if lines[i].startswith(f"    {key}: "))
        lines[index] = f'    {key}: "{moment:%H:%M}"'
    return "\n".join(lines)


def with_interests(text: str, agenda: Agenda) -> str:
    """The agenda with every attendee written as a mapping listing 3-10 session titles as interests."""
    rng = random.Random(SEED + 4)
    titles = [session.title for session in agenda.sessions]
    lines = text.split("\n")
    start = lines.index("attendees:")
    end = lines.index("", start)
    block: list[str] = []
    for line in lines[start + 1 : end]:
        if line.startswith("    interests: "):
            continue  # replaced by the new list
        if line.startswith("  - "):
            entry = line if line.startswith("  - name: ") else f"  - name: {line[4:]}"
            block += [entry, f"    interests: {flow(rng.sample(titles, rng.randint(3, 10)))}"]
        else:
            block.append(line)
    return "\n".join([*lines[: start + 1], *block, *lines[end:]])


# --- feeds --------------------------------------------------------------------------------------


def new_store(folder: Path) -> StateStore:
    """A state store in a new file of `folder`."""
    return StateStore(folder / f"state-{time.perf_counter_ns()}.sqlite3")


def stamped_feed(agenda: Agenda, store: StateStore, hours: int) -> str:
    """What `summitbot ics` does: bring the stamps up to date, then assemble the event feed."""
    return event_feed(stamp_agenda(agenda, store, page_url=PAGE_URL, clock=at(hours)))


def timed(work: Callable[[], Result]) -> tuple[Result, float]:
    """What `work` returns and how long it took, in ms."""
    began = time.perf_counter()
    result = work()
    return result, (time.perf_counter() - began) * 1000


def bench_event_feed(agenda: Agenda, folder: Path, repeat: int) -> tuple[StateStore, bool]:
    """Step 2: the feed on new stores, then steady state; returns the warm store and the verdict."""
    print("event feed (stamp_agenda + event_feed):")
    stores = [new_store(folder) for _ in range(repeat)]  # made beforehand: only the stamping is timed
    firsts = [timed(partial(stamped_feed, agenda, store, 0)) for store in stores]
    figure("first time (new state store)", [ms for _, ms in firsts])
    store = new_store(folder)
    reference = stamped_feed(agenda, store, 0)
    steady = [timed(partial(stamped_feed, agenda, store, hours)) for hours in range(1, repeat + 1)]
    median = figure("steady state (unchanged agenda)", [ms for _, ms in steady])
    stamps = time_runs(lambda: stamp_agenda(agenda, store, page_url=PAGE_URL, clock=at(99)), repeat)
    figure("  of which stamp_agenda", stamps)
    stamped = stamp_agenda(agenda, store, page_url=PAGE_URL, clock=at(99))
    figure("  of which event_feed", time_runs(lambda: event_feed(stamped), repeat))
    identical = all(feed == reference for feed, _ in [*firsts, *steady])  # each run's clock is later
    size = len(reference.encode("utf-8"))
    events, zones = reference.count("BEGIN:VEVENT"), reference.count("BEGIN:VTIMEZONE")
    print(f"  feed: {size:,} bytes, {events:,} VEVENTs, {zones} VTIMEZONE")
    fast = median < TARGET_MS
    print(
        f"  target event feed: median {median:.0f} ms (target < {TARGET_MS:.0f} ms) {'OK' if fast else 'OVER TARGET'}"
    )
    print(f"  check unchanged agenda, later clock: byte-identical feed {'OK' if identical else 'MISSED'}")
    return store, fast and identical


def components(store: StateStore, event_id: str) -> dict[str, str]:
    """The stored component text of every UID."""
    return {uid: stamp.component for uid, stamp in store.stamps(event_id).items()}


def spread(values: list[int]) -> str:
    """`3` when every run gave 3, `1-2` otherwise."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def bench_moved(agendas: tuple[Agenda, Agenda], store: StateStore, session_id: str, repeat: int) -> bool:
    """Step 3: the feed after one session moved, back and forth; each run must re-render one component."""
    taken, changed = [], []
    for run in range(repeat):
        agenda = agendas[(run + 1) % 2]  # moved, back, moved, ...
        before = components(store, agenda.event.id)
        taken.append(timed(partial(stamped_feed, agenda, store, 200 + run))[1])
        after = components(store, agenda.event.id)
        changed.append(sum(before.get(uid) != text for uid, text in after.items()))
    figure(f"one session moved ({session_id})", taken, f"; components re-rendered per run: {spread(changed)}")
    ok = all(count == 1 for count in changed)
    print(f"  check one session moved: exactly 1 component re-rendered: {'OK' if ok else 'MISSED'}")
    return ok


def describe_feeds(feeds: dict[str, str], people: int) -> str:
    """Feeds, people without one, bytes and events per feed."""
    events = [text.count("BEGIN:VEVENT") for text in feeds.values()]
    size = sum(len(text.encode("utf-8")) for text in feeds.values())
    mean = statistics.mean(events) if events else 0
    return (
        f"{len(feeds):,} feeds for {people:,} people ({people - len(feeds):,} with no event get none), "
        f"{size / 1e6:.1f} MB, events per feed: mean {mean:.1f}, median {statistics.median(events or [0]):.0f}, "
        f"max {max(events or [0])}"
    )


def bench_personal(label: str, agenda: Agenda, folder: Path, repeat: int) -> None:
    """Step 4: every personal feed at once, and one person's feed (PERSON_SAMPLE people, once each)."""
    stamped = stamp_agenda(agenda, new_store(folder), page_url=PAGE_URL, clock=at(0))
    print(f"personal feeds, {label}:")
    feeds: dict[str, str] = {}

    def run() -> None:
        nonlocal feeds
        feeds = personal_feeds(stamped)

    figure("personal_feeds (everyone)", time_runs(run, repeat))
    print(f"    {describe_feeds(feeds, len(agenda.people))}")
    people = [person.id for person in agenda.people]
    sample = people[:: max(1, len(people) // PERSON_SAMPLE)][:PERSON_SAMPLE]
    singles = [(person, *timed(partial(event_feed, stamped, person=person))) for person in sample]
    taken = [ms for _, _, ms in singles]
    figure(
        "event_feed(person=), one person",
        taken,
        f"; {len(sample)} people once each, mean {statistics.mean(taken):.1f} ms",
    )
    same = all(text == feeds[person] for person, text, _ in singles if person in feeds)
    print(f"    event_feed(person=) gives the same text as personal_feeds: {same}")


def bench_tasks(stamped: Stamped, repeat: int) -> None:
    """Step 5: the task feed."""
    text = task_feed(stamped)
    print("task feed:")
    figure("task feed", time_runs(lambda: task_feed(stamped), repeat))
    print(f"    {len(text.encode('utf-8')):,} bytes, {text.count('BEGIN:VTODO')} VTODOs")


# --- CalDAV -------------------------------------------------------------------------------------


@dataclass
class Counted:
    """A CalendarServer that passes every call on, timing it and counting the calls that write."""

    server: CalendarServer
    seconds: float = 0.0
    writes: int = 0
    put_ms: dict[str, list[float]] = field(default_factory=dict)  # by collection, in order
    _lock: threading.Lock = field(default_factory=threading.Lock)  # puts and deletes come from several threads

    def etags(self, collection: str) -> dict[str, str] | None:
        """The server's etags, timed."""
        return self._timed(lambda: self.server.etags(collection))

    def changes(self, collection: str, since: str | None) -> Changes | None:
        """The server's changes since a token, timed."""
        return self._timed(lambda: self.server.changes(collection, since))

    def get(self, collection: str, hrefs: Sequence[str]) -> list[Item]:
        """The server's items, timed."""
        return self._timed(lambda: self.server.get(collection, hrefs))

    def create_collection(self, collection: str, *, title: str, component: str) -> None:
        """Create on the server, timed and counted."""
        self.writes += 1
        self._timed(lambda: self.server.create_collection(collection, title=title, component=component))

    def put(self, collection: str, href: str, text: str, *, etag: str | None) -> str:
        """Put on the server, timed and counted; each PUT's time is kept (PUTs run side by side, so
        their times overlap)."""
        began = time.perf_counter()
        new_etag = self._timed(lambda: self.server.put(collection, href, text, etag=etag))
        with self._lock:
            self.writes += 1
            self.put_ms.setdefault(collection, []).append((time.perf_counter() - began) * 1000)
        return new_etag

    def delete(self, collection: str, href: str, *, etag: str) -> None:
        """Delete on the server, timed and counted."""
        with self._lock:
            self.writes += 1
        self._timed(lambda: self.server.delete(collection, href, etag=etag))

    def address(self, collection: str) -> str:
        """The server's address of the collection."""
        return self.server.address(collection)

    def _timed(self, call: Callable[[], Result]) -> Result:
        began = time.perf_counter()
        try:
            return call()
        finally:
            with self._lock:
                self.seconds += time.perf_counter() - began


@dataclass
class Side:
    """A calendar server the bot syncs with, with its own state store, and how to count its requests."""

    server: Counted
    requests: Callable[[], int]
    store: StateStore


@dataclass(frozen=True)
class Run:
    """One measured sync: requests, those that wrote, items written and deleted, wall and adapter time."""

    requests: int
    writes: int
    written: int
    deleted: int
    ms: float
    adapter_ms: float


def measured_sync(side: Side, path: Path, hours: int) -> Run:
    """Sync once with a clock `hours` after START; count what it cost."""
    requests, writes, seconds = side.requests(), side.server.writes, side.server.seconds
    sync = partial(sync_calendar, path, side.server, side.store, page_url=PAGE_URL, clock=at(hours))
    reports, ms = timed(sync)
    adapter_ms = (side.server.seconds - seconds) * 1000
    written, deleted = sum(r.written for r in reports), sum(r.deleted for r in reports)
    return Run(side.requests() - requests, side.server.writes - writes, written, deleted, ms, adapter_ms)


def print_step(label: str, runs: list[Run]) -> None:
    """One line of a sync table."""
    taken, adapter = [run.ms for run in runs], [run.adapter_ms for run in runs]
    counts = [[run.requests for run in runs], [run.writes for run in runs], [run.written for run in runs]]
    print(
        f"  {label:<28} {spread(counts[0]):>8} {spread(counts[1]):>7} {spread(counts[2]):>8} "
        f"{spread([run.deleted for run in runs]):>8} {statistics.median(taken):10.0f} {min(taken):9.0f} "
        f"{statistics.median(adapter):11.0f} {len(runs):5}"
    )


def print_header(requests: str) -> None:
    """The columns of a sync table."""
    print(
        f"  {'step':<28} {requests:>8} {'writes':>7} {'written':>8} {'deleted':>8} {'median ms':>10} "
        f"{'best ms':>9} {'adapter ms':>11} {'runs':>5}"
    )


def radicale_side(local: LocalRadicale, store: StateStore) -> tuple[Side, CalDav]:
    """A new CalDav adapter (no calendar home found yet) for the bot's account on `local`."""
    dav = CalDav(local.account(), user_agent=USER_AGENT)
    return Side(Counted(dav), lambda: dav.requests_made, store), dav


def describe_puts(server: Counted) -> None:
    """Whether a PUT gets slower as the collection fills: the first 100 against the last 100."""
    for collection, taken in server.put_ms.items():
        if len(taken) >= 200:
            first, last = statistics.mean(taken[:100]), statistics.mean(taken[-100:])
            print(
                f"  PUTs into {collection!r}: {len(taken)}, {sum(taken) / 1000:.1f} s; the first 100 "
                f"{first:.1f} ms each, the last 100 {last:.1f} ms each"
            )


def bench_radicale(local: LocalRadicale, path: Path, texts: tuple[str, str], folder: Path, repeat: int) -> bool:
    """Step 6 on Radicale; True when no-op syncs write nothing and a move writes one item."""
    print_header("requests")
    side, dav = radicale_side(local, new_store(folder))
    publish = measured_sync(side, path, 0)
    print_step("first publish (+ discovery)", [publish])
    publisher = side.server  # its PUT times: the no-op syncs on it put nothing
    no_ops = [measured_sync(side, path, hours) for hours in range(1, repeat + 1)]
    print_step("no-op", no_ops)
    dav.close()
    side, dav = radicale_side(local, side.store)
    cold = measured_sync(side, path, repeat + 1)
    print_step("no-op, new adapter", [cold])
    moves = []
    for run in range(repeat):
        path.write_text(texts[(run + 1) % 2], encoding="utf-8")  # moved, back, moved, ...
        moves.append(measured_sync(side, path, 100 + run))
    print_step("one session moved", moves)
    path.write_text(texts[0], encoding="utf-8")
    measured_sync(side, path, 200)  # back where the no-op runs were, for the profile
    describe_puts(publisher)
    profile_no_op(side, path)
    dav.close()
    return check_syncs([*no_ops, cold], moves, "Radicale")


def bench_memory(path: Path, folder: Path, repeat: int) -> bool:
    """Step 6 on MemoryCalendar: the first publish and no-op syncs; its own read and write counters."""
    memory = MemoryCalendar()
    side = Side(Counted(memory), lambda: memory.reads + memory.writes, new_store(folder))
    print_header("requests")
    print_step("first publish", [measured_sync(side, path, 0)])
    reads, writes = memory.reads, memory.writes
    no_ops = [measured_sync(side, path, hours) for hours in range(1, repeat + 1)]
    print_step("no-op", no_ops)
    print(f"  (requests: MemoryCalendar.reads + writes; over the no-op runs reads +{memory.reads - reads}, ", end="")
    print(f"writes +{memory.writes - writes})")
    return check_syncs(no_ops, [], "MemoryCalendar")


def check_syncs(no_ops: list[Run], moves: list[Run], server: str) -> bool:
    """Print and return whether every no-op wrote nothing and every move wrote exactly one item."""
    quiet = all(run.writes == 0 and run.written == 0 and run.deleted == 0 for run in no_ops)
    print(f"  target no-op sync writes nothing ({server}, {len(no_ops)} runs): {'OK' if quiet else 'MISSED'}")
    if not moves:
        return quiet
    single = all(run.written == 1 and run.writes == 1 for run in moves)
    print(f"  check one session moved: exactly 1 item written ({server}): {'OK' if single else 'MISSED'}")
    return quiet and single


def profile_no_op(side: Side, path: Path) -> None:
    """Where a no-op sync's time goes (cProfile: the shares matter, its overhead inflates the ms)."""
    profiler = cProfile.Profile()
    sync = partial(sync_calendar, path, side.server, side.store, page_url=PAGE_URL, clock=at(300))
    began = time.perf_counter()
    profiler.runcall(sync)
    total = (time.perf_counter() - began) * 1000
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    print(f"  no-op sync under cProfile: {total:.0f} ms in all; per step (nested steps overlap):")
    for label, module, function in PROFILED:
        found = [
            (row[1], row[3]) for (file, _, name), row in stats.items() if file.endswith(module) and name == function
        ]
        calls, seconds = sum(c for c, _ in found), sum(s for _, s in found)
        print(f"    {label:<32} {seconds * 1000:8.0f} ms {seconds * 100_000 / total:5.0f} %   {calls:,} calls")


# --- putting it together ------------------------------------------------------------------------


def load_text(text: str, path: Path) -> Agenda:
    """Write `text` to `path` and load it."""
    path.write_text(text, encoding="utf-8")
    return load_agenda(path)


def bench_feeds(text: str, path: Path, folder: Path, repeat: int) -> tuple[bool, str]:
    """Steps 1-5; returns whether the feed checks hold and the moved agenda's text."""
    print("loading:")
    figure("load_agenda", time_runs(lambda: load_agenda(path), repeat))
    agenda = load_agenda(path)
    print(
        f"  {len(agenda.sessions):,} sessions, {len(agenda.people):,} people, {len(agenda.attendees):,} attendees "
        f"({sum(1 for a in agenda.attendees if a.interests)} list interests), {len(agenda.actions)} actions"
    )
    session_id = movable(agenda)
    moved = moved_text(text, agenda, session_id)
    store, feed_ok = bench_event_feed(agenda, folder, repeat)
    moved_ok = bench_moved((agenda, load_text(moved, folder / "moved.yaml")), store, session_id, repeat)
    bench_tasks(stamp_agenda(agenda, store, page_url=PAGE_URL, clock=at(300)), repeat)
    bench_personal("the generated agenda", agenda, folder, repeat)
    variant = load_text(with_interests(text, agenda), folder / "interests.yaml")
    bench_personal("variant: every attendee lists 3-10 session titles", variant, folder, repeat)
    return feed_ok and moved_ok, moved


def bench(folder: Path, repeat: int) -> bool:
    """Generate the agenda, measure the feeds, start Radicale and measure the syncs; True when all hold."""
    text = build_agenda(FOSDEM)
    path = folder / "fosdem-2027.yaml"
    path.write_text(text, encoding="utf-8")
    print(f"agenda: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines")
    feeds_ok, moved = bench_feeds(text, path, folder, repeat)
    began = time.perf_counter()
    local = LocalRadicale.start(folder / "radicale")
    print(f"\nCalDAV: Radicale on {local.url} ready in {time.perf_counter() - began:.1f} s")
    try:
        radicale_ok = bench_radicale(local, path, (text, moved), folder, repeat)
    finally:
        local.stop()
    print("\nCalDAV: MemoryCalendar")
    memory_ok = bench_memory(path, folder, repeat)
    held = feeds_ok and radicale_ok and memory_ok
    print(f"\n{'every target and check holds' if held else 'a target or check MISSED (see above)'}")
    return held


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark; 0 when every target and check holds, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each repeatable measurement (default 5)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ics-scale-") as folder:
        return 0 if bench(Path(folder), options.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
