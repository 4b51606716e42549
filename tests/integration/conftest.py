"""Fixtures for tests against real servers: one MediaWiki for the whole session, fresh page titles."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator

import pytest

from tests.fixtures.mediawiki import LocalWiki, LocalWikiError, ensure_mediawiki_code


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
