"""How long a whole-process `summitbot sync` of a FOSDEM-sized agenda takes when nothing changed.

The target (issue 15): a no-op `summitbot sync AGENDA`, with a real MediaWiki and a real Radicale
configured, takes under 1 s of wall time, the interpreter's start and every import included.

The script generates the agenda of agenda_scale.py (1,000 sessions, 60 rooms, 8,000 attendees) in
a temporary folder, starts a MediaWiki (tests/fixtures/mediawiki.py) and a Radicale
(tests/fixtures/radicale.py) on 127.0.0.1, publishes once with `summitbot sync` (the same
environment as tests/integration: SUMMITBOT_WIKI_URL, SUMMITBOT_CALDAV_URL, ... and a state file),
checks that a second sync has nothing to do, then times `--repeat` no-op syncs, each a new process:
wall time (median and best), CPU (user + sys, from os.wait4) and peak RSS. Byte code is compiled
first, and the children run without PYTHONDONTWRITEBYTECODE, as an installed bot would.

Then one more no-op sync runs under cProfile (`python -m cProfile -m bot sync`), and the script
prints where its time goes: the agenda's parse (the loader's, not the sync layer's: subtract it),
the wiki read over HTTP, reading the page back, the CalDAV requests, building calendar items, the
state store (a phase at 0 ms is one the no-op no longer runs), and how long importing the modules
of the sync takes on their own (`python -c "import ..."`, CPU).

With `--against DIR` (another checkout, e.g. the commit before issue 15's work), the no-op syncs
of that code run too, alternating with this checkout's on the same servers (each with its own copy
of the state store), so both see the same load on a shared machine.

Run: `.venv/bin/python bench/noop_sync.py [--repeat 7] [--against DIR]`
"""

from __future__ import annotations

import argparse
import os
import pstats
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the server fixtures live in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agenda_scale import Scale, build_agenda  # noqa: E402

from tests.fixtures.mediawiki import LocalWiki  # noqa: E402
from tests.fixtures.radicale import LocalRadicale  # noqa: E402

FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
TARGET_S = 1.0
IMPORTS = "import bot.cli.sync, bot.settings, bot.sync.agenda_sync, bot.calendar.caldav, bot.wiki.mediawiki"
NOTHING_TO_DO = "in step: nothing to do"
TARGETS = 3  # the wiki page, the sessions' collection and the action items' collection
PHASES = (  # (label, file ending, function): the steps of a no-op sync; some nest in others
    ("parse_agenda (the loader's: subtract it)", "bot/agenda/load.py", "parse_agenda"),
    ("read_pages (agenda + wiki read)", "bot/sync/wiki_sync.py", "read_pages"),
    ("  MediaWiki.read (login + HTTP)", "bot/wiki/mediawiki.py", "read"),
    ("sync_calendar", "bot/calendar/sync.py", "sync_calendar"),
    ("  CalDAV requests (discovery included)", "bot/calendar/caldav.py", "_send"),
    ("  CalDAV calendar home discovery", "bot/calendar/caldav.py", "_calendar_home"),
    ("  calendar items built (entries)", "bot/calendar/entries.py", "event_entries"),
    ("  stamp_agenda", "bot/calendar/feed.py", "stamp_agenda"),
    ("sync_wiki", "bot/sync/wiki_sync.py", "sync_wiki"),
    ("  read_page (page back to facts)", "bot/wiki/page.py", "read_page"),
    ("  render_page", "bot/wiki/render.py", "render_page"),
    ("  merge", "bot/sync/merge.py", "merge"),
    ("  in-step digest (code_stamp)", "bot/sync/in_step.py", "code_stamp"),
    ("sync_minutes_pages", "bot/minutes/page_sync.py", "sync_minutes_pages"),
    ("StateStore.base", "bot/sync/state.py", "base"),
    ("StateStore.set_base", "bot/sync/state.py", "set_base"),
)


@dataclass(frozen=True)
class Run:
    """One whole-process sync."""

    wall: float
    cpu: float  # user + sys of the child
    rss_mb: float  # peak resident set size of the child
    stdout: str
    stderr: str
    status: int


def environment(wiki: LocalWiki, radicale: LocalRadicale, folder: Path) -> dict[str, str]:
    """The bot's settings for the local servers, as the integration tests give them."""
    account = radicale.account()
    outside = {k: v for k, v in os.environ.items() if not k.startswith("SUMMITBOT_")}
    outside.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed bot has its byte code
    return outside | {
        "SUMMITBOT_WIKI_URL": wiki.api_url,
        "SUMMITBOT_WIKI_USER": wiki.bot_account.user,
        "SUMMITBOT_WIKI_PASSWORD": wiki.bot_account.password,
        "SUMMITBOT_CALDAV_URL": account.url,
        "SUMMITBOT_CALDAV_USER": account.user,
        "SUMMITBOT_CALDAV_PASSWORD": account.password,
        "SUMMITBOT_STATE": str(folder / "state.sqlite3"),
        "XDG_CONFIG_HOME": str(folder / "no-config"),
    }


def run(command: list[str], env: dict[str, str], root: Path = ROOT) -> Run:
    """Run `command` as a child in `root` and measure it (wall time, CPU, peak RSS)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        child = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        texts = out.read().decode(), err.read().decode()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, texts[0], texts[1], child.returncode)


def sync_command(agenda: Path, *prefix: str) -> list[str]:
    """`summitbot sync AGENDA` as this checkout's interpreter runs it."""
    return [sys.executable, *prefix, "-m", "bot", "sync", str(agenda)]


