"""Never lose an edit, never trust a name: the sync core and identity tried against real servers.

Five scenarios (issue 12), each against a real MediaWiki, Radicale, the local Slack Web API and
real `summitbot sync` / `summitbot serve` processes, all on 127.0.0.1, each server in its own
process group and stopped by it. Each prints one line:

1. removals right / tried: the containers mini-summit is published with `summitbot sync`; in each
   of `--trials` trials Alice deletes a random set of 1 to 17 attendee lines in one edit
   (`random.Random(--seed)`), `summitbot sync` runs, and the trial is right when exactly the
   removable attendees left the YAML and the page, those other records depend on (a name-only
   attendee who moderates, proposes or votes: bot/agenda/references.py) stayed with a conflict
   recorded, and every sync exited 0; the organiser then puts the file back and syncs. One more
   trial: Bob strikes every name through, right when the YAML is unchanged and the page restored.
2. sign-ups acknowledged / kept: `--sign-ups` people `/summit join` a real `summitbot serve` (16 at
   a time) while `--loops` `summitbot sync` loops run on the same agenda and state file and wiki users
   add `--wiki-names` names by careful edits (saved against the revision read): told "Done" and
   still in the YAML and on the page; wiki lines saved and kept; CLI syncs run and crashed (exit 70
   or anything but 0 and 75).
3. takeover attempts refused / tried: Slack users who call themselves the organiser (his real name,
   display name, alias, another case, accents, the co-organiser without his accent, only his handle
   when users.info fails, his email unconfirmed: tests/fixtures/impostors.py) each try `join`,
   `reject T2`, `schedule T3 cgroups` and `link` themselves to him, and two namesakes of an
   attendee try `leave` and `unvote` for her; refused when the organiser-only commands are refused,
   a join makes a provisional person of their own, and the organisers' and the attendee's records
   stay as they were.
4. hostile inputs tried / stored exactly / rendered safely: texts full of wikitext, HTML, Slack
   mrkdwn, iCalendar specials, line breaks, quotes, RTL, emoji, CJK, a lone surrogate, NUL and
   other control characters, each sent as a proposal's title and description (the proposal form)
   and as a sign-up note (`/summit join NOTE`), the proposal then scheduled by the organiser;
   stored exactly when the YAML holds each as sent, without only the characters no format carries
   (bot/text.py `printable`; a lone surrogate is U+FFFD) and with the white space of one-line
   fields (a title, a command's note) folded as the bot folds it; rendered safely when the real
   MediaWiki's parse of the page shows each as one list item of exactly that text (NFC, as
   MediaWiki stores it) with no new link, template, section or list item, serve's iCalendar feed
   parses (icalendar) with the title in its block's description, and Slack's reply and channel
   message show it escaped (the reply to a sign-up does not repeat its note).
5. idle connections held while a signed request is answered within 1 s: `--idle` idle TCP
   connections to `summitbot serve` (every other one with half a request sent; serve started
   with the common soft limit of 1,024 open files), then `--signed` signed `/summit join`s one
   after the other: connections held, joins answered within 1 s, median and max ack, /health.

Targets: every removal trial right; every sign-up acknowledged and kept, every wiki line saved and
kept, no CLI sync crashed; every takeover refused; every hostile input stored exactly and rendered
safely; every idle connection held, every join answered within 1 s, /health answering. Exit status
0 when all hold, 2 when not. About 4 minutes with the defaults on 2 cores.

Run: `.venv/bin/python bench/reliability.py [--trials 30] [--seed 12] [--sign-ups 200] [--wiki-names 40]
[--hostile 19] [--idle 1020] [--signed 10] [--only SCENARIO ...] [--keep DIR]` (DIR keeps every server's
folder, serve's logs, each agenda and `summitbot.log`, what each command-line sync said).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the fixtures live in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reliability_chat import idle_connections, takeovers  # noqa: E402
from reliability_text import HOSTILE, hostile_inputs  # noqa: E402
from reliability_wiki import Result, concurrency, removals  # noqa: E402

from tests.fixtures.mediawiki import LocalWiki  # noqa: E402
from tests.fixtures.radicale import LocalRadicale  # noqa: E402

Scenario = Callable[[LocalWiki, LocalRadicale, Path], Result]
SCENARIOS = ("removals", "concurrency", "takeovers", "hostile", "idle")


def scenarios(options: argparse.Namespace) -> list[tuple[str, Scenario]]:
    """Every scenario by its name (its folder is named so too), its counts taken from the options."""
    return [
        ("removals", lambda wiki, radicale, folder: removals(wiki, folder, options.trials, options.seed)),
        ("concurrency", lambda wiki, radicale, folder: concurrency(
            wiki, radicale, folder, options.sign_ups, options.wiki_names, options.loops)),
        ("takeovers", takeovers),
        ("hostile", lambda wiki, radicale, folder: hostile_inputs(wiki, radicale, folder, options.hostile)),
        ("idle", lambda wiki, radicale, folder: idle_connections(folder, options.idle, options.signed)),
    ]  # fmt: skip


def table(results: list[tuple[Result, float]]) -> None:
    """One line per scenario, then what went wrong in each."""
    rows = [("scenario", "figures", "verdict", "s")]
    rows += [(r.label, r.figures, "OK" if r.on_target else "NOT RIGHT", f"{took:.0f}") for r, took in results]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + f"  {row[3]:>4}")
    for result, _ in results:
        for why in result.wrong:
            print(f"{result.label}: {why}")


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    option = parser.add_argument
    option("--trials", type=int, default=30, help="removal trials (default 30), and one strike-through")
    option("--seed", type=int, default=12, help="the removals' random seed (default 12)")
    option("--sign-ups", type=int, default=200, help="chat sign-ups under concurrency (default 200)")
    option("--wiki-names", type=int, default=40, help="names wiki users add meanwhile, about 2 a second (default 40)")
    option("--loops", type=int, default=2, help="`summitbot sync` loops meanwhile (default 2)")
    option("--hostile", type=int, default=len(HOSTILE), help=f"hostile texts sent: the first N of "
           f"reliability_text.HOSTILE (default all {len(HOSTILE)})")  # fmt: skip
    option("--idle", type=int, default=1020, help="idle connections held open to serve (default 1020)")
    option("--signed", type=int, default=10, help="signed joins sent meanwhile (default 10)")
    option("--only", nargs="+", choices=SCENARIOS, metavar="SCENARIO", help=f"run only these: {', '.join(SCENARIOS)}")
    option("--keep", type=Path, help="keep the servers' folders, logs and agendas in this new folder")
    return parser.parse_args(argv)


def run(name: str, scenario: Scenario, wiki: LocalWiki, radicale: LocalRadicale, folder: Path) -> tuple[Result, float]:
    """One scenario and the seconds it took; one that raised is not on target (its traceback on stderr)."""
    began = time.monotonic()
    try:
        result = scenario(wiki, radicale, folder / name)
    except Exception as error:  # noqa: BLE001 - the other scenarios still run; the table says which one broke
        traceback.print_exc()
        result = Result(f"{name}: raised", "?", False, (f"{type(error).__name__}: {str(error)[:500]}",))
    return result, time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    """Parse the options, start the wiki and Radicale, run every scenario; 0 when all are on target."""
    options = parse_options(argv)
    with tempfile.TemporaryDirectory(prefix="reliability-") as scratch:
        folder = options.keep.resolve() if options.keep else Path(scratch)
        wiki = LocalWiki.start(folder / "wiki")
        try:
            radicale = LocalRadicale.start(folder / "radicale")
            try:
                chosen = [(name, s) for name, s in scenarios(options) if name in (options.only or SCENARIOS)]
                results = [run(name, scenario, wiki, radicale, folder) for name, scenario in chosen]
            finally:
                radicale.stop()
        finally:
            wiki.stop()
    table(results)
    return 0 if all(result.on_target for result, _ in results) else 2


if __name__ == "__main__":
    sys.exit(main())
