"""Entries appended to an agenda's lists as edits of its text, without a round trip of the file.

A sign-up into a 1 MB agenda took seconds through ruamel's round-trip load and dump of the whole
file. Most bot edits append one entry to a top-level list (`attendees`, `people`, `proposals`,
`actions`), so `Document` writes such an entry into the text instead:
- the entry goes after the last line of the list's last entry, before the blank lines and comments
  that follow it (where `tree.append_entry` puts it too), laid out as that entry is (its dash and
  its keys in the same columns); its values are written by ruamel, so they are quoted as the round
  trip would quote them;
- a list written in flow style (`[a, b]`), an empty or missing list, or entries laid out in a way
  this does not know are left to the round trip;
- the edited text is read again and must give the tree the edits intend (`intended`), else
  `Document` falls back to the round trip.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.yamltree import YamlList, YamlMap

_DASH = re.compile(r"( *)-( +)")


@dataclass(frozen=True)
class Append:
    """One entry appended to the top-level list `key`: `lines` go in before line `before` (0-based)
    of the text as it was opened."""

    key: str
    entry: object
    before: int
    lines: tuple[str, ...]


def place(lines: Sequence[str], plain: YamlMap, key: str, entry: object, mapping_indent: int) -> Append | None:
    """Where and how `entry` is written at the end of the list `key` of the text `lines` (its lines,
    each with its line end) read as `plain`; None when the round trip must do it."""
    entries = plain.get(key)
    if not isinstance(entries, YamlList) or not entries or not _block(lines, entries.at):
        return None
    line, column = entries.marks[-1]
    head = _DASH.fullmatch(lines[line - 1][: column - 1])
    if head is None:
        return None
    dash, content = len(head[1]), column - 1
    last = line - 1
    for index in range(line, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[index]) - len(lines[index].lstrip(" ")) <= dash:
            break
        last = index
    written = _written(entry, mapping_indent)
    first = " " * dash + "-" + " " * (content - dash - 1) + written[0]
    rest = tuple(" " * content + text if text.strip() else text for text in written[1:])
    return Append(key, entry, last + 1, (first, *rest))


def _block(lines: Sequence[str], at: tuple[int, int]) -> bool:
    """Whether the list starting at `at` is a block list (not `[a, b]`)."""
    line, column = at
    return not lines[line - 1][column - 1 :].startswith("[")


def _written(entry: object, mapping_indent: int) -> list[str]:
    """The lines ruamel writes for `entry` on its own (a mapping's keys, or a scalar)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=mapping_indent, sequence=mapping_indent + 2, offset=2)
    stream = io.StringIO()
    if isinstance(entry, CommentedMap):
        yaml.dump(entry, stream)
        return stream.getvalue().splitlines(keepends=True)
    yaml.dump(CommentedSeq([entry]), stream)
    text = stream.getvalue()
    return text.removeprefix("- ").splitlines(keepends=True)


def edited(lines: Sequence[str], appends: Sequence[Append]) -> str:
    """The text `lines` with every append put in (in the order made, at each place)."""
    by_line: dict[int, list[str]] = {}
    for append in appends:
        by_line.setdefault(append.before, []).extend(append.lines)
    out: list[str] = []
    for index, text in enumerate([*lines, ""]):
        if index in by_line:
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(by_line[index])
        out.append(text)
    return "".join(out)


def intended(plain: YamlMap, appends: Sequence[Append], reread: YamlMap) -> bool:
    """Whether `reread` (the edited text read again) is `plain` with exactly the appended entries."""
    added: dict[str, list[Any]] = {}
    for append in appends:
        added.setdefault(append.key, []).append(plain_value(append.entry))
    if list(reread) != list(plain):
        return False
    for key, value in plain.items():
        if key not in added:
            if reread[key] != value:
                return False
        elif reread[key] != [*value, *added[key]]:
            return False
    return True


def plain_value(value: object) -> Any:
    """A round-trip value as reading it gives it: dicts, lists and plain str, int, bool, None."""
    if isinstance(value, Mapping):
        return {str(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value
