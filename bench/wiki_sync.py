"""What a wiki sync costs in HTTP requests, wiki edits and time, on a real local MediaWiki.

The targets: a sync that has nothing to do makes no edit and at most one read request per 50 pages
(plus the login of a fresh adapter); a sync with one change makes exactly one edit.

The script starts a MediaWiki on 127.0.0.1 (tests/fixtures/mediawiki.py) in a temporary folder and
syncs two agendas with it: the mini-summit example and the FOSDEM-sized agenda of agenda_scale.py
(1,000 sessions, 60 rooms, 8,000 attendees: a page of about 570 kB). For each it measures:

- the first publish (once: a page is created only once), on a new adapter, so it includes the login;
- a no-op sync, once on a new adapter (login + read) and `--repeat` times on the warm one;
- a sync after one change in the YAML (a new attendee each run);
- a sync after a person adds one name on the wiki (as Alice, with a full-page edit).
It prints requests, edits (revisions saved by the bot) and wall time (median and best), then the
render and parse time of the largest page and where the time of a no-op FOSDEM sync goes.

Run: `.venv/bin/python bench/wiki_sync.py [--repeat 5]`
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the wiki fixture lives in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agenda_scale import Scale, build_agenda, report, time_runs  # noqa: E402

from bot.agenda.load import load_agenda  # noqa: E402
from bot.sync.state import StateStore  # noqa: E402
from bot.sync.wiki_sync import sync_wiki  # noqa: E402
from bot.wiki.facts import page_facts  # noqa: E402
from bot.wiki.mediawiki import MediaWiki  # noqa: E402
from bot.wiki.page import read_page  # noqa: E402
from bot.wiki.port import BATCH  # noqa: E402
from bot.wiki.render import render_page  # noqa: E402
from tests.fixtures.mediawiki import LocalWiki  # noqa: E402

MINI_SUMMIT = ROOT / "agendas" / "containers-mini-summit-2008.yaml"
FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
USER_AGENT = "summitbot-bench/0.1 (bench/wiki_sync.py)"
HUMAN = "Alice"
PROFILED = (  # (label, module, function): the steps of a sync, in the order they run; some nest in others
    ("load_agenda", "bot/agenda/load.py", "load_agenda"),
    ("MediaWiki.read (HTTP)", "bot/wiki/mediawiki.py", "read"),
    ("read_page", "bot/wiki/page.py", "read_page"),
    ("page_facts", "bot/wiki/facts.py", "page_facts"),
    ("merge", "bot/sync/merge.py", "merge"),
    ("save (check, then write)", "bot/agenda/write.py", "save"),
    ("  Document(): check (the round trip loads later, when an edit needs it)", "bot/agenda/write.py", "__init__"),
    ("    round_trip_load", "bot/agenda/write.py", "round_trip_load"),
    ("    ruamel YAML.load", "ruamel/yaml/main.py", "load"),
    ("  Document.text: text edits read back, or ruamel dump", "bot/agenda/write.py", "text"),
    ("render_page", "bot/wiki/render.py", "render_page"),
    ("splice", "bot/wiki/page.py", "splice"),
    ("StateStore.set_base", "bot/sync/state.py", "set_base"),
)


@dataclass
class Target:
    """One agenda synced with its page: the YAML, the page title, the bot's adapter and state."""

    name: str
    path: Path
    title: str
    local: LocalWiki
    bot: MediaWiki
    store: StateStore


@dataclass(frozen=True)
class Run:
    """One measured sync: HTTP requests the bot made, revisions it saved, wall time."""

    requests: int
    edits: int
    ms: float


# --- talking to the wiki outside the bot's adapter (not counted) -------------------------------


def revision_total(local: LocalWiki, title: str) -> int:
    """How many revisions `title` has; asks for ids only (revision_count fetches every 570 kB text)."""
    answer = local.api_get(action="query", prop="revisions", titles=title, rvprop="ids", rvlimit="max")
    return len(answer["query"]["pages"][0].get("revisions", []))


