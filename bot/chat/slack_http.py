"""The bot's HTTP server: Slack's requests at /slack/events, a health check, calendar feeds.

A thin adapter, as bolt's own are: it turns an HTTP request into a BoltRequest and bolt's answer
back into HTTP, nothing more. One thread per request (ThreadingHTTPServer), so a slow client never
holds up Slack's acknowledgements.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest

EVENTS_PATH = "/slack/events"
MAX_BODY = 1 << 20  # Slack's payloads are a few kB; anything near a megabyte is not from Slack

log = logging.getLogger("summitbot.http")

Health = Callable[[], dict[str, Any]]
Feed = Callable[[str], str | None]  # a path under /feeds/ -> the iCalendar text, or None


class _Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a burst of Slack requests arriving while the
    # accept loop waits for the GIL overflows it, and the kernel drops connections (clients retry
    # after a second, or get no answer at all). bench/chat_burst.py measured it.
    request_queue_size = 1024
    daemon_threads = True


class BotServer:
    """Serves Slack's requests (when an app is given), /health and /feeds/ on host:port."""

    def __init__(self, host: str, port: int, app: App | None, health: Health, feed: Feed) -> None:
        handler = type("Handler", (_Handler,), {"app": app, "health": staticmethod(health), "feed": staticmethod(feed)})
        self._server = _Server((host, port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="http", daemon=True)

    @property
    def address(self) -> str:
        """http://host:port of the server."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Start serving in a thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    app: App | None
    health: Health
    feed: Feed
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        started = time.perf_counter()
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if path != EVENTS_PATH or self.app is None:
            self._send(404, "text/plain", b"not found")
            return
        if length > MAX_BODY:
            self._send(413, "text/plain", b"too large")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        response = self.app.dispatch(BoltRequest(body=body, query=query, headers=dict(self.headers.items())))
        content_type = (response.headers.get("content-type") or ["text/plain;charset=utf-8"])[0]
        self._send(response.status, content_type, response.body.encode("utf-8"))
        log.info(
            "request path=%s status=%d took_ms=%.1f", path, response.status, (time.perf_counter() - started) * 1000
        )

    def do_GET(self) -> None:
        path = self.path.partition("?")[0]
        if path == "/health":
            status = self.health()
            self._send(200 if status.get("ok") else 503, "application/json", json.dumps(status).encode())
        elif path.startswith("/feeds/"):
            text = self.feed(path.removeprefix("/feeds/"))
            if text is None:
                self._send(404, "text/plain", b"no such feed")
            else:
                self._send(200, "text/calendar; charset=utf-8", text.encode("utf-8"))
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are logged by do_POST in the bot's own format; http.server's lines are not wanted."""
