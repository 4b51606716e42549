"""The nouns of failure: what can go wrong, in words the user can act on."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""The errors of a write that found no room: a full disk, a quota, a file size limit."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a line and column (both 1-based)."""

    path: str
    line: int
    col: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class SummitbotError(Exception):
    """Base of every error summitbot expects and can explain."""


class UserError(SummitbotError):
    """Input the user can fix: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], summary: str = "") -> None:
        self.problems = tuple(sorted(problems))
        count = len(self.problems)
        self.summary = summary or f"{count} problem{'s' if count != 1 else ''}"
        super().__init__(self.summary)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems) or self.summary


class Unresolved(SummitbotError):
    """A name or id on the command line that means nobody, or several: the message lists the
    candidates, or suggests the closest known ones. A wrong command line (exit code 2)."""


class NoRoom(SummitbotError):
    """A file could not be written for want of room; what was there before is still there."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        super().__init__(
            f"cannot write {path}: {reason}: the disk is full, or a quota or file size limit is reached; "
            "nothing was half-written: make room and run again"
        )


@contextmanager
def room_to_write(path: Path | str) -> Iterator[None]:
    """Turn a write to `path` (a file, or an SQLite database) that found no room into NoRoom."""
    try:
        yield
    except Exception as error:
        import sqlite3  # noqa: PLC0415 - only once a write failed: what writes no database never loads it

        if not isinstance(error, OSError | sqlite3.Error) or (reason := _no_room(error)) is None:
            raise
        raise NoRoom(path, reason) from error


def _no_room(error: OSError | sqlite3.Error) -> str | None:
    if isinstance(error, OSError):
        return (error.strerror or os.strerror(error.errno or 0)).lower() if error.errno in NO_ROOM else None
    import sqlite3  # noqa: PLC0415 - loaded by room_to_write already

    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # SQLITE_IOERR_WRITE and the like: the primary code
    return str(error) if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR) else None


class NotText(SummitbotError):
    """Input that should be UTF-8 text and is not (the message says which, and where)."""


class LockTimeout(SummitbotError):
    """Another writer held an agenda's lock for longer than we were willing to wait."""


class Conflict(SummitbotError):
    """Someone changed the thing we were about to change; read again, merge again, retry."""


class EditConflict(Conflict):
    """The wiki page has a newer revision than the one an edit was based on."""


class ConfigError(SummitbotError):
    """The configuration is missing a value or has a bad one (the message names the source and key)."""


class WikiError(SummitbotError):
    """The wiki refused or failed a request; the message says what to do about it."""


class WikiUnavailable(WikiError):
    """The wiki could not be reached, timed out, or answered with a server error or maxlag."""


class WikiLoginFailed(WikiError):
    """The wiki refused the bot's credentials."""


class WikiPermissionDenied(WikiError):
    """The bot may not edit the page (protected, blocked, or missing rights)."""


class WikiRateLimited(WikiError):
    """The wiki asked the bot to slow down (`ratelimited`, HTTP 429): try again later."""


class WikiReadOnly(WikiError):
    """The wiki takes no edits for now (`readonly`: maintenance, $wgReadOnly): try again later."""


class CalendarError(SummitbotError):
    """The CalDAV server refused or failed a request; the message says what to do about it."""


class CalendarUnavailable(CalendarError):
    """The CalDAV server could not be reached, timed out, or answered with a server error."""


class CalendarLoginFailed(CalendarError):
    """The CalDAV server refused the bot's credentials (or it may not use the collection)."""


class ItemChanged(Conflict):
    """A calendar item changed on the server since it was read (its ETag no longer matches)."""
