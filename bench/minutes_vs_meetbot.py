"""`summitbot minutes LOG --json` side by side with MeetBot's own offline replay of the same log.

The target (issue 15): the whole `minutes LOG --json` process takes at most half as long as
MeetBot's offline replay of the same log, linear to 200,000 lines, and the 200,000-line minutes
stay under 150 MiB peak memory.

The logs are the ones `bench/minutes_scale.py` writes (`Writer`, `random.Random(SEED + lines)`):
2,000, 20,000 and 200,000 lines of `14:00:03 <nick> text`. MeetBot is hcoop-meetbot (PyPI), the
maintained port of MeetBot to Limnoria, installed at run time into its own venv under `.cache/`
(its code is not part of this repository). The original MeetBot's `meeting.py replay` is Python 2
and not on PyPI; hcoop-meetbot has no `replay` command, so its replay here is a small driver that
feeds each line of the log to its engine (`hcoopmeetbotlogic.handler.irc_message`) as the plugin
does, which at `#endmeeting` writes MeetBot's minutes, formatted log and raw log. Its other offline
tool, `meetbot regenerate`, only re-renders a raw log that the engine already wrote.

Each run is a whole process (interpreter start and imports included), the two tools alternating
(who goes first swaps every run), after one warm-up run each; the figures are medians of wall time,
with CPU time (user + system, from `os.wait4`) beside it since the machine's two cores are shared,
and the peak RSS of the process (`ru_maxrss`). Both children run without PYTHONDONTWRITEBYTECODE,
so that byte code is cached as it is for an installed program. The interpreter start and imports
of `summitbot` (`python -c "import bot.cli"`) are timed the same way, to show what a lazier command
layer could win. When MeetBot cannot be installed, the issue's reference figures stand in for it,
labelled as such.

Run: `.venv/bin/python bench/minutes_vs_meetbot.py [--sizes 2000 20000 200000 --runs 5]`
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from minutes_scale import SEED, Writer, registry

ROOT = Path(__file__).resolve().parent.parent
MEETBOT = "hcoop-meetbot==0.8.1"
REFERENCE_MS = {2_000: 57.0, 20_000: 356.0, 200_000: 3300.0}  # issue 15's MeetBot figures
TARGET_RATIO = 0.5
MEMORY_LINES, MEMORY_MIB = 200_000, 150.0
DAY = "2013-06-04"  # the generated meeting's day (minutes_scale.START)
DRIVER = '''"""MeetBot's offline replay: each line of a MeetBot log fed to hcoop-meetbot's engine."""
import logging, re, sys
from datetime import datetime, timezone
from hcoopmeetbotlogic.handler import configure, irc_message
from hcoopmeetbotlogic.interface import Context, Message

LINE = re.compile(r"^(\\d\\d):(\\d\\d):(\\d\\d) <([^>]+)> (.*)$")
config, log, year, month, day = sys.argv[1], sys.argv[2], *map(int, sys.argv[3].split("-"))
configure(logging.getLogger("meetbot"), config)
quiet = Context(get_topic=lambda: "", set_topic=lambda _: None, send_reply=lambda _: None, send_message=lambda _: None)
with open(log, encoding="utf-8") as lines:
    for number, line in enumerate(lines):
        said = LINE.match(line.rstrip("\\n"))
        if said:
            at = datetime(year, month, day, int(said[1]), int(said[2]), int(said[3]), tzinfo=timezone.utc)
            irc_message(quiet, Message(str(number), at, said[4], "#xen-meeting", "oftc", said[5]))
'''


@dataclass(frozen=True)
class Run:
    """One whole process: wall and CPU milliseconds, peak RSS in MiB."""

    wall_ms: float
    cpu_ms: float
    peak_mib: float


def run(command: list[str], env: dict[str, str]) -> Run:
    """Run `command` to the end, its output dropped; fails loudly when it does."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - began) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return Run(wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024)


