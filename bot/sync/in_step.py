"""Knowing that a target is in step without syncing it again: the inputs of its last sync that did nothing.

A sync of one target (the wiki page, one CalDAV collection) is decided by its inputs: the agenda's
text, the other side's version (the page's revision, the collection's sync-token or CTag: both
move on every change there), the state store's rows for the target, and the code and templates
that render it. When a sync found nothing to do (an empty plan, nothing written on either side, no
conflict), it leaves a digest of those inputs in the state store (`StateStore.set_in_step`); a
later sync that finds the same digest would do the same nothing, so it stops there and skips the
render, the page's parse and every calendar item. What keeps that true:
- the agenda's text is digested whole: any edit of the YAML, even a comment, means a full sync;
- the state store forgets the digest whenever the target's rows change (`set_base`, `set_items`,
  `enqueue`) and a collection's digest when the event's calendar stamps change;
- `code_stamp` stands for the code and templates: the size and time of every file of the bot
  (an upgrade rewrites them) and of every template (`*.j2`) in the agenda's folder and the
  folders in it (not deeper: an agenda's folder may be a large tree);
- a calendar sync leaves no digest while a cancelled item is kept: the clock decides when it is
  deleted, and the clock is not an input.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bot.wiki.templates import TEMPLATES

BOT = Path(__file__).resolve().parents[1]


def inputs_digest(agenda_text: str, agenda_folder: Path, *other_side: str) -> str:
    """The digest of one target's inputs: the agenda's text, the other side's version and
    whatever else names the target (`other_side`), and the code and templates."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (agenda_text, *other_side, code_stamp(agenda_folder)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def code_stamp(agenda_folder: Path) -> str:
    """The path, size and modification time of every file of the bot, of its templates and of the
    templates in the agenda's folder and its subfolders (hidden ones left out), as one text."""
    near = [agenda_folder, *(Path(e.path) for e in _entries(agenda_folder) if e.is_dir() and _shown(e.name))]
    files = [*_tree(BOT, ".py"), *_tree(TEMPLATES, ""), *(f for folder in near for f in _files(folder, ".j2"))]
    return "\n".join(f"{path}:{size}:{mtime}" for path, size, mtime in sorted(files))


def _tree(folder: Path, ending: str) -> list[tuple[str, int, int]]:
    found = []
    for top, folders, _ in os.walk(folder):
        folders[:] = [name for name in folders if _shown(name)]
        found += _files(Path(top), ending)
    return found


def _files(folder: Path, ending: str) -> list[tuple[str, int, int]]:
    found = []
    for entry in _entries(folder):
        if entry.name.endswith(ending) and entry.is_file():
            status = entry.stat()
            found.append((entry.path, status.st_size, status.st_mtime_ns))
    return found


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:  # a folder that went away or may not be read: nothing in it renders
        return []


def _shown(name: str) -> bool:
    return not name.startswith(".") and name != "__pycache__"
