"""The roadmap page, `<event page>/Roadmap`: rendered from the agenda, escaped, and published one
way by every sync (one read, and an edit only when the text differs)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import wikitextparser

from bot.agenda.load import load_agenda
from bot.errors import WikiUnavailable
from bot.sync.agenda_sync import Targets, sync_agenda
from bot.sync.state import StateStore
from bot.sync.wiki_sync import agenda_facts
from bot.wiki.escape import plain_text
from bot.wiki.memory import MemoryWiki
from bot.wiki.port import Page
from bot.wiki.render import render_page
from bot.wiki.roadmap_page import render_roadmap, roadmap_title
from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.unit.agenda_text import load

XEN = "xen-4.4-hackathon.yaml"
ROADMAP = "Xen 4.4 Hackathon/Roadmap"
HOSTILE_TITLE = "[[x]] {{y}} <s>"
HOSTILE_ITEM = "[[x]] {{y}} <s> | || !! ~~~~ '''b''' __NOTOC__"

HOSTILE = """\
event:
  id: hostile
  title: Hostile
  timezone: UTC
people:
  - {name: "Eve <s>x</s> [[User:Eve]]", id: eve}
  - {name: Ed Wildgoose, aliases: [Ed W]}
roadmap:
  - id: r2
    title: "== Not a heading =="
    date: 2021-06-01
    items:
      - title: "* starts a list"
    pledges:
      - {who: Ed W, amount: 99.5, currency: USD}
  - id: r1
    title: "[[x]] {{y}} <s>"
    date: 2020-01-01
    items:
      - title: "[[x]] {{y}} <s> | || !! ~~~~ '''b''' __NOTOC__"
        owner: eve
      - {title: "* starts a list", status: slipped, slipped_to: r2}
    pledges:
      - {who: eve, amount: 1000, currency: EUR, note: "{{subst:x}} [[Category:Y]]"}
      - {who: Ed W, amount: 250.5, currency: EUR}
      - {who: Ed W, amount: 100, currency: USD}
  - id: r3
    title: Someday
    kind: milestone
