"""The one part of the site that touches the disk: put its files into a folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.agenda.write import atomic_write


def write_site(folder: Path, files: Mapping[str, str]) -> int:
    """Write each file (by its path relative to `folder`) atomically, leaving a file whose bytes
    are already the same untouched (its date, and so a web server's ETag, stay); the number written."""
    written = 0
    for relative, text in files.items():
        path = folder / relative
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        written += 1
    return written
