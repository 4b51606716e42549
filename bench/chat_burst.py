"""A burst of chat requests against `summitbot serve`: ack latency, nothing lost, few wiki edits.

200 people send `/summit join` and 200 others vote by reaction on one proposal's message, all
within ten seconds (by default spread evenly over 5 s, interleaved, from a pool of 64 threads).
The bot runs as a real process (tests/fixtures/serve.py) with its default debounce (2 s) and
max-delay (10 s), against a local Slack Web API, a real MediaWiki and (unless --no-caldav) Radicale,
all on 127.0.0.1, stopped at the end by their own process groups. Each run has a fresh bot, Slack,
agenda copy, wiki page and calendar collection; the wiki and Radicale are shared by the runs.

Targets (issue): p99 ack under 100 ms; nothing lost (every request answered 200, every sign-up and
vote in the YAML, every command replied to); at most 5 wiki edits for the burst. Exit status 0
when all hold, 2 when not.

Run: `.venv/bin/python bench/chat_burst.py [--runs 3] [--spread 5] [--workers 64] [--no-caldav]`
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the fixtures live in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.agenda.load import load_agenda  # noqa: E402
from bot.model import Channel  # noqa: E402
from tests.fixtures.mediawiki import LocalWiki  # noqa: E402
from tests.fixtures.radicale import LocalRadicale  # noqa: E402
from tests.fixtures.serve import CHANNEL_ID, CHANNEL_NAME, Member, RunningBot  # noqa: E402
from tests.fixtures.slack_api import LocalSlack  # noqa: E402
from tests.fixtures.slack_requests import event_callback, new_trigger_id, reaction_event, slash_command  # noqa: E402
from tests.fixtures.summit import environment  # noqa: E402

MINI_SUMMIT = ROOT / "agendas" / "containers-mini-summit-2008.yaml"
PEOPLE = 200  # sign-ups, and as many voters
TARGET_P99_MS, TARGET_EDITS = 100.0, 5
ORGANISER = "U0KIR"
ROUND = re.compile(r"chat round requests=(\d+) done=\d+ agendas=\d+ took_ms=(\d+)")
SYNC = re.compile(r"sync agenda=\S+ wiki=(\w+) .*calendar_writes=(\d+) .*took_ms=(\d+)")
HANDLED = re.compile(r"request path=/slack/events status=\d+ took_ms=([\d.]+)")
COLUMNS = ("run", "ack med", "ack p99", "ack max", ">=1 s", "bot p99", "no answer", "non-200", "all in", "sign-ups",
           "votes", "replies", "wiki edits", "cal writes", "rounds")  # fmt: skip


@dataclass(frozen=True)
class Sent:
    """One request of the burst: a join or a vote, the bot's HTTP status, the ack time, how late it left."""

    join: bool  # a slash command (else a reaction event)
    status: int  # 0: the connection closed without an answer
    ack_ms: float
    late_ms: float  # behind its place in the schedule (every thread of the pool was busy)


@dataclass(frozen=True)
class Stage:
    """A running bot with its Slack, agenda and wiki page, and the proposal message to react to."""

    bot: RunningBot
    slack: LocalSlack
    path: Path
    page: str
    proposal: str
    ts: str


@dataclass(frozen=True)
class Figures:
    """What one run measured (times in ms unless named _s)."""

    sent: list[Sent]
    idle_acks: list[float]  # the baseline: events that store nothing, one at a time, before the burst
    handled: list[float]  # the bot's own time per request (from do_POST to the answer), from its log
    overflows: int | None  # TCP listen-queue overflows on this host (any process's) during the burst
    answered_s: float
    all_in_yaml_s: float | None
    idle_s: float
    signups: int
    votes: int
    replies: int
    edits: int
    calendar_writes: int
    rounds: list[tuple[int, int]]  # requests, took_ms
    syncs: list[str]

    def acks(self, join: bool | None = None) -> list[float]:
        """The ack times of the answered requests (only the joins, or only the votes, if asked)."""
        return [sent.ack_ms for sent in self.sent if sent.status and join in (None, sent.join)]

    def lost(self) -> int:
        """Requests not answered 200, and sign-ups, votes and replies missing."""
        return sum(sent.status != 200 for sent in self.sent) + 3 * PEOPLE - self.signups - self.votes - self.replies


def percentile(values: list[float], rank: int) -> float:
    """The `rank`-th percentile (inclusive: p99 of 400 values lies between the 4th and 5th largest)."""
    return statistics.quantiles(values, n=100, method="inclusive")[rank - 1]


