"""Properties of publishing minutes again over arbitrary hand edits of the minutes page (and of the
YAML at the same time): every edit lands or is a recorded conflict, and a second publish changes
nothing."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agenda.load import load_agenda
from bot.agenda.tree import entry_with_id
from bot.agenda.write import edit_agenda
from bot.minutes.lines import format_action, format_person_action, parse_action, parse_person_action
from bot.minutes.owners import Owners
from bot.minutes.publish import publish_minutes
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.escape import plain_text
from bot.wiki.memory import MemoryWiki
from tests.conftest import EXAMPLES
from tests.unit.test_minutes_corrections import EVENT, meeting
from tests.unit.test_minutes_publish import MINUTES_PAGE

ACTIONS = ("A1", "A6", "A7")
NAMES = ("Lars Kurth", "george", "Ian Jackson", "Matt", "Ian", "Nobody Atall")  # "Ian": which one?
WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz ,.!?-()0123456789ÄéΩ"), max_size=25)
DUES = st.dates(date(2013, 5, 1), date(2014, 12, 31)).map(str) | st.sampled_from(["soon", "2013-13-01"])


@dataclass(frozen=True)
class FieldEdit:
    """Someone sets one field of an action item on the page, in the summary or under its owner."""

    action: str
    field: str  # text, owner or due
    value: str
    summary: bool


@dataclass(frozen=True)
class LineEdit:
    """Someone adds a paragraph after a line, or changes or deletes a line of the summary."""

    kind: str  # paragraph, change or delete
    at: int  # which line (modulo the lines there are)
    text: str


field_edits = st.builds(
    FieldEdit,
    st.sampled_from(ACTIONS),
    st.sampled_from(["text", "owner", "due"]),
    st.just(""),
    st.booleans(),
).flatmap(
    lambda edit: st.builds(
        replace,
        st.just(edit),
        value={"text": WORDS, "owner": st.sampled_from(NAMES), "due": DUES}[edit.field],
    )
)
line_edits = st.builds(LineEdit, st.sampled_from(["paragraph", "change", "delete"]), st.integers(0, 200), WORDS)
yaml_edits = st.dictionaries(st.sampled_from(ACTIONS), st.sampled_from(["lars", "george", "matt"]), max_size=2)


def apply_field(text: str, edit: FieldEdit) -> str:
    """The page with one action line rewritten as a scribe would: the bot's own grammar."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        parse, write = (parse_action, format_action) if edit.summary else (parse_person_action, format_person_action)
        found = parse(line[2:]) if line.startswith("* ") else None
        if found is None or found.id != edit.action:
            continue
        if edit.field == "text":
            found = replace(found, text=edit.value)
        elif edit.field == "due":
            found = replace(found, due=edit.value)
        elif edit.summary:
            found = replace(found, remark=edit.value)
        else:  # under its owner: the line moves to that person's heading, a heading of its own
            lines[index] = ""
            return "\n".join(lines).replace("\n== Earlier", f"\n=== {edit.value} ===\n* {write(found)}\n\n== Earlier")
        lines[index] = "* " + write(found)
    return "\n".join(lines)


def apply_line(text: str, edit: LineEdit) -> tuple[str, str | None, str | None]:
    """The page with one line edited: (text, the line now there, the line now gone)."""
    lines = text.split("\n")
    summary = [i for i, line in enumerate(lines) if line.startswith("* '''") and "'''ACTION'''" not in line][:4]
    summary = [i for i in summary if lines.count(lines[i]) == 1 and i < lines.index("== Action items, by person ==")]
    if edit.kind == "paragraph" or not summary:
        at = edit.at % len(lines)
        added = f"Note {edit.text.strip()}."
        return "\n".join([*lines[: at + 1], added, *lines[at + 1 :]]), added, None
    at = summary[edit.at % len(summary)]
    gone = lines[at]
    if edit.kind == "delete":
        return "\n".join(lines[:at] + lines[at + 1 :]), None, gone
    lines[at] = f"{gone} {edit.text.strip()}!".rstrip()
    return "\n".join(lines), lines[at], gone


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(field_edits, max_size=4, unique_by=lambda e: (e.action, e.field)), st.lists(line_edits, max_size=3),
       yaml_edits)  # fmt: skip
def test_every_hand_edit_lands_or_is_a_recorded_conflict_and_a_second_publish_is_a_no_op(
    fields: list[FieldEdit], lines: list[LineEdit], owners: dict[str, str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        agenda = Path(folder) / "xen-4.4-hackathon.yaml"
        shutil.copy(EXAMPLES / "xen-4.4-hackathon.yaml", agenda)
        wiki, store = MemoryWiki(), StateStore(Path(folder) / "state.sqlite3")
        sync_wiki(agenda, wiki, store)
        publish_minutes(agenda, meeting(), wiki, store)

        text = wiki.read([MINUTES_PAGE])[MINUTES_PAGE].text or ""
        for edit in fields:
            text = apply_field(text, edit)
        there: list[str] = []
        gone: list[str] = []
        for line_edit in lines:
            text, added, removed = apply_line(text, line_edit)
            there = [line for line in there if line != removed] + ([added] if added else [])
            gone += [removed] if removed else []
        wiki.human_edit(MINUTES_PAGE, text)
        people = Owners(load_agenda(agenda).people)
        before = {action.id: action.owner for action in load_agenda(agenda).actions}
        organised = {
            i: people.named(owner).person for i, owner in owners.items() if people.named(owner).person != before[i]
        }
        with edit_agenda(agenda) as document:
            for action_id, owner in owners.items():
                entry_with_id(document, "actions", action_id)["owner"] = owner

        publish_minutes(agenda, meeting(), wiki, store)
        conflicts = {conflict.key for conflict in store.conflicts(EVENT)}
        actions = {action.id: action for action in load_agenda(agenda).actions}
        for edit in fields:
            key = f"{'action' if edit.summary else 'by-person'}/{edit.action}/{edit.field}"
            now = {"text": actions[edit.action].text, "owner": actions[edit.action].owner,
                   "due": str(actions[edit.action].due)}[edit.field]  # fmt: skip
            wanted = {"text": " ".join(plain_text(edit.value).split()), "owner": people.named(edit.value).person,
                      "due": edit.value}[edit.field]  # fmt: skip
            if edit.field == "owner" and edit.action in organised:
                assert now == organised[edit.action]  # the YAML wins
                assert now == wanted or key in conflicts
            else:
                assert now == wanted or key in conflicts, (edit, now, conflicts)
        page = wiki.read([MINUTES_PAGE])[MINUTES_PAGE].text or ""
        assert all(line in page.split("\n") for line in there)
        assert not any(line in page.split("\n") for line in gone if line not in there)

        yaml, edits = agenda.read_text(), wiki.edits
        again = publish_minutes(agenda, meeting(), wiki, store)
        assert (again.saved, again.corrections, agenda.read_text(), wiki.edits) == (False, [], yaml, edits)
