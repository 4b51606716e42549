"""The files the bot keeps for itself, private to the user it runs as.

The state store (`.summitbot/state.sqlite3`, which holds the chat inbox and the sync state), the
meeting logs and the agendas' lock files are 0600, and a folder the bot creates for them 0700:
they hold what people said in chat, their ids and addresses. SQLite gives its `-wal` and `-shm`
files the mode of the database, so creating the database 0600 first covers them. A file left
readable by an earlier version is made private when the bot opens it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


def private_folder(path: Path) -> None:
    """Make the folder `path` (and any missing parent) if needed, readable by the bot's user only."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER)


def private_file(path: Path, *siblings: str) -> None:
    """Create `path` (empty) if needed, in a private folder when that is new too, and make it and
    its existing `siblings` (suffixes such as "-wal") readable and writable by the bot's user only."""
    private_folder(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE))
    for each in (path, *(path.with_name(path.name + suffix) for suffix in siblings)):
        _tighten(each)


def private_descriptor(descriptor: int) -> None:
    """Make the open file private when it is not (a lock file another version created 0644)."""
    with contextlib.suppress(OSError):  # someone else's file: leave it be
        if stat.S_IMODE(os.fstat(descriptor).st_mode) & 0o077:
            os.fchmod(descriptor, PRIVATE_FILE)


def _tighten(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(PRIVATE_FILE)
