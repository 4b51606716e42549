"""Structured log lines for the long-running bot: `time level logger message key=value ...`.

Messages are written as `what key=value key=value`, so a line can be grepped and parsed by any
log shipper; tracebacks follow on the next lines.

Every record, whoever logs it (our code, bolt, waitress, mwclient), goes through one formatter
that bounds it: the message is one line (line breaks and control characters escaped, so text
from outside can never forge a log line) of at most MAX_LINE bytes, and a traceback has at most
MAX_TRACE_LINES lines of at most MAX_LINE bytes each. A request body of a megabyte that a library
logs in full costs a kilobyte of log.
"""

from __future__ import annotations

import logging
import re
import sys
from types import TracebackType

MAX_LINE = 1024  # bytes, UTF-8, line break not counted
MAX_TRACE_LINES = 60  # the first and the last lines of a longer traceback are kept
CUT = "…[cut]"
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def setup_logging(level: str = "INFO") -> None:
    """Send every log line to stderr, one event per line, each record bounded."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(BoundedFormatter("time=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("slack_bolt").setLevel("WARNING")
    logging.getLogger("urllib3").setLevel("WARNING")


class BoundedFormatter(logging.Formatter):
    """A formatter whose message is one escaped line of at most MAX_LINE bytes, and whose
    tracebacks are cut to MAX_TRACE_LINES lines of at most MAX_LINE bytes."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The record's line: escaped, then cut."""
        return bounded_line(_CONTROL.sub(_escape, super().formatMessage(record)))

    def formatException(self, ei: ExcInfo) -> str:
        """The traceback, bounded."""
        return bounded_lines(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        """The stack, bounded."""
        return bounded_lines(super().formatStack(stack_info))


def bounded_line(line: str, limit: int = MAX_LINE) -> str:
    """`line` cut to at most `limit` bytes of UTF-8 (the cut marked)."""
    encoded = line.encode("utf-8", "backslashreplace")
    if len(encoded) <= limit:
        return line
    keep = limit - len(CUT.encode())
    return encoded[:keep].decode("utf-8", "ignore") + CUT


def bounded_lines(text: str) -> str:
    """A multi-line text (a traceback) with at most MAX_TRACE_LINES lines, each bounded."""
    lines = text.splitlines()
    if len(lines) > MAX_TRACE_LINES:
        head = MAX_TRACE_LINES // 3
        tail = MAX_TRACE_LINES - head - 1
        lines = [*lines[:head], f"  … {len(lines) - head - tail} lines cut …", *lines[-tail:]]
    return "\n".join(bounded_line(_CONTROL.sub(_escape, line)) for line in lines)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return {10: "\\n", 13: "\\r"}.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
