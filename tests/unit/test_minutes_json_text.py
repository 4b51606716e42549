"""`summitbot minutes --json` prints the minutes one key and one list element a line: the same
JSON value as before, readable and diffable, written by the standard library's C encoder."""

from __future__ import annotations

import json
from pathlib import Path

from bot.json_text import json_text
from tests.conftest import Run

LOG = """\
15:00:03 <lars> #startmeeting Patch triage
15:01:00 <lars> #topic Lost patches
15:01:10 <lars> #action ian make a list of the lost patches
15:01:20 <ian> #info Jürgen's "series" {was} lost, twice
15:01:40 <lars> #agreed Trial patchwork
15:03:00 <lars> #endmeeting
"""


def test_each_element_of_a_list_is_one_line_and_the_value_is_unchanged() -> None:
    minutes = {
        "title": "Triage",
        "event": None,
        "days": [],
        "chairs": ["lars"],
        "actions": [{"id": "A1", "text": 'say "hi", {x}: ok', "owners": ["ian", "lars"]}, {"id": "A2"}],
    }
    text = json_text(minutes)
    assert text.splitlines() == [
        "{",
        '  "title": "Triage",',
        '  "event": null,',
        '  "days": [],',
        '  "chairs": [',
        '    "lars"',
        "  ],",
        '  "actions": [',
        '    {"id": "A1", "text": "say \\"hi\\", {x}: ok", "owners": ["ian", "lars"]},',
        '    {"id": "A2"}',
        "  ]",
        "}",
    ]
    assert json.loads(text) == minutes


def test_the_minutes_of_a_log_print_as_the_json_of_their_value(summitbot: Run, tmp_path: Path) -> None:
    log = tmp_path / "triage.log.txt"
    log.write_text(LOG, encoding="utf-8")
    result = summitbot("minutes", log, "--json", "--date", "2013-06-04")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert [note["text"] for note in printed["notes"]] == ['Jürgen\'s "series" {was} lost, twice']
    assert '    {"id": "A1", "kind": "action", "at": "15:01:10", "who": "lars", "owners": [{' in result.stdout
    assert "Jürgen" in result.stdout  # not escaped as \\u00fc
