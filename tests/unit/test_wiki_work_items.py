"""The "Work items" section of the event page: who volunteered for what, published from the agenda
only. A volunteer from chat shows up there; a hand edit of the section is overwritten, not read
back into the YAML.
"""

from __future__ import annotations

from pathlib import Path

from bot.agenda import chat_edits
from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.facts import is_one_way
from bot.wiki.memory import MemoryWiki
from bot.wiki.page import Role, read_page
from bot.wiki.render import render_page
from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.unit.agenda_text import load

COOP = "uml-64bit-coop.yaml"
TITLE = "UML 64-bit co-op"

HOSTILE = """\
event:
  id: hostile
  title: Hostile
  timezone: UTC
attendees:
  - "Mallory {{Delete}}, [[User:Eve|Eve]] ~~~~"
work_items:
  - id: evil
    title: "[[Evil]] {{tmpl}} <script>alert(1)</script> ''bold'' __NOTOC__"
    volunteers: ["Mallory {{Delete}}, [[User:Eve|Eve]] ~~~~"]
    status: done
  - id: plain
    title: "* Not a list | {| not a table"
"""


def work_items_section(page: str) -> str:
    [section] = [section for section in read_page(page) if section.role is Role.WORK_ITEMS]
    return section.heading + "".join(chunk.text for chunk in section.chunks)


def test_the_coop_page_lists_work_items_with_their_volunteers_and_status() -> None:
    page = render_page(load_agenda(EXAMPLES / COOP))
    section = work_items_section(page)
    assert section.startswith("== Work items ==\n* Documentation (Jonas Meyer)\n")
    assert "* Hardware setup and maintenance (Brian Maples, Matthew Bloch)\n" in section
    assert "* Bug reporting\n" in section  # nobody yet: just the title
    assert "* Team communication (William Stearns) <small>(in progress)</small>\n" in section  # "Bill" by name
    assert page.index("== Agenda ==") < page.index("== Work items ==") < page.index("== Open action items ==")


def test_an_agenda_without_work_items_has_no_such_section() -> None:
    assert "Work items" not in render_page(load_agenda(EXAMPLES / MINI_SUMMIT))


def test_hostile_titles_and_names_show_as_typed_and_never_as_markup() -> None:
    section = work_items_section(render_page(load(HOSTILE)))
    for markup in ("[[", "{{", "<script", "''", "__NOTOC__", "~~~~", "{|", "\n* *", "|"):
        assert markup not in section.removeprefix("== Work items ==\n")
    shown = [chunk.value for chunk in read_page(section)[-1].chunks if chunk.key]  # as the wiki shows them
    assert shown == [
        "[[Evil]] {{tmpl}} <script>alert(1)</script> ''bold'' __NOTOC__ "
        "(Mallory {{Delete}}, [[User:Eve|Eve]] ~~~~) (done)",
        "* Not a list | {| not a table",
    ]


def test_a_volunteer_from_chat_reaches_the_page(agendas: Path, tmp_path: Path) -> None:
    agenda, wiki, store = agendas / COOP, MemoryWiki(), StateStore(tmp_path / "state.sqlite3")
    sync_wiki(agenda, wiki, store)
    with edit_agenda(agenda) as document:
        assert chat_edits.volunteer(document, "finances", "Bill")
    report = sync_wiki(agenda, wiki, store)
    assert report.edited
    assert report.summary == "work-items updated"
    assert "* Finances (William Stearns)\n" in page_text(wiki)


def test_a_hand_edit_of_the_work_items_is_overwritten_and_recorded(agendas: Path, tmp_path: Path) -> None:
    agenda, wiki, store = agendas / COOP, MemoryWiki(), StateStore(tmp_path / "state.sqlite3")
    sync_wiki(agenda, wiki, store)
    before = agenda.read_text()
    edited = page_text(wiki).replace("* Documentation (Jonas Meyer)\n", "* Documentation (Mallory)\n* Free beer\n")
    wiki.human_edit(TITLE, edited)
    report = sync_wiki(agenda, wiki, store)
    assert agenda.read_text() == before  # nothing the section says is read into the YAML
    assert "* Documentation (Jonas Meyer)\n" in page_text(wiki)
    assert "Mallory" not in page_text(wiki)
    assert "Free beer" not in page_text(wiki)
    assert report.new_conflicts == 1
    [conflict] = store.conflicts("uml-64bit-coop")
    assert conflict.key == "work-items"
    assert conflict.other is not None
    assert "Documentation (Mallory)" in conflict.other
    assert is_one_way("work-items")


def page_text(wiki: MemoryWiki) -> str:
    text = wiki.read([TITLE])[TITLE].text
    assert text is not None
    return text
