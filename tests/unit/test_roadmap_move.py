"""`#roadmap ITEM -> RELEASE` in the YAML: the item slips where it was, a planned copy goes to the
release, the organisers' comments stay, and saying it twice changes nothing."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.errors import UserError
from bot.minutes.roadmap import AmbiguousItem, UnknownRelease, move_item, release_report
from bot.minutes.roadmap_text import format_report
from bot.model import RoadmapStatus

XEN = "xen-4.4-hackathon.yaml"
XEN_4_5 = """\
  - id: "4.5"
    title: Xen 4.5
    date: 2015-01-15
"""

SMALL = """\
event:
  id: small
  title: Small
  timezone: UTC
people:
  - name: George Dunlap
roadmap:
  - id: one
    title: One
    items:
      - title: Docs
        status: landed
      - title: Tests
  - id: two
    title: Two
    items:
      - title: Tests
  - id: three
    title: Three
"""


@pytest.fixture
def xen(agendas: Path) -> Path:
    """The Xen example with a 4.5 release (no items yet) at the end of its roadmap."""
    path = agendas / XEN
    path.write_text(path.read_text() + XEN_4_5)
    return path


def move(path: Path, item: str, release: str, owner: str | None = None) -> str:
    with edit_agenda(path) as document:
        return move_item(document, item, release, owner=owner)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


def test_an_open_item_slips_and_a_planned_copy_goes_to_the_release(xen: Path) -> None:
    before = xen.read_text()

    assert move(xen, "qemu-stubdom", "4.5") == "QEMU stubdomain slipped from Xen 4.4 to Xen 4.5"

    removed, added = changed_lines(before, xen.read_text())
    assert removed == []
    assert added == [
        "        status: slipped",
        '        slipped_to: "4.5"',
        "    items:",
        "      - title: QEMU stubdomain",
    ]
    report = release_report(load_agenda(xen), "4.3")
    assert [milestone.id for milestone in report.slips[0].path] == ["4.4", "4.5"]


def test_the_status_changes_in_place_and_every_comment_stays(xen: Path) -> None:
    before = xen.read_text()

    assert move(xen, "GPU passthrough", "Xen 4.5", owner="George") == "GPU passthrough slipped from Xen 4.4 to Xen 4.5"

    after = xen.read_text()
    removed, added = changed_lines(before, after)
    assert removed == ["        status: planned"]
    assert added == [
        "        status: slipped",
        '        slipped_to: "4.5"',
        "    items:",
        "      - title: GPU passthrough",
        "        owner: George",
    ]
    assert '        owner:                      # nobody yet: "maybe we could mentor somebody"' in after
    assert all(line in after for line in before.splitlines() if line.lstrip().startswith("#"))
    [copy] = load_agenda(xen).roadmap[-1].items
    assert (copy.id, copy.owner, copy.status) == (None, "george", RoadmapStatus.PLANNED)


def test_the_copy_keeps_the_owner_when_none_is_given(xen: Path) -> None:
    move(xen, "pvh", "4.5")
    [copy] = load_agenda(xen).roadmap[-1].items
    assert (copy.title, copy.owner) == ("PVH", "konrad")


def test_saying_it_twice_changes_nothing(xen: Path) -> None:
    move(xen, "PVH", "4.5")
    written = xen.read_bytes()

    assert move(xen, "PVH", "4.5") == "PVH is on Xen 4.5 already: no change"
    assert move(xen, "pvh", "xen 4.5") == "PVH is on Xen 4.5 already: no change"  # by the id of an earlier entry
    assert xen.read_bytes() == written


def test_two_moves_in_one_document_see_each_other(xen: Path) -> None:
    with edit_agenda(xen) as document:
        move_item(document, "PVH", "4.5")
        assert move_item(document, "PVH", "4.5") == "PVH is on Xen 4.5 already: no change"
        move_item(document, "GPU passthrough", "4.5")
    assert [item.title for item in load_agenda(xen).roadmap[-1].items] == ["PVH", "GPU passthrough"]


def test_an_item_listed_nowhere_is_added_as_planned(xen: Path) -> None:
    assert move(xen, "Xen on ARM", "4.5", owner="Stefano") == "Xen on ARM added to Xen 4.5 as planned"
    [item] = load_agenda(xen).roadmap[-1].items
    assert (item.title, item.owner, item.status) == ("Xen on ARM", "stefano", RoadmapStatus.PLANNED)


def test_an_item_already_in_the_release_is_left_alone(xen: Path) -> None:
    before = xen.read_bytes()
    assert move(xen, "GPU passthrough", "4.4") == "GPU passthrough is on Xen 4.4 already: no change"
    assert xen.read_bytes() == before


def test_a_landed_item_is_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    assert move(path, "docs", "two") == "Docs landed in One already: not moved"
    assert path.read_text() == SMALL


def test_moving_back_plans_the_old_entry_again(xen: Path) -> None:
    move(xen, "PVH", "4.5")

    assert move(xen, "PVH", "4.4") == "PVH slipped from Xen 4.5 to Xen 4.4 (its entry there is planned again)"

    roadmap = load_agenda(xen).roadmap
    assert next((item.title, item.status, item.slipped_to) for item in roadmap[1].items) == (
        "PVH",
        RoadmapStatus.PLANNED,
        None,
    )
    assert [(item.status, item.slipped_to) for item in roadmap[-1].items] == [(RoadmapStatus.SLIPPED, "4.4")]
    assert "PVH (Konrad Rzeszutek Wilk) -> 4.4 (no date), planned there" in format_report(
        release_report(load_agenda(xen), "4.3")
    )


def test_an_item_open_in_two_releases_must_be_named_by_id(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    with pytest.raises(AmbiguousItem, match="'Tests' is open in One, Two"):
        move(path, "Tests", "three")
    assert path.read_text() == SMALL


def test_an_unknown_release_writes_nothing(xen: Path) -> None:
    before = xen.read_bytes()
    with pytest.raises(UnknownRelease, match=r"no release or milestone '9\.9'"):
        move(xen, "PVH", "9.9")
    assert xen.read_bytes() == before


def test_an_owner_nobody_has_is_refused_by_the_check(xen: Path) -> None:
    before = xen.read_bytes()
    with pytest.raises(UserError) as caught:
        move(xen, "PVH", "4.5", owner="Nobody Known")
    assert "Nobody Known" in str(caught.value)
    assert xen.read_bytes() == before
