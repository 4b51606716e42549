"""A calendar app polling `summitbot serve` for a feed over real HTTP: it gets an ETag, asks again
with If-None-Match and is told 304 Not Modified (no body) until the agenda changes; HEAD gives the
same headers with no body; the public feed names people and gives no e-mail address."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.fixtures.libical import libical_problems
from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack

EVENT = "containers-mini-summit-2008"


@pytest.fixture
def bot(tmp_path: Path, local_slack: LocalSlack) -> Iterator[RunningBot]:
    """`summitbot serve` of the mini summit, with no wiki and no CalDAV server."""
    agenda = tmp_path / MINI_SUMMIT
    agenda.write_text((EXAMPLES / MINI_SUMMIT).read_text())
    running = RunningBot.start([agenda], local_slack, {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")}, tmp_path)
    yield running
    running.stop()


def personal_path(bot: RunningBot, person: str) -> str:
    """A person's feed address, as `/summit my` gives it (the token is keyed by the signing secret)."""
    token = hmac.new(bot.secret.encode(), f"feed/{EVENT}/{person}".encode(), hashlib.sha256).hexdigest()[:24]
    return f"/feeds/{EVENT}/{person}-{token}.ics"


def test_a_feed_is_not_sent_again_while_it_has_not_changed(bot: RunningBot, tmp_path: Path) -> None:
    url = f"{bot.url}/feeds/{EVENT}.ics"
    first = requests.get(url, timeout=10)
    etag = first.headers["ETag"]
    assert (first.status_code, first.headers["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert first.headers["Cache-Control"] == "no-cache"

    again = requests.get(url, headers={"If-None-Match": etag}, timeout=10)
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", etag)
    for header in (f'"other", W/{etag}', "*"):
        assert requests.get(url, headers={"If-None-Match": header}, timeout=10).status_code == 304
    assert requests.get(url, headers={"If-None-Match": '"other"'}, timeout=10).content == first.content

    agenda = tmp_path / MINI_SUMMIT
    agenda.write_text(agenda.read_text().replace("title: Cgroups+Resource management", "title: Cgroups"))
    changed = _changed(url, etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "SUMMARY:Cgroups\r\n" in changed.text


def test_head_gives_the_headers_of_get_and_no_body(bot: RunningBot) -> None:
    path = f"/feeds/{EVENT}.ics"
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


def test_personal_and_task_feeds_have_etags_too(bot: RunningBot) -> None:
    for path in (personal_path(bot, "kir"), f"/feeds/{EVENT}/tasks.ics"):
        first = requests.get(bot.url + path, timeout=10)
        assert first.status_code == 200
        again = requests.get(bot.url + path, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert again.status_code == 304
    assert requests.head(bot.url + personal_path(bot, "kir").replace(".ics", "x.ics"), timeout=10).status_code == 404


def test_the_served_feed_is_valid_and_names_people_without_addresses(bot: RunningBot) -> None:
    feed = requests.get(f"{bot.url}/feeds/{EVENT}.ics", timeout=10).text
    assert "Kir Kolyshkin" in feed.replace("\r\n ", "")
    assert "mailto:" not in feed.lower()
    assert libical_problems([feed]) == [[]]


def _changed(url: str, etag: str, timeout: float = 15.0) -> requests.Response:
    """The feed once the bot has read the edited agenda."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = requests.get(url, headers={"If-None-Match": etag}, timeout=10)
        if answer.status_code != 304:
            return answer
        time.sleep(0.1)
    raise AssertionError(f"the feed still had ETag {etag} after {timeout} s")
