"""The schedule site as a browser shows it: `summitbot site` writes the example agendas, a
FOSDEM-shaped one and a hostile one; a plain web server serves the folder; Debian's Chromium
loads each page at phone (390 px) and desktop (1280 px) widths.

From the DOM Chromium built: every session and meeting date is in the grid exactly once, in its
room's column and on the row of its start time (the table's rows and column spans worked out as a
browser lays a table out), spans to its end, and is in the list exactly once, under its day and
start time; hostile titles show as text and inject no element. From the pages in frames of both
widths: the phone gets the list and not the grid, the desktop the grid and not the list. The
screenshots are PNGs of the right size with more than a few colours (a page, not a blank).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.model import Agenda
from bot.site.programme import Entry, programme
from tests.conftest import EXAMPLES, ROOT
from tests.fixtures.chromium import DESKTOP, PHONE, Node, available, dump_dom, png_summary, screenshot

HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")
FOSDEM = "fosdem-2027.yaml"


@dataclass(frozen=True)
class Site:
    """The written site, served: its folder, its address and the agendas in it by event id."""

    folder: Path
    url: str
    agendas: dict[str, Agenda] = field(repr=False)  # a FOSDEM-sized repr would flood a failure report


def hostile_yaml() -> str:
    """An agenda whose every text a person types tries to break out of HTML or into the template."""
    q = json.dumps
    lines = [
        "event:", "  id: hostile", f"  title: {q(HOSTILE[0])}", "  timezone: Europe/Brussels",
        f"  description: {q(HOSTILE[2])}", "  days:", '    - {date: 2027-02-06, start: "09:00", end: "18:00"}',
        f"  venue: {{name: {q(HOSTILE[1])}, rooms: [{q(HOSTILE[0])}, {q(HOSTILE[2])}]}}",
        "people:", f"  - {{id: mallory, name: {q(HOSTILE[1])}}}", f"  - {{id: eve, name: {q(HOSTILE[0])}}}",
        "sessions:",
    ]  # fmt: skip
    for number, text in enumerate(HOSTILE):
        lines += [
            f"  - id: h{number}", f"    title: {q(text)}", f'    start: "{10 + number}:00"',
            f'    end: "{11 + number}:00"', f"    room: {q(HOSTILE[number % 2 * 2])}", "    moderators: [mallory, eve]",
            f"    minutes: {q(text)}", "    topics:", f"      - title: {q(text)}", f"        note: {q(text)}",
            f"        topics: [{q(text)}]",
        ]  # fmt: skip
    lines += [
        "meetings:", "  - id: call", f"    title: {q(HOSTILE[1])}", "    first: 2027-02-06", "    repeat: weekly",
        "    count: 3", '    start: "17:00"', '    end: "17:30"', "    where: https://meet.example.org/x",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not available():
        pytest.fail("chromium is not installed, so the browser tests cannot run: run scripts/setup", pytrace=False)
    work = tmp_path_factory.mktemp("site")
    agendas = work / "agendas"
    shutil.copytree(EXAMPLES, agendas, ignore=shutil.ignore_patterns(".summitbot"))
    (agendas / "hostile.yaml").write_text(hostile_yaml())
    scale = ["--sessions", "240", "--rooms", "16", "--attendees", "300", "--days", "2", "--repeat", "1"]
    bench = work / "bench"  # the script also writes a broken variant: only the valid one is taken
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "agenda_scale.py"), *scale, "--keep", str(bench)],
        capture_output=True,
        timeout=300,
        check=False,
    )  # fmt: skip  (exit 2 only says "slower")
    shutil.copy(bench / FOSDEM, agendas / FOSDEM)
    paths = sorted(agendas.glob("*.yaml"))
    env = {"SUMMITBOT_STATE": str(work / "state.sqlite3"), "XDG_CONFIG_HOME": str(work / "no-config")}
    command = [sys.executable, "-m", "bot", "site", *map(str, paths), "-o", str(work / "public")]
    done = subprocess.run(
        command, cwd=ROOT, env=_clean_env(env), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = {agenda.event.id: agenda for agenda in map(load_agenda, paths)}
    assert "fosdem-2027" in loaded
    handler = functools.partial(_QuietHandler, directory=str(work / "public"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(work / "public", f"http://127.0.0.1:{server.server_address[1]}", loaded)
    server.shutdown()
    server.server_close()


def _clean_env(extra: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SUMMITBOT_", "SLACK_"))} | extra


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def doms(site: Site) -> dict[str, Node]:
    """Each event's page as Chromium built it (once per event)."""
    return {event: dump_dom(f"{site.url}/{event}/") for event in site.agendas}


