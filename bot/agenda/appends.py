"""Entries appended to an agenda's lists, or changed in them, as edits of its text, without a
round trip of the file.

A sign-up into a 1 MB agenda took seconds through ruamel's round-trip load and dump of the whole
file. Most bot edits append one entry to a top-level list (`attendees`, `people`, `proposals`,
`actions`), so `Document` writes such an entry into the text instead:
- the entry goes after the last line of the list's last entry (a comment indented in that entry,
  right after it, is the entry's), before the blank lines and comments that follow it (where
  `tree.append_entry` puts it too), laid out as that entry is (its dash and
  its keys in the same columns); its values are written by ruamel, so they are quoted as the round
  trip would quote them;
- an entry changed (a sign-up's status, say) is written again in its place, but only when it
  holds no comment and ruamel writes it, as it was, exactly as the file has it: then writing it
  changed keeps the organisers' layout, and says what the round trip would say;
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
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot.agenda.yamltree import YamlList, YamlMap

_DASH = re.compile(r"( *)-( +)")
_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Append:
    """One entry appended to the top-level list `key`, or (when `index` is set) the entry at that
    position of it changed: `lines` take the place of lines `before` to `until` (0-based, `until`
    excluded) of the text as it was opened."""

    key: str
    entry: object
    before: int
    lines: tuple[str, ...]
    until: int | None = None
    index: int | None = None


def place(lines: Sequence[str], plain: YamlMap, key: str, entry: object, mapping_indent: int) -> Append | None:
    """Where and how `entry` is written at the end of the list `key` of the text `lines` (its lines,
    each with its line end) read as `plain`; None when the round trip must do it."""
    entries = plain.get(key)
    if not isinstance(entries, YamlList) or not entries or not _block(lines, entries.at):
        return None
    found = _extent(lines, entries.marks[-1])
    if found is None:
        return None
    dash, content, _, last = found
    return Append(key, entry, last + 1, _laid_out(_written(entry, mapping_indent), dash, content))


def change(
    lines: Sequence[str], plain: YamlMap, key: str, index: int, was: object, entry: object, mapping_indent: int
) -> Append | None:
    """The entry at `index` of the list `key`, written as `was`, written again as `entry`; None
    when the round trip must do it (comments in it, or a layout ruamel would not write)."""
    entries = plain.get(key)
    if not isinstance(entries, YamlList) or index >= len(entries) or not _block(lines, entries.at):
        return None
    found = _extent(lines, entries.marks[index])
    if found is None:
        return None
    dash, content, first, last = found
    written = lines[first : last + 1]
    if any("#" in text for text in written) or list(_laid_out(_written(was, mapping_indent), dash, content)) != [
        text if text.endswith("\n") else text + "\n" for text in written
    ]:
        return None
    return Append(key, entry, first, _laid_out(_written(entry, mapping_indent), dash, content), last + 1, index)


def _extent(lines: Sequence[str], at: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The columns of the dash and the content of the entry starting at `at`, and its first and
    last lines (0-based; blank lines after it, and comments after them or at the dash's column or
    left of it, are not its own)."""
    line, column = at
    head = _DASH.fullmatch(lines[line - 1][: column - 1])
    if head is None:
        return None
    dash, content = len(head[1]), column - 1
    last, blank = line - 1, False
    for index in range(line, len(lines)):
        stripped = lines[index].strip()
        indent = len(lines[index]) - len(lines[index].lstrip(" "))
        if not stripped:
            blank = True
        elif stripped.startswith("#"):  # a note on the entry, indented in it and not set apart, is its own
            last = index if indent > dash and not blank else last
        elif indent <= dash:
            break
        else:
            last, blank = index, False
    return dash, content, line - 1, last


def _laid_out(written: list[str], dash: int, content: int) -> tuple[str, ...]:
    """The lines of an entry as a list item with its dash and content in these columns."""
    first = " " * dash + "-" + " " * (content - dash - 1) + written[0]
    return (first, *(" " * content + text if text.strip() else text for text in written[1:]))


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
        quote_line_breaks(entry)
        yaml.dump(entry, stream)
        return stream.getvalue().splitlines(keepends=True)
    listed = CommentedSeq([entry])
    quote_line_breaks(listed)
    yaml.indent(mapping=2, sequence=2, offset=0)  # "- " at the start of the line, then the scalar
    yaml.dump(listed, stream)
    return stream.getvalue().removeprefix("- ").splitlines(keepends=True)


def edited(lines: Sequence[str], appends: Sequence[Append]) -> str:
    """The text `lines` with every append and change put in (appends in the order made)."""
    by_line: dict[int, list[str]] = {}
    replaced: dict[int, int] = {}
    for append in appends:
        by_line.setdefault(append.before, []).extend(append.lines)
        if append.until is not None:
            replaced[append.before] = append.until
    out: list[str] = []
    skip_to = 0
    for index, text in enumerate([*lines, ""]):
        if index in by_line:
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(by_line[index])
        skip_to = max(skip_to, replaced.get(index, 0))
        if index >= skip_to:
            out.append(text)
    return "".join(out)


def intended(plain: YamlMap, appends: Sequence[Append], reread: YamlMap) -> bool:
    """Whether `reread` (the edited text read again) is `plain` with exactly the appended entries."""
    added: dict[str, list[Any]] = {}
    changed: dict[str, dict[int, Any]] = {}
    for append in appends:
        if append.index is None:
            added.setdefault(append.key, []).append(plain_value(append.entry))
        else:
            changed.setdefault(append.key, {})[append.index] = plain_value(append.entry)
    if list(reread) != list(plain):
        return False
    for key, value in plain.items():
        if key not in added and key not in changed:
            if reread[key] != value:
                return False
            continue
        now = [changed.get(key, {}).get(index, entry) for index, entry in enumerate(value)]
        if reread[key] != [*now, *added.get(key, [])]:
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


def round_trip_value(value: object, *, as_record: bool = False) -> Any:
    """A value read from the text (or an entry appended) as the round-trip tree holds it: mappings
    and lists as ruamel's; with `as_record`, a plain name as `{name: ...}`."""
    if isinstance(value, Mapping):
        return CommentedMap((str(key), round_trip_value(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(round_trip_value(item) for item in value)
    return CommentedMap(name=value) if as_record else value


def quote_line_breaks(node: object) -> None:
    """Put new text holding a Unicode line break (NEL, U+2028/9) in double quotes, where ruamel
    writes it as an escape; plain or single-quoted, it would read back as a space."""
    if isinstance(node, CommentedMap):
        pairs = list(node.items())
    elif isinstance(node, CommentedSeq):
        pairs = list(enumerate(node))
    else:
        return
    for key, value in pairs:
        if type(value) is str and _BREAKS.search(value):
            node[key] = DoubleQuotedScalarString(value)
        else:
            quote_line_breaks(value)