def listen_overflows() -> int | None:
    """The kernel's count of connections dropped because a listen queue was full (None: unreadable)."""
    try:
        names, values = [line.split() for line in Path("/proc/net/netstat").read_text().splitlines()[:2]]
    except (OSError, ValueError):
        return None
    return int(dict(zip(names, values, strict=True)).get("ListenOverflows", 0))


def settle(bot: RunningBot, timeout: float) -> None:
    """wait_idle, then also until no sync runs (wait_idle takes an agenda being synced for idle)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        bot.wait_idle(timeout)
        agendas = (bot.health().get("sync") or {}).get("agendas", {}).values()
        if not any(state.get("syncing") or state.get("dirty") for state in agendas):
            return
        time.sleep(0.1)
    raise AssertionError(f"the bot did not settle in {timeout} s")


def watch_signups(path: Path, began: float, stop: threading.Event) -> list[float]:
    """Start a thread that puts into the list returned the seconds from `began` until every sign-up is
    in the YAML. It stats the file every 50 ms and, when it changed, counts its `via: chat` lines (a
    full load each time would compete with the bot for the 2 cores)."""
    arrived: list[float] = []

    def watch() -> None:
        seen = 0
        while not arrived and not stop.wait(0.05):
            stamp = path.stat().st_mtime_ns
            if stamp != seen and path.read_text(encoding="utf-8").count("\n    via: chat") >= PEOPLE:
                arrived.append(time.monotonic() - began)
            seen = stamp

    threading.Thread(target=watch, daemon=True).start()
    return arrived


def agenda_copy(folder: Path, run: int) -> tuple[Path, str]:
    """The mini-summit with its own page and collection and Kir's chat id (as Summit.create does)."""
    stamp = int(time.time())
    page = f"Bench/Chat burst {run} {stamp}"
    text = MINI_SUMMIT.read_text(encoding="utf-8")
    text = text.replace("page: Containers/Mini-summit 2008", f"page: {page}")
    text = text.replace("collection: containers", f"collection: burst-{run}-{stamp}")
    text = text.replace("    id: kir\n", f"    id: kir\n    chat_id: {ORGANISER}\n")
    path = folder / "containers.yaml"
    path.write_text(text, encoding="utf-8")
    return path, page


def bot_environment(wiki: LocalWiki, radicale: LocalRadicale | None, folder: Path) -> dict[str, str]:
    """tests/fixtures/summit.py's environment; without Radicale, the wiki and state settings alone."""
    if radicale is not None:
        return environment(wiki, radicale, folder)
    account, state = wiki.bot_account, str(folder / "state.sqlite3")
    return {"SUMMITBOT_WIKI_URL": wiki.api_url, "SUMMITBOT_WIKI_USER": account.user,
            "SUMMITBOT_WIKI_PASSWORD": account.password, "SUMMITBOT_STATE": state}  # fmt: skip


def start_stage(slack: LocalSlack, env: dict[str, str], folder: Path, run: int, options: argparse.Namespace) -> Stage:
    """Serve a fresh agenda copy, wait for the first sync, and have Kir propose a topic to vote on."""
    folder.mkdir(parents=True)
    path, page = agenda_copy(folder, run)
    slack.add_channel(CHANNEL_ID, CHANNEL_NAME)
    timing = ("--debounce", str(options.debounce), "--max-delay", str(options.max_delay))
    bot = RunningBot.start([path], slack, env, folder, *timing)
    try:
        settle(bot, 60)
        Member(bot, slack, ORGANISER, "Kir Kolyshkin", "kir@openvz.org").says("propose Burst topic -- many votes")
        slack.wait_for("chat.postMessage")
        settle(bot, 60)
    except BaseException:
        bot.stop()
        raise
    return Stage(bot, slack, path, page, load_agenda(path).proposals[-1].id, slack.messages(CHANNEL_ID)[-1]["ts"])


def idle_acks(stage: Stage, run: int, count: int = 20) -> list[float]:
    """Acks (ms) of `count` events sent one at a time to the idle bot: :tada: reactions, which it
    acknowledges without storing anything (what the HTTP path alone costs, as a baseline)."""
    acks = []
    for number in range(count):
        stage.slack.react(CHANNEL_ID, stage.ts, f"U0I{number:04d}", "tada")
        event = reaction_event("reaction_added", f"U0I{number:04d}", "tada", CHANNEL_ID, stage.ts)
        acks.append(stage.bot.events(event_callback(event, event_id=f"EvIdle{run}x{number:03d}")).elapsed * 1000)
    return acks


