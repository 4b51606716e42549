"""Edits of an agenda's round-trip YAML tree that keep the organisers' comments where they were:
the top-level lists, an entry appended or removed, a key set or dropped in its place, a record
found by its id.

ruamel keeps a comment block that introduces the next section or key as the trailing comment of
the node before it, so a plain append, delete or insert would move it; these move it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

if TYPE_CHECKING:
    from bot.agenda.write import Document


def section(document: Document, key: str) -> CommentedSeq:
    """The top-level list under `key`, created after the sections before it when missing."""
    return section_in(document.tree, key)


def section_in(tree: CommentedMap, key: str) -> CommentedSeq:
    """The top-level list under `key` of a round-trip tree, created in its place when missing."""
    if not isinstance(tree.get(key), CommentedSeq):
        order = (
            "event",
            "people",
            "attendees",
            "proposals",
            "sessions",
            "meetings",
            "work_items",
            "actions",
            "roadmap",
        )
        before = [existing for existing in order[: order.index(key)] if existing in tree]
        position = list(tree).index(before[-1]) + 1 if before else len(tree)
        tree.insert(position, key, CommentedSeq())
    section: CommentedSeq = tree[key]
    return section


def append_entry(section: CommentedSeq, entry: object) -> None:
    """Append to a list, keeping a comment block that introduces the next section after the list.

    ruamel stores such a block as the trailing comment of the deepest last node of the list; a
    plain append would put the new entry after it, moving the comment away from its section.
    """
    slot = _trailing_comment(section)
    moved = None
    if slot is not None:
        token = slot[0][slot[1]]
        own_line, _, following = token.value.partition("\n")
        own, following = _still_inside(following, section.lc.col)
        if following:  # comment lines, or only the blank lines before the next section
            token.value = own_line + "\n" + own
            moved = CommentToken("\n" + following, CommentMark(0), None)
    section.append(entry)
    if moved is not None:
        if isinstance(entry, CommentedMap) and entry:
            attach_after(entry, list(entry)[-1], moved)  # after a nested map's last line, not its key
        else:
            section.ca.items[len(section) - 1] = [moved, None, None, None]


def _still_inside(following: str, dash: int) -> tuple[str, str]:
    """The comment lines at the head of `following` indented past the list's dash (a note on its
    last entry, which stays with it), and the rest (what introduces whatever comes next)."""
    lines = following.splitlines(keepends=True)
    inside = 0
    while inside < len(lines) and lines[inside].lstrip().startswith("#") and _indent(lines[inside]) > dash:
        inside += 1
    return "".join(lines[:inside]), "".join(lines[inside:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def remove_entry(entries: CommentedSeq, index: int) -> None:
    """Remove one entry from a list, keeping the comment block that follows the list in place."""
    slot = _trailing_comment(entries) if index == len(entries) - 1 else None
    token = slot[0][slot[1]] if slot is not None else None
    del entries[index]
    if token is None or not entries:
        return
    following = token.value.partition("\n")[2]
    if following.strip():
        last = entries[-1]
        moved = CommentToken("\n" + following, CommentMark(0), None)
        if isinstance(last, CommentedMap) and last:
            last.ca.items[list(last)[-1]] = [None, None, moved, None]
        else:
            entries.ca.items[len(entries) - 1] = [moved, None, None, None]


def set_key(entry: CommentedMap, key: str, value: object, order: Sequence[str]) -> None:
    """Set `key`; a new key goes after the last key that comes before it in `order` (the record's
    keys in their usual order), and a comment block that introduced the key after it stays there
    (after the new value's last line, when the value is a block list or mapping)."""
    if key in entry:
        entry[key] = value
        return
    earlier = set(order[: order.index(key)])
    keys = list(entry)
    position = max((index + 1 for index, existing in enumerate(keys) if existing in earlier), default=0)
    following = _take_following_lines(entry, keys[position - 1]) if position else None
    entry.ca.items.pop(key, None)  # a comment left behind by an earlier removal of this key
    entry.insert(position, key, value)
    if following is not None:
        attach_after(entry, key, following)  # after the new value, a block list or mapping included


def drop_key(entry: CommentedMap, key: str) -> None:
    """Remove `key`, keeping a comment block that introduced what follows it (the next key, or the
    next record or section) in place; its own end-of-line comment goes with it."""
    keys = list(entry)
    position = keys.index(key)
    following = _take_following_lines(entry, key)
    del entry[key]
    entry.ca.items.pop(key, None)  # ruamel leaves it behind, and would show it when the key came back
    if following is None or position == 0:
        return
    previous = keys[position - 1]
    slot = _trailing_comment_of(entry, previous)
    if slot is not None:
        token = slot[0][slot[1]]
        token.value = token.value + following.value.removeprefix("\n")
    else:
        attach_after(entry, previous, following)


def _take_following_lines(entry: CommentedMap, key: str) -> CommentToken | None:
    """Detach the full-line comments written after `key`'s value (its own end-of-line comment
    stays), as a token to attach after whatever comes next."""
    slot = _trailing_comment_of(entry, key)
    if slot is None:
        return None
    token = slot[0][slot[1]]
    own_line, _, following = token.value.partition("\n")
    if not following:
        return None
    token.value = own_line + "\n"
    return CommentToken("\n" + following, CommentMark(0), None)


def _trailing_comment_of(entry: CommentedMap, key: str) -> tuple[list[Any], int] | None:
    """The comment slot after `key`'s value (on the key, or inside a block collection value)."""
    slots = entry.ca.items.get(key)
    if slots and slots[2] is not None:
        return slots, 2
    value = entry[key]
    if isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style():
        return _trailing_comment(value)
    return None


def attach_after(entry: CommentedMap, key: str, token: CommentToken) -> None:
    """Put `token` after `key`'s value: after the deepest last item of a block collection."""
    node: Any = entry
    last: Any = key
    while isinstance(node[last], CommentedMap | CommentedSeq) and len(node[last]) and not node[last].fa.flow_style():
        node = node[last]
        last = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    node.ca.items.setdefault(last, [None, None, None, None])[2 if isinstance(node, CommentedMap) else 0] = token


def _trailing_comment(node: object) -> tuple[list[Any], int] | None:
    """The comment slot after the last thing written inside `node`, when there is one."""
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        last: Any = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        slots = node.ca.items.get(last)
        position = 2 if isinstance(node, CommentedMap) else 0
        if slots and slots[position] is not None:
            return slots, position
        node = node[last]
    return None


def as_record(entries: CommentedSeq, index: int) -> CommentedMap:
    """The entry at `index` as a mapping: a plain name becomes `{name: ...}`, keeping its comment."""
    entry = entries[index]
    if isinstance(entry, CommentedMap):
        return entry
    slots = entries.ca.items.pop(index, None)
    record = entries[index] = CommentedMap(name=entry)
    if slots and slots[0] is not None:
        record.ca.items["name"] = [None, None, slots[0], None]
    return record


def entry_with_id(document: Document, key: str, record_id: str) -> CommentedMap:
    """The record with this id in the top-level list `key`; KeyError when there is none."""
    for entry in document.tree.get(key) or []:
        if isinstance(entry, CommentedMap) and str(entry.get("id")) == record_id:
            return entry
    raise KeyError(f"{key}: no entry has the id '{record_id}'")
