"""The line reader (`yamlfast`) gives up, or gives exactly the event builder's tree: the same
types, values, key order and marks, and only for files the builder finds no problem in.

Hypothesis writes agenda-like documents in several styles and mutates their lines; every text is
read both ways. YAMLFAST_EXAMPLES sets how many documents each property tries (500 by default).
"""

from __future__ import annotations

import io
import os
import runpy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.agenda.scalars import PLAIN_RESOLVERS
from bot.agenda.yamlfast import read_fast
from bot.agenda.yamltree import PlainScalars, YamlList, YamlMap, parse_yaml
from bot.text import UNWRITABLE
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("YAMLFAST_EXAMPLES", "500"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRICKY = ("yes", "no", "on", "off", "null", "Null", "~", "1e3", "0x1F", "0o17", "1_000", ".inf", "-.Inf", ".NaN",
          "true", "False", "08:30", "1400", "-7", "+12", "2027-02-05", "2027-02-05T10:00:00Z", "1:30:00", "", " ",
          "-", "- x", "?", "? x", ":", "a: b", "a:b", "#", "a #b", "a# b", "[x]", "{x}", "*x", "&x", "!x", "@x",
          "`x`", "%x", "|", ">", "'", '"', "''", "it's", 'say "hi"', "back\\slash", "a\tb", "line\nbreak",
          "\u00a0nbsp", "trailing ", " leading", "a  b", "---", "...", "--- x", "x,y", "<<", "=")  # fmt: skip
READ, FELL_BACK = "the line reader read it", "the line reader gave up"
LETTERS = "abcxyzABCÉéłŁøßΩЖ中😀 0123456789-_.:#'\",[]{}&*!|>?%@`\\/"


def same_tree(fast: Any, built: Any, where: str = "$") -> None:
    """Fail unless the two trees agree in type, value, key order and every mark."""
    assert type(fast) is type(built), f"{where}: {type(fast)} != {type(built)}"
    if isinstance(built, YamlMap):
        assert fast.at == built.at, f"{where}: at {fast.at} != {built.at}"
        assert list(fast) == list(built), f"{where}: keys {list(fast)} != {list(built)}"
        assert list(fast.key_marks.items()) == list(built.key_marks.items()), f"{where}: key marks"
        assert list(fast.value_marks.items()) == list(built.value_marks.items()), f"{where}: value marks"
        for key, value in built.items():
            same_tree(fast[key], value, f"{where}.{key}")
    elif isinstance(built, YamlList):
        assert fast.at == built.at, f"{where}: at {fast.at} != {built.at}"
        assert fast.marks == built.marks, f"{where}: marks {fast.marks} != {built.marks}"
        assert len(fast) == len(built), f"{where}: {len(fast)} items != {len(built)}"
        for index, (mine, theirs) in enumerate(zip(fast, built, strict=True)):
            same_tree(mine, theirs, f"{where}[{index}]")
    else:
        assert fast == built or repr(fast) == repr(built) == "nan", f"{where}: {fast!r} != {built!r}"


def agrees(text: str) -> bool:
    """Read `text` both ways; fail if the line reader's tree differs. True when it read one."""
    built, problems = parse_yaml(text, "t.yaml", fast=False)
    if UNWRITABLE.search(text):
        return False  # parse_yaml reports these before either reader starts
    fast = read_fast(text, PlainScalars())
    if fast is None:
        return False
    assert problems == [], f"the line reader read a text with problems: {problems}"
    same_tree(fast, built)
    return True


def test_the_fosdem_sized_agenda_takes_the_fast_way_and_reads_the_same() -> None:
    bench = runpy.run_path(str(ROOT / "bench" / "agenda_scale.py"))  # a script, not a package
    text = bench["build_agenda"](bench["Scale"](sessions=1000, rooms=60, attendees=8000, days=3))
    assert agrees(text)


@pytest.mark.parametrize("path", sorted((ROOT / "agendas").glob("**/*.yaml")), ids=lambda path: path.name)
def test_the_example_agendas_take_the_fast_way_and_read_the_same(path: Path) -> None:
    assert agrees(path.read_text(encoding="utf-8"))


def test_every_yaml_file_of_the_repository_reads_the_same() -> None:
    folders = [ROOT / "tests", Path("/work/shared/corpus"), Path("/work/shared/seeds")]
    for path in sorted(path for folder in folders if folder.is_dir() for path in folder.glob("**/*.yaml")):
        agrees(path.read_text(encoding="utf-8"))


SHAPES = {
    "null values": "a:\nb: 1\nc: # note\nd:\n",
    "a sequence under its key, not indented": "a:\n- x\n- y\nb: 2\n",
    "a sequence item holding a mapping": "- a: 1\n  b:\n  c: [x, 'y', \"z, w\"]\n-   d: 2\n    e: 3\n",
    "a nested indentless sequence": "- a:\n  - x\n  - y\n- b\n",
    "block scalars": "a: >-\n  one\n  two\n\n  three\nb: |\n  x\n\n  # y\n\n\nc: >\n    deep\n",
    "quoted keys and values": "'a b': 'it''s'\n\"c\": \"\\\"q\\\" \\\\ \\/ \\n \\t \\u00e9\"\n",
    "a blank before the colon": "d : x\n",
    "comments and blank lines": "# top\n---\na: 1 # one\n   # odd\n\nb:   x   \n",
    "flow sequences": "a: []\nb: [ x , y ]\nc: [1, 2.5, true, ~, 2027-02-05]\nd: [O'Brien, 'x, y', \"z\"] # c\n",
    "flow oddities": "d: [x,]\ne: [x, [y]]\nf: [a: b]\ng: [x\n  , y]\n",
    "plain oddities": "a: -1\nb: x:y\nc: http://x/y#z\nd: C#\ne: a: b\n",
    "keys typed": "1: a\ntrue: b\nnull: c\n2027-02-05: d\n1e3: e\n",
    "a second document": "a: 1\n---\nb: 2\n",
    "an empty first document": "---\n---\na: 1\n",
    "a document end": "a: 1\n...\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "duplicate keys": "a: 1\na: 2\n",
    "aliases": "a: &x 1\nb: *x\n",
    "continued plain": "a: one\n  two\nb: 2\n",
    "odd indentation": "a:\n    b: 1\n  c: 2\n",
    "tabs": "a:\t1\n",
    "no final line break": "a: >\n  x",
    "non-ASCII columns": "é😀: 1\nb: [😀, é]\n",
    "null items": "a:\n- \n-\n- # none\n- x\nb:\n  -\n",
    "null item before a block": "-\n  a: 1\n",
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_hand_written_shapes_read_the_same_or_fall_back(text: str) -> None:
    agrees(text)


COMMON = ("null values", "a sequence under its key, not indented", "a sequence item holding a mapping",
          "a nested indentless sequence", "block scalars", "flow sequences", "comments and blank lines",
          "quoted keys and values", "non-ASCII columns", "null items")  # fmt: skip


@pytest.mark.parametrize("name", COMMON)
def test_the_common_shapes_take_the_fast_way(name: str) -> None:
    assert agrees(SHAPES[name])


scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.sampled_from(LETTERS), max_size=12),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
words = st.from_regex(r"[a-zA-Z_éŁЖ中][a-zA-Z0-9_éŁЖ中 -]{0,8}[a-zA-Z0-9_éŁЖ中]?", fullmatch=True)
KEYS = ("id", "title", "name", "start", "chat_id", "x-y", "é", "1", "true", "null", "a b", "Yes", "~", "2027-02-05")
keys = st.integers(0, 39).flatmap(  # mostly words; a few odd keys, as odd as the scalars
    lambda pick: (
        st.text(st.sampled_from(LETTERS), min_size=1, max_size=8)
        if pick == 0
        else st.sampled_from(KEYS)
        if pick < 8
        else words
    )
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    mappings = st.dictionaries(keys, children, min_size=1, max_size=4)
    items = st.lists(st.one_of(scalars, words, mappings), max_size=4)
    return st.one_of(mappings, mappings, items, items, st.lists(children, max_size=3))


trees = st.recursive(scalars | words, _containers, max_leaves=25)


def styled(value: Any, flow: st.DataObject) -> Any:
    """The value as ruamel round-trip containers, some short lists of scalars in flow style."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = styled(item, flow)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(styled(item, flow) for item in value)
        if value and all(not isinstance(item, dict | list) for item in value) and flow.draw(st.booleans()):
            sequence.fa.set_flow_style()
        return sequence
    return value


def dumped(tree: Any, data: st.DataObject) -> str:
    yaml = YAML(typ="rt")
    mapping, sequence, offset = data.draw(st.sampled_from([(2, 2, 0), (2, 4, 2), (4, 4, 2), (2, 2, 2), (3, 3, 0)]))
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = data.draw(st.sampled_from([80, 4096]))
    out = io.StringIO()
    yaml.dump(styled(tree, data), out)
    return out.getvalue()


def restyled(text: str, data: st.DataObject) -> str:
    """Hand-made style variations: blanks after `:` and `-`, comments, blank lines, quoted keys."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        kind = data.draw(st.sampled_from(["colon", "dash", "comment", "blank", "comment line", "quote key"]))
        if kind == "colon":
            line = line.replace(": ", ":   ", 1)
        elif kind == "dash":
            line = line.replace("- ", "-   ", 1)
        elif kind == "comment":
            line += data.draw(st.sampled_from(["  # note", " #", " # a: b", "#x"]))
        elif kind == "blank":
            line = "\n" + line
        elif kind == "comment line":
            line = " " * data.draw(st.integers(0, 7)) + "# said: so\n" + line
        else:
            stripped = line.lstrip(" -")
            key, colon, rest = stripped.partition(":")
            if colon:
                quote = data.draw(st.sampled_from(["'", '"']))
                line = line[: len(line) - len(stripped)] + quote + key + quote + colon + rest
        lines[index] = line
    return "\n".join(lines)


def mutated(text: str, data: st.DataObject) -> str:
    """Random line edits of a valid file: delete, duplicate, indent, dedent, insert a character."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        kind = data.draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert"]))
        if kind == "delete":
            del lines[index]
            lines = lines or [""]
            continue
        if kind == "duplicate":
            lines.insert(index, line)
            continue
        if kind == "indent":
            line = " " * data.draw(st.integers(1, 3)) + line
        elif kind == "dedent":
            line = line[data.draw(st.integers(1, 3)) :]
        else:
            at = data.draw(st.integers(0, len(line)))
            piece = data.draw(st.sampled_from([":", ": ", "#", " #", "'", '"', "- ", "[", "]", ",", "\\", "&a ", "\t"]))
            line = line[:at] + piece + line[at:]
        lines[index] = line
    return "\n".join(lines)


@PROPERTY
@given(st.dictionaries(keys, trees, min_size=1, max_size=5), st.data())
def test_dumped_documents_read_the_same(tree: dict[str, Any], data: st.DataObject) -> None:
    event(READ if agrees(dumped(tree, data)) else FELL_BACK)


@PROPERTY
@given(st.dictionaries(keys, trees, min_size=1, max_size=5), st.data())
def test_restyled_documents_read_the_same(tree: dict[str, Any], data: st.DataObject) -> None:
    event(READ if agrees(restyled(dumped(tree, data), data)) else FELL_BACK)


@PROPERTY
@given(st.dictionaries(keys, trees, min_size=1, max_size=5), st.data())
def test_mutated_documents_read_the_same_or_fall_back(tree: dict[str, Any], data: st.DataObject) -> None:
    event(READ if agrees(mutated(restyled(dumped(tree, data), data), data)) else FELL_BACK)


def test_the_plain_scalar_table_is_ruamels_yaml_1_2_table() -> None:
    """bot.agenda.scalars copies ruamel's resolvers (to spare reading an agenda its import): the
    same tags and patterns, compiled alike, in the same order, under the same first characters."""
    from ruamel.yaml.resolver import VersionedResolver  # noqa: PLC0415 - the reference

    theirs = VersionedResolver(version=(1, 2)).versioned_resolver
    assert None not in theirs
    assert sorted(theirs) == sorted(PLAIN_RESOLVERS)
    for start, patterns in theirs.items():
        assert [(str(tag), p.pattern, p.flags) for tag, p in patterns] == [
            (tag, p.pattern, p.flags) for tag, p in PLAIN_RESOLVERS[start]
        ], start
