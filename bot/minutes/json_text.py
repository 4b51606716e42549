"""The minutes as JSON text, as `summitbot minutes --json` prints them: one key of the minutes a
line, one element of a list a line (an action, a note, a person present), each written compactly
with `, ` and `: ` between its parts.

Why not `json.dumps(..., indent=2)`: with `indent` the standard library encodes in pure Python, a
few times slower than its C encoder (0.1 s for the 4 MB of minutes of a 200,000-line log). The C
encoder only writes a whole value on one line, so each element is encoded on its own: the text
stays readable and diffable line by line (an item a line), and is the same JSON value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def json_text(minutes: Mapping[str, Any]) -> str:
    """`minutes` (a JSON object, as `Minutes.to_json` makes it) as text, non-ASCII kept as it is."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    lines = ["{"]
    for number, (key, value) in enumerate(minutes.items(), start=1):
        comma = "," if number < len(minutes) else ""
        if isinstance(value, list) and value:
            lines.append(f"  {encode(key)}: [")
            lines.append(",\n".join(f"    {encode(element)}" for element in value))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {encode(key)}: {encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines)
