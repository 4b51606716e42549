"""Hand corrections of a minutes page against a real MediaWiki, through the real command line.

Lars's notes of the 4.3 retrospective are published; Alice corrects the minutes page as scribes
do (George's action is Lars's, due a week later, worded better; "aLL agreed" is "all agreed"; a
paragraph of her own); the organiser publishes the notes again, with one more action, and runs
`summitbot sync`: every word Alice wrote is still on the page, her corrections of the action item
are in the YAML, and what the organiser changed in the YAML at the same time wins, recorded as a
conflict. A publish that races Bob's save reads his revision and merges it; it never overwrites it.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agenda.load import load_agenda
from bot.agenda.tree import entry_with_id
from bot.agenda.write import edit_agenda
from bot.errors import EditConflict
from bot.minutes.model import Item, ItemKind
from bot.minutes.publish import publish_minutes
from bot.model import ActionItem
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.mediawiki import MediaWiki
from bot.wiki.port import Saved
from tests.conftest import EXAMPLES, ROOT
from tests.fixtures.mediawiki import LocalWiki
from tests.integration.test_minutes_real import Run, agenda, summitbot
from tests.integration.test_wiki_sync_real import page_text
from tests.unit.test_minutes_corrections import meeting
from tests.unit.test_minutes_corrections_property import (
    FieldEdit,
    LineEdit,
    apply_field,
    apply_line,
    field_edits,
    line_edits,
)

__all__ = ["agenda", "summitbot"]  # fixtures
NOTES = ROOT / "tests" / "fixtures" / "minutes" / "xen-hackathon-minutes.txt"
SESSION = "retrospective-4-3"
GEORGES = "George write up a proposal for the beginning of the 4.4 release cycle"
BETTER = "Write up a proposal for 4.4"
ONE_MORE = "> [ACTION]: Matt Wilson ask XenClient about PCI passthrough\n"
VISION = "* '''INFO''': Set a vision for interesting features\n"
ALICES = "Alice: the roadmap page is [[Xen Roadmap]].\n"


@pytest.fixture
def notes(agenda: Path, summitbot: Run, tmp_path: Path) -> Path:
    """The event page synced and Lars's notes published; the notes' file."""
    path = tmp_path / "notes.txt"
    shutil.copy(NOTES, path)
    assert summitbot("sync", agenda).returncode == 0
    publish(summitbot, agenda, path)
    return path


def publish(summitbot: Run, agenda: Path, notes: Path) -> subprocess.CompletedProcess[str]:
    done = summitbot("minutes", notes, "--agenda", agenda, "--publish", "--session", SESSION, "--date", "2013-05-15")
    assert done.returncode == 0, done.stderr
    return done


def minutes_title(agenda: Path) -> str:
    [session] = [s for s in load_agenda(agenda).sessions if s.id == SESSION]
    assert session.minutes is not None
    return session.minutes


def georges(agenda: Path) -> ActionItem:
    """The action of the notes (the agenda's A1 came from elsewhere)."""
    title = minutes_title(agenda)
    [action] = [a for a in load_agenda(agenda).actions if a.source.minutes == title and a.id != "A1"]
    return action


def alice_corrects(local_wiki: LocalWiki, title: str, *replacements: tuple[str, str]) -> None:
    text = page_text(local_wiki, title)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    local_wiki.human_edit("Alice", title, text)


def owner_and_text(action_id: str) -> tuple[str, str]:
    return f"{action_id} {GEORGES} <small>(George Dunlap;", f"{action_id} {BETTER} <small>(Lars Kurth;"


DUE = ("<small>(due 2013-05-29)</small>", "<small>(due 2013-06-05)</small>")  # the line under George's name
TYPO = ("We aLL agreed", "We all agreed")
PARAGRAPH = (VISION, VISION + ALICES)


def assert_alice_is_kept(local_wiki: LocalWiki, agenda: Path, action: ActionItem) -> None:
    text = page_text(local_wiki, minutes_title(agenda))
    assert "We all agreed, that a release cycle" in text
    assert VISION + ALICES in text
    assert f"{action.id} {BETTER} <small>(Lars Kurth; due 2013-06-05)</small>" in text
    assert f"=== Lars Kurth ===\n* '''{action.id}''' {BETTER} <small>(due 2013-06-05)</small>" in text
    now = next(a for a in load_agenda(agenda).actions if a.id == action.id)
    assert (now.owner, now.due, now.text) == ("lars", date(2013, 6, 5), BETTER)


def test_hand_corrections_survive_publishing_the_notes_again(
    agenda: Path, notes: Path, summitbot: Run, local_wiki: LocalWiki
) -> None:
    action, title = georges(agenda), minutes_title(agenda)
    alice_corrects(local_wiki, title, owner_and_text(action.id), DUE, TYPO, PARAGRAPH)
    again = publish(summitbot, agenda, notes)
    assert_alice_is_kept(local_wiki, agenda, action)
    assert f"action item {action.id}: owner 'Lars Kurth' (from the minutes page)" in again.stderr
    assert [r["user"] for r in local_wiki.revisions(title)] == ["SummitBot", "Alice", "SummitBot"]
    assert summitbot("conflicts", agenda).stdout.strip().endswith("no conflicts")

    yaml, revisions = agenda.read_text(), local_wiki.revision_count(title)
    once_more = publish(summitbot, agenda, notes)
    assert "already up to date" in once_more.stderr
    assert (agenda.read_text(), local_wiki.revision_count(title)) == (yaml, revisions)


def test_notes_with_one_more_action_keep_the_corrections(
    agenda: Path, notes: Path, summitbot: Run, local_wiki: LocalWiki
) -> None:
    action, title = georges(agenda), minutes_title(agenda)
    alice_corrects(local_wiki, title, owner_and_text(action.id), DUE, TYPO, PARAGRAPH)
    text = notes.read_text()
    notes.write_text(text.replace("> cycle\n>\n> = 4.4 Content =", f"> cycle\n{ONE_MORE}>\n> = 4.4 Content ="))
    publish(summitbot, agenda, notes)
    assert_alice_is_kept(local_wiki, agenda, action)
    [new] = [a for a in load_agenda(agenda).actions if a.text.startswith("Matt Wilson ask XenClient")]
    assert new.owner == "msw"
    assert f"=== Matt Wilson ===\n* '''{new.id}''' Matt Wilson ask XenClient" in page_text(local_wiki, title)
    assert len([a for a in load_agenda(agenda).actions if a.id == action.id]) == 1


def test_a_change_on_both_sides_is_a_conflict_the_yaml_wins(
    agenda: Path, notes: Path, summitbot: Run, local_wiki: LocalWiki
) -> None:
    action, title = georges(agenda), minutes_title(agenda)
    alice_corrects(local_wiki, title, owner_and_text(action.id), TYPO)
    with edit_agenda(agenda) as document:
        entry_with_id(document, "actions", action.id)["owner"] = "matt"
    again = publish(summitbot, agenda, notes)
    assert georges(agenda).owner == "msw"
    text = page_text(local_wiki, title)
    assert f"{action.id} {BETTER} <small>(Matt Wilson; due 2013-05-29)</small>" in text  # her text did land
    assert "We all agreed" in text
    conflicts = summitbot("conflicts", agenda).stdout
    assert f"wiki:{title}  action/{action.id}/owner" in conflicts
    assert "agenda (kept): 'Matt Wilson'" in conflicts
    assert "wiki (not applied): 'Lars Kurth'" in conflicts
    assert "1 new conflict(s) with the minutes page" in again.stderr


def test_sync_brings_a_correction_to_the_event_page_in_the_same_run(
    agenda: Path, notes: Path, summitbot: Run, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    action, title = georges(agenda), minutes_title(agenda)
    alice_corrects(local_wiki, title, owner_and_text(action.id))
    done = summitbot("sync", agenda)
    assert done.returncode == 0, done.stderr
    assert f"* '''{action.id}''' Lars Kurth: {BETTER}" in page_text(local_wiki, wiki_page_title)
    assert f"{agenda} <-> {title}\n  agenda: action item {action.id}: owner 'Lars Kurth'" in done.stdout
    revisions = local_wiki.revision_count(title), local_wiki.revision_count(wiki_page_title)
    assert summitbot("sync", agenda).returncode == 0
    assert (local_wiki.revision_count(title), local_wiki.revision_count(wiki_page_title)) == revisions


class RacingWiki(MediaWiki):
    """The bot's wiki, where Bob saves the minutes page just before the bot's next save lands."""

    def __init__(self, local_wiki: LocalWiki) -> None:
        super().__init__(local_wiki.bot_account, user_agent="summitbot-tests")
        self.local_wiki = local_wiki
        self.race: tuple[str, str] | None = None  # what Bob changes
        self.saves: list[str] = []

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        if self.race is not None and "/Minutes/" in title:
            old, new = self.race
            self.race = None
            bobs = page_text(self.local_wiki, title)
            assert old in bobs, old
            self.local_wiki.human_edit("Bob", title, bobs.replace(old, new, 1))
        try:
            saved = super().edit(title, text, base_revision=base_revision, summary=summary)
        except EditConflict:
            self.saves.append("refused")
            raise
        self.saves.append("merged by MediaWiki" if saved.merged else "saved")
        return saved


@pytest.mark.parametrize(
    ("bobs", "saves"),
    [
        (("'''Chairs:''' George", "'''Chairs:''' George Dunlap"), ["merged by MediaWiki", "saved"]),  # far away
        (("We shoud try patchwork", "We should try patchwork"), ["refused", "saved"]),  # next to the bot's line
    ],
)
def test_a_publish_that_races_a_human_save_never_overwrites_it(
    agenda: Path, local_wiki: LocalWiki, tmp_path: Path, bobs: tuple[str, str], saves: list[str]
) -> None:
    store, wiki = StateStore(tmp_path / "state.sqlite3"), RacingWiki(local_wiki)
    sync_wiki(agenda, wiki, store)
    title = publish_minutes(agenda, meeting(), wiki, store).page
    wiki.race, wiki.saves = bobs, []
    report = publish_minutes(agenda, meeting(Item("A9", ItemKind.ACTION, "Book a room for 4.5", "T1")), wiki, store)
    assert report.saved
    assert wiki.saves[0] == saves[0]  # the bot learnt of Bob's revision, read it and merged it again
    text = page_text(local_wiki, title)
    assert bobs[1] in text
    assert "* '''ACTION''': A9 Book a room for 4.5" in text
    assert "Bob" in [revision["user"] for revision in local_wiki.revisions(title)]


_pages = itertools.count(1)
QUICK = settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))  # a real wiki: a few


