"""Write an agenda back to its file: organisers' comments, key order and quoting kept (ruamel.yaml
round-trip), the result checked before anything is written, the write atomic and locked.

One writer at a time: a lock file beside the agenda (`.NAME.lock`, 0600) is held with flock for
the whole read-change-check-write cycle, so two bots or a bot and `summitbot` never interleave.
One syncer at a time: a second lock (`.NAME.sync.lock`, `sync_locked`) is held for the whole
read-merge-write of one sync target (the wiki page or a calendar collection, the YAML and the
merge base), so syncers in several processes (`summitbot sync`, `serve`, cron) never merge against
a stale base. Chat writes take only the first lock, so they never wait for a slow server.
The write goes to a temporary file in the same folder, is fsynced, renamed over the agenda, and the
folder is fsynced, so a crash leaves either the old file or the new one, never half of one. The
file keeps how it was written: a UTF-8 byte-order mark stays, and so do CRLF line ends.
"""

from __future__ import annotations

import codecs
import fcntl
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from bot.agenda import appends
from bot.agenda.load import check_text, parse_agenda, read_agenda_text
from bot.agenda.tree import append_entry, as_record, section_in
from bot.errors import LockTimeout, UserError, room_to_write
from bot.files import PRIVATE_FILE, private_descriptor


@contextmanager
def locked(path: Path, timeout: float = 30.0, *, purpose: str = "") -> Iterator[None]:
    """Hold the agenda's lock (or its `purpose` lock); raises LockTimeout after `timeout` seconds."""
    lock_path = path.with_name(f".{path.name}{'.' + purpose if purpose else ''}.lock")
    with room_to_write(lock_path):
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    private_descriptor(descriptor)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    holder = f"another {purpose}" if purpose else "another writer"
                    raise LockTimeout(f"{path}: {holder} has held the lock for {timeout:.0f} s") from None
                time.sleep(0.005)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def sync_locked(path: Path, timeout: float = 300.0) -> AbstractContextManager[None]:
    """Hold the agenda's sync lock (see the module docstring) for one target's sync."""
    return locked(path, timeout, purpose="sync")


class Document:
    """An agenda file loaded for editing: the checked model of it, and the round-trip tree, loaded
    when an edit first needs it. Entries appended to a list are written into the text instead
    while they can be (`append`, `bot.agenda.appends`), which saves the round trip of the file.

    `text()` and `original` have LF line ends and no byte-order mark; `bom` and `newline` say how
    the file on disk is written (its first line end), and `save` writes it that way again.
    """

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.bom, self.newline = _written_as(path, text)
        self.original = text.removeprefix(_BOM).replace("\r\n", "\n")
        self.agenda, self._plain = check_text(self.original, str(path))
        self._lines = self.original.splitlines(keepends=True)
        self._round_trip: tuple[YAML, CommentedMap] | None = None
        self._appends: list[appends.Append] = []  # written into the text, not (yet) into a tree
        self._replays: list[Callable[[CommentedMap], None]] = []  # the same edits, for the tree
        self.checked: str | None = None  # a text of this document known to check

    @property
    def round_tripped(self) -> bool:
        """Whether the round-trip tree is loaded (an edit needed it, or text edits fell back)."""
        return self._round_trip is not None

    @property
    def tree(self) -> CommentedMap:
        """The round-trip tree, with every entry appended so far."""
        if self._round_trip is None:
            self._round_trip = round_trip_load(self.original)
            for replay in self._replays:
                replay(self._round_trip[1])
            self._appends, self._replays = [], []
        return self._round_trip[1]

    def entries(self, key: str) -> list[object]:
        """The entries of the top-level list `key` as they are now (for reading only)."""
        if self._round_trip is not None:
            listed = self._round_trip[1].get(key)
            return list(listed) if isinstance(listed, CommentedSeq) else []
        written = self._plain.get(key)
        listed = list(written) if isinstance(written, list) else []
        for append in self._appends:
            if append.key == key and append.index is not None:
                listed[append.index] = append.entry
        return [*listed, *(append.entry for append in self._appends if append.key == key and append.index is None)]

    def append(self, key: str, entry: object) -> None:
        """Append `entry` to the top-level list `key` (created in its place when missing)."""
        if self._round_trip is None:
            placed = appends.place(self._lines, self._plain, key, entry, _mapping_indent(self.original))
            if placed is not None:
                self._appends.append(placed)
                self._replays.append(lambda tree: append_entry(section_in(tree, key), entry))
                return
        append_entry(section_in(self.tree, key), entry)

    def change(self, key: str, index: int, edit: Callable[[CommentedMap], None]) -> None:
        """Change the entry at `index` of the top-level list `key` (one the file was opened with)
        by `edit`, which gets it as a mapping (a plain name becomes `{name: ...}`, as `as_record`
        makes it); in the text while it can be, else in the round-trip tree."""
        if self._round_trip is None:
            plain = self._plain.get(key)
            earlier = next((a for a in self._appends if a.key == key and a.index == index), None)
            if isinstance(plain, list) and index < len(plain):
                was = appends.round_trip_value(plain[index])
                record = appends.round_trip_value(earlier.entry if earlier else plain[index], as_record=True)
                edit(record)
                indent = _mapping_indent(self.original)
                placed = appends.change(self._lines, self._plain, key, index, was, record, indent)
                if placed is not None:
                    self._appends = [a for a in self._appends if a is not earlier] + [placed]
                    self._replays.append(lambda tree: edit(as_record(section_in(tree, key), index)))
                    return
        edit(as_record(section_in(self.tree, key), index))

    def text(self) -> str:
        """The document as it would be written now (with LF line ends)."""
        if self._round_trip is None and self._appends:
            edited = appends.edited(self._lines, self._appends)
            try:
                agenda, reread = check_text(edited, str(self.path))
            except UserError:
                agenda = None
            if agenda is not None and appends.intended(self._plain, self._appends, reread):
                self.checked = edited
                return edited
        if self._round_trip is None and not self._appends:
            return self.original
        tree = self.tree  # the round trip: loaded now when the text edits did not read back right
        assert self._round_trip is not None
        appends.quote_line_breaks(tree)
        stream = io.StringIO()
        self._round_trip[0].dump(tree, stream)
        return stream.getvalue()


