"""Fixtures for tests against real servers: one MediaWiki, one Radicale and one Xandikos for the whole
session, fresh page titles and collection names."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fixtures.calendar_app import CalendarApp
from tests.fixtures.mediawiki import LocalWiki, LocalWikiError, ensure_mediawiki_code
from tests.fixtures.radicale import LocalRadicale, LocalRadicaleError
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import Summit
from tests.fixtures.xandikos import LocalXandikos, LocalXandikosError


@pytest.fixture(scope="session")
def local_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    """A real MediaWiki on 127.0.0.1, installed once per test session (about 2 s) and stopped after."""
    if shutil.which("php") is None:
        pytest.fail("php is not installed, so the real-MediaWiki tests cannot run: run scripts/setup", pytrace=False)
    try:
        wiki = LocalWiki.start(tmp_path_factory.mktemp("mediawiki"), code=ensure_mediawiki_code())
    except LocalWikiError as error:
        pytest.fail(str(error), pytrace=False)
    yield wiki
    wiki.stop()


@pytest.fixture(scope="session")
def _title_numbers() -> Iterator[int]:
    return itertools.count(1)


@pytest.fixture
def wiki_page_title(request: pytest.FixtureRequest, _title_numbers: Iterator[int]) -> str:
    """A page title no other test uses: the test's name (made title-safe) and a session-wide number."""
    name = re.sub(r"[^A-Za-z0-9]+", " ", request.node.name).strip()
    return f"Test {name} {next(_title_numbers)}"


@pytest.fixture(scope="session")
def local_radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRadicale]:
    """A real Radicale on 127.0.0.1 that accepts any login, started once per test session (about 0.3 s)."""
    try:
        server = LocalRadicale.start(tmp_path_factory.mktemp("radicale"))
    except LocalRadicaleError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def local_xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalXandikos]:
    """A real Xandikos on 127.0.0.1 (no logins), started once per test session (about 0.5 s)."""
    try:
        server = LocalXandikos.start(tmp_path_factory.mktemp("xandikos"))
    except LocalXandikosError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def local_caldav(request: pytest.FixtureRequest) -> CalendarApp:
    """Each real CalDAV server in turn: a test using it runs once on Radicale, once on Xandikos."""
    server: CalendarApp = request.getfixturevalue(f"local_{request.param}")
    return server


@pytest.fixture
def caldav_collection(request: pytest.FixtureRequest, _title_numbers: Iterator[int]) -> str:
    """A collection name no other test uses: the test's name (made path-safe) and a session-wide number."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return f"{name[:60]}-{next(_title_numbers)}"


@pytest.fixture
def local_slack() -> Iterator[LocalSlack]:
    """A local Slack Web API (and Socket Mode endpoint) on 127.0.0.1 for one test."""
    with LocalSlack.start() as slack:
        yield slack


SummitFactory = Callable[..., Summit]


@pytest.fixture
def make_summit(
    tmp_path: Path,
    local_wiki: LocalWiki,
    local_radicale: LocalRadicale,
    local_slack: LocalSlack,
    wiki_page_title: str,
    caldav_collection: str,
) -> Iterator[SummitFactory]:
    """Makes the containers mini-summit served by a real `summitbot serve` (given extra serve
    options, `program=` an installed summitbot, `extra_yaml=` sections added to the agenda), with
    the local MediaWiki, Radicale and Slack,
    its own wiki page and calendar; Kir (chat id U0KIR) organises it. The bot is stopped after the
    test."""
    made: list[Summit] = []

    def make(*serve_options: str, program: str | None = None, extra_yaml: str = "") -> Summit:
        summit = Summit.create(tmp_path, local_wiki, local_radicale, local_slack, wiki_page_title, caldav_collection,
                               *serve_options, program=program, extra_yaml=extra_yaml)  # fmt: skip
        made.append(summit)
        return summit

    yield make
    for summit in made:
        summit.bot.stop()


@pytest.fixture
def summit(make_summit: SummitFactory) -> Summit:
    """The summit, served with the default options (but quick debouncing)."""
    return make_summit()
