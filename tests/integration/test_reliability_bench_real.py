"""bench/reliability.py runs: with tiny counts, against real servers it starts itself, it exits 0 and
prints the line of every scenario (the figures of a full run are in bench/README.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINES = (
    "removals right / tried",
    "sign-ups acknowledged / kept",
    "takeover attempts refused / tried",
    "hostile inputs tried / stored exactly / rendered safely",
    "idle connections held, signed joins answered in 1 s",
)


def test_the_reliability_bench_runs_with_tiny_counts(tmp_path: Path) -> None:
    tiny = ["--trials", "2", "--sign-ups", "10", "--wiki-names", "3", "--hostile", "4", "--idle", "50", "--signed", "3"]
    command = [sys.executable, "bench/reliability.py", *tiny, "--keep", str(tmp_path / "run")]

    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)

    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for label in LINES:
        [line] = [line for line in lines if line.startswith(label)]
        assert line.rstrip().split()[-2] == "OK", line