def current_text(local: LocalWiki, title: str) -> str:
    """The wikitext of the newest revision of `title`."""
    answer = local.api_get(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    text: str = answer["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]
    return text


def stored_size(local: LocalWiki, title: str) -> int:
    """The size in bytes MediaWiki reports for the page."""
    answer = local.api_get(action="query", prop="info", titles=title)
    size: int = answer["query"]["pages"][0]["length"]
    return size


def max_article_bytes(local: LocalWiki) -> int:
    """$wgMaxArticleSize in bytes, as the wiki reports it (2048 KB by default)."""
    answer = local.api_get(action="query", meta="siteinfo", siprop="general")
    size: int = answer["query"]["general"]["maxarticlesize"]
    return size


def login_requests(local: LocalWiki) -> int:
    """Requests a fresh adapter's login costs: its first read, less the one read query."""
    wiki = MediaWiki(local.bot_account, user_agent=USER_AGENT)
    try:
        wiki.read(["Main Page"])
        return wiki.requests_made - 1
    finally:
        wiki.close()


# --- changing either side -----------------------------------------------------------------------


def add_yaml_attendee(path: Path, name: str) -> None:
    """Put `name` first in the agenda's `attendees:` list (a plain text edit, as a person would)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nattendees:\n", f"\nattendees:\n  - {name}\n", 1), encoding="utf-8")


def with_wiki_attendee(text: str, name: str) -> str:
    """The page with `# name` after the last line of the list of attendees."""
    lines = text.split("\n")
    start = lines.index("== List of attendees ==")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("==")), len(lines))
    last = max(i for i in range(start, end) if lines[i].startswith("# "))
    return "\n".join([*lines[: last + 1], f"# {name}", *lines[last + 1 :]])


# --- measuring ----------------------------------------------------------------------------------


def measured_sync(target: Target) -> Run:
    """Sync once; count the bot's requests and the revisions it saved."""
    requests, revisions = target.bot.requests_made, revision_total(target.local, target.title)
    began = time.perf_counter()
    sync_wiki(target.path, target.bot, target.store)
    taken = (time.perf_counter() - began) * 1000
    edits = revision_total(target.local, target.title) - revisions
    return Run(target.bot.requests_made - requests, edits, taken)


def spread(values: list[int]) -> str:
    """`3` when every run gave 3, `1-2` otherwise."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def print_step(label: str, runs: list[Run], login: int = 0) -> None:
    """One line of the table: requests and edits per run, median and best wall time."""
    requests = spread([run.requests - login for run in runs]) + (f" + {login} login" if login else "")
    taken = [run.ms for run in runs]
    print(
        f"  {label:<30} {requests:>15} {spread([run.edits for run in runs]):>6} "
        f"{statistics.median(taken):10.0f} {min(taken):9.0f} {len(runs):5}"
    )


def fresh_adapter(target: Target) -> None:
    """Give the target a new adapter (not logged in, no token), closing the old one."""
    target.bot.close()
    target.bot = MediaWiki(target.local.bot_account, user_agent=USER_AGENT)


def human_sync(target: Target, name: str) -> Run:
    """Alice adds `name` on the wiki (outside the bot's adapter); then the bot syncs."""
    text = current_text(target.local, target.title)
    target.local.human_edit(HUMAN, target.title, with_wiki_attendee(text, name))
    return measured_sync(target)


def arrived(path: Path, names: list[str]) -> bool:
    """Whether every one of `names` is now an attendee in the YAML."""
    agenda = load_agenda(path)
    return set(names) <= {agenda.person(attendee.person).name for attendee in agenda.attendees}


def bench_target(target: Target, login: int, repeat: int) -> bool:
    """All four kinds of sync on one agenda; prints a table and whether the targets hold."""
    print(f"{'step':<32} {'requests/run':>15} {'edits':>6} {'median ms':>10} {'best ms':>9} {'runs':>5}")
    publish = measured_sync(target)
    print_step("(a) first publish", [publish], login)
    fresh_adapter(target)
    cold = measured_sync(target)
    print_step("(b) no-op, new adapter", [cold], login)
    no_ops = [measured_sync(target) for _ in range(repeat)]
    print_step("(b) no-op", no_ops)
    changes = []
    for number in range(1, repeat + 1):
        add_yaml_attendee(target.path, f"Bench Newcomer {number}")
        changes.append(measured_sync(target))
    print_step("(c) one attendee added in YAML", changes)
    signups = [f"Wiki Signup {number}" for number in range(1, repeat + 1)]
    humans = [human_sync(target, name) for name in signups]
    print_step("(d) one name added on the wiki", humans)
    print(
        f"  (c) the first edit of an adapter also fetches its csrf token; (d) names now in the YAML: "
        f"{'all' if arrived(target.path, signups) else 'NOT ALL'}"
    )
    return check_targets(cold, no_ops, changes, login)


def check_targets(cold: Run, no_ops: list[Run], changes: list[Run], login: int) -> bool:
    """Print and return whether no-op syncs stay read-only and one change makes one edit."""
    reads = -(-1 // BATCH)  # one page: one read query
    quiet = all(run.edits == 0 and run.requests <= reads for run in no_ops)
    quiet = quiet and cold.edits == 0 and cold.requests <= reads + login
    single = all(run.edits == 1 for run in changes)
    print(f"  target no-op: 0 edits, <= {reads} read per 50 pages (+ {login} login): {'OK' if quiet else 'MISSED'}")
    print(f"  target one change: exactly 1 edit per sync: {'OK' if single else 'MISSED'}")
    return quiet and single


def describe_page(target: Target) -> None:
    """The page's stored size against the wiki's $wgMaxArticleSize."""
    size, limit = stored_size(target.local, target.title), max_article_bytes(target.local)
    verdict = "accepted" if size <= limit else "OVER THE LIMIT"
    print(f"  page {target.title!r}: {size:,} bytes stored, {size / limit:.0%} of $wgMaxArticleSize ({verdict})")


# --- the largest page, offline ------------------------------------------------------------------


def time_page(path: Path, repeat: int) -> None:
    """Render and parse (read_page + page_facts) times of the agenda's page."""
    agenda = load_agenda(path)
    text = render_page(agenda)
    print(f"largest page: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines")
    report("render_page", time_runs(lambda: render_page(agenda), repeat))
    report(
        "read_page+page_facts",
        time_runs(lambda: page_facts(read_page(text), blocks_by_title={}, only_day=None), repeat),
    )


def profile_no_op(target: Target) -> None:
    """Where a no-op sync's time goes (cProfile: the shares matter, its overhead inflates the ms)."""
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.runcall(sync_wiki, target.path, target.bot, target.store)
    total = (time.perf_counter() - began) * 1000
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    print(f"no-op sync of {target.title!r} under cProfile: {total:.0f} ms in all; per step (nested steps overlap):")
    for label, module, function in PROFILED:
        found = [
            (row[1], row[3]) for (file, _, name), row in stats.items() if file.endswith(module) and name == function
        ]
        calls, seconds = sum(c for c, _ in found), sum(s for _, s in found)
        print(f"  {label:<30} {seconds * 1000:8.0f} ms {seconds * 100_000 / total:5.0f} %   {calls} calls")


# --- putting it together ------------------------------------------------------------------------


def new_target(name: str, path: Path, local: LocalWiki) -> Target:
    """A target with its own state store beside the YAML and a fresh adapter."""
    title = load_agenda(path).event.wiki.page or load_agenda(path).event.title
    bot = MediaWiki(local.bot_account, user_agent=USER_AGENT)
    return Target(name, path, title, local, bot, StateStore(path.parent / "state.sqlite3"))


def prepare(folder: Path) -> list[tuple[str, Path]]:
    """Copies of the mini-summit and a generated FOSDEM agenda, each in its own folder."""
    mini, fosdem = folder / "mini", folder / "fosdem"
    mini.mkdir()
    fosdem.mkdir()
    shutil.copy(MINI_SUMMIT, mini / MINI_SUMMIT.name)
    (fosdem / "fosdem-2027.yaml").write_text(build_agenda(FOSDEM), encoding="utf-8")  # wiki.page: FOSDEM/2027
    return [("mini-summit", mini / MINI_SUMMIT.name), ("FOSDEM-sized", fosdem / "fosdem-2027.yaml")]


def bench(folder: Path, repeat: int) -> bool:
    """Start the wiki, run every measurement, stop the wiki; True when every target holds."""
    began = time.perf_counter()
    local = LocalWiki.start(folder / "wiki")
    print(f"MediaWiki on {local.api_url} ready in {time.perf_counter() - began:.1f} s")
    try:
        login = login_requests(local)
        print(f"login of a new adapter: {login} requests (shown apart below)")
        targets = [new_target(name, path, local) for name, path in prepare(folder)]
        held = True
        for target in targets:
            print(f"\n{target.name}: {target.path.name} -> page {target.title!r}")
            held = bench_target(target, login, repeat) and held
            describe_page(target)
        print()
        time_page(targets[-1].path, 5)
        profile_no_op(targets[-1])
        for target in targets:
            target.bot.close()
    finally:
        local.stop()
    return held


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark; 0 when the targets hold, 2 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each repeatable sync (default 5)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wiki-sync-bench-") as folder:
        return 0 if bench(Path(folder), options.repeat) else 2


if __name__ == "__main__":
    sys.exit(main())
