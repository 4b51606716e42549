"""Reading YAML keeps every position and types plain scalars the way YAML 1.2 (and our writer) does."""

from __future__ import annotations

import pytest
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from bot.agenda.scalars import typed_scalar
from bot.agenda.yamltree import YamlList, YamlMap, parse_yaml

PLAIN = ("08:30", "1400", "-7", "+12", "0o17", "0x1F", "1_000", "1.5", "-.5", "1e3", ".inf", "-.Inf", ".NaN", "yes",
         "No", "true", "False", "TRUE", "~", "null", "Null", "2008-07-22", "2008-07-22T10:00:00Z", "0", "00", "=",
         "<<", "a b", "e", "1:30:00", "12h30", "1.2.3", "+")  # fmt: skip


def test_keys_values_and_items_know_their_line_and_column() -> None:
    tree, problems = parse_yaml("event:\n  id: x\nsessions:\n  - id: a\n    start: '8:30'\n", "f.yaml")
    assert problems == []
    assert isinstance(tree, YamlMap)
    assert tree.key_at("event") == (1, 1)
    assert tree["event"].value_at("id") == (2, 7)
    sessions = tree["sessions"]
    assert isinstance(sessions, YamlList)
    assert sessions.marks == [(4, 5)]
    assert sessions[0].key_at("start") == (5, 5)
    assert sessions[0].value_at("start") == (5, 12)


def test_plain_scalars_follow_yaml_1_2() -> None:
    text = "a: 08:30\nb: 1400\nc: yes\nd: true\ne: ~\nf: 2008-07-22\ng: '1400'\nh: 1.5\ni: 0x1F\n"
    tree, _ = parse_yaml(text, "f.yaml")
    assert tree == {"a": "08:30", "b": 1400, "c": "yes", "d": True, "e": None, "f": "2008-07-22", "g": "1400"} | {
        "h": 1.5,
        "i": 31,
    }


@pytest.mark.parametrize("value", PLAIN)
def test_a_plain_scalar_is_typed_as_ruamels_yaml_1_2_resolver_says(value: str) -> None:
    resolved = VersionedResolver(version=(1, 2)).resolve(ScalarNode, value, (True, False))
    tree, problems = parse_yaml(f"a: {value}\nb:\n  - {value}\n", "f.yaml")
    assert problems == []
    expected = typed_scalar(str(resolved), value)
    assert repr(tree) == repr({"a": expected, "b": [expected]})  # repr: NaN is not equal to itself


def test_anchors_and_aliases_are_resolved() -> None:
    tree, problems = parse_yaml("chairs: &c [Serge, Dave]\nagain: *c\n", "f.yaml")
    assert problems == []
    assert tree["again"] == ["Serge", "Dave"]


def test_a_duplicate_key_is_a_problem_and_the_first_value_stays() -> None:
    tree, problems = parse_yaml("title: one\ntitle: two\n", "f.yaml")
    assert tree == {"title": "one"}
    assert [str(problem) for problem in problems] == ["f.yaml:2:1: duplicate key 'title' (first written on line 1)"]


def test_a_syntax_error_stops_reading_with_its_position() -> None:
    tree, problems = parse_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert tree is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("f.yaml:2:")
    assert "YAML syntax error" in problems[0].message
