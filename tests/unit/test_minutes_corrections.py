"""Scribes correct minutes pages by hand: Lars fixes an owner, a due date, an action's text and a
typo in a decision, and adds a paragraph; the minutes are published again, and nothing he wrote is
lost: his corrections of action items are in the YAML, the rest stays on the page as he left it,
and what the organisers changed in the YAML at the same time wins as a recorded conflict
(in-memory wiki; the real one: integration/test_minutes_corrections_real.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.agenda.tree import entry_with_id
from bot.agenda.write import edit_agenda
from bot.errors import EditConflict
from bot.minutes.merge import MinutesPageEmptied
from bot.minutes.model import Item, ItemKind, Minutes
from bot.minutes.publish import publish_minutes
from bot.model import ActionItem, ActionStatus
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.memory import MemoryWiki
from bot.wiki.port import Saved
from tests.unit.test_minutes_publish import MINUTES_PAGE, agenda, retrospective

__all__ = ["agenda"]  # a fixture

EVENT = "xen-4-4-hackathon"
OWNER = ("(Ian Campbell; due 2013-06-14)", "(Ian Jackson; due 2013-06-14)")  # A6 is Ian Jackson's
PROPOSAL = "Write up a proposal for the beginning of the 4.4 release cycle"
DUE = (f"{PROPOSAL} <small>(due 2013-06-28)", f"{PROPOSAL} <small>(due 2013-07-05)")  # under George's name
TEXT = ("A7 Ask XenClient about PCI passthrough", "A7 Ask XenClient about PCI passthrough and SR-IOV")
TYPO = ("We shoud try patchwork", "We should try patchwork")
PARAGRAPH = (
    "* '''INFO''': Some patches were lost <small>(Lars)</small>\n",
    "* '''INFO''': Some patches were lost <small>(Lars)</small>\nLars keeps a list of them on his laptop.\n",
)
SECTION = (
    "\n== Earlier action items closed ==",
    "\n== Photos ==\n[[File:Whiteboard.jpg]]\n\n== Earlier action items closed ==",
)
EVERY_CORRECTION = (OWNER, DUE, TEXT, TYPO, PARAGRAPH, SECTION)


@pytest.fixture
def wiki(agenda: Path, store: StateStore) -> MemoryWiki:
    """The event page published, then the retrospective's minutes."""
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    publish_minutes(agenda, meeting(), wiki, store)
    return wiki


def meeting(*more: Item) -> Minutes:
    """The retrospective, with a decision Lars typed in a hurry."""
    minutes = retrospective()
    return replace(minutes, items=(*minutes.items, Item("I2", ItemKind.AGREED, "We shoud try patchwork", "T1"), *more))


def page(wiki: MemoryWiki, title: str = MINUTES_PAGE) -> str:
    return wiki.read([title])[title].text or ""


def correct(wiki: MemoryWiki, *replacements: tuple[str, str], user: str = "Lars") -> None:
    """Lars edits the minutes page by hand."""
    text = page(wiki)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    wiki.human_edit(MINUTES_PAGE, text, user)


def actions(agenda: Path) -> dict[str, ActionItem]:
    return {action.id: action for action in load_agenda(agenda).actions}


def assert_every_correction_is_kept(agenda: Path, wiki: MemoryWiki) -> None:
    text = page(wiki)
    for _, new in (TEXT, TYPO, PARAGRAPH, SECTION):
        assert new in text
    assert "=== Ian Jackson ===\n* '''A6''' Trial patchwork for a month <small>(due 2013-06-14)</small>" in text
    assert "* '''ACTION''': A6 Trial patchwork for a month <small>(Ian Jackson; due 2013-06-14)</small>" in text
    assert "=== Ian Campbell ===" not in text
    assert "(George Dunlap; due 2013-07-05)" in text
    known = actions(agenda)
    assert known["A6"].owner == "iwj"
    assert known["A1"].due == date(2013, 7, 5)
    assert known["A7"].text == "Ask XenClient about PCI passthrough and SR-IOV"


