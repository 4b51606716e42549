"""A line-by-line reader for the plain YAML that agendas are written in, faster than
the event builder (`yamltree`) and giving the same tree, with the same marks.

It knows block mappings and sequences by indentation, `- key: value` items, scalars on one line
(plain, typed by the builder's resolver; single- and double-quoted with the common escapes),
one-line flow sequences of such scalars, `|`/`>` block scalars of evenly indented lines, comments,
blank lines and a leading `---`. Anything else, or any doubt, and `read_fast` returns None: the
event builder then reads the file and remains the reference for every problem and message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.agenda.yamltree import PlainScalars, YamlList, YamlMap
from bot.text import UNWRITABLE

_DOUBTFUL = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")  # tabs, other line breaks, byte order marks
_MARKER = ("---", "...", "%")  # document markers and directives, at the start of a line
_INDICATOR = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEY_DOUBT = re.compile(r"[#:\[\]{},\"'`]")
_FLOW_DOUBT = re.compile(r"[\[\]{}#:?]")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\/nt]|\\u[0-9a-fA-F]{4})*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_ESCAPED = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}
_BLOCK_HEADER = re.compile(r"([|>])(-?)(?: *| +#.*)")
_FLOW_ITEM_END = re.compile(r"[^,\]]*")
_LONGEST_KEY = 200  # libyaml refuses a simple key past 1,024 characters; stay well inside it

_LINE = re.compile(
    r"( *)(- +|-$)?"  # indentation; a sequence entry's dash
    r"(?:([^\W\d][\w-]*):(?: +|$))?"  # a key that is a word, then blanks or the end of the line
    r"(?:([^-?:,\[\]{}#&*!|>'\"%@` ][^:#]*)(?<! )|\"([^\"\\]*)\"|'([^']*)'|(.*))$"  # plain, "...", '...', other
)

Pending = tuple[YamlMap | YamlList, str | None, int, tuple[int, int]]
"""A `key:` or `-` whose value may start below: its block, the key (None after a `-`), the
indentation of the key or dash, and where a null would be."""


class _Unsure(Exception):
    """The text leaves the subset this reader is sure of."""


def read_fast(text: str, scalars: PlainScalars) -> Any:
    """The tree of `text` as the event builder would build it, or None when not sure of it.
    `scalars` types the plain scalars, as it does for the builder."""
    typed_starts = scalars.typed_starts()
    if typed_starts is None or any(doubtful in text for doubtful in _DOUBTFUL):
        return None
    reader = _Reader(text.split("\n"), scalars.cache, scalars.resolved, typed_starts)
    try:
        return reader.document()
    except (_Unsure, IndexError, KeyError, ValueError):  # unsure, or reading past what is there
        return None


class _Reader:
    """One document, read line by line with a stack of the blocks open at each indentation."""

    def __init__(
        self, lines: list[str], typed: dict[str, Any], resolve: Callable[[str], Any], typed_starts: frozenset[str]
    ) -> None:
        self.lines = lines
        self.typed = typed
        self.resolve = resolve
        self.typed_starts = typed_starts
        self.keys: dict[str, str] = {}  # a plain key as written -> the key it is

    def document(self) -> Any:  # noqa: PLR0912, PLR0915 - the one loop over the lines, kept flat for speed
        keys, typed, starts, resolve, line_form = self.keys, self.typed, self.typed_starts, self.resolve, _LINE.match
        stack: list[tuple[YamlMap | YamlList, int]] = []  # the open blocks and their indentation
        container: Any = None  # the innermost open block, at indentation `at`
        at, in_list, pending, root, opened = -1, False, None, None, False
        for i, line in enumerate(self.lines, 1):
            spaces, dash, word, plain, double, single, other = line_form(line).groups()  # type: ignore[union-attr]
            if word is None and dash is None and other is not None and (not other or other[0] == "#"):
                continue
            indent = len(spaces)
            if indent == 0 and line.startswith(_MARKER):
                if root is not None or opened or line.rstrip(" ") != "---":
                    raise _Unsure  # a second document, its end, a directive, or text after the `---`
                opened = True
                continue
            if pending is not None:
                entries, key, above, null_at = pending
                pending = None
                if key is None:  # a `-` alone: its item is null unless a block follows, which is not read here
                    if indent > above:
                        raise _Unsure
                    _set(entries, key, None, null_at)
                elif indent > above or (indent == above and dash is not None):
                    container = YamlMap((i, indent + 1)) if dash is None else YamlList((i, indent + 1))
                    _set(entries, key, container, container.at)
                    stack.append((container, indent))
                    at, in_list = indent, dash is not None
                else:
                    _set(entries, key, None, null_at)
            elif root is None:
                root = container = YamlMap((i, indent + 1)) if dash is None else YamlList((i, indent + 1))
                stack.append((root, indent))
                at, in_list = indent, dash is not None
            if at != indent:
                while at > indent:
                    stack.pop()
                    container, at = stack[-1]
                if at != indent:
                    raise _Unsure
                in_list = type(container) is YamlList
            if dash is not None:
                if not in_list:
                    raise _Unsure
                col = indent + len(dash)
                if word is None:
                    if plain is not None:
                        value = plain if plain[0] not in starts else typed[plain] if plain in typed else resolve(plain)
                        container.append(value)
                    elif double is not None or single is not None:
                        container.append(single if double is None else double)
                    else:
                        pending = self.item(container, line[indent:], indent, i, stack)
                        container, at = stack[-1]
                        in_list = type(container) is YamlList
                        continue
                    container.marks.append((i, col + 1))
                    continue
                entries = YamlMap((i, col + 1))
                container.append(entries)
                container.marks.append(entries.at)
                stack.append((entries, col))
                container, at, in_list = entries, col, False
            else:
                if in_list:
                    stack.pop()
                    container, at = stack[-1]
                    if at != indent or type(container) is not YamlMap:
                        raise _Unsure
                    in_list = False
                entries, col = container, indent
                if word is None:
                    pending = self.pair(entries, line[indent:], indent, i)
                    continue
            key = keys.get(word) or self.key(word)
            if key in entries.key_marks:
                raise _Unsure
            entries.key_marks[key] = (i, col + 1)
            if plain is not None:  # the value ends the line: its column counts back from the end
                entries[key] = plain if plain[0] not in starts else typed[plain] if plain in typed else resolve(plain)
                entries.value_marks[key] = (i, len(line) - len(plain) + 1)
            elif double is not None or single is not None:
                quoted = single if double is None else double
                entries[key] = quoted
                entries.value_marks[key] = (i, len(line) - len(quoted) - 1)
            elif not other or other[0] == "#":  # (blanks came between the colon and the `#`)
                pending = (entries, key, col, (i, col + len(word) + 2))
            else:
                start = len(line) - len(other)
                entries[key] = self.value(other, i, col, start)
                entries.value_marks[key] = (i, start + 1)
        if pending is not None:
            entries, key, _, null_at = pending
            _set(entries, key, None, null_at)
        if root is None:
            raise _Unsure
        return root

    def item(
        self, items: YamlList, text: str, indent: int, i: int, stack: list[tuple[YamlMap | YamlList, int]]
    ) -> Pending | None:
        """A `- ...` line of a block sequence not of the common form; `- key: value` opens a mapping."""
        rest = text[1:].lstrip(" ")
        col = indent + len(text) - len(rest)
        if not rest or (rest[0] == "#" and col > indent + 1):
            return items, None, indent, (i, indent + 2)
        if rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
            raise _Unsure
        if _key_end(rest) is not None:
            entries = YamlMap((i, col + 1))
            items.append(entries)
            items.marks.append(entries.at)
            stack.append((entries, col))
            return self.pair(entries, rest, col, i)
        items.append(self.value(rest, i, indent, col))
        items.marks.append((i, col + 1))
        return None

    def pair(self, entries: YamlMap, text: str, indent: int, i: int) -> Pending | None:
        """A `key: value` line (line `i`) not of the common form; a `key:` alone waits for the next line."""
        end = _key_end(text)
        if end is None:
            raise _Unsure
        key = self.key(text[:end])
        start = len(text) - len(text[end + 1 :].lstrip(" "))
        if key in entries.key_marks:
            raise _Unsure
        entries.key_marks[key] = (i, indent + 1)
        if start == len(text) or (text[start] == "#" and text[start - 1] == " "):
            return entries, key, indent, (i, indent + end + 2)
        if start == end + 1:
            raise _Unsure
        entries[key] = self.value(text[start:], i, indent, indent + start)
        entries.value_marks[key] = (i, indent + start + 1)
        return None

    def value(self, text: str, lineno: int, indent: int, col: int) -> Any:
        """The value of a key at `indent` on line `lineno`, written from `col`."""
        if text[0] in "|>":
            return self.block_scalar(text, lineno, indent)
        return self.inline(text, lineno, col)

    def key(self, text: str) -> str:
        if len(text) > _LONGEST_KEY:
            raise _Unsure
        if text[0] in "\"'":
            value, end = _quoted(text, 0)
            if text[end:].strip(" "):
                raise _Unsure
            return str(value)
        if text[0] in _INDICATOR or text[-1] == " " or _KEY_DOUBT.search(text):
            raise _Unsure
        value = self.plain(text)
        key = "" if value is None else str(value)
        self.keys[text] = key
        return key

    def plain(self, text: str) -> Any:
        if text[0] not in self.typed_starts:
            return text
        typed = self.typed
        return typed[text] if text in typed else self.resolve(text)

    def inline(self, text: str, lineno: int, col: int) -> Any:
        """The value written on one line from `col`: a scalar or a flow sequence."""
        first = text[0]
        if first in "\"'":
            value, end = _quoted(text, 0)
            _end_of_line(text, end)
            return value
        if first == "[":
            return self.flow(text, lineno, col)
        cut = text.find(" #")
        scalar = (text if cut < 0 else text[:cut]).rstrip(" ")
        if not _plain_start(scalar):
            raise _Unsure
        if (":" in scalar and (": " in scalar or scalar[-1] == ":")) or "#" in scalar:
            raise _Unsure
        return self.plain(scalar)

    def flow(self, text: str, lineno: int, col: int) -> YamlList:
        """A one-line flow sequence of scalars, `[a, 'b', "c, d"]`."""
        plain = self.plain_flow(text, lineno, col)
        if plain is not None:
            return plain
        items = YamlList((lineno, col + 1))
        i = len(text) - len(text[1:].lstrip(" "))
        if text[i] == "]":
            _end_of_line(text, i + 1)
            return items
        while True:
            if text[i] in "\"'":
                value, end = _quoted(text, i)
            else:
                end = _FLOW_ITEM_END.match(text, i).end()  # type: ignore[union-attr] # matches always
                scalar = text[i:end].rstrip(" ")
                if not scalar or _FLOW_DOUBT.search(scalar) or not _plain_start(scalar):
                    raise _Unsure
                value = self.plain(scalar)
            items.append(value)
            items.marks.append((lineno, col + i + 1))
            i = end + len(text[end:]) - len(text[end:].lstrip(" "))
            if text[i] == "]":
                _end_of_line(text, i + 1)
                return items
            if text[i] != ",":
                raise _Unsure
            i += 1 + len(text[i + 1 :]) - len(text[i + 1 :].lstrip(" "))
            if text[i] == "]":
                raise _Unsure

    def plain_flow(self, text: str, lineno: int, col: int) -> YamlList | None:
        """The common flow sequence, of plain scalars only, read by splitting at the commas."""
        close = text.find("]")
        inner = text[1:close]
        if close < 2 or _FLOW_DOUBT.search(inner):
            return None
        items = YamlList((lineno, col + 1))
        at = col + 2
        for piece in inner.split(","):
            scalar = piece.strip(" ")
            if not scalar or not _plain_start(scalar):
                return None
            items.append(self.plain(scalar))
            items.marks.append((lineno, at + len(piece) - len(piece.lstrip(" "))))
            at += len(piece) + 1
        _end_of_line(text, close + 1)
        return items

    def block_scalar(self, header: str, lineno: int, indent: int) -> str:
        """A `|` or `>` scalar (clipped or `-` stripped) whose lines all share one indentation.
        Its lines are blanked, for the reading of the document to pass over them."""
        form = _BLOCK_HEADER.fullmatch(header)
        if form is None:
            raise _Unsure
        lines, r = self.lines, lineno
        content: list[str] = []
        depth = len(lines[r]) - len(lines[r].lstrip(" "))
        if depth <= indent or not lines[r].strip(" "):
            raise _Unsure
        while r < len(lines):
            line = lines[r]
            if not line:
                content.append("")
                r += 1
                continue
            stripped = line.lstrip(" ")
            at = len(line) - len(stripped)
            if not stripped or stripped[-1] == " " or at > depth:
                raise _Unsure
            if at < depth:
                break
            content.append(stripped)
            r += 1
        while content[-1] == "":
            content.pop()
        if r == len(lines) and lines[-1]:  # the scalar ends the file, and no line break ends its last line
            raise _Unsure
        lines[lineno:r] = [""] * (r - lineno)
        value = "\n".join(content) if form[1] == "|" else _folded(content)
        return value if form[2] else value + "\n"


def _set(block: YamlMap | YamlList, key: str | None, value: Any, at: tuple[int, int]) -> None:
    if isinstance(block, YamlList):
        block.append(value)
        block.marks.append(at)
    elif key is not None:
        block[key] = value
        block.value_marks[key] = at


def _plain_start(scalar: str) -> bool:
    """Whether a plain scalar may start so: not with an indicator, but with `-` before a non-blank."""
    return scalar[0] not in _INDICATOR or (scalar[0] == "-" and len(scalar) > 1 and scalar[1] != " ")


def _key_end(text: str) -> int | None:
    """Where the `:` after the key of this line is, if the line starts with a key."""
    if text[0] in "\"'":
        _, end = _quoted(text, 0)
        after = text[end:].lstrip(" ")
        if not after.startswith(":") or after[1:2] not in ("", " "):
            return None
        return len(text) - len(after)
    end = text.find(": ")
    if end < 0:
        if not text.endswith(":"):
            return None
        end = len(text) - 1
    if 0 <= text.find(" #") < end:
        raise _Unsure
    return end


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted scalar that starts at `start` and ends on this line: its value, and where it ends."""
    if text[start] == "'":
        single = _SINGLE.match(text, start)
        if single is None:
            raise _Unsure
        return single[1].replace("''", "'"), single.end()
    double = _DOUBLE.match(text, start)
    if double is None:
        raise _Unsure
    value = double[1]
    if "\\" in value:
        value = _ESCAPE.sub(_unescaped, value)
        if UNWRITABLE.search(value):
            raise _Unsure
    return value, double.end()


def _unescaped(escape: re.Match[str]) -> str:
    code = escape[1]
    if len(code) == 1:
        return _ESCAPED[code]
    number = int(code[1:], 16)
    if 0xD800 <= number <= 0xDFFF:
        raise _Unsure
    return chr(number)


def _end_of_line(text: str, end: int) -> None:
    """Only blanks or a comment may follow a value."""
    rest = text[end:]
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise _Unsure


def _folded(content: list[str]) -> str:
    """The lines of a `>` scalar folded: one break between two lines is a space, n empty lines are n breaks."""
    folded, empty = [content[0]], 0
    for line in content[1:]:
        if not line:
            empty += 1
            continue
        folded.append("\n" * empty if empty else " ")
        folded.append(line)
        empty = 0
    return "".join(folded)
