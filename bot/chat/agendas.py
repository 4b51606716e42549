"""The agenda files `serve` works on, each read again only when it changed on disk.

An organiser's edit can leave a file that does not check (a YAML syntax error, a file saved
half-way). Then the file's last good version stays in use: the feeds and the answers that change
nothing come from it, while the requests that would change it wait in the inbox until the file
checks again (`HeldRequests`: held back, not routed again, until the file's `version` changes).
The problems are logged once per version of the file, each as `file:line:col: message`, for the
organisers to fix.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.agenda.load import load_agenda
from bot.errors import Problem, UserError
from bot.model import Agenda

LOGGED_PROBLEMS = 20  # at most, per version of a file

log = logging.getLogger("summitbot.chat")

Version = tuple[int, int, int] | None  # (mtime in ns, size, inode); None: the file is gone


@dataclass(frozen=True)
class _Read:
    version: Version
    agenda: Agenda  # the file as read, or its last good version
    problems: tuple[Problem, ...] = ()  # the file's as read (none: `agenda` is the file)


class Agendas:
    """The served agenda files: each one as it is on disk, or its last good version while it does not check."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self._read: dict[Path, _Read] = {}
        self._lock = threading.Lock()  # the worker, the form's listener, the feeds and /health all read

    def current(self) -> dict[str, tuple[Path, Agenda]]:
        """Every agenda by event id, with its path. Raises UserError only for a file that has
        never checked (at start-up: the bot does not start on it)."""
        with self._lock:
            return {read.agenda.event.id: (path, read.agenda) for path, read in self._refreshed().items()}

    def problems(self, path: Path) -> tuple[Problem, ...]:
        """What is wrong with the file as it is now; nothing when it checks."""
        with self._lock:
            return self._refreshed()[path].problems

    def version(self, path: Path) -> Version:
        """The version of the file last looked at."""
        with self._lock:
            return self._refreshed()[path].version

    def title(self, path: Path) -> str:
        """The event's title (from the last good version)."""
        with self._lock:
            return self._refreshed()[path].agenda.event.title

    def invalid(self) -> list[str]:
        """The event ids of the agendas whose file does not check now."""
        with self._lock:
            return [read.agenda.event.id for read in self._refreshed().values() if read.problems]

    def _refreshed(self) -> dict[Path, _Read]:
        for path in self.paths:
            version = _version(path)
            known = self._read.get(path)
            if known is None or known.version != version:
                self._read[path] = self._load(path, version, known)
        return self._read

    def _load(self, path: Path, version: Version, known: _Read | None) -> _Read:
        try:
            read = _Read(version, load_agenda(path))
        except UserError as error:
            if known is None:
                raise
            problems = error.problems or (Problem(str(path), 1, 1, str(error)),)
        else:
            if known is not None and known.problems:
                log.info("agenda checks again; the changes that waited are applied path=%s", path)
            return read
        log.error("agenda does not check; its last good version is served and changes to it wait "
                  "path=%s problems=%d", path, len(problems))  # fmt: skip
        for problem in problems[:LOGGED_PROBLEMS]:
            log.error("agenda problem %s", problem)
        return _Read(version, known.agenda, problems)


class HeldRequests:
    """The chat requests held back because their agenda's file did not check, until it changes."""

    def __init__(self, agendas: Agendas) -> None:
        self._agendas = agendas
        self._held: dict[int, tuple[Path, Version]] = {}  # request id -> its agenda at the version that failed
        self._told: set[int] = set()  # requests held before (their sender has been told)

    def hold(self, path: Path, ids: Iterable[int]) -> bool:
        """Hold these requests (one sender's) for the agenda at `path`; whether it is the first time."""
        version = self._agendas.version(path)
        ids = list(ids)
        self._held.update(dict.fromkeys(ids, (path, version)))
        first = not self._told.issuperset(ids)
        self._told.update(ids)
        return first

    def ids(self) -> Collection[int]:
        """The requests held now."""
        return self._held.keys()

    def release_changed(self) -> None:
        """Let go of the requests whose agenda's file changed since they were held (fixed, or not yet)."""
        versions = {path: self._agendas.version(path) for path, _ in set(self._held.values())}
        for request, (path, version) in list(self._held.items()):
            if versions[path] != version:
                del self._held[request]

    def forget(self, done: Iterable[int]) -> None:
        """These requests are done."""
        self._told.difference_update(done)


def _version(path: Path) -> Version:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino
