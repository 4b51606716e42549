"""What the commands say on stderr, at the level the user asked for (`--quiet`, `--verbose`).

Errors always go out (`bot.cli` prints them); `note` is an informational line (hidden by `--quiet`),
`detail` one more step of detail (shown only with `--verbose`).
"""

from __future__ import annotations

import sys

QUIET, NORMAL, VERBOSE = 0, 1, 2
_LEVEL = [NORMAL]  # one per process: set once by `bot.cli.main`


def set_level(level: int) -> None:
    """Set how much the commands say on stderr (QUIET, NORMAL or VERBOSE)."""
    _LEVEL[0] = level


def level() -> int:
    """How much the commands say on stderr."""
    return _LEVEL[0]


def note(text: str) -> None:
    """An informational line on stderr, unless --quiet."""
    if level() >= NORMAL:
        print(text, file=sys.stderr)


def detail(text: str) -> None:
    """A line of detail on stderr, only with --verbose."""
    if level() >= VERBOSE:
        print(text, file=sys.stderr)
