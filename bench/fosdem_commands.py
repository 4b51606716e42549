"""`check`, `render`, `ics` and `export` of a FOSDEM-sized agenda, each a whole process, against
issue 15's targets: `check` at most 0.35 s and under 80 MiB peak, the others at most 0.4 s each.

The script writes agenda_scale.py's FOSDEM-sized agenda (1,000 sessions, 60 rooms, 8,000
attendees, 3 days; the same text on every run) into a temporary folder, compiles `bot/`'s byte
code (as `scripts/setup` does), runs each command once unmeasured (the first `ics` also fills the
state store beside the agenda, as any later run finds it), then runs `python -c pass` and every
command in turn, `--runs` times, so that a busy machine slows them alike. It prints, for each, the
median wall time, the median CPU time (user + system, from `os.wait4`), the highest peak RSS and
the verdict against its target (on wall time); the exit status is 0 when all are within target.

Run: `.venv/bin/python bench/fosdem_commands.py [--runs 15]`
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from agenda_scale import Scale, build_agenda

ROOT = Path(__file__).resolve().parents[1]
FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
COMMANDS = {  # name -> (arguments after the agenda's path is put in for AGENDA, target in seconds)
    "check": (["check", "AGENDA"], 0.35),
    "render": (["render", "AGENDA"], 0.4),
    "ics": (["ics", "AGENDA"], 0.4),
    "export --format frab": (["export", "--format", "frab", "AGENDA"], 0.4),
    "export --format json": (["export", "--format", "json", "AGENDA"], 0.4),
}
MEMORY_MIB = {"check": 80.0}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mib: float


def run(command: list[str], env: dict[str, str]) -> Run:
    """One whole process, its output thrown away."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    arguments = parser.parse_args()
    compileall.compile_dir(ROOT / "bot", quiet=1)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    summitbot = ROOT / ".venv" / "bin" / "summitbot"
    with tempfile.TemporaryDirectory() as folder:
        agenda = Path(folder) / "fosdem-2027.yaml"
        agenda.write_text(build_agenda(FOSDEM), encoding="utf-8")
        sides = {"python -c pass": [sys.executable, "-c", "pass"]} | {
            name: [str(summitbot), *(str(agenda) if word == "AGENDA" else word for word in words)]
            for name, (words, _) in COMMANDS.items()
        }
        for command in sides.values():
            run(command, env)
        timed: dict[str, list[Run]] = {name: [] for name in sides}
        for number in range(arguments.runs):
            for name in list(sides) if number % 2 == 0 else reversed(list(sides)):
                timed[name].append(run(sides[name], env))
    print(f"FOSDEM-sized agenda ({agenda.name}); medians of {arguments.runs} alternating runs")
    ok = True
    for name, runs in timed.items():
        wall, cpu = statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)
        rss = max(r.rss_mib for r in runs)
        verdict = ""
        if name in COMMANDS:
            target = COMMANDS[name][1]
            within = wall <= target and rss <= MEMORY_MIB.get(name, float("inf"))
            ok = ok and within
            memory = f", {MEMORY_MIB[name]:.0f} MiB" if name in MEMORY_MIB else ""
            verdict = f"(target <= {target:.2f} s{memory}) {'OK' if within else 'OVER TARGET'}"
        print(f"{name:22} wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms   peak {rss:5.1f} MiB   {verdict}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