def burst(stage: Stage, run: int, spread: float, workers: int) -> list[Sent]:
    """Send the 400 requests (join, vote, join, ...), request i at i * spread / 400 s; their answers."""
    slack = stage.slack
    for number in range(PEOPLE):
        slack.add_user(f"U0J{number:04d}", f"Burst Joiner {number:03d}", email=f"joiner{number:03d}@example.org")
        slack.add_user(f"U0V{number:04d}", f"Burst Voter {number:03d}", email=f"voter{number:03d}@example.org")
    began, step = time.monotonic(), spread / (2 * PEOPLE)

    def send(index: int) -> Sent:
        number, due = index // 2, began + index * step
        time.sleep(max(0.0, due - time.monotonic()))
        late = (time.monotonic() - due) * 1000
        if index % 2 == 0:
            body = slash_command("join", user_id=f"U0J{number:04d}", user_name=f"joiner{number:03d}",
                                 channel_id=CHANNEL_ID, channel_name=CHANNEL_NAME, response_url=slack.response_url(),
                                 trigger_id=new_trigger_id())  # fmt: skip
        else:
            slack.react(CHANNEL_ID, stage.ts, f"U0V{number:04d}")  # Slack stores the reaction, then sends the event
            event = reaction_event("reaction_added", f"U0V{number:04d}", "+1", CHANNEL_ID, stage.ts)
            body = event_callback(event, event_id=f"EvBurst{run}x{number:05d}")
        started = time.monotonic()
        try:
            answer = stage.bot.events(body)
        except requests.RequestException:  # no answer at all: Slack would show an error, or retry the event
            return Sent(index % 2 == 0, 0, (time.monotonic() - started) * 1000, late)
        return Sent(index % 2 == 0, answer.status, answer.elapsed * 1000, late)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(send, range(2 * PEOPLE)))


def measure(stage: Stage, wiki: LocalWiki, run: int, options: argparse.Namespace) -> Figures:
    """The burst, then wait until the bot is idle (synced included), and count what arrived where."""
    bot, slack = stage.bot, stage.slack
    idle = idle_acks(stage, run)
    revisions, log_start, replies = wiki.revision_count(stage.page), len(bot.log()), len(slack.calls("response_url"))
    overflows, began, stop = listen_overflows(), time.monotonic(), threading.Event()
    arrived = watch_signups(stage.path, began, stop)
    sent = burst(stage, run, options.spread, options.workers)
    answered, overflowed = time.monotonic() - began, listen_overflows()
    settle(bot, 120)
    settled = time.monotonic() - began
    stop.set()
    votes = next(p for p in load_agenda(stage.path).proposals if p.id == stage.proposal).votes
    log = bot.log()[log_start:]
    syncs = SYNC.findall(log)
    return Figures(
        sent=sent, handled=[float(ms) for ms in HANDLED.findall(log)],
        overflows=None if overflows is None or overflowed is None else overflowed - overflows, answered_s=answered,
        all_in_yaml_s=arrived[0] if arrived else None, idle_s=settled, idle_acks=idle,
        signups=sum(a.via is Channel.CHAT for a in load_agenda(stage.path).attendees), votes=len(votes),
        replies=len(slack.calls("response_url")) - replies, edits=wiki.revision_count(stage.page) - revisions,
        calendar_writes=sum(int(writes) for _, writes, _ in syncs),
        rounds=[(int(count), int(ms)) for count, ms in ROUND.findall(log)],
        syncs=[f"wiki {done}, {writes} calendar writes, {ms} ms" for done, writes, ms in syncs],
    )  # fmt: skip


def one_run(wiki: LocalWiki, radicale: LocalRadicale | None, folder: Path, run: int,
            options: argparse.Namespace) -> Figures:  # fmt: skip
    """A fresh Slack and bot, the burst, the figures; every server of the run stopped."""
    slack = LocalSlack.start()
    try:
        stage = start_stage(slack, bot_environment(wiki, radicale, folder), folder, run, options)
        try:
            return measure(stage, wiki, run, options)
        finally:
            stage.bot.stop()
    finally:
        slack.stop()


def row(figures: Figures) -> list[str]:
    """One run's figures in the order of COLUMNS (the run's name aside)."""
    acks, arrived, statuses = figures.acks(), figures.all_in_yaml_s, [sent.status for sent in figures.sent]
    handled = f"{percentile(figures.handled, 99):.0f}" if len(figures.handled) > 1 else "?"
    return [f"{statistics.median(acks):.1f}", f"{percentile(acks, 99):.0f}", f"{max(acks):.0f}",
            str(sum(ms >= 1000 for ms in acks)), handled, str(statuses.count(0)),
            str(sum(status not in (0, 200) for status in statuses)),
            "never" if arrived is None else f"{arrived:.1f}", str(figures.signups), str(figures.votes),
            str(figures.replies), str(figures.edits), str(figures.calendar_writes),
            str(len(figures.rounds))]  # fmt: skip


