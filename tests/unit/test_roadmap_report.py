"""The release report: what was planned for a release, what landed, what slipped and where it went.

The Xen hackathon minutes say "50% of what was supposed to be in 4.3 didn't make it" and "we don't
actually have a list": `summitbot roadmap --release 4.3` is that list.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bot.agenda.load import load_agenda
from bot.minutes.roadmap import UnknownRelease, find_release, release_report, roadmap_reports
from bot.minutes.roadmap_text import format_report, format_summary, report_json
from bot.model import RoadmapStatus
from tests.conftest import EXAMPLES, Run
from tests.unit.agenda_text import load

XEN = "xen-4.4-hackathon.yaml"

# 4.3 -> 4.4 -> 4.5: the stubdomain slipped twice and landed in 4.5; PVH slipped once and landed.
CHAIN = """\
event:
  id: xen-roadmap
  title: Xen roadmap
  timezone: Europe/London
people:
  - {name: George Dunlap, aliases: [George]}
  - {name: Konrad Wilk, aliases: [Konrad]}
  - {name: Ed Wildgoose, aliases: [Ed W]}
  - {name: Citrix, id: citrix}
roadmap:
  - id: "4.5"
    title: Xen 4.5
    date: 2015-01-15
    items:
      - {title: QEMU stubdomain, status: landed}
      - {title: Live patching, status: in-progress, owner: Konrad}
    pledges:
      - {who: Citrix, amount: 500, currency: USD}
  - id: "4.3"
    title: Xen 4.3
    date: 2013-07-09
    items:
      - {title: NUMA-aware scheduling, status: landed, owner: George}
      - {title: QEMU stubdomain, status: slipped, slipped_to: "4.4"}
      - {id: pvh, title: PVH, owner: Konrad, status: slipped, slipped_to: "4.4"}
  - id: "4.4"
    title: Xen 4.4
    date: 2014-03-10
    items:
      - {title: PVH for domU, id: pvh, owner: George, status: landed}
      - {title: qemu  STUBDOMAIN, status: slipped, slipped_to: "4.5"}
      - {title: GPU passthrough}
      - {title: Credit2 scheduler, status: in-progress}
    pledges:
      - {who: Ed W, amount: "1,000", currency: EUR, note: 50% up front}
      - {who: Citrix, amount: 250.5, currency: EUR}
      - {who: George, amount: 100, currency: USD}
  - id: "4.6"
    title: Xen 4.6
    kind: milestone
    items:
      - {title: Nested virtualisation, status: slipped, slipped_to: "4.7"}
  - id: "4.7"
    title: Xen 4.7
