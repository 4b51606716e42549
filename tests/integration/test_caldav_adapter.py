"""The CalDav adapter on real Radicale and Xandikos servers: failures it explains, discovery, and edits
made in calendar apps."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import ClassVar

import pytest

from bot.calendar.caldav import CalDav
from bot.calendar.port import EVENTS
from bot.errors import CalendarLoginFailed, CalendarUnavailable, ItemChanged
from bot.settings import CalDavAccount
from tests.fixtures.calendar_app import CalendarApp
from tests.fixtures.mediawiki import free_port
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.xandikos import LocalXandikos
from tests.integration.test_calendar_contract import ics, meaning

AGENT = "summitbot-tests/0 (adapter)"


def test_a_stopped_server_is_unavailable(tmp_path: Path) -> None:
    server = LocalRadicale.start(tmp_path)
    account = server.account()
    server.stop()
    calendar = CalDav(account, user_agent=AGENT)

    with pytest.raises(CalendarUnavailable) as raised:
        calendar.etags("containers")

    assert server.url in str(raised.value)
    assert "try again later" in str(raised.value)
    assert calendar.requests_made <= 2  # one retry at most, at once


def test_a_server_that_does_not_answer_times_out(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) but never answers
        silent.bind(("127.0.0.1", free_port()))
        silent.listen()
        port = silent.getsockname()[1]
        calendar = CalDav(
            CalDavAccount(f"http://127.0.0.1:{port}/", "summitbot", "secret"), user_agent=AGENT, timeout=1
        )
        started = time.monotonic()

        with pytest.raises(CalendarUnavailable, match="no answer within 1 s"):
            calendar.etags("containers")

    assert time.monotonic() - started < 5


class _Broken(BaseHTTPRequestHandler):
    """A CalDAV server that answers every PROPFIND with HTTP 500, noting who asked."""

    user_agents: ClassVar[list[str]] = []

    def do_PROPFIND(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


def test_a_server_error_is_unavailable_and_names_the_bot(tmp_path: Path) -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), _Broken) as broken:
        Thread(target=broken.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{broken.server_address[1]}/"
        calendar = CalDav(CalDavAccount(url, "summitbot", "secret"), user_agent=AGENT)

        with pytest.raises(CalendarUnavailable, match=r"HTTP 500.*try again later"):
            calendar.etags("containers")
        broken.shutdown()

    assert _Broken.user_agents == [AGENT]


def test_a_wrong_password_is_a_login_failure_that_keeps_the_password_secret(tmp_path: Path) -> None:
    server = LocalRadicale.start(tmp_path, users={"summitbot": "the-right-password"})
    try:
        wrong = CalDav(CalDavAccount(server.url, "summitbot", "a-wrong-password"), user_agent=AGENT)
        in_url = server.url.replace("http://", "http://summitbot:password-in-url@")
        right = CalDav(server.account("summitbot"), user_agent=AGENT)

        with pytest.raises(CalendarLoginFailed) as raised:
            wrong.etags("containers")
        with pytest.raises(CalendarLoginFailed) as raised_from_url:
            CalDav(CalDavAccount(in_url), user_agent=AGENT).etags("containers")

        assert "SUMMITBOT_CALDAV_PASSWORD" in str(raised.value)
        assert "a-wrong-password" not in str(raised.value)
        assert "password-in-url" not in str(raised_from_url.value)
        assert right.etags("containers") is None
    finally:
        server.stop()


def test_a_login_written_into_the_url_works_and_is_never_shown(tmp_path: Path) -> None:
    server = LocalRadicale.start(tmp_path, users={"summitbot": "the-right-password"})
    try:
        in_url = server.url.replace("http://", "http://summitbot:the-right-password@")
        calendar = CalDav(CalDavAccount(in_url), user_agent=AGENT)

        calendar.create_collection("containers", title="Containers", component=EVENTS)

        assert calendar.etags("containers") == {}
        assert calendar.address("containers") == f"{server.home('summitbot')}containers/"
    finally:
        server.stop()


def test_the_calendar_home_is_found_from_the_server_root_or_given_directly(local_radicale: LocalRadicale) -> None:
    from_root = CalDav(local_radicale.account(), user_agent=AGENT)
    home = CalDavAccount(local_radicale.home("summitbot"), "summitbot", local_radicale.password("summitbot"))
    from_home = CalDav(home, user_agent=AGENT)

    assert from_root.address("containers") == from_home.address("containers")
    assert from_root.address("containers") == f"{local_radicale.home('summitbot')}containers/"


def test_the_calendar_home_of_xandikos_is_found_from_its_root(local_xandikos: LocalXandikos) -> None:
    calendar = CalDav(local_xandikos.account(), user_agent=AGENT)

    assert calendar.address("containers") == f"{local_xandikos.url}user/calendars/containers/"


def test_a_calendar_app_opens_the_address(local_caldav: CalendarApp, caldav_collection: str) -> None:
    calendar = CalDav(local_caldav.account(), user_agent=AGENT)
    calendar.create_collection(caldav_collection, title="Containers mini-summit", component=EVENTS)
    calendar.put(caldav_collection, "keynote.ics", ics("keynote", "Keynote"), etag=None)

    address = calendar.address(caldav_collection)

    assert local_caldav.human_calendar(address).get_display_name() == "Containers mini-summit"
    assert local_caldav.human_summaries(address) == ["Keynote"]


def test_an_edit_in_a_calendar_app_gives_a_new_etag(local_caldav: CalendarApp, caldav_collection: str) -> None:
    calendar = CalDav(local_caldav.account(), user_agent=AGENT)
    calendar.create_collection(caldav_collection, title="Containers mini-summit", component=EVENTS)
    ours = calendar.put(caldav_collection, "keynote.ics", ics("keynote", "Keynote"), etag=None)

    event = local_caldav.human_event(calendar.address(caldav_collection), "keynote")
    event.icalendar_component["SUMMARY"] = "Keynote, moved to room B"
    event.save()

    theirs = calendar.etags(caldav_collection)
    assert theirs is not None
    assert theirs["keynote.ics"] != ours
    [item] = calendar.get(caldav_collection, ["keynote.ics"])
    assert (item.etag, meaning(item.text)) == (theirs["keynote.ics"], [(EVENTS, "keynote", "Keynote, moved to room B")])
    with pytest.raises(ItemChanged):
        calendar.put(caldav_collection, "keynote.ics", ics("keynote", "Keynote, by the bot"), etag=ours)


def test_a_deletion_in_a_calendar_app(local_caldav: CalendarApp, caldav_collection: str) -> None:
    calendar = CalDav(local_caldav.account(), user_agent=AGENT)
    calendar.create_collection(caldav_collection, title="Containers mini-summit", component=EVENTS)
    ours = calendar.put(caldav_collection, "keynote.ics", ics("keynote", "Keynote"), etag=None)

    local_caldav.human_event(calendar.address(caldav_collection), "keynote").delete()

    assert calendar.etags(caldav_collection) == {}
    calendar.delete(caldav_collection, "keynote.ics", etag=ours)  # already gone: fine
