"""The bot's HTTP server: Slack's requests at /slack/events, a health check, calendar feeds and
the schedule pages.

waitress serves a tiny WSGI app. One I/O thread holds every connection (poll, no thread per
connection) and closes one that sent nothing for CHANNEL_TIMEOUT seconds; at most
CONNECTION_LIMIT are open; a request's headers and body are read whole before the app sees it,
so a slow client costs no worker, and a body over MAX_BODY is refused (413) unread. THREADS
workers run the app; more requests wait in waitress's queue.

The app stays a thin adapter, as bolt's own are: for /slack/events it first checks Slack's
signature and timestamp on the raw bytes (`signed_by_slack`), so anything unsigned, forged,
replayed or malformed gets 401 at once with nothing of its body parsed or logged; then the request
becomes a BoltRequest (bolt checks again) and bolt's answer becomes the HTTP response.

A feed under /feeds/ carries a strong ETag (a digest of its bytes: an unchanged agenda gives the
same bytes) and `Cache-Control: no-cache`, so a calendar app that polls asks with If-None-Match
and gets 304 Not Modified, no body, until the feed changes (RFC 9110 13.1.2). HEAD answers with
the headers GET would send, Content-Length included, and no body. A schedule page under
/schedule/ (HTML, `bot.site`) is answered the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import resource
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest
from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
MAX_BODY = 1 << 20  # bytes at most (waitress refuses from its limit on); Slack sends a few kB
MAX_HEADERS = 64 << 10
THREADS = 8
CONNECTION_LIMIT = 4096
CHANNEL_TIMEOUT = 30  # seconds without a byte from the client
SIGNATURE_WINDOW = 300  # seconds: Slack's own rule; an older signed request is a replay

log = logging.getLogger("summitbot.http")

Health = Callable[[], dict[str, Any]]  # "serving" false: answered with 503
Feed = Callable[[str], str | None]  # a path under /feeds/ -> the iCalendar text, or None
Schedule = Callable[[str], str | None]  # a path under /schedule/ -> the HTML page, or None


def signed_by_slack(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> bool:
    """Whether `body` carries Slack's v0 signature (HMAC-SHA256 of `v0:TIMESTAMP:BODY` with the
    signing secret), made less than SIGNATURE_WINDOW seconds from `now`. Headers by lowercase name."""
    stamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12) or abs(now - int(stamp)) > SIGNATURE_WINDOW:
        return False
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"v0={digest}".encode(), signature.encode("latin-1", "replace"))


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str
    body: bytes
    etag: str | None = None


def _text(status: int, text: str) -> _Answer:
    return _Answer(status, "text/plain; charset=utf-8", text.encode())


class BotApp:
    """The WSGI app: /slack/events (when a bolt app is given), /health, /feeds/ and /schedule/."""

    def __init__(self, bolt: App | None, signing_secret: str | None, health: Health, feed: Feed,
                 clock: Callable[[], float] = time.time, schedule: Schedule | None = None) -> None:  # fmt: skip
        self._bolt, self._secret, self._health, self._feed, self._clock = bolt, signing_secret, health, feed, clock
        self._schedule = schedule

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request; a failure is logged and answered 500."""
        started = time.perf_counter()
        method, path = str(environ.get("REQUEST_METHOD", "GET")), str(environ.get("PATH_INFO", "/"))
        try:
            answer = self._answer(method, path, environ)
        except Exception:
            log.exception("request failed method=%s path=%r", method, path)
            answer = _text(500, "internal error")
        headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body)))]
        if answer.etag is not None:
            headers += [("ETag", answer.etag), ("Cache-Control", "no-cache")]
            if _none_match(str(environ.get("HTTP_IF_NONE_MATCH", "")), answer.etag):
                answer, headers = _Answer(304, answer.content_type, b""), headers[2:]  # no length for 304
        start_response(f"{answer.status} {HTTPStatus(answer.status).phrase}", headers)
        if path == EVENTS_PATH:
            took = (time.perf_counter() - started) * 1000
            log.info("request path=%s status=%d took_ms=%.1f", path, answer.status, took)
        return [b"" if method == "HEAD" else answer.body]

    def _answer(self, method: str, path: str, environ: WSGIEnvironment) -> _Answer:
        if path == EVENTS_PATH and method == "POST" and self._bolt is not None and self._secret is not None:
            return self._slack(self._bolt, self._secret, environ)
        if method not in {"GET", "HEAD"}:
            return _text(404, "not found")
        if path == "/health":
            status = self._health()
            return _Answer(200 if status.get("serving") else 503, "application/json", json.dumps(status).encode())
        if path.startswith("/feeds/"):
            return _tagged("text/calendar; charset=utf-8", self._feed(path.removeprefix("/feeds/")), "no such feed")
        if path.startswith("/schedule/") and self._schedule is not None:
            page = self._schedule(path.removeprefix("/schedule/"))
            return _tagged("text/html; charset=utf-8", page, "no such schedule")
        return _text(404, "not found")

    def _slack(self, bolt: App, secret: str, environ: WSGIEnvironment) -> _Answer:
        """Slack's request: refused unless signed; then bolt's answer."""
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        headers = _headers(environ)
        if not signed_by_slack(secret, headers, body, self._clock()):
            return _text(401, "invalid request")
        try:
            request = BoltRequest(body=body.decode("utf-8"), query=str(environ.get("QUERY_STRING", "")),
                                  headers=dict(headers))  # fmt: skip
        except (UnicodeDecodeError, ValueError, TypeError, AttributeError, KeyError) as error:
            log.warning("malformed request path=%s error=%s", EVENTS_PATH, type(error).__name__)
            return _text(400, "malformed request")
        response = bolt.dispatch(request)
        content_type = (response.headers.get("content-type") or ["text/plain; charset=utf-8"])[0]
        return _Answer(response.status, content_type, response.body.encode("utf-8"))


