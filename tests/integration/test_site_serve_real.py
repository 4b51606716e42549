"""`summitbot serve` answers the programme at /schedule/EVENT/ over real HTTP: the same page
`summitbot site` writes (but for the feed's address), with an ETag, 304 Not Modified until the
agenda changes, HEAD with GET's headers and no body, the event list at /schedule/, and 404 for
an event it does not serve."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import EXAMPLES, MINI_SUMMIT, ROOT
from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack

EVENT = "containers-mini-summit-2008"


@pytest.fixture
def bot(tmp_path: Path, local_slack: LocalSlack) -> Iterator[RunningBot]:
    """`summitbot serve` of the mini summit and the Xen hackathon, with no wiki and no CalDAV server."""
    agendas = [tmp_path / MINI_SUMMIT, tmp_path / "xen-4.4-hackathon.yaml"]
    for agenda in agendas:
        shutil.copy(EXAMPLES / agenda.name, agenda)
    running = RunningBot.start(agendas, local_slack, {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}, tmp_path)
    yield running
    running.stop()


def test_the_schedule_page_is_served_with_an_etag_and_not_sent_again_until_it_changes(
    bot: RunningBot, tmp_path: Path
) -> None:
    url = f"{bot.url}/schedule/{EVENT}/"
    first = requests.get(url, timeout=10)
    etag = first.headers["ETag"]
    assert (first.status_code, first.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert first.headers["Cache-Control"] == "no-cache"
    assert "<h1>Containers mini-summit 2008</h1>" in first.text
    assert f'href="../../feeds/{EVENT}.ics"' in first.text  # the served feed, relative to the page
    assert requests.get(f"{bot.url}/feeds/{EVENT}.ics", timeout=10).status_code == 200

    again = requests.get(url, headers={"If-None-Match": etag}, timeout=10)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", etag)
    assert requests.get(url + "index.html", headers={"If-None-Match": etag}, timeout=10).status_code == 304

    agenda = tmp_path / MINI_SUMMIT
    agenda.write_text(agenda.read_text().replace("title: Cgroups+Resource management", "title: Cgroups & <more>"))
    changed = _changed(url, etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Cgroups &amp; &lt;more&gt;" in changed.text


def test_head_gives_the_headers_of_get_and_no_body(bot: RunningBot) -> None:
    path = f"/schedule/{EVENT}/"
    got = requests.get(bot.url + path, timeout=10)
    connection = http.client.HTTPConnection(urlsplit(bot.url).netloc, timeout=10)
    connection.request("HEAD", path)
    head = connection.getresponse()
    assert (head.status, head.read()) == (200, b"")
    assert head.getheader("ETag") == got.headers["ETag"]
    assert head.getheader("Content-Length") == str(len(got.content))
    connection.request("GET", path)  # on the same connection: a body sent after HEAD would garble this
    after = connection.getresponse()
    assert (after.status, after.read()) == (200, got.content)
    connection.close()


def test_the_index_lists_the_served_events_and_an_unknown_one_is_not_found(bot: RunningBot) -> None:
    index = requests.get(f"{bot.url}/schedule/", timeout=10)
    assert index.status_code == 200
    assert f'<a href="{EVENT}/">Containers mini-summit 2008</a> (22 July 2008)' in index.text
    assert '<a href="xen-4-4-hackathon/">Xen 4.4 Hackathon</a>' in index.text
    for path in ("/schedule/nope/", f"/schedule/{EVENT}", f"/schedule/{EVENT}/x", "/schedule/nope/index.html"):
        assert requests.get(bot.url + path, timeout=10).status_code == 404, path


def test_the_served_page_is_the_written_page_but_for_the_feeds_address(bot: RunningBot, tmp_path: Path) -> None:
    out = tmp_path / "public"
    command = [sys.executable, "-m", "bot", "site", str(tmp_path / MINI_SUMMIT), "-o", str(out)]
    env = {"SUMMITBOT_STATE": str(tmp_path / "site-state.sqlite3"), "XDG_CONFIG_HOME": str(tmp_path / "no-config")}
    done = subprocess.run(command, cwd=ROOT, env=bot.env | env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    written = (out / EVENT / "index.html").read_text()
    served = requests.get(f"{bot.url}/schedule/{EVENT}/", timeout=10).text
    assert served.replace(f"../../feeds/{EVENT}.ics", "event.ics") == written


def _changed(url: str, etag: str, timeout: float = 15.0) -> requests.Response:
    """The page once the bot has read the edited agenda."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = requests.get(url, headers={"If-None-Match": etag}, timeout=10)
        if answer.status_code != 304:
            return answer
        time.sleep(0.1)
    raise AssertionError(f"the page still had ETag {etag} after {timeout} s")