def meetbot_python(venv: Path) -> Path | None:
    """The venv's python with hcoop-meetbot installed (installing it the first time); None when it
    cannot be had here."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import hcoopmeetbotlogic.handler"]
    if python.exists() and subprocess.run(check, check=False, capture_output=True).returncode == 0:
        return python
    print(f"installing {MEETBOT} into {venv} ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", MEETBOT], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"MeetBot could not be installed ({error}): the issue's reference figures stand in", file=sys.stderr)
        return None
    return python if subprocess.run(check, check=False, capture_output=True).returncode == 0 else None


@dataclass(frozen=True)
class Row:
    """The medians for one size."""

    lines: int
    ours: list[Run]
    meetbot: list[Run]
    imports: list[Run]


def median(runs: list[Run], field: str) -> float:
    return float(statistics.median(getattr(each, field) for each in runs))


def measure(lines: int, folder: Path, meetbot: Path | None, runs: int, env: dict[str, str]) -> Row:
    """Write the log of `lines` lines, then time both tools on it, alternating."""
    log = folder / f"xen-{lines}.log.txt"
    log.write_text(Writer(random.Random(SEED + lines), registry(random.Random(SEED))).meeting(lines).text)
    ours = [str(ROOT / ".venv" / "bin" / "summitbot"), "minutes", str(log), "--json", "--date", DAY]
    imports = [sys.executable, "-c", "import bot.cli"]
    output = folder / "meetbot-out"
    config = folder / "HcoopMeetbot.conf"
    config.write_text(f"[HcoopMeetbot]\nlogDir = {output}\n")
    theirs = [str(meetbot), str(folder / "replay.py"), str(config), str(log), DAY] if meetbot else []
    sides = {"ours": ours, "imports": imports} | ({"meetbot": theirs} if theirs else {})
    for command in sides.values():  # warm-up: byte code cached, files in the page cache
        run(command, env)
    timed: dict[str, list[Run]] = {name: [] for name in sides}
    for number in range(runs):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for name in order:
            shutil.rmtree(output, ignore_errors=True)
            timed[name].append(run(sides[name], env))
    return Row(lines, timed["ours"], timed.get("meetbot", []), timed["imports"])


HEADER = (
    f"{'lines':>8} | {'ours ms':>8} {'cpu':>6} {'MiB':>5} | {'MeetBot ms':>10} {'cpu':>6} {'MiB':>5} | "
    f"{'ratio':>5} {'cpu':>5} | {'reference':>9} {'ratio':>5} | {'imports ms':>10} {'cpu':>5} {'share':>5} | µs/line"
)
LEGEND = (
    "ratio: ours / MeetBot measured here (wall, then CPU); reference: issue 15's MeetBot figures, not measured\n"
    f"here; target ratio <= {TARGET_RATIO}; imports: `python -c 'import bot.cli'`, share: its part of our CPU time;\n"
    "µs/line: our CPU time less the imports', per line; MiB: the highest peak RSS of the runs"
)


def print_table(rows: list[Row]) -> bool:
    """The table and the verdicts; True when every target measured here is met."""
    print(HEADER)
    held = True
    for row in rows:
        ours, cpu, peak = median(row.ours, "wall_ms"), median(row.ours, "cpu_ms"), max(r.peak_mib for r in row.ours)
        theirs = f"{'-':>10} {'-':>6} {'-':>5} | {'-':>5} {'-':>5}"
        if row.meetbot:
            wall, their_cpu = median(row.meetbot, "wall_ms"), median(row.meetbot, "cpu_ms")
            their_peak = max(r.peak_mib for r in row.meetbot)
            theirs = f"{wall:>10.0f} {their_cpu:>6.0f} {their_peak:>5.0f} | {ours / wall:>5.2f} {cpu / their_cpu:>5.2f}"
            held = held and ours / wall <= TARGET_RATIO
        reference = REFERENCE_MS.get(row.lines)
        against = f"{reference:>9.0f} {ours / reference:>5.2f}" if reference else f"{'-':>9} {'-':>5}"
        imports, import_cpu = median(row.imports, "wall_ms"), median(row.imports, "cpu_ms")
        engine = (cpu - import_cpu) * 1000 / row.lines
        print(
            f"{row.lines:>8,} | {ours:>8.0f} {cpu:>6.0f} {peak:>5.0f} | {theirs} | {against} | "
            f"{imports:>10.0f} {import_cpu:>5.0f} {import_cpu / cpu:>5.0%} | {engine:>7.1f}"
        )
        if row.lines == MEMORY_LINES:
            ok = peak < MEMORY_MIB
            held = held and ok
            verdict = "PASS" if ok else "FAIL"
            print(f"peak memory at {MEMORY_LINES:,} lines: {peak:.0f} MiB (target < {MEMORY_MIB:.0f}) {verdict}")
    print(LEGEND)
    return held


def main(argv: list[str] | None = None) -> int:
    """Run the sizes; 0 when every target measured here is met, 2 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 200_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool per size (default 5)")
    parser.add_argument("--venv", type=Path, default=ROOT / ".cache" / "meetbot-venv", help="MeetBot's venv")
    parser.add_argument("--no-meetbot", action="store_true", help="only ours, against the reference figures")
    options = parser.parse_args(argv)
    meetbot = None if options.no_meetbot else meetbot_python(options.venv)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="minutes-vs-meetbot-") as name:
        folder = Path(name)
        (folder / "replay.py").write_text(DRIVER)
        rows = [measure(lines, folder, meetbot, options.runs, env) for lines in sorted(options.sizes)]
    if meetbot is None:
        print("MeetBot was not run here: the comparison is with the issue's reference figures only")
    return 0 if print_table(rows) else 2


if __name__ == "__main__":
    sys.exit(main())
