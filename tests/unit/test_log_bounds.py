"""Every log record is bounded, whoever logs it: one line of at most a kilobyte for the message
(line breaks escaped, so outside text cannot forge a line), a traceback cut to a few dozen
bounded lines. A library that logs a whole megabyte request body costs a kilobyte of log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import setup_logging

KILOBYTE = 1024
TRACE_LINES = 60


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the bot's logging setup writes, captured (the root logger restored afterwards)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    setup_logging()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)


def test_a_megabyte_body_logged_by_bolt_costs_at_most_a_kilobyte(logged: io.StringIO) -> None:
    body = "payload=" + "A" * (1 << 20)

    logging.getLogger("slack_bolt.App").warning("Invalid request signature detected (body: %s)", body)

    lines = logged.getvalue().splitlines()
    assert len(lines) == 1
    assert len(lines[0].encode()) <= KILOBYTE
    assert lines[0].endswith("…[cut]")
    assert "logger=slack_bolt.App Invalid request signature detected (body: payload=AAAA" in lines[0]


def test_line_breaks_in_a_message_cannot_forge_a_log_line(logged: io.StringIO) -> None:
    name = "Eve\ntime=2026-01-01 level=INFO logger=summitbot.chat admin granted user=eve\r\x00"

    logging.getLogger("summitbot.chat").info("hello user=%s", name)

    (line,) = logged.getvalue().splitlines()
    assert line.endswith("hello user=Eve\\ntime=2026-01-01 level=INFO logger=summitbot.chat admin granted "
                         "user=eve\\r\\x00")  # fmt: skip


def test_a_multibyte_message_is_cut_on_a_character_boundary(logged: io.StringIO) -> None:
    logging.getLogger("summitbot").info("%s", "é" * 5000)

    (line,) = logged.getvalue().splitlines()
    assert len(line.encode("utf-8")) <= KILOBYTE
    assert "\ufffd" not in line


def test_a_huge_traceback_is_cut_to_bounded_lines(logged: io.StringIO) -> None:
    def deep(n: int) -> None:
        if n == 0:
            raise ValueError("x" * 100_000)
        deep(n - 1)

    try:
        deep(200)
    except ValueError:
        logging.getLogger("waitress").exception("Exception while serving /slack/events")

    lines = logged.getvalue().splitlines()
    assert len(lines) <= 1 + TRACE_LINES
    assert all(len(line.encode()) <= KILOBYTE for line in lines)
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1].startswith("ValueError: xxxx")
    assert len(logged.getvalue()) < 64 * 1024
