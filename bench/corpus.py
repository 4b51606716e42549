"""How much of the real records in ../shared/corpus summitbot reads right, with no options.

Every file of the corpus (MeetBot logs, event wiki pages, hand-written minutes) is read the way a
new user would read it: `summitbot minutes FILE --json`, or `summitbot import-wiki FILE -o AGENDA`
and the agenda loaded as `summitbot check` loads it, with no option at all. The reading is then
held against the facts EXPECTED.md gives for the file (tests/fixtures/corpus*.py): the [bot]
facts (MeetBot's own minutes of the same log) and the [high] ones (read straight off the text)
are scored; [medium] ones (the time zones a reader infers from a place) are shown beside them.

Run: `.venv/bin/python bench/corpus.py [--missed]` (exit 1 when a scored fact is missed).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the facts live in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures.corpus import CORPUS, Fact, all_facts, read  # noqa: E402

SCORED = ("bot", "high")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list every fact that is missed")
    arguments = parser.parse_args()
    facts = all_facts()
    by_file: dict[str, list[tuple[Fact, bool]]] = defaultdict(list)
    began = time.perf_counter()
    for fact in facts:
        by_file[fact.file].append((fact, fact.holds()))
    elapsed = time.perf_counter() - began
    print(f"corpus: {CORPUS}")
    print(f"{'file':<44} {'scored':>9} {'medium':>7}  exit")
    totals = [0, 0]
    for file, results in by_file.items():
        scored = [held for fact, held in results if fact.label in SCORED]
        medium = [held for fact, held in results if fact.label not in SCORED]
        totals[0] += sum(scored)
        totals[1] += len(scored)
        shown_medium = f"{sum(medium)}/{len(medium)}" if medium else ""
        print(f"{file:<44} {sum(scored):>4}/{len(scored):<4} {shown_medium:>7}  {read(file).code}")
    share = 100 * totals[0] / totals[1] if totals[1] else 0.0
    print(f"{'all [bot] and [high] facts':<44} {totals[0]:>4}/{totals[1]:<4} ({share:.1f}%)")
    print(f"read and checked in {elapsed:.1f} s")
    if arguments.missed:
        for file, results in by_file.items():
            for fact, held in results:
                if not held:
                    print(f"missed [{fact.label}] {file}: {fact.what}")
    return 0 if totals[0] == totals[1] else 1


if __name__ == "__main__":
    sys.exit(main())
