"""What the text of a YAML scalar means and what it may not hold: the Python value of a plain
scalar YAML 1.2 resolved, and the characters no format of ours carries (`bot.text`)."""

from __future__ import annotations

from typing import Any

from bot.errors import Problem
from bot.text import UNWRITABLE, character_name

_TAG = "tag:yaml.org,2002:"
_UNWRITABLE_HINT = "an agenda holds printable text, tabs and line breaks only: delete it"
_UNWRITABLE_SHOWN = 20  # lines named one by one; the rest are counted


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
