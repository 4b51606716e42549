"""Nothing said in chat is lost: not while the wiki is down, not when the bot is killed -9 in
the middle of a burst of sign-ups."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.agenda.load import load_agenda
from tests.fixtures.serve import Member
from tests.fixtures.summit import Summit
from tests.integration.conftest import SummitFactory


@pytest.fixture
def summit_with_quick_retries(make_summit: SummitFactory) -> Summit:
    """The summit, its bot retrying a failed sync after 0.5 s (doubling) rather than 5 s."""
    return make_summit("--backoff", "0.5")


def test_sign_ups_while_the_wiki_is_down_all_land_when_it_is_back(summit_with_quick_retries: Summit) -> None:
    summit = summit_with_quick_retries
    people = [summit.member(f"U0DOWN{n}", f"Person {n} Downtime") for n in range(6)]
    summit.wiki.stop()
    try:
        replies = [person.says("join") for person in people]
        assert all(reply.startswith("Done: you are signed up") for reply in replies)  # in the YAML already
        names = {p.name for p in load_agenda(summit.path).people}
        assert {f"Person {n} Downtime" for n in range(6)} <= names
        assert _failures_while_down(summit) >= 1
    finally:
        summit.wiki.resume()

    summit.settled()
    page = summit.page_text()
    assert all(f"Person {n} Downtime" in page for n in range(6))


def _failures_while_down(summit: Summit) -> int:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        (state,) = summit.bot.health()["sync"]["agendas"].values()
        if state["failures"]:
            return int(state["failures"])
        time.sleep(0.1)
    raise AssertionError("the sync never failed while the wiki was down")


def test_a_kill_9_during_a_burst_then_a_restart_loses_no_acknowledged_sign_up(summit: Summit) -> None:
    people = [summit.member(f"U0BURST{n:02d}", f"Burst Person {n:02d}") for n in range(60)]

    def join(person: Member) -> tuple[Member, int]:
        try:
            answer, _ = person.types("join remote")
        except OSError:  # the bot is gone: Slack would tell this person it failed
            return person, 0
        return person, answer.status

    with ThreadPoolExecutor(12) as pool:
        running = [pool.submit(join, person) for person in people]
        while sum(f.done() for f in running) < 25:
            pass
        summit.bot.kill9()
        results = [f.result() for f in running]

    acknowledged = [person.name for person, status in results if status == 200]
    assert len(acknowledged) >= 25
    summit.bot.restart()
    summit.settled()

    agenda = load_agenda(summit.path)  # the file checks: no write was torn
    signed_up = {agenda.person(a.person).name for a in agenda.attendees if a.remote}
    assert set(acknowledged) <= signed_up
    page = summit.page_text()
    assert all(name in page for name in acknowledged)
