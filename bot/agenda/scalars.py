"""What the text of a YAML scalar means and what it may not hold: the Python value of a plain
scalar YAML 1.2 resolved, and the characters no format of ours carries (`bot.text`)."""

from __future__ import annotations

import re
from typing import Any

from bot.errors import Problem
from bot.text import UNWRITABLE, character_name

_TAG = "tag:yaml.org,2002:"
_UNWRITABLE_HINT = "an agenda holds printable text, tabs and line breaks only: delete it"
_UNWRITABLE_SHOWN = 20  # lines named one by one; the rest are counted

# ruamel.yaml's YAML 1.2 implicit resolvers (ruamel/yaml/resolver.py, the entries for (1, 2)), in
# its order: the tag of a plain scalar is that of the first pattern that matches among those listed
# under its first character. Copied so that reading an agenda need not import ruamel.yaml (30 ms,
# a third of a small `check`); tests/unit/test_yaml_fast.py holds the copy to ruamel's own table.
_RESOLVERS = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"""^(?: ~
        |null|Null|NULL
        | )$""", ("~", "n", "N", "")),
    ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    ("value", r"^(?:=)$", "="),
    ("yaml", r"^(?:!|&|\*)$", "!&*"),
)  # fmt: skip
PLAIN_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
"""First character of a plain scalar -> the (tag, pattern) pairs to try, in order."""
for _kind, _pattern, _starts in _RESOLVERS:
    for _start in _starts:
        _flags = 0 if _kind in {"merge", "value", "yaml"} else re.X  # as ruamel compiles them
        PLAIN_RESOLVERS.setdefault(_start, []).append((_TAG + _kind, re.compile(_pattern, _flags)))


def unwritable_problems(text: str, path: str) -> list[Problem]:
    """The first character of each line that no format carries (YAML's reader refuses them too);
    past the first lines, one more problem counts the rest."""
    problems: list[Problem] = []
    lines: set[int] = set()
    for found in UNWRITABLE.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if line in lines:
            continue
        lines.add(line)
        col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        if len(lines) > _UNWRITABLE_SHOWN:
            rest = len({text.count("\n", 0, more.start()) for more in UNWRITABLE.finditer(text, found.start())})
            problems.append(Problem(path, line, col, f"{rest} more lines, from this one on, hold such characters"))
            break
        message = f"the character {character_name(found[0])} cannot be in an agenda"
        problems.append(Problem(path, line, col, message, _UNWRITABLE_HINT))
    return problems


def typed_scalar(tag: str, value: str) -> Any:  # noqa: PLR0911 - one return per YAML type
    """The Python value of a plain scalar that YAML 1.2 resolved to `tag`."""
    kind = tag.removeprefix(_TAG)
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int":
        digits = value.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:
            return int(digits, 10)
    if kind == "float":
        lowered = value.lower().replace("_", "")
        if lowered.endswith((".inf", ".nan")):
            return float(lowered.replace(".", ""))
        return float(lowered)
    return value  # str, and timestamps: fields parse dates themselves
