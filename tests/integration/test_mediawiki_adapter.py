"""What only the real adapter does: logging in, failing clearly, flagging bot edits, merging."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import pytest

from bot.errors import ConfigError, WikiError, WikiLoginFailed, WikiPermissionDenied, WikiUnavailable
from bot.settings import WikiAccount
from bot.wiki.mediawiki import MediaWiki, split_api_url
from tests.fixtures.mediawiki import LocalWiki, free_port

USER_AGENT = "summitbot/0.1.0 (https://github.com/summitbot/summitbot; tests)"
AGENDA = "== Monday ==\n* 09:00 Welcome\n\n== Tuesday ==\n* 09:00 Keynote\n\n== Wednesday ==\n* 09:00 Hacking"


@dataclass
class StubAnswer:
    """What the stub server answers to every request."""

    status: int = 200
    body: str = "{}"
    headers: dict[str, str] = field(default_factory=dict)


class StubServer(ThreadingHTTPServer):
    """An HTTP server that answers every request the same way and remembers the User-Agents."""

    def __init__(self, answer: StubAnswer) -> None:
        super().__init__(("127.0.0.1", 0), _StubHandler)
        self.answer = answer
        self.user_agents: list[str] = []

    @property
    def api_url(self) -> str:
        """The stub's pretend api.php."""
        return f"http://127.0.0.1:{self.server_address[1]}/api.php"


class _StubHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = cast(StubServer, self.server)
        server.user_agents.append(self.headers.get("User-Agent", ""))
        body = server.answer.body.encode()
        self.send_response(server.answer.status)
        for name, value in {"Content-Length": str(len(body)), **server.answer.headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


def stub(answer: StubAnswer) -> Iterator[StubServer]:
    """Serve `answer` on a free port for the length of one test."""
    server = StubServer(answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def bot(local_wiki: LocalWiki) -> Iterator[MediaWiki]:
    """The adapter, logged in lazily as the bot on the session's wiki."""
    wiki = MediaWiki(local_wiki.bot_account, user_agent=USER_AGENT)
    yield wiki
    wiki.close()


def test_a_wrong_bot_password_is_a_login_failure(local_wiki: LocalWiki) -> None:
    account = WikiAccount(local_wiki.api_url, local_wiki.bot_account.user, "0" * 32)

    with pytest.raises(WikiLoginFailed, match="SUMMITBOT_WIKI_PASSWORD") as failure:
        MediaWiki(account, user_agent=USER_AGENT).read(["Main Page"])
    assert local_wiki.api_url in str(failure.value)


def test_nothing_listening_is_unavailable_quickly() -> None:
    account = WikiAccount(f"http://127.0.0.1:{free_port()}/api.php", "SummitBot@summitbot", "secret")
    started = time.monotonic()

    with pytest.raises(WikiUnavailable, match="could not connect"):
        MediaWiki(account, user_agent=USER_AGENT, retries=2).read(["Main Page"])
    assert time.monotonic() - started < 3


def test_the_wiki_goes_down_and_comes_back(tmp_path: Path) -> None:
    own = LocalWiki.start(tmp_path / "wiki")  # its own wiki: stopping the shared one would break other tests
    try:
        wiki = MediaWiki(own.bot_account, user_agent=USER_AGENT, retries=1)
        saved = wiki.edit("Agenda", AGENDA, base_revision=None, summary="create")
        own.stop()

        with pytest.raises(WikiUnavailable, match=own.api_url):
            wiki.read(["Agenda"])
        with pytest.raises(WikiUnavailable):
            wiki.edit("Agenda", AGENDA + "\n* more", base_revision=saved.revision, summary="update")

        own.resume()
        assert wiki.read(["Agenda"])["Agenda"].revision == saved.revision
        assert wiki.edit("Agenda", AGENDA + "\n* more", base_revision=saved.revision, summary="update").revision
    finally:
        own.stop()


def test_a_protected_page_is_permission_denied(local_wiki: LocalWiki, bot: MediaWiki, wiki_page_title: str) -> None:
    saved = bot.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
    local_wiki.protect(wiki_page_title)

    with pytest.raises(WikiPermissionDenied, match="protectedpage") as denied:
        bot.edit(wiki_page_title, AGENDA + "\n* more", base_revision=saved.revision, summary="update")
    assert wiki_page_title in str(denied.value)
    assert local_wiki.api_url in str(denied.value)


def test_edits_by_the_bot_account_carry_the_bot_flag(
    local_wiki: LocalWiki, bot: MediaWiki, wiki_page_title: str
) -> None:
    saved = bot.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
    by_alice = local_wiki.human_edit("Alice", wiki_page_title, AGENDA + "\n* Alice's note")

    changes = local_wiki.api_get(action="query", list="recentchanges", rcprop="ids|flags|user", rclimit="100")
    flags = {change["revid"]: change["bot"] for change in changes["query"]["recentchanges"]}

    assert flags[saved.revision] is True
    assert flags[by_alice] is False


def test_a_concurrent_edit_of_other_lines_is_merged(
    local_wiki: LocalWiki, bot: MediaWiki, wiki_page_title: str
) -> None:
    base = bot.edit(wiki_page_title, AGENDA, base_revision=None, summary="create")
    local_wiki.human_edit("Bob", wiki_page_title, AGENDA.replace("Welcome", "Welcome, with coffee"))

    saved = bot.edit(wiki_page_title, AGENDA.replace("Hacking", "Hackathon"), base_revision=base.revision, summary="x")

    assert saved.merged
    page = bot.read([wiki_page_title])[wiki_page_title]
    assert page.revision == saved.revision
    assert page.text == AGENDA.replace("Welcome", "Welcome, with coffee").replace("Hacking", "Hackathon")


def test_a_stale_csrf_token_is_renewed(bot: MediaWiki, wiki_page_title: str) -> None:
    bot.read(["Main Page"])
    bot._token = "not-a-token+\\"  # as if the wiki had rotated the session's token

    assert bot.edit(wiki_page_title, AGENDA, base_revision=None, summary="create").revision


def test_an_invalid_title_is_a_wiki_error(bot: MediaWiki) -> None:
    with pytest.raises(WikiError, match="not a valid page title"):
        bot.read(["Agenda [draft]"])


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (StubAnswer(status=503, body="Service Unavailable"), "HTTP 503"),
        (StubAnswer(status=200, body="<html>Welcome to nginx!</html>"), "unexpected answer"),
    ],
    ids=["http-503", "not-json"],
)
def test_a_broken_server_is_unavailable_without_long_waits(answer: StubAnswer, says: str) -> None:
    for server in stub(answer):
        account = WikiAccount(server.api_url, "SummitBot@summitbot", "secret")
        wiki = MediaWiki(account, user_agent=USER_AGENT, retries=1)
        started = time.monotonic()

        with pytest.raises(WikiUnavailable, match=says):
            wiki.read(["Main Page"])
        assert time.monotonic() - started < 2
        assert wiki.requests_made == len(server.user_agents) <= 2


