"""The model-based test of sync (tests/fixtures/sync_model.py) against the real MediaWiki and
Radicale: a shorter run than the unit suite's, with Alice editing the page through the API and a
calendar app (caldav) dragging sessions on the server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from bot.calendar.caldav import CalDav
from bot.wiki.mediawiki import MediaWiki
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.sync_model import SyncMachine, World

AGENT = "summitbot-tests/0 (sync model)"


@dataclass
class RealWorld:
    """A fresh page and collection on the real servers, for one run of the machine."""

    local_wiki: LocalWiki
    local_radicale: LocalRadicale
    page: str
    collection: str
    wiki: MediaWiki = field(init=False)
    calendar: CalDav = field(init=False)

    def __post_init__(self) -> None:
        self.wiki = MediaWiki(self.local_wiki.bot_account, user_agent=AGENT)
        self.calendar = CalDav(self.local_radicale.account(), user_agent=AGENT)

    def human_edit(self, text: str) -> None:
        self.local_wiki.human_edit("Alice", self.page, text)

    def item_text(self, uid: str) -> str:
        return str(self.local_radicale.human_event(self.calendar.address(self.collection), uid).data)

    def app_put(self, uid: str, text: str) -> None:
        event = self.local_radicale.human_event(self.calendar.address(self.collection), uid)
        event.data = text
        event.save()


@pytest.fixture
def worlds(local_wiki: LocalWiki, local_radicale: LocalRadicale) -> Iterator[World]:
    numbers = itertools.count(1)
    return (RealWorld(local_wiki, local_radicale, f"Model summit {n}", f"model-summit-{n}") for n in numbers)


def test_the_sync_model_holds_against_the_real_mediawiki_and_radicale(worlds: Iterator[World]) -> None:
    class RealServers(SyncMachine):
        make_world = staticmethod(lambda: next(worlds))

    run_state_machine_as_test(
        RealServers,
        settings=settings(
            max_examples=6, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
