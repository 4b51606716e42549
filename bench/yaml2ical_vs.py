"""`summitbot ics` of 1,000 weekly meetings against yaml2ical 0.15 (PyPI) on the same meetings.

The target (issue 15): summitbot writes the iCalendar of 1,000 recurring meetings at least 2x
faster than yaml2ical, whole process against whole process.

The script installs yaml2ical into its own venv (`.cache/bench-yaml2ical`, made only when missing,
with `python -m venv` and pip), then generates, in a temporary folder:

- for yaml2ical, one meeting file per meeting (its format: `project`, `description`, `chair` and a
  `schedule` of `time` (UTC, "HHMM"), `day`, `irc`, `frequency: weekly`, `start_date`, `duration`),
  each meeting in its own channel so its conflict check passes;
- for summitbot, one agenda with the same 1,000 meetings as open-ended `repeat: weekly` series in
  `Europe/Brussels` (a zone with daylight-saving changes, the case that costs summitbot most),
  on the same weekday, at the same hour and for the same length.

It then runs `yaml2ical -y DIR -o FILE -f` and `summitbot ics AGENDA -o FILE` as whole processes,
alternating, `--repeat` times each, and prints both medians and the ratio. Exit status 0 when
summitbot is at least 2x faster, 2 when not.

Run: `.venv/bin/python bench/yaml2ical_vs.py [--meetings 1000 --repeat 7]`
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER_VENV = ROOT / ".cache" / "bench-yaml2ical"
PEER = "yaml2ical==0.15.0"
TARGET_RATIO = 2.0
FIRST = date(2027, 1, 4)  # a Monday
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def peer_command() -> Path:
    """The yaml2ical executable of the bench's own venv, installed there when missing."""
    command = PEER_VENV / "bin" / "yaml2ical"
    if not command.exists():
        venv.create(PEER_VENV, with_pip=True)
        subprocess.run([str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q", PEER], check=True)
    return command


def slot(number: int) -> tuple[int, int, int]:
    """The weekday (0-4), hour (8-19) and length in minutes of meeting `number`."""
    return number % len(DAYS), 8 + (number // len(DAYS)) % 12, 30 + 30 * (number % 2)


def write_peer_input(folder: Path, meetings: int) -> None:
    """One yaml2ical meeting file per meeting."""
    folder.mkdir()
    for number in range(meetings):
        weekday, hour, minutes = slot(number)
        (folder / f"meeting-{number:04d}.yaml").write_text(
            f"project: Project {number}\n"
            f"description: Weekly call of project {number}\n"
            f"chair: Chair {number % 97}\n"
            "schedule:\n"
            f"  - time: '{hour:02d}00'\n"
            f"    day: {DAYS[weekday]}\n"
            f"    irc: meeting-{number:04d}\n"
            "    frequency: weekly\n"
            f"    start_date: {FIRST + timedelta(days=weekday):%Y%m%d}\n"
            f"    duration: {minutes}\n",
            encoding="utf-8",
        )


def write_agenda(path: Path, meetings: int) -> None:
    """The summitbot agenda with the same meetings."""
    lines = [
        "event:",
        "  id: weekly-calls",
        "  title: Weekly calls",
        "  kind: meeting-series",
        "  timezone: Europe/Brussels",
        "people:",
        *(f"  - name: Chair {number}\n    id: chair-{number}" for number in range(97)),
        "meetings:",
    ]
    for number in range(meetings):
        weekday, hour, minutes = slot(number)
        end = hour * 60 + minutes
        lines += [
            f"  - id: call-{number:04d}",
            f"    title: Weekly call of project {number}",
            f"    first: {FIRST + timedelta(days=weekday)}",
            "    repeat: weekly",
            f'    start: "{hour:02d}:00"',
            f'    end: "{end // 60:02d}:{end % 60:02d}"',
            f"    where: 'irc: #meeting-{number:04d}'",
            f"    moderators: [chair-{number % 97}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(command: list[str], folder: Path) -> float:
    """Seconds the whole process took, run in `folder`; it must succeed."""
    began = time.perf_counter()
    # yaml2ical asks git for each file's last change and falls back to its mtime; the folder is
    # not a repository, so git fails fast and its complaints are dropped.
    subprocess.run(command, check=True, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    """Generate both inputs, time both tools alternately, print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args(argv)
    peer = peer_command()
    ours = Path(sys.executable).parent / "summitbot"
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_peer_input(folder / "meetings", arguments.meetings)
        write_agenda(folder / "agenda.yaml", arguments.meetings)
        commands = {
            "yaml2ical": [str(peer), "-y", str(folder / "meetings"), "-o", str(folder / "peer.ics"), "-f"],
            "summitbot ics": [str(ours), "ics", str(folder / "agenda.yaml"), "-o", str(folder / "ours.ics")],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(arguments.repeat):
            for name, command in commands.items():
                times[name].append(run(command, folder))
        for name, runs in times.items():
            print(f"{name:>14}: median {statistics.median(runs):.3f} s, best {min(runs):.3f} s ({len(runs)} runs)")
        events = (folder / "ours.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT")
        peer_events = (folder / "peer.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT")
    ratio = statistics.median(times["yaml2ical"]) / statistics.median(times["summitbot ics"])
    verdict = "OK" if ratio >= TARGET_RATIO else "UNDER TARGET"
    print(f"VEVENTs: summitbot {events}, yaml2ical {peer_events}")
    print(f"summitbot is {ratio:.2f}x as fast as yaml2ical (target >= {TARGET_RATIO:.0f}x) {verdict}")
    return 0 if ratio >= TARGET_RATIO else 2


if __name__ == "__main__":
    sys.exit(main())