def laid_out(table: Node) -> dict[str, tuple[str, str, str | None, int]]:
    """Each entry cell of a table, by its data-entry: (room header, row's start time, the start time
    of the row after its span or None at the bottom, how many entry cells carry that id), worked
    out with the HTML table model: rowspans and colspans take slots of the rows below. A cell's
    `headers` must name the th of its column and of its row, as a screen reader announces them."""
    header = table.find("thead")[0].iter("tr")[0]
    rooms: list[str] = []
    room_ids: list[str] = []
    for th in header.iter("th")[1:]:
        rooms += [th.text()] * int(th.attrs.get("colspan", "1"))
        room_ids += [th.attrs["id"]] * int(th.attrs.get("colspan", "1"))
        assert th.attrs["scope"] == ("colgroup" if "colspan" in th.attrs else "col")
    rows = table.find("tbody")[0].find("tr")
    taken: set[tuple[int, int]] = set()
    starts: list[str] = []
    row_ids: list[str] = []
    cells: dict[str, tuple[str, str, str | None, int]] = {}
    for r, tr in enumerate(rows):
        column = 0
        for cell in [c for c in tr.children if c.tag in ("th", "td")]:
            while (r, column) in taken:
                column += 1
            span, width = int(cell.attrs.get("rowspan", "1")), int(cell.attrs.get("colspan", "1"))
            taken |= {(r + down, column + across) for down in range(span) for across in range(width)}
            if cell.tag == "th":
                assert (column, cell.attrs["scope"]) == (0, "row")
                starts.append(cell.find("time")[0].attrs["datetime"])
                row_ids.append(cell.attrs["id"])
            elif "data-entry" in cell.attrs:
                uid = cell.attrs["data-entry"]
                assert cell.attrs["headers"].split() == [room_ids[column - 1], row_ids[r]], uid
                count = cells[uid][3] + 1 if uid in cells else 1
                cells[uid] = (rooms[column - 1], starts[r], str(r + span), count)
            column += width
    for uid, (room, start, after, count) in cells.items():  # the row after the span, as a time
        index = int(after or 0)
        cells[uid] = (room, start, starts[index] if index < len(starts) else None, count)
    return cells


def expected(agenda: Agenda) -> dict[str, list[Entry]]:
    return {day.date.isoformat(): list(day.entries) for day in programme(agenda)}


def test_every_session_is_once_in_its_room_at_its_time_and_once_in_the_list(site: Site, doms: dict[str, Node]) -> None:
    for event, agenda in site.agendas.items():
        dom = doms[event]
        sections = dom.find("section", class_="day")
        by_day = expected(agenda)
        assert len(sections) == len(by_day), event
        sessions = {f"{event}/{s.id}@summitbot" for s in agenda.sessions}
        seen = set()
        for section, entries in zip(sections, by_day.values(), strict=True):
            tables = section.find("table")
            cells = laid_out(tables[0]) if tables else {}
            assert sorted(cells) == sorted(e.uid for e in entries), event
            items = section.find("li")
            listed = [li.attrs["data-entry"] for li in items if "data-entry" in li.attrs]
            assert sorted(listed) == sorted(e.uid for e in entries), event  # each exactly once
            times = {li.attrs["data-entry"]: _heading_before(section, li) for li in items if "data-entry" in li.attrs}
            day_end = max((e.end for e in entries), default=None)
            for entry in entries:
                room, start, after, count = cells[entry.uid]
                assert (room, start, count) == (entry.room, entry.start.isoformat(), 1), entry.uid
                if after is None:  # its span reaches the bottom: it ends when the day's last entry does
                    assert entry.end == day_end, entry.uid
                else:
                    assert after == entry.end.isoformat(), entry.uid
                assert times[entry.uid] == entry.start.isoformat(), entry.uid
                seen.add(entry.uid)
        assert sessions <= seen, event  # every session of the agenda, none lost to a day


def _heading_before(section: Node, item: Node) -> str | None:
    """The datetime of the last list heading (h3) before `item` in the section."""
    heading = None
    for node in section.iter():
        if node.tag == "h3":
            heading = node.find("time")[0].attrs["datetime"]
        if node is item:
            return heading
    return None


