"""The calendar commands as people type them: `ics`, `ics --person`, `ics --tasks`, `ics --dir`,
`export`, and `sync` with a CalDAV server that cannot be reached."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

from icalendar import Calendar

from bot.sync.state import StateStore
from tests.conftest import MINI_SUMMIT, Run

XEN = "xen-4.4-hackathon.yaml"


def env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "none"), **more}


def summaries(text: str) -> list[str]:
    return [str(part["SUMMARY"]) for part in Calendar.from_ical(text).walk() if part.name in {"VEVENT", "VTODO"}]


def test_ics_prints_the_event_feed_and_the_same_bytes_next_time(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    first = summitbot("ics", agendas / MINI_SUMMIT, env=env(tmp_path))
    second = summitbot("ics", agendas / MINI_SUMMIT, env=env(tmp_path))

    assert first.returncode == 0, first.stderr
    assert summaries(first.stdout) == ["Namespaces/Containers", "Cgroups+Resource management", "Checkpoint/Restart"]
    assert first.stdout == second.stdout


def test_ics_for_a_person_holds_what_they_moderate(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    result = summitbot("ics", agendas / XEN, "--person", "Stefano Stabellini", env=env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert summaries(result.stdout) == ["Release models that work well"]
    assert "X-WR-CALNAME:Xen 4.4 Hackathon (Stefano Stabellini)" in result.stdout


def test_ics_for_nobody_known_says_so(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    result = summitbot("ics", agendas / XEN, "--person", "Nobody Atall", env=env(tmp_path))

    assert result.returncode == 2
    assert "nobody called 'Nobody Atall'" in result.stderr


def test_ics_tasks_lists_the_action_items(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    result = summitbot("ics", agendas / XEN, "--tasks", "-o", tmp_path / "tasks.ics", env=env(tmp_path))

    assert result.returncode == 0, result.stderr
    text = (tmp_path / "tasks.ics").read_text()
    assert summaries(text)[0] == "Write up a proposal for the beginning of the 4.4 release cycle"
    assert text.count("BEGIN:VTODO") == 4


def test_ics_dir_writes_every_feed_and_leaves_unchanged_ones_alone(
    summitbot: Run, agendas: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "public"
    first = summitbot("ics", agendas / XEN, "--dir", folder, env=env(tmp_path))
    stamp = (folder / "xen-4-4-hackathon.ics").stat().st_mtime_ns
    second = summitbot("ics", agendas / XEN, "--dir", folder, env=env(tmp_path))

    assert first.returncode == 0, first.stderr
    assert {p.name for p in folder.iterdir()} == {"xen-4-4-hackathon.ics", "xen-4-4-hackathon-tasks.ics", "people"}
    assert (folder / "people" / "george.ics").is_file()
    assert "0 written" in second.stdout
    assert (folder / "xen-4-4-hackathon.ics").stat().st_mtime_ns == stamp


def test_export_frab_and_json(summitbot: Run, agendas: Path) -> None:
    frab = summitbot("export", agendas / MINI_SUMMIT, "--format", "frab")
    schedule = summitbot("export", agendas / MINI_SUMMIT, "--format", "json")

    assert frab.returncode == 0, frab.stderr
    titles = [event.findtext("title") for event in ET.fromstring(frab.stdout).iter("event")]
    assert titles == ["Namespaces/Containers", "Cgroups+Resource management", "Checkpoint/Restart"]
    assert json.loads(schedule.stdout)["schedule"]["conference"]["acronym"] == "containers_mini_summit_2008"


def test_export_with_a_wiki_links_every_event_to_the_page_once(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    wiki = {"SUMMITBOT_WIKI_URL": "https://wiki.openvz.org/api.php", "SUMMITBOT_WIKI_USER": "bot"}
    wiki["SUMMITBOT_WIKI_PASSWORD"] = "secret-password"

    frab = summitbot("export", agendas / MINI_SUMMIT, "--format", "frab", env=env(tmp_path, **wiki))

    assert frab.returncode == 0, frab.stderr
    urls = {event.findtext("url") for event in ET.fromstring(frab.stdout).iter("event")}
    assert urls == {"https://wiki.openvz.org/index.php?title=Containers/Mini-summit_2008"}


def test_export_no_meetings_leaves_the_weekly_call_out(summitbot: Run, agendas: Path) -> None:
    default = summitbot("export", agendas / XEN, "--format", "frab")
    no_meetings = summitbot("export", agendas / XEN, "--format", "frab", "--no-meetings")
    every = summitbot("export", agendas / XEN, "--format", "json", "--all-meetings")

    assert no_meetings.returncode == 0, no_meetings.stderr
    types = {event.findtext("type") for event in ET.fromstring(no_meetings.stdout).iter("event")}
    assert types == {"session"}
    assert ET.fromstring(default.stdout).findtext("conference/days") == "2"
    assert json.loads(every.stdout)["schedule"]["conference"]["daysCount"] == 18


def test_sync_with_the_calendar_server_down_exits_75_and_queues(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    caldav = {"SUMMITBOT_CALDAV_URL": f"http://127.0.0.1:{port}/", "SUMMITBOT_CALDAV_USER": "bot"}
    caldav["SUMMITBOT_CALDAV_PASSWORD"] = "secret-password"

    result = summitbot("sync", agendas / MINI_SUMMIT, env=env(tmp_path, **caldav))

    assert result.returncode == 75, result.stderr
    assert "calendar: finding the calendar home (SUMMITBOT_CALDAV_URL)" in result.stderr
    assert "could not connect" in result.stderr
    assert "secret-password" not in result.stderr + result.stdout
    assert [p.target for p in StateStore(tmp_path / "state.sqlite3").pending()] == ["caldav:containers"]


def test_sync_with_nothing_configured_says_what_to_set(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    result = summitbot("sync", agendas / MINI_SUMMIT, env=env(tmp_path))

    assert result.returncode == 1
    assert "SUMMITBOT_WIKI_URL" in result.stderr
    assert "SUMMITBOT_CALDAV_URL" in result.stderr
