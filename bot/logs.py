"""Structured log lines for the long-running bot: `time level logger message key=value ...`.

Messages are written as `what key=value key=value`, so a line can be grepped and parsed by any
log shipper; tracebacks follow on the next lines.
"""

from __future__ import annotations

import logging
import sys


def setup_logging(level: str = "INFO") -> None:
    """Send every summitbot log line to stderr, one event per line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("time=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("slack_bolt").setLevel("WARNING")
    logging.getLogger("urllib3").setLevel("WARNING")