_BOM = "\ufeff"


def _written_as(path: Path, text: str) -> tuple[bool, str]:
    """Whether the file starts with a UTF-8 byte-order mark, and the line end of its first line
    (read from the file: callers may have read it in text mode, which turns CRLF into LF)."""
    try:
        with path.open("rb") as file:
            head = file.read(1 << 16)
    except OSError:
        head = text.encode("utf-8", "surrogatepass")
    end = head.find(b"\n")
    crlf = end > 0 and head[end - 1 : end] == b"\r"
    return head.startswith(codecs.BOM_UTF8) or text.startswith(_BOM), "\r\n" if crlf else "\n"


def round_trip_load(text: str) -> tuple[YAML, CommentedMap]:
    """The round-trip tree of `text`, and a ruamel YAML set up to write it back in the indentation
    style of `text` (guessed from the text while the same pass loads it: one full load, not two)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap organisers' long lines
    tree, sequence_indent, offset = load_yaml_guess_indent(text, yaml=yaml)
    mapping_indent = _mapping_indent(text)
    if sequence_indent is None or offset is None:
        yaml.indent(mapping=mapping_indent, sequence=mapping_indent + 2, offset=2)
    else:
        yaml.indent(mapping=mapping_indent, sequence=max(sequence_indent, offset + 2), offset=offset)
    return yaml, tree


def _mapping_indent(text: str) -> int:
    """How far nested mapping keys are indented under their parent key (2 when it cannot tell)."""
    parent: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if parent is not None and not stripped.startswith("-") and indent > parent:
            return indent - parent
        parent = indent if re.fullmatch(r"[^-#][^#]*:\s*(#.*)?", stripped) else None
    return 2


@contextmanager
def edit_agenda(path: Path | str, timeout: float = 30.0) -> Iterator[Document]:
    """Open an agenda for a change; on leaving the block, check the result and write it.

    Nothing is written when the block raises, when the change leaves the text as it was, or when
    the changed agenda does not check (UserError lists why).
    """
    path = Path(path)
    with locked(path, timeout):
        document = Document(read_agenda_text(path), path)
        yield document
        save(document)


def save(document: Document) -> bool:
    """Check the document and write it, when it changed; the caller holds the lock (`locked`).

    Returns whether the file was written. Raises UserError, writing nothing, when it would not check.
    """
    text = document.text()
    if text == document.original:
        return False
    try:
        if text != document.checked:
            parse_agenda(text, str(document.path))
    except UserError as error:
        raise UserError(error.problems, f"the change to {document.path} was not written: it would not check") from None
    atomic_write(document.path, text, newline=document.newline, bom=document.bom)
    return True


def atomic_write(path: Path, text: str, *, newline: str = "\n", bom: bool = False) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file;
    each LF of `text` is written as `newline`, after a byte-order mark when `bom`.

    A disk without room for it (or a quota, or a file size limit) raises NoRoom, the old file
    untouched and no temporary file left behind.
    """
    with room_to_write(path):
        _replace(path, text, newline, "utf-8-sig" if bom else "utf-8")


def _replace(path: Path, text: str, newline: str, encoding: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the rename
        "w", encoding=encoding, newline=newline, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