def _tagged(content_type: str, text: str | None, missing: str) -> _Answer:
    """A feed or page with its strong ETag (a digest of its bytes), or 404 when there is none."""
    if text is None:
        return _text(404, missing)
    body = text.encode("utf-8")
    return _Answer(200, content_type, body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def _none_match(header: str, etag: str) -> bool:
    """Whether If-None-Match names `etag` (or is `*`): weak comparison, as RFC 9110 13.1.2 says."""
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    """The request's headers by lowercase name, as bolt reads them."""
    headers = {
        key[5:].replace("_", "-").lower(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = str(environ[key])
    return headers


class BotServer:
    """Serves the BotApp on host:port with waitress, in a thread of its own."""

    def __init__(self, host: str, port: int, app: App | None, health: Health, feed: Feed, *,
                 signing_secret: str | None = None, schedule: Schedule | None = None) -> None:  # fmt: skip
        """`app` is bolt's, for /slack/events (None in Socket Mode); `signing_secret` its secret;
        `schedule` gives the pages under /schedule/."""
        self._map: dict[int, Any] = {}
        server = create_server(
            BotApp(app, signing_secret, health, feed, schedule=schedule), map=self._map, host=host, port=port,
            threads=THREADS,
            connection_limit=_connection_limit(CONNECTION_LIMIT), channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=5,
            backlog=1024, max_request_body_size=MAX_BODY + 1, max_request_header_size=MAX_HEADERS,
            asyncore_use_poll=True, ident="summitbot", clear_untrusted_proxy_headers=True,
        )  # fmt: skip
        assert isinstance(server, BaseWSGIServer)  # one address: one server
        self._server = server
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="http", daemon=True)

    @property
    def address(self) -> str:
        """http://host:port of the server."""
        host, port = self._server.getsockname()
        return f"http://{host}:{port}"

    def start(self) -> None:
        """Start serving in a thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving: close every connection, then let the workers finish."""
        self._stopping.set()
        self._server.pull_trigger()  # wakes the poll at once
        self._thread.join(10)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)

    def _serve(self) -> None:
        while not self._stopping.is_set():
            wasyncore.loop(timeout=1.0, map=self._map, use_poll=True, count=1)
        wasyncore.close_all(self._map)


def _connection_limit(wanted: int) -> int:
    """How many connections may be open: `wanted`, with the open-files limit raised to fit when
    the system allows, else what the limit leaves room for (an accept that fails would spin)."""
    spare = 256  # the state store, the agendas, the bot's own connections to Slack and the servers
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted + spare:
        soft = wanted + spare if hard == resource.RLIM_INFINITY else min(hard, wanted + spare)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return wanted if soft == resource.RLIM_INFINITY else max(16, min(wanted, soft - spare))
