"""How long `summitbot import-wiki` takes to read a FOSDEM-sized event page back into YAML.

The script generates the agenda of agenda_scale.py (1,000 sessions, 60 rooms, 8,000 attendees),
renders its wiki page with `summitbot render` (about 14,600 lines, 570 kB of wikitext), then times
`summitbot import-wiki PAGE -o AGENDA --timezone Europe/Brussels` as whole processes, median and
best of `--repeat` runs, and checks that the imported agenda has every session and attendee.

Before the fix of `bot.wiki.import_text.list_items` (sublists found item by item, each time over the
whole list), this took 3 min 40 s; the target is that it grows in step with the page.

Run: `.venv/bin/python bench/import_scale.py [--repeat 3]`
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agenda_scale import Scale, build_agenda

from bot.agenda.load import load_agenda

FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
SUMMITBOT = [sys.executable, "-m", "bot"]


def main(argv: list[str] | None = None) -> int:
    """Generate, render and import the page; 0 when the imported agenda is complete, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="import-scale-") as name:
        folder = Path(name)
        agenda = folder / "fosdem-2027.yaml"
        agenda.write_text(build_agenda(FOSDEM), encoding="utf-8")
        page = folder / "page.wiki"
        page.write_text(subprocess.run([*SUMMITBOT, "render", str(agenda)], capture_output=True, text=True,
                                       check=True).stdout, encoding="utf-8")  # fmt: skip
        print(f"page: {page.read_text().count(chr(10)):,} lines, {page.stat().st_size:,} bytes")
        imported = folder / "imported.yaml"
        command = [*SUMMITBOT, "import-wiki", str(page), "-o", str(imported), "--timezone", "Europe/Brussels",
                   "--force"]  # fmt: skip
        taken = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            taken.append(time.perf_counter() - started)
        print(f"import-wiki: median {statistics.median(taken):.2f} s, best {min(taken):.2f} s")
        original, back = load_agenda(agenda), load_agenda(imported)
        complete = len(back.sessions) == len(original.sessions) and len(back.attendees) == len(original.attendees)
        verdict = "complete" if complete else "INCOMPLETE"
        print(f"sessions {len(back.sessions)}/{len(original.sessions)}, "
              f"attendees {len(back.attendees)}/{len(original.attendees)}: {verdict}")  # fmt: skip
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