def checked(result: Run, what: str, *, no_op: bool) -> Run:
    """`result`, once it succeeded (and, for a no-op, did nothing on either side)."""
    if result.status != 0:
        raise SystemExit(f"{what} failed ({result.status}):\n{result.stdout}\n{result.stderr}")
    if no_op and result.stdout.count(NOTHING_TO_DO) != TARGETS:
        raise SystemExit(f"{what} was not a no-op:\n{result.stdout}")
    return result


def profile(agenda: Path, env: dict[str, str], folder: Path) -> None:
    """One more no-op sync under cProfile: the phases, then the top entries by own time."""
    output = folder / "noop.prof"
    checked(run(sync_command(agenda, "-m", "cProfile", "-o", str(output)), env), "profiled sync", no_op=True)
    stats = pstats.Stats(str(output))
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = max(ct for _, _, _, ct, _ in entries.values())
    print(f"\nwhere a no-op sync's time goes (cProfile, which slows it: {total:.2f} s in all):")
    command = sum(ct for (file, _, name), (_, _, _, ct, _) in entries.items()
                  if name == "_sync" and file.endswith("bot/cli/sync.py"))  # fmt: skip
    print(f"  {'start, imports, arguments (all but the command)':<44} {(total - command) * 1000:8.0f} ms")
    print(f"  {'the command (bot/cli/sync.py _sync)':<44} {command * 1000:8.0f} ms")
    for label, ending, function in PHASES:
        took = sum(ct for (file, _, name), (_, nc, _, ct, _) in entries.items()
                   if name == function and file.endswith(ending))  # fmt: skip
        print(f"  {label:<44} {took * 1000:8.0f} ms")
    print("\n  top entries by own time:")
    ranked = sorted(entries.items(), key=lambda pair: pair[1][2], reverse=True)[:12]
    for (file, number, name), (_, calls, own, cumulative, _) in ranked:
        where = "/".join(Path(file).parts[-2:]) if file != "~" else "built-in"
        print(f"    {own * 1000:7.0f} ms own {cumulative * 1000:7.0f} ms cum {calls:8} calls  {where}:{number} {name}")


def report(label: str, runs: list[Run]) -> float:
    """Print the figures of some no-op syncs; their median wall time."""
    walls = [r.wall for r in runs]
    median = statistics.median(walls)
    print(f"no-op sync, whole process, {len(runs)} runs{label}:")
    print(f"  wall   median {median:6.3f} s   best {min(walls):6.3f} s")
    cpu = [r.cpu for r in runs]
    print(f"  CPU    median {statistics.median(cpu):6.3f} s   best {min(cpu):6.3f} s (user + sys)")
    print(f"  RSS    peak   {max(r.rss_mb for r in runs):6.0f} MB")
    return median


def against_env(env: dict[str, str], folder: Path, other: Path) -> dict[str, str]:
    """The environment of the other checkout's syncs: its code, and a copy of the state store."""
    copy = folder / "state-against.sqlite3"
    with sqlite3.connect(env["SUMMITBOT_STATE"]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "bot"], cwd=other, check=True)
    return env | {"SUMMITBOT_STATE": str(copy), "PYTHONPATH": str(other)}


def bench(folder: Path, repeat: int, other: Path | None) -> bool:
    """Publish, then time no-op syncs (alternating with `other`'s when given); True when the
    median is under the target."""
    agenda = folder / "fosdem-2027.yaml"
    agenda.write_text(build_agenda(FOSDEM), encoding="utf-8")
    print(f"agenda: {FOSDEM.sessions:,} sessions, {FOSDEM.attendees:,} attendees ({agenda.stat().st_size:,} bytes)")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "bot"], cwd=ROOT, check=True)
    wiki = LocalWiki.start(folder / "wiki")
    radicale = LocalRadicale.start(folder / "radicale")
    try:
        env = environment(wiki, radicale, folder)
        first = checked(run(sync_command(agenda), env), "first sync", no_op=False)
        print(f"first sync (publish the page and {FOSDEM.sessions:,}+ calendar items): {first.wall:.1f} s")
        checked(run(sync_command(agenda), env), "second sync", no_op=True)  # warms the caches
        theirs = against_env(env, folder, other) if other else {}
        runs, before = [], []
        for n in range(repeat):  # alternating, so that both see the same load on the machine
            runs.append(checked(run(sync_command(agenda), env), f"no-op sync {n}", no_op=True))
            if other:
                before.append(checked(run(sync_command(agenda), theirs, other), f"{other}: no-op {n}", no_op=True))
        median = report("", runs)
        if other:
            report(f" of {other}", before)
        interpreter = run([sys.executable, "-c", "pass"], env)
        print(f"  (an empty `python -c pass` takes {interpreter.wall * 1000:.0f} ms here)")
        imports = min((run([sys.executable, "-c", IMPORTS], env) for _ in range(3)), key=lambda r: r.cpu)
        print(f"  importing the modules a sync uses, alone: {imports.cpu:.3f} s CPU ({imports.wall:.3f} s wall)")
        held = median < TARGET_S
        print(f"target under {TARGET_S:.0f} s: {'OK' if held else 'MISSED'} (median {median:.3f} s)")
        profile(agenda, env, folder)
    finally:
        wiki.stop()
        radicale.stop()
    return held


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark; 0 when the target holds, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7, help="no-op syncs timed (default 7)")
    parser.add_argument("--against", type=Path, metavar="DIR", help="also time another checkout's no-op syncs, "
                        "alternating (e.g. `git archive db0055b | tar -x -C DIR`)")  # fmt: skip
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="noop-sync-") as name:
        return 0 if bench(Path(name), options.repeat, options.against) else 1


if __name__ == "__main__":
    sys.exit(main())