@QUICK
@given(st.lists(field_edits, max_size=3, unique_by=lambda e: (e.action, e.field)), st.lists(line_edits, max_size=2))
def test_hand_edits_land_or_are_conflicts_on_a_real_wiki(
    local_wiki: LocalWiki, wiki_page_title: str, fields: list[FieldEdit], lines: list[LineEdit]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        agenda = Path(folder) / "xen-4.4-hackathon.yaml"
        text = (EXAMPLES / "xen-4.4-hackathon.yaml").read_text()
        agenda.write_text(text.replace("page: Xen 4.4 Hackathon", f"page: {wiki_page_title} {next(_pages)}"))
        wiki, store = MediaWiki(local_wiki.bot_account, user_agent="summitbot-tests"), StateStore(Path(folder) / "s")
        sync_wiki(agenda, wiki, store)
        title = publish_minutes(agenda, meeting(), wiki, store).page
        edited = page_text(local_wiki, title)
        for edit in fields:
            edited = apply_field(edited, edit)
        for line_edit in lines:
            edited = apply_line(edited, line_edit)[0]
        local_wiki.human_edit("Alice", title, edited)

        publish_minutes(agenda, meeting(), wiki, store)
        conflicts = {conflict.key for conflict in store.conflicts(load_agenda(agenda).event.id)}
        actions = {action.id: action for action in load_agenda(agenda).actions}
        for edit in fields:
            key = f"{'action' if edit.summary else 'by-person'}/{edit.action}/{edit.field}"
            shown = {"text": actions[edit.action].text, "due": str(actions[edit.action].due)}.get(edit.field)
            assert edit.field == "owner" or shown == " ".join(edit.value.split()) or key in conflicts
        page, revisions = page_text(local_wiki, title), local_wiki.revision_count(title)
        again = publish_minutes(agenda, meeting(), wiki, store)
        assert (again.saved, local_wiki.revision_count(title), page_text(local_wiki, title)) == (False, revisions, page)