"""


def titles(listings: object) -> list[str]:
    return [listing.item.title for listing in listings]  # type: ignore[attr-defined]


def test_what_was_planned_for_4_3_and_what_became_of_it() -> None:
    report = release_report(load_agenda(EXAMPLES / XEN), "4.3")

    assert report.release.title == "Xen 4.3"
    assert len(report.items) == 4
    assert titles(report.having(RoadmapStatus.LANDED)) == ["Upstream QEMU as the default device model",
                                                          "NUMA-aware scheduling"]  # fmt: skip
    assert [(slip.listing.item.title, slip.final.id) for slip in report.slips] == [
        ("QEMU stubdomain", "4.4"),
        ("PVH", "4.4"),
    ]
    assert all(slip.now is not None and slip.now.item.status is RoadmapStatus.PLANNED for slip in report.slips)
    assert format_report(report) == (
        "Xen 4.3 (release, 2013-07-09): 4 planned, 2 landed, 0 open, 2 slipped\n"
        "Landed:       Upstream QEMU as the default device model\n"
        "              NUMA-aware scheduling\n"
        "Slipped:      QEMU stubdomain -> 4.4 (no date), planned there\n"
        "              PVH (Konrad Rzeszutek Wilk) -> 4.4 (no date), planned there"
    )


def test_4_4_shows_what_came_in_from_4_3() -> None:
    report = release_report(load_agenda(EXAMPLES / XEN), "Xen 4.4")

    assert [(a.listing.item.id, a.came_from.id) for a in report.arrivals] == [("qemu-stubdom", "4.3"), ("pvh", "4.3")]
    assert "Came in from: 4.3: QEMU stubdomain, planned\n              4.3: PVH (Konrad Rzeszutek Wilk), planned" in (
        format_report(report)
    )


def test_a_release_is_found_by_id_or_title_in_any_case() -> None:
    agenda = load(CHAIN)
    assert find_release(agenda, "4.4").id == find_release(agenda, "  xen 4.4 ").id == "4.4"


def test_an_unknown_release_lists_the_known_ones_in_date_order() -> None:
    with pytest.raises(UnknownRelease) as caught:
        release_report(load(CHAIN), "5.0")
    assert str(caught.value) == (
        "the roadmap has no release or milestone '5.0'; it has 4.3 (Xen 4.3), 4.4 (Xen 4.4), 4.5 (Xen 4.5), "
        "4.6 (Xen 4.6), 4.7 (Xen 4.7)"
    )
    assert caught.value.known == ("4.3", "4.4", "4.5", "4.6", "4.7")


def test_an_agenda_without_a_roadmap_says_so() -> None:
    with pytest.raises(UnknownRelease, match="the agenda has no roadmap"):
        release_report(load_agenda(EXAMPLES / "containers-mini-summit-2008.yaml"), "1.0")


def test_a_slip_is_followed_to_where_the_item_is_now() -> None:
    report = release_report(load(CHAIN), "4.3")

    stubdomain, pvh = report.slips
    assert [milestone.id for milestone in stubdomain.path] == ["4.4", "4.5"]
    assert stubdomain.now is not None
    assert (stubdomain.final.date.isoformat(), stubdomain.now.item.status) == ("2015-01-15", RoadmapStatus.LANDED)  # type: ignore[union-attr]
    assert pvh.now is not None
    assert (pvh.now.item.title, pvh.now.owner) == ("PVH for domU", "George Dunlap")  # the same id, renamed
    assert "Slipped:      QEMU stubdomain -> 4.4 -> 4.5 (2015-01-15), landed there" in format_report(report)


def test_the_middle_release_counts_arrivals_landings_and_pledges() -> None:
    report = release_report(load(CHAIN), "4.4")

    counts = report.counts
    assert (len(report.items), counts[RoadmapStatus.LANDED], counts[RoadmapStatus.SLIPPED]) == (4, 1, 1)
    assert titles(report.having(RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS)) == [
        "GPU passthrough",
        "Credit2 scheduler",
    ]
    assert [(a.listing.item.title, a.came_from.id) for a in report.arrivals] == [
        ("qemu  STUBDOMAIN", "4.3"),
        ("PVH for domU", "4.3"),
    ]
    assert report.totals == (("EUR", Decimal("1250.5")), ("USD", Decimal(100)))
    assert format_report(report) == (
        "Xen 4.4 (release, 2014-03-10): 4 planned, 1 landed, 2 open, 1 slipped\n"
        "Landed:       PVH for domU (George Dunlap)\n"
        "Open:         GPU passthrough, planned\n"
        "              Credit2 scheduler, in progress\n"
        "Slipped:      qemu  STUBDOMAIN -> 4.5 (2015-01-15), landed there\n"
        "Came in from: 4.3: qemu  STUBDOMAIN, slipped\n"
        "              4.3: PVH for domU (George Dunlap), landed\n"
        "Pledges:      Ed Wildgoose: 1,000 EUR (50% up front)\n"
        "              Citrix: 250.50 EUR\n"
        "              George Dunlap: 100 USD\n"
        "              total 1,250.50 EUR, 100 USD"
    )


def test_the_last_release_knows_where_its_arrivals_were_first_planned() -> None:
    report = release_report(load(CHAIN), "4.5")

    [arrival] = report.arrivals
    assert (arrival.came_from.id, arrival.first_planned.id) == ("4.4", "4.3")
    assert "Came in from: 4.4: QEMU stubdomain, landed (first planned for 4.3)" in format_report(report)


def test_an_item_that_slipped_in_but_is_not_listed_counts_as_planned_there() -> None:
    report = release_report(load(CHAIN), "4.7")

    [arrival] = report.arrivals
    assert not arrival.listing.listed
    assert titles(report.having(RoadmapStatus.PLANNED)) == ["Nested virtualisation"]
    assert "4.6: Nested virtualisation, planned; not listed under 4.7 yet" in format_report(report)
    assert "-> 4.7 (no date), not listed there" in format_report(release_report(load(CHAIN), "4.6"))


def test_the_json_report_carries_the_same_facts() -> None:
    shown = report_json(release_report(load(CHAIN), "4.3"))

    assert shown["release"] == {"id": "4.3", "title": "Xen 4.3", "kind": "release", "date": "2013-07-09"}
    assert shown["counts"] == {"total": 3, "landed": 1, "in-progress": 0, "planned": 0, "slipped": 2}
    assert shown["slipped"][0]["path"] == ["4.4", "4.5"]
    assert shown["slipped"][0]["now"] == {"release": "4.5", "status": "landed"}
    assert json.loads(json.dumps(shown)) == shown


def test_the_summary_lists_every_milestone_in_date_order() -> None:
    agenda = load(CHAIN)
    assert format_summary(agenda, roadmap_reports(agenda)) == (
        "Roadmap of Xen roadmap: 4 releases, 1 milestone\n"
        "  4.3  Xen 4.3 (release, 2013-07-09): 3 items: 1 landed, 2 slipped\n"
        "  4.4  Xen 4.4 (release, 2014-03-10): 4 items: 1 landed, 1 in progress, 1 planned, 1 slipped; "
        "2 came in from other releases; pledged 1,250.50 EUR, 100 USD\n"
        "  4.5  Xen 4.5 (release, 2015-01-15): 2 items: 1 landed, 1 in progress; 1 came in from other releases; "
        "pledged 500 USD\n"
        "  4.6  Xen 4.6 (milestone, no date): 1 item: 1 slipped\n"
        "  4.7  Xen 4.7 (release, no date): 1 item: 1 planned; 1 came in from other releases"
    )


def test_the_command_line(summitbot: Run) -> None:
    summary = summitbot("roadmap", f"agendas/{XEN}")
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.splitlines()[1] == "  4.3  Xen 4.3 (release, 2013-07-09): 4 items: 2 landed, 2 slipped"

    report = summitbot("roadmap", f"agendas/{XEN}", "--release", "xen 4.3")
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("Xen 4.3 (release, 2013-07-09): 4 planned, 2 landed, 0 open, 2 slipped\n")

    shown = json.loads(summitbot("roadmap", f"agendas/{XEN}", "--release", "4.4", "--json").stdout)
    assert [item["title"] for item in shown["came_in"]] == ["QEMU stubdomain", "PVH"]
    assert json.loads(summitbot("roadmap", f"agendas/{XEN}", "--json").stdout)["roadmap"][1]["came_in"] == 2

    unknown = summitbot("roadmap", f"agendas/{XEN}", "--release", "5.0")
    assert unknown.returncode == 2  # a wrong command line
    assert unknown.stdout == ""
    assert (
        unknown.stderr
        == "summitbot: the roadmap has no release or milestone '5.0'; it has 4.3 (Xen 4.3), 4.4 (Xen 4.4)\n"
    )
    typo = summitbot("roadmap", f"agendas/{XEN}", "--release", "4.5")
    assert typo.returncode == 2
    assert typo.stderr == (
        "summitbot: the roadmap has no release or milestone '4.5'; did you mean 4.4 (Xen 4.4) or 4.3 (Xen 4.3)?\n"
    )
