"""An organiser's edit leaves the agenda's YAML broken while `serve` runs: nothing said in chat is
lost. Changes are saved and their senders told, once, that the agenda is being repaired; answers
that change nothing and the calendar feed come from the last good version; the organiser finds
the problem in the log at its line; once the file is fixed, every saved change is applied, answered
and published."""

from __future__ import annotations

import re
import time

import pytest
import requests

from bot.agenda.load import load_agenda
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory

REPAIRED = "is being repaired by its organisers"


@pytest.fixture
def summit_with_quick_retries(make_summit: SummitFactory) -> Summit:
    """The summit, its bot retrying a failed sync after 0.5 s (doubling) rather than 5 s."""
    return make_summit("--backoff", "0.5")


def _replies_at(slack: LocalSlack, url: str) -> list[str]:
    return [str(call.params["text"]) for call in slack.calls("response_url") if url.endswith(str(call.params["_path"]))]


def _wait_for_replies(slack: LocalSlack, url: str, count: int, timeout: float = 15) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(_replies_at(slack, url)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return _replies_at(slack, url)


def test_chat_changes_wait_for_a_broken_agenda_and_land_once_it_is_fixed(summit_with_quick_retries: Summit) -> None:
    summit = summit_with_quick_retries
    ada, grace = summit.member("U0ADA", "Ada Lovelace"), summit.member("U0GRACE", "Grace Hopper")
    feed_url = f"{summit.bot.url}/feeds/containers-mini-summit-2008.ics"
    good_feed = requests.get(feed_url, timeout=5).text
    good = summit.path.read_text()
    offset = summit.bot.log_path.stat().st_size

    summit.path.write_text(good.replace("event:", "event: [", 1))  # the organiser's edit, half done
    _, join = ada.types("join remote")
    _, propose = grace.types("propose Rootless containers -- user namespaces")
    who = ada.says("who")

    assert REPAIRED in _wait_for_replies(summit.slack, join, 1)[0]
    assert "is saved and will be applied" in _replies_at(summit.slack, join)[0]
    assert REPAIRED in _wait_for_replies(summit.slack, propose, 1)[0]
    assert who.startswith("*Containers mini-summit 2008*: 32 coming")  # read from the last good version
    answer = requests.get(feed_url, timeout=5)
    assert (answer.status_code, answer.text) == (200, good_feed)
    time.sleep(2.5)  # the worker and the sync loop go round a few times meanwhile
    assert len(_replies_at(summit.slack, join)) == 1  # told once, not at every retry
    assert summit.bot.health()["inbox_waiting"] == 2
    logged = summit.bot.log_path.read_bytes()[offset:].decode()
    assert re.search(re.escape(str(summit.path)) + r":\d+:\d+: YAML syntax error", logged)
    assert logged.count("sync failed") <= 6  # backing off (0.5, 1, 2 s ...), not spinning

    summit.path.write_text(good)  # fixed

    assert _wait_for_replies(summit.slack, join, 2)[1].startswith("Done: you are signed up")
    assert _wait_for_replies(summit.slack, propose, 2)[1].startswith("Done: topic *T6*")
    summit.settled()
    agenda = load_agenda(summit.path)
    assert any(agenda.person(a.person).name == "Ada Lovelace" and a.remote for a in agenda.attendees)
    assert agenda.proposals[-1].title == "Rootless containers"
    page = summit.page_text()
    assert "Ada Lovelace" in page
    assert "Rootless containers" in page
    assert summit.bot.health()["inbox_waiting"] == 0