def report(run: int, figures: Figures) -> None:
    """What one run did besides its row of the table: its pace, the worker's rounds, the syncs."""
    overflows = "?" if figures.overflows is None else figures.overflows
    idle, late = figures.idle_acks, max(sent.late_ms for sent in figures.sent)
    print(f"run {run}: all answered after {figures.answered_s:.2f} s (none sent over {late:.0f} ms late), bot idle "
          f"after {figures.idle_s:.1f} s; TCP listen-queue overflows on the host meanwhile: {overflows}")  # fmt: skip
    print(f"  ack p99 of joins {percentile(figures.acks(join=True), 99):.0f} ms, of votes "
          f"{percentile(figures.acks(join=False), 99):.0f} ms; baseline (idle bot, {len(idle)} events one at a time): "
          f"median {statistics.median(idle):.1f} ms, max {max(idle):.1f} ms")  # fmt: skip
    print(f"  worker rounds (one YAML write each), requests/ms: {' '.join(f'{n}/{ms}' for n, ms in figures.rounds)}")
    print(f"  syncs: {'; '.join(figures.syncs)}")


def summary(runs: list[Figures]) -> bool:
    """The table of the runs (and their medians); the verdict against each target."""
    rows = [[str(number), *row(figures)] for number, figures in enumerate(runs, 1)]
    if len(runs) > 1:
        columns = zip(*(row(figures) for figures in runs), strict=True)
        numeric = [all(v.replace(".", "").isdigit() for v in column) and column for column in columns]
        rows.append(["median", *(f"{statistics.median(map(float, c)):g}" if c else "-" for c in numeric)])
    widths = [max(len(line[i]) for line in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    print("\nms, but `all in`: s from the first request until every sign-up was in the YAML; `bot p99`: the bot's "
          "own time per request (its log)")  # fmt: skip
    for line in [list(COLUMNS), *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
    worst, edits = max(percentile(f.acks(), 99) for f in runs), max(f.edits for f in runs)
    lost = sum(f.lost() for f in runs)
    verdicts = [(f"p99 ack < {TARGET_P99_MS:.0f} ms (worst run {worst:.0f} ms)", worst < TARGET_P99_MS),
                (f"none lost (no answer or non-200, + sign-ups, votes, replies missing: {lost})", lost == 0),
                (f"wiki edits <= {TARGET_EDITS} (most in a run: {edits})", edits <= TARGET_EDITS)]  # fmt: skip
    for label, held in verdicts:
        print(f"{label}: {'PASS' if held else 'FAIL'}")
    return all(held for _, held in verdicts)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, start the wiki (and Radicale), burst `--runs` times; 0 when the targets hold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=1, help="bursts, each against a fresh bot and agenda (default 1)")
    parser.add_argument("--spread", type=float, default=5.0, help="seconds the 400 requests are spread over; 0: as "
                        "fast as the pool allows (default 5)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=64, help="client threads (default 64)")
    parser.add_argument("--debounce", type=float, default=2.0, help="the bot's --debounce (default 2)")
    parser.add_argument("--max-delay", type=float, default=10.0, help="the bot's --max-delay (default 10)")
    parser.add_argument("--no-caldav", action="store_true", help="no Radicale: the bot syncs the wiki only")
    parser.add_argument(
        "--keep", type=Path, help="keep the servers' folders, the bot's logs and agendas in this new folder"
    )
    options = parser.parse_args(argv)
    how = f"spread evenly over {options.spread:g} s" if options.spread else "as fast as the pool allows"
    print(f"{2 * PEOPLE} requests ({PEOPLE} joins, {PEOPLE} votes, interleaved), {how}, {options.workers} threads; "
          f"bot --debounce {options.debounce:g} --max-delay {options.max_delay:g}, "
          f"{'wiki only' if options.no_caldav else 'wiki and CalDAV'}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="chat-burst-") as scratch:
        folder = options.keep.resolve() if options.keep else Path(scratch)
        wiki = LocalWiki.start(folder / "wiki")
        radicale: LocalRadicale | None = None
        try:
            radicale = None if options.no_caldav else LocalRadicale.start(folder / "radicale")
            runs = []
            for run in range(1, options.runs + 1):
                runs.append(one_run(wiki, radicale, folder / f"run-{run}", run, options))
                report(run, runs[-1])
            return 0 if summary(runs) else 2
        finally:
            if radicale is not None:
                radicale.stop()
            wiki.stop()


if __name__ == "__main__":
    sys.exit(main())
