"""Progress of long work on stderr, only when stderr is a terminal and not `--quiet`.

    with progress("Publishing to CalDAV", total=len(items)) as step:
        for item in items:
            ...
            step()

`step` may be called from several threads (bounded parallel writes). On a pipe or a file, or with
`--quiet`, nothing is written: scripts and logs get only the report the command prints at the end.
The line is redrawn at most ten times a second and cleared when the work ends.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from bot import console

_EVERY = 0.1  # seconds between redraws


class _Line:
    def __init__(self, label: str, total: int, stream: TextIO) -> None:
        self._label = label
        self._total = total
        self._stream = stream
        self._done = 0
        self._drawn = 0.0
        self._width = 0
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def step(self, count: int = 1) -> None:
        with self._lock:
            self._done += count
            now = time.monotonic()
            if now - self._drawn >= _EVERY or self._done >= self._total:
                self._draw(now)

    def clear(self) -> None:
        with self._lock:
            if self._width:
                self._stream.write("\r" + " " * self._width + "\r")
                self._stream.flush()

    def _draw(self, now: float) -> None:
        self._drawn = now
        done, total = self._done, self._total
        text = f"{self._label}: {done}/{total}"
        if total:
            text += f" ({100 * done // total}%)"
        elapsed = now - self._started
        if 0 < done < total and elapsed >= 1:
            text += f", about {round(elapsed * (total - done) / done)} s left"
        padding = max(0, self._width - len(text))
        self._width = len(text)
        self._stream.write("\r" + text + " " * padding)
        self._stream.flush()


def _shown(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return console.level() >= console.NORMAL and callable(isatty) and bool(isatty())


@contextmanager
def progress(label: str, *, total: int, stream: TextIO | None = None) -> Iterator[Callable[..., None]]:
    """Yield a `step(count=1)` function that advances a progress line on a terminal."""
    out = sys.stderr if stream is None else stream
    if total <= 0 or not _shown(out):
        yield _nothing
        return
    line = _Line(label, total, out)
    try:
        yield line.step
    finally:
        line.clear()


def _nothing(count: int = 1) -> None:
    """Progress nobody sees."""
