"""How long `summitbot` takes to start, against the floor of any Python program: `python -c pass`.

The target (issue 15): `summitbot --help` and `summitbot check` of a small agenda each take at most
4x `python -c pass`, whole process. The runs alternate (pass, --help, check, pass, --help, ...) so
that a busy machine slows all three alike; each line is the median of `--runs` runs, and the ratio
is the median of the command over the median of `python -c pass`.

The commands run as a user types them: the virtualenv's `summitbot` script when it is installed
(beside the Python that runs this script), else, or with --python-m, `python -m bot` from the
folder above this script (so a copy of an older tree can be timed with the same virtualenv). Byte code is compiled first
(`compileall`, as `scripts/setup` does), so the runs time start-up, not compilation.

Run: `.venv/bin/python bench/startup.py [--runs 20] [--agenda agendas/containers-mini-summit-2008.yaml]`
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 4.0
AGENDA = ROOT / "agendas" / "containers-mini-summit-2008.yaml"


def main() -> int:
    """Time the pairs, print the medians and ratios; exit 0 when both are within target, 2 when not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--agenda", type=Path, default=AGENDA, help="the agenda `check` reads")
    parser.add_argument("--python-m", action="store_true", help="run `python -m bot` (the bot/ beside this script)")
    arguments = parser.parse_args()
    compileall.compile_dir(ROOT / "bot", quiet=1)
    summitbot = [sys.executable, "-m", "bot"] if arguments.python_m else _summitbot()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "summitbot --help": [*summitbot, "--help"],
        f"summitbot check {arguments.agenda.name}": [*summitbot, "check", str(arguments.agenda)],
    }
    for command in commands.values():  # once each, unmeasured: the files are then in the page cache
        _run(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(arguments.runs):
        for name, command in commands.items():
            times[name].append(_run(command))
    floor = statistics.median(times["python -c pass"])
    print(f"{' '.join(summitbot)}; medians of {arguments.runs} alternating runs")
    met = True
    for name, found in times.items():
        median = statistics.median(found)
        ratio = median / floor
        verdict = "" if name == "python -c pass" else f"  (target <= {TARGET_RATIO:g}x) " + _verdict(ratio)
        met = met and (ratio <= TARGET_RATIO or name == "python -c pass")
        print(f"{name:<50} median {median * 1000:7.1f} ms  {ratio:5.1f}x{verdict}")
    return 0 if met else 2


def _summitbot() -> list[str]:
    """The command a user types: the virtualenv's script if installed, else `python -m bot`."""
    script = Path(sys.executable).parent / "summitbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def _run(command: list[str]) -> float:
    """Seconds the whole process took (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _verdict(ratio: float) -> str:
    return "OK" if ratio <= TARGET_RATIO else "OVER TARGET"


if __name__ == "__main__":
    sys.exit(main())