"""


def test_each_milestone_in_date_order_with_its_items_and_where_slipped_ones_went() -> None:
    text = render_roadmap(load_agenda(EXAMPLES / XEN))

    assert text.startswith("''This roadmap is written by summitbot from the agenda of [[Xen 4.4 Hackathon]]")
    assert "replaced at the next sync; it is not lost, it stays in the page history" in text
    assert text.index('== <span id="4.3"></span>Xen 4.3 (release, 9 July 2013) ==') < text.index(
        '== <span id="4.4"></span>Xen 4.4 (release, no date yet) =='
    )
    assert "| NUMA-aware scheduling || — || '''landed'''\n" in text
    assert "| PVH || Konrad Rzeszutek Wilk || slipped to [[#4.4|Xen 4.4]] (planned there)\n" in text
    assert "| QEMU stubdomain || — || planned <small>(slipped here from [[#4.3|Xen 4.3]])</small>\n" in text
    assert "4 items: 2 landed, 2 slipped." in text


def test_hostile_titles_show_as_typed_and_never_as_markup() -> None:
    text = render_roadmap(load(HOSTILE))
    page = wikitextparser.parse(text)

    for markup in ("[[x]]", "{{y}}", "<s>", "{{subst:x}}", "[[Category:Y]]", "~~~~", "'''b'''", "__NOTOC__"):
        assert markup not in text
    assert [section.level for section in page.sections[1:]] == [2, 3, 2, 3, 2, 2]
    headings = [plain_text(section.title or "") for section in page.sections if section.level == 2]
    assert headings[:3] == [
        f"{HOSTILE_TITLE} (release, 1 January 2020)",
        "== Not a heading == (release, 1 June 2021)",
        "Someday (milestone, no date yet)",
    ]
    rows = page.tables[0].data()
    assert [plain_text(cell) for cell in rows[1]] == [HOSTILE_ITEM, "Eve <s>x</s> [[User:Eve]]", "planned"]
    assert [plain_text(cell) for cell in rows[2]] == [
        "* starts a list",
        "—",
        "slipped to == Not a heading == (planned there)",
    ]
    assert (
        "* Eve &lt;s>x&lt;/s> &#91;&#91;User&#58;Eve&#93;&#93;: 1,000 EUR – &#123;&#123;subst&#58;x&#125;&#125;" in text
    )


def test_pledges_are_added_up_per_currency_and_in_all() -> None:
    text = render_roadmap(load(HOSTILE))

    assert "'''Total:''' 1,250.50 EUR; 100 USD\n" in text
    assert "'''Total:''' 99.50 USD\n" in text
    assert text.endswith("== Pledged in all ==\n1,250.50 EUR; 199.50 USD\n")
    assert "== Someday (milestone, no date yet) ==\nNo items yet.\n" in text.replace('<span id="r3"></span>', "")


def test_one_milestone_with_pledges_has_no_grand_total() -> None:
    text = render_roadmap(load_agenda(EXAMPLES / "uml-64bit-coop.yaml"))
    assert "* Ed Wildgoose: 1,000 EUR – 50% up front, 50% in arrears\n'''Total:''' 1,000 EUR\n" in text
    assert "Pledged in all" not in text


def test_the_event_page_links_to_the_roadmap_without_a_new_fact() -> None:
    agenda = load_agenda(EXAMPLES / XEN)
    page = render_page(agenda)
    link = "* [[Xen 4.4 Hackathon/Roadmap|Roadmap]]: what each release is to hold, what landed and what slipped"

    assert link in page
    assert agenda_facts(agenda, page) == agenda_facts(agenda, "\n".join(
        line for line in page.splitlines() if not line.startswith(link)
    ))  # fmt: skip
    assert "Roadmap" not in render_page(load_agenda(EXAMPLES / MINI_SUMMIT))


@pytest.fixture
def xen(agendas: Path) -> Path:
    return agendas / XEN


def roadmap_text(wiki: MemoryWiki) -> str:
    return wiki.read([ROADMAP])[ROADMAP].text or ""


def test_a_sync_publishes_the_roadmap_then_a_second_sync_makes_no_edit(xen: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    first = sync_agenda(xen, Targets(wiki, None), store)

    assert first.ok
    assert (first.roadmap_page, first.roadmap_saved) == (ROADMAP, True)
    [revision] = wiki.revisions(ROADMAP)
    assert revision.summary == (
        "summitbot: publish the roadmap of Xen 4.4 Hackathon from its agenda (4.3: 2 landed, 2 slipped; 4.4: 3 planned)"
    )
    assert revision.text == render_roadmap(load_agenda(xen)).rstrip("\n")

    edits = wiki.edits
    second = sync_agenda(xen, Targets(wiki, None), store)
    assert second.ok
    assert (second.roadmap_saved, wiki.edits) == (False, edits)


def test_a_changed_status_is_one_edit_of_the_roadmap_only(xen: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    sync_agenda(xen, Targets(wiki, None), store)
    event_revisions = len(wiki.revisions("Xen 4.4 Hackathon"))
    gpu = "        status: planned\n      - id: qemu-stubdom"  # the status of GPU passthrough, the item before
    xen.write_text(xen.read_text().replace(gpu, gpu.replace("planned", "in-progress")))

    result = sync_agenda(xen, Targets(wiki, None), store)

    assert result.ok, result.errors
    assert result.roadmap_saved
    assert len(wiki.revisions(ROADMAP)) == 2
    assert len(wiki.revisions("Xen 4.4 Hackathon")) == event_revisions
    assert "| GPU passthrough || — || in progress\n" in roadmap_text(wiki) + "\n"
    assert wiki.revisions(ROADMAP)[-1].summary.startswith("summitbot: update the roadmap of Xen 4.4 Hackathon")


def test_a_hand_edit_is_replaced_and_stays_in_the_history(xen: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    sync_agenda(xen, Targets(wiki, None), store)
    published = roadmap_text(wiki)
    wiki.human_edit(ROADMAP, published + "\n* Alice: PVH is done!", user="Alice")

    assert sync_agenda(xen, Targets(wiki, None), store).roadmap_saved

    assert roadmap_text(wiki) == published
    assert [(revision.user, "Alice: PVH" in revision.text) for revision in wiki.revisions(ROADMAP)] == [
        ("SummitBot", False),
        ("Alice", True),
        ("SummitBot", False),
    ]


class RoadmapDown(MemoryWiki):
    """A wiki whose roadmap page cannot be read or saved while `broken` is True."""

    broken = True

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        if self.broken and ROADMAP in titles:
            raise WikiUnavailable("the wiki did not answer in time; try again later")
        return super().read(titles)


def test_a_failed_roadmap_is_reported_and_queued_until_a_sync_saves_it(xen: Path, store: StateStore) -> None:
    wiki = RoadmapDown()
    result = sync_agenda(xen, Targets(wiki, None), store)

    assert result.wiki is not None
    assert result.wiki.edited  # the event page went out
    assert isinstance(result.roadmap_error, WikiUnavailable)
    assert result.errors == [result.roadmap_error]
    assert [pending.target for pending in store.pending()] == [f"wiki:{ROADMAP}"]

    wiki.broken = False
    again = sync_agenda(xen, Targets(wiki, None), store)
    assert again.ok
    assert again.roadmap_saved
    assert store.pending() == []


def test_a_dry_run_says_the_roadmap_would_be_saved_and_saves_nothing(xen: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    result = sync_agenda(xen, Targets(wiki, None), store, dry_run=True)
    assert (result.roadmap_page, result.roadmap_saved) == (ROADMAP, True)
    assert wiki.edits == 0


def test_an_agenda_without_a_roadmap_reads_no_roadmap_page(agendas: Path, store: StateStore) -> None:
    wiki = MemoryWiki()
    result = sync_agenda(agendas / MINI_SUMMIT, Targets(wiki, None), store)
    assert result.ok
    assert result.roadmap_page is None
    assert wiki.reads == 1
    assert roadmap_title(load_agenda(agendas / MINI_SUMMIT)) == "Containers/Mini-summit 2008/Roadmap"