@pytest.mark.parametrize(("asked", "waits"), [("1", [5.0]), ("6", [6.0])], ids=["too-short", "longer"])
def test_a_lagged_wiki_is_waited_for_as_long_as_it_asks_and_at_least_5_s(asked: str, waits: list[float]) -> None:
    lagged = StubAnswer(
        body='{"error": {"code": "maxlag", "info": "Waiting for a database server: 10 seconds lagged."}}',
        headers={"X-Database-Lag": "10", "Retry-After": asked},
    )
    for server in stub(lagged):
        wiki = MediaWiki(WikiAccount(server.api_url, "SummitBot@summitbot", "secret"), user_agent=USER_AGENT, timeout=9)
        started = time.monotonic()

        with pytest.raises(WikiUnavailable, match=rf"waited {waits[0]:g} s .*\(Retry-After {asked} s\)"):
            wiki.read(["Main Page"])
        assert sum(waits) <= time.monotonic() - started < 9  # a second wait would not end within 9 s
        assert wiki.requests_made == len(server.user_agents) == len(waits) + 1


def test_every_request_says_it_comes_from_summitbot() -> None:
    for server in stub(StubAnswer(status=503)):
        wiki = MediaWiki(WikiAccount(server.api_url, "B@b", "secret"), user_agent=USER_AGENT, retries=0)
        with pytest.raises(WikiUnavailable):
            wiki.read(["Main Page"])

        assert server.user_agents
        assert all(agent.startswith(USER_AGENT) for agent in server.user_agents)


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("http://127.0.0.1:8080/api.php", ("http", "127.0.0.1:8080", "/")),
        ("https://wiki.example.org/w/api.php", ("https", "wiki.example.org", "/w/")),
    ],
)
def test_api_urls_split_for_mwclient(url: str, parts: tuple[str, str, str]) -> None:
    assert split_api_url(url) == parts


def test_a_url_that_is_not_api_php_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"api\.php"):
        MediaWiki(WikiAccount("https://wiki.example.org/wiki/Main_Page", "B@b", "x"), user_agent=USER_AGENT)