def test_every_correction_survives_publishing_the_same_minutes_again(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    correct(wiki, *EVERY_CORRECTION)
    report = publish_minutes(agenda, meeting(), wiki, store)
    assert report.added == []  # A7 is still A7, though its text is not the meeting's any more
    assert sorted(report.corrections) == [
        "action item A1: due '2013-07-05' (from the minutes page)",
        "action item A6: owner 'Ian Jackson' (from the minutes page)",
        "action item A7: text 'Ask XenClient about PCI passthrough and SR-IOV' (from the minutes page)",
    ]
    assert_every_correction_is_kept(agenda, wiki)
    assert store.conflicts(EVENT) == []
    yaml, edits = agenda.read_text(), wiki.edits
    again = publish_minutes(agenda, meeting(), wiki, store)
    assert (again.saved, again.corrections, agenda.read_text(), wiki.edits) == (False, [], yaml, edits)


def test_minutes_with_one_more_action_keep_every_correction(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    correct(wiki, *EVERY_CORRECTION)
    report = publish_minutes(agenda, meeting(Item("A9", ItemKind.ACTION, "Book a room for 4.5", "T1")), wiki, store)
    assert report.added == ["A9"]
    assert report.saved
    assert_every_correction_is_kept(agenda, wiki)
    text = page(wiki)
    assert "* '''AGREED''': We should try patchwork\n* '''ACTION''': A9 Book a room for 4.5" in text
    assert "\n\n=== Unassigned ===\n* '''A9''' Book a room for 4.5 <small>(nobody named)</small>\n" in text
    assert [a.id for a in load_agenda(agenda).actions].count("A7") == 1
    assert wiki.revisions(MINUTES_PAGE)[-1].user == "SummitBot"


def test_a_chat_meeting_replayed_under_new_ids_is_still_the_same_actions(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    correct(wiki, TEXT)
    replayed = meeting()
    renumbered = {"A5": "A12", "A6": "A13", "A7": "A14"}  # replayed after the first publish: the next free ids
    items = tuple(replace(item, id=renumbered.get(item.id, item.id)) for item in replayed.items)
    report = publish_minutes(agenda, replace(replayed, items=items), wiki, store)
    assert report.added == []
    assert report.ids == {"A12": "A1", "A13": "A6", "A14": "A7"}
    assert actions(agenda)["A7"].text == "Ask XenClient about PCI passthrough and SR-IOV"


def test_a_change_on_both_sides_is_a_conflict_and_the_yaml_wins(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    correct(wiki, OWNER, TYPO)
    with edit_agenda(agenda) as document:
        entry_with_id(document, "actions", "A6")["owner"] = "lars"
    report = publish_minutes(agenda, meeting(), wiki, store)
    assert report.new_conflicts == 1
    [conflict] = store.conflicts(EVENT)
    assert (conflict.target, conflict.key) == (f"wiki:{MINUTES_PAGE}", "action/A6/owner")
    assert (conflict.base, conflict.agenda, conflict.other) == ("Ian Campbell", "Lars Kurth", "Ian Jackson")
    assert actions(agenda)["A6"].owner == "lars"
    text = page(wiki)
    assert "A6 Trial patchwork for a month <small>(Lars Kurth; due 2013-06-14)</small>" in text
    assert TYPO[1] in text  # the rest of his edit stays


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("(Ian Campbell; due 2013-06-14)", "(Ian; due 2013-06-14)", "action/A6/owner"),  # which Ian?
        ("(Ian Campbell; due 2013-06-14)", "(Bob Nobody; due 2013-06-14)", "action/A6/owner"),
        ("(Ian Campbell; due 2013-06-14)", "(Ian Campbell; due mid-June)", "action/A6/due"),
        (
            "=== Ian Campbell ===\n* '''A6''' Trial patchwork for a month",
            "=== Ian Campbell ===\n* '''A6'''",
            "by-person/A6/text",
        ),
    ],
)
def test_a_correction_the_agenda_cannot_take_is_a_conflict(
    agenda: Path, wiki: MemoryWiki, store: StateStore, old: str, new: str, key: str
) -> None:
    yaml = agenda.read_text()
    correct(wiki, (old, new))
    report = publish_minutes(agenda, meeting(), wiki, store)
    assert [conflict.key for conflict in store.conflicts(EVENT)] == [key]
    assert report.new_conflicts == 1
    assert agenda.read_text() == yaml
    assert old in page(wiki)  # the agenda's value is back; the page's is in the conflict


def test_removing_an_action_line_is_a_conflict_and_the_line_comes_back(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    line = "* '''A6''' Trial patchwork for a month <small>(written 'Ian Campell'; due 2013-06-14)</small>\n"
    correct(wiki, (line, ""))
    publish_minutes(agenda, meeting(), wiki, store)
    assert [conflict.key for conflict in store.conflicts(EVENT)] == ["by-person/A6"]
    assert line in page(wiki)
    assert actions(agenda)["A6"].status is ActionStatus.OPEN


def test_a_change_of_markup_alone_in_an_action_line_is_a_conflict(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    correct(wiki, ("A6 Trial patchwork for a month", "A6 Trial [[patchwork]] for a month"))
    publish_minutes(agenda, meeting(), wiki, store)
    [conflict] = store.conflicts(EVENT)
    assert conflict.key == "action/A6/line"
    assert conflict.other is not None
    assert "[[patchwork]]" in conflict.other


def test_deleting_a_line_of_the_summary_stays_deleted(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    correct(wiki, ("* '''AGREED''': We shoud try patchwork\n", ""))
    publish_minutes(agenda, meeting(), wiki, store)
    assert "try patchwork" not in page(wiki)
    assert store.conflicts(EVENT) == []


def test_a_blanked_minutes_page_is_not_believed(agenda: Path, wiki: MemoryWiki, store: StateStore) -> None:
    yaml = agenda.read_text()
    wiki.human_edit(MINUTES_PAGE, "lol")
    with pytest.raises(MinutesPageEmptied):
        publish_minutes(agenda, meeting(), wiki, store)
    assert agenda.read_text() == yaml
    assert page(wiki) == "lol"


class RacingWiki(MemoryWiki):
    """A wiki where Bob saves the minutes page just before the bot's first save lands."""

    def __init__(self, edit: tuple[str, str]) -> None:
        super().__init__()
        self.race: tuple[str, str] | None = edit
        self.conflicts = 0

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        if self.race is not None and title == MINUTES_PAGE:
            old, new = self.race
            self.race = None
            self.human_edit(title, page(self, title).replace(old, new), "Bob")
        try:
            return super().edit(title, text, base_revision=base_revision, summary=summary)
        except EditConflict:
            self.conflicts += 1
            raise


def test_a_publish_that_races_a_human_save_never_overwrites_it(agenda: Path, store: StateStore) -> None:
    wiki = RacingWiki(OWNER)
    sync_wiki(agenda, wiki, store)
    wiki.race = None
    publish_minutes(agenda, meeting(), wiki, store)
    wiki.race = TYPO
    report = publish_minutes(agenda, meeting(Item("A9", ItemKind.ACTION, "Book a room for 4.5", "T1")), wiki, store)
    assert wiki.conflicts == 1  # the bot's first save was refused; it read Bob's revision and merged again
    assert report.saved
    assert TYPO[1] in page(wiki)
    assert "A9 Book a room for 4.5" in page(wiki)
    assert [revision.user for revision in wiki.revisions(MINUTES_PAGE)][-2:] == ["Bob", "SummitBot"]
