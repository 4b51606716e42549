"""wikitextparser against mwparserfromhell on the FOSDEM-sized page: the measurement behind the choice.

summitbot reads wikitext with wikitextparser (a runtime dependency); mwparserfromhell is installed
only for this script (requirements-dev.txt). On the page rendered from agenda_scale.py's agenda
(about 570 kB, 14,500 list lines) the script times, median of `--repeat` runs, in ms:

- parsing the whole page and checking that it turns back into the same text, byte for byte;
- listing the level-2 sections with their titles (on a freshly parsed tree, parse not timed);
- getting the text of every list item, nested ones included (same);
- the plain text of each of the 8,000 attendee lines (`strip_code` against `plain_text`), parsing
  each line on its own, as the bot reads a line.
It checks that both parsers find the same sections and items, and counts the attendee lines whose
plain text differs.

Run: `.venv/bin/python bench/wiki_parsers.py [--repeat 5]`
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mwparserfromhell
import wikitextparser
from agenda_scale import Scale, build_agenda, time_runs
from mwparserfromhell.nodes import Tag, Text

from bot.agenda.load import load_agenda
from bot.wiki.render import render_page

FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
LIST_TAGS = {"li", "dt", "dd"}  # what mwparserfromhell makes of a line's `*`, `#`, `;` and `:`
ATTENDEES_HEADING = "== List of attendees =="


@dataclass(frozen=True)
class Row:
    """One task: its label and the median ms taken with each parser."""

    label: str
    mwparserfromhell_ms: float
    wikitextparser_ms: float


# --- the tasks, once per parser -----------------------------------------------------------------


def mwp_sections(code: Any) -> list[str]:
    """The titles of the level-2 sections (mwparserfromhell)."""
    sections = code.get_sections(levels=[2])
    return [str(section.filter_headings(recursive=False)[0].title).strip() for section in sections]


def wtp_sections(parsed: Any) -> list[str]:
    """The titles of the level-2 sections (wikitextparser)."""
    return [section.title.strip() for section in parsed.get_sections(level=2)]


def mwp_items(code: Any) -> list[str]:
    """The text after the marker of every list line; mwparserfromhell has no list object, so walk the nodes."""
    items: list[str] = []
    current: list[str] | None = None
    for node in code.nodes:
        if isinstance(node, Tag) and node.wiki_markup and str(node.tag) in LIST_TAGS:
            current = [] if current is None else current  # `**`: one tag per marker character
        elif current is not None and isinstance(node, Text) and "\n" in node.value:
            items.append("".join([*current, node.value.split("\n", 1)[0]]))
            current = None
        elif current is not None:
            current.append(str(node))
    return items if current is None else [*items, "".join(current)]


def wtp_items(lists: list[Any]) -> list[str]:
    """The text after the marker of every list line (wikitextparser), sublists after their list."""
    items: list[str] = []
    for wiki_list in lists:
        items += wiki_list.items
        items += wtp_items(wiki_list.sublists())
    return items


def attendee_lines(text: str) -> list[str]:
    """The attendee lines of the page, without their `# `."""
    lines = text.split("\n")
    start = lines.index(ATTENDEES_HEADING)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("=="))
    return [line[2:] for line in lines[start:end] if line.startswith("# ")]


# --- timing -------------------------------------------------------------------------------------


def median_ms(work: Callable[[], object], repeat: int) -> float:
    """The median ms of `repeat` calls of `work`."""
    return statistics.median(time_runs(work, repeat))


def query_ms(parse: Callable[[], Any], query: Callable[[Any], object], repeat: int) -> float:
    """The median ms of `query` on a freshly parsed tree each run (parsing not timed)."""
    taken = []
    for _ in range(repeat):
        tree = parse()
        began = time.perf_counter()
        query(tree)
        taken.append((time.perf_counter() - began) * 1000)
    return statistics.median(taken)


def time_tasks(text: str, lines: list[str], repeat: int) -> list[Row]:
    """Every task with both parsers."""

    def mwp() -> Any:
        """The page parsed by mwparserfromhell."""
        return mwparserfromhell.parse(text)

    def wtp() -> Any:
        """The page parsed by wikitextparser."""
        return wikitextparser.parse(text)

    parse_row = Row(
        "parse page + round trip",
        median_ms(lambda: str(mwp()) == text, repeat),
        median_ms(lambda: wtp().string == text, repeat),
    )
    rows = [
        parse_row,
        Row("level-2 sections + titles", query_ms(mwp, mwp_sections, repeat), query_ms(wtp, wtp_sections, repeat)),
        Row(
            "all list items",
            query_ms(mwp, mwp_items, repeat),
            query_ms(wtp, lambda parsed: wtp_items(parsed.get_lists()), repeat),
        ),
    ]
    total = Row(
        "parse, sections, items",
        sum(row.mwparserfromhell_ms for row in rows),
        sum(row.wikitextparser_ms for row in rows),
    )
    plain = Row(
        f"plain text, {len(lines):,} lines",
        median_ms(lambda: [mwparserfromhell.parse(line).strip_code() for line in lines], repeat),
        median_ms(lambda: [wikitextparser.parse(line).plain_text() for line in lines], repeat),
    )
    return [*rows, total, plain]


# --- checking and printing ----------------------------------------------------------------------


def print_table(rows: list[Row], round_trips: tuple[bool, bool]) -> None:
    """The table: ms per task per parser, then the byte-exact round trip of each."""
    print(f"{'task (median ms)':<28} {'mwparserfromhell':>17} {'wikitextparser':>15}")
    for row in rows:
        print(f"{row.label:<28} {row.mwparserfromhell_ms:17.1f} {row.wikitextparser_ms:15.1f}")
    verdicts = ["byte-exact" if exact else "DIFFERS" for exact in round_trips]
    print(f"{'round trip of the page':<28} {verdicts[0]:>17} {verdicts[1]:>15}")


def check_agreement(text: str, lines: list[str]) -> None:
    """Print whether both parsers find the same sections, the same items and the same plain text."""
    code, parsed = mwparserfromhell.parse(text), wikitextparser.parse(text)
    titles, items = (mwp_sections(code), wtp_sections(parsed)), (mwp_items(code), wtp_items(parsed.get_lists()))
    print(f"sections: {len(titles[1])} found by both, same titles: {titles[0] == titles[1]} ({', '.join(titles[1])})")
    same = sorted(items[0]) == sorted(items[1])  # wikitextparser gives sublists after their list
    print(f"list items: {len(items[0]):,} and {len(items[1]):,}, same texts (order aside): {same}")
    pairs = [(mwparserfromhell.parse(line).strip_code(), wikitextparser.parse(line).plain_text()) for line in lines]
    differ = [(line, pair) for line, pair in zip(lines, pairs, strict=True) if pair[0] != pair[1]]
    print(f"attendee lines whose plain text differs: {len(differ):,} of {len(lines):,}")
    for line, (stripped, plain) in differ[:3]:
        print(f"  {line!r}: strip_code {stripped!r}, plain_text {plain!r}")


def rendered_page(folder: Path) -> str:
    """The wikitext of the generated FOSDEM-sized agenda's page."""
    path = folder / "fosdem-2027.yaml"
    path.write_text(build_agenda(FOSDEM), encoding="utf-8")
    return render_page(load_agenda(path))


def main(argv: list[str] | None = None) -> int:
    """Parse the options, render the page, time and compare both parsers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wiki-parsers-") as folder:
        text = rendered_page(Path(folder))
    lines = attendee_lines(text)
    print(f"page: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines, {len(lines):,} attendee lines")
    print(f"mwparserfromhell {mwparserfromhell.__version__}, wikitextparser {wikitextparser.__version__}")
    rows = time_tasks(text, lines, options.repeat)
    print_table(rows, (str(mwparserfromhell.parse(text)) == text, wikitextparser.parse(text).string == text))
    check_agreement(text, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