def test_hostile_text_shows_as_text_and_injects_nothing(doms: dict[str, Node]) -> None:
    dom = doms["hostile"]
    assert dom.iter("script") == []
    assert dom.iter("img") == []
    assert all(not name.startswith("on") for node in dom.iter() for name in node.attrs)
    text = dom.text()
    for hostile in HOSTILE:
        assert hostile in text
    assert dom.find("h1")[0].text() == HOSTILE[0]
    assert dom.find("title")[0].text() == f"{HOSTILE[0]}: programme"
    assert "49" not in text
    assert [th.text() for th in dom.find("thead")[0].iter("th")] == ["Time", HOSTILE[0], HOSTILE[2], "Online"]


def test_the_examples_say_when_where_and_in_which_zone_and_link_their_feed(site: Site, doms: dict[str, Node]) -> None:
    dom = doms["containers-mini-summit-2008"]
    facts = [node.text() for node in dom.find("dd")]
    assert facts == [
        "22 July 2008",
        "Novotel Hotel, Ottawa, ON, Canada",
        "All times are local time in America/Toronto (UTC−04:00)",
    ]
    subscribe = dom.find("a", class_="subscribe")[0]
    assert subscribe.attrs["href"] == "event.ics"
    feed = (site.folder / "containers-mini-summit-2008" / "event.ics").read_text()
    assert "BEGIN:VEVENT" in feed
    xen = doms["xen-4-4-hackathon"]
    assert "Minutes: [Hackathon Minutes] Xen 4.4 Planning" in xen.text()
    assert "Monthly co-op call" not in doms["uml-64bit-coop"].text()  # its dates are after the one event day


def test_a_recurring_meeting_is_in_on_the_event_days_only(doms: dict[str, Node]) -> None:
    dom = doms["hostile"]
    entries = [node.attrs["data-entry"] for node in dom.iter() if "data-entry" in node.attrs]
    assert entries.count("hostile/call/2027-02-06@summitbot") == 2  # the grid's cell and the list's item
    assert not [uid for uid in entries if uid.startswith("hostile/call/") and "2027-02-06" not in uid]
    joins = [a for a in dom.find("a") if a.attrs.get("href") == "https://meet.example.org/x"]
    assert len(joins) == 2


def test_phones_get_the_list_and_desktops_the_grid(site: Site) -> None:
    """One Chromium run: a test page frames every event at both widths and reads what CSS shows."""
    frames = [(event, width) for event in sorted(site.agendas) for width in (PHONE[0], DESKTOP[0])]
    iframes = "".join(
        f'<iframe id="f{n}" src="{event}/" width="{width}" height="600" data-event="{event}"></iframe>'
        for n, (event, width) in enumerate(frames)
    )
    probe = f"""<!DOCTYPE html><html><body>{iframes}<pre id="result"></pre><script>
    window.addEventListener("load", () => {{
      const seen = [...document.querySelectorAll("iframe")].map(frame => {{
        const page = frame.contentDocument, show = node => node ? getComputedStyle(node).display : null;
        const grid = page.querySelector(".grid-view"), list = page.querySelector(".list");
        return [frame.dataset.event, frame.width, show(grid), show(list)];
      }});
      document.getElementById("result").textContent = JSON.stringify(seen);
    }});
    </script></body></html>"""  # fmt: skip
    (site.folder / "probe.html").write_text(probe)
    shown = json.loads(dump_dom(f"{site.url}/probe.html", (1400, 900), budget_ms=5000).find("pre")[0].text())
    assert len(shown) == len(frames)
    for event, width, grid, listing in shown:
        if width == str(PHONE[0]):
            assert (grid, listing) == ("none", "block"), event
        else:
            assert (grid, listing) == ("block", "none"), event


def test_screenshots_at_phone_and_desktop_widths_show_a_page(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("screenshots")
    for event in ("containers-mini-summit-2008", "xen-4-4-hackathon", "fosdem-2027", "hostile"):
        for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            shot = screenshot(f"{site.url}/{event}/", folder / f"{event}-{name}.png", size)
            summary = png_summary(shot)
            assert (summary.width, summary.height) == size, shot
            assert shot.stat().st_size > 10_000, shot
            assert summary.colours > 20, shot  # text, borders, backgrounds: not one colour
