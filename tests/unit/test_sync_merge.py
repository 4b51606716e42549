"""The three-way merge, rule by rule: who changed what since the last sync decides what happens."""

from __future__ import annotations

from bot.sync.merge import Change, FieldConflict, Plan, merge
from bot.wiki.facts import is_one_way

BASE = {"attendee/ada": "Ada", "attendee/ada/status": "tentative", "block/x": "present", "block/x/title": "X"}


def plan(base: dict[str, str] | None, agenda: dict[str, str], wiki: dict[str, str]) -> Plan:
    return merge(base, agenda, wiki, one_way=is_one_way)


def test_both_sides_agree_nothing_to_do() -> None:
    assert plan(BASE, BASE, BASE).is_empty


def test_a_change_in_the_agenda_goes_to_the_wiki() -> None:
    agenda = {**BASE, "block/x/title": "Y"}
    result = plan(BASE, agenda, BASE)
    assert result.to_other == (Change("block/x/title", "X", "Y"),)
    assert result.to_agenda == ()


def test_a_change_on_the_wiki_goes_to_the_agenda() -> None:
    wiki = {k: v for k, v in BASE.items() if k != "attendee/ada/status"}
    result = plan(BASE, BASE, wiki)
    assert result.to_agenda == (Change("attendee/ada/status", "tentative", None),)


def test_the_same_field_changed_on_both_sides_is_a_conflict_the_agenda_wins() -> None:
    result = plan(BASE, {**BASE, "block/x/title": "Y"}, {**BASE, "block/x/title": "Z"})
    assert result.conflicts == (FieldConflict("block/x/title", "X", "Y", "Z"),)
    assert result.to_other == (Change("block/x/title", "Z", "Y"),)
    assert result.to_agenda == ()


def test_both_sides_making_the_same_change_is_no_conflict() -> None:
    changed = {**BASE, "block/x/title": "Y"}
    assert plan(BASE, changed, changed).is_empty


def test_one_way_facts_changed_on_the_wiki_are_recorded_not_applied() -> None:
    base = {**BASE, "when": "22 July 2008"}
    result = plan(base, base, {**base, "when": "23 July 2008"})
    assert result.conflicts == (FieldConflict("when", "22 July 2008", "22 July 2008", "23 July 2008"),)
    assert result.to_agenda == ()


def test_a_block_deleted_on_the_wiki_stays_and_comes_back() -> None:
    wiki = {k: v for k, v in BASE.items() if not k.startswith("block/")}
    result = plan(BASE, BASE, wiki)
    assert result.to_agenda == ()
    assert [c.key for c in result.conflicts] == ["block/x", "block/x/title"]
    assert {c.key for c in result.to_other} == {"block/x", "block/x/title"}


def test_a_record_removed_on_the_wiki_while_the_agenda_changed_it_is_kept_whole() -> None:
    agenda = {**BASE, "attendee/ada/status": "declined"}
    wiki = {k: v for k, v in BASE.items() if not k.startswith("attendee/")}
    result = plan(BASE, agenda, wiki)
    assert result.to_agenda == ()
    assert "attendee/ada" in {c.key for c in result.conflicts}
    assert {c.key for c in result.to_other} >= {"attendee/ada", "attendee/ada/status"}


def test_without_a_last_sync_additions_on_both_sides_are_kept() -> None:
    result = plan(None, {"attendee/ada": "Ada"}, {"attendee/bob": "Bob"})
    assert result.to_agenda == (Change("attendee/bob", None, "Bob"),)
    assert result.to_other == (Change("attendee/ada", None, "Ada"),)


def test_a_side_that_suddenly_lost_every_attendee_is_not_believed() -> None:
    base = {"attendee/ada": "Ada", "attendee/bob": "Bob"}
    result = plan(base, base, {})
    assert result.to_agenda == ()
    assert {c.key for c in result.conflicts} == {"attendee/ada", "attendee/bob"}
    assert all("a blanked or replaced page" in c.reason for c in result.conflicts)
    assert {c.key for c in result.to_other} == {"attendee/ada", "attendee/bob"}


def test_more_than_half_of_the_attendees_struck_at_once_is_held_but_the_rest_of_the_edit_lands() -> None:
    names = [f"p{n}" for n in range(10)]
    base = {f"attendee/{n}": n for n in names}
    wiki = {**{f"attendee/{n}": n for n in names}, **{f"attendee/{n}/status": "declined" for n in names[:6]}}
    wiki["attendee/ada"] = "Ada"
    wiki["topic/tea"] = "Tea"
    result = plan(base, base, wiki)
    assert {c.key for c in result.to_agenda} == {"attendee/ada", "topic/tea"}
    assert {c.key for c in result.conflicts} == {f"attendee/{n}/status" for n in names[:6]}


def test_half_of_the_attendees_removed_is_an_ordinary_edit() -> None:
    names = [f"p{n}" for n in range(10)]
    base = {f"attendee/{n}": n for n in names}
    wiki = {f"attendee/{n}": n for n in names[5:]}
    result = plan(base, base, wiki)
    assert {c.key for c in result.to_agenda} == {f"attendee/{n}" for n in names[:5]}
    assert result.conflicts == ()


def test_a_record_removed_on_the_wiki_while_the_agenda_set_a_field_it_lacked_is_kept() -> None:
    base = {"attendee/ada": "Ada", "attendee/bob": "Bob"}
    agenda = {**base, "attendee/ada/status": "tentative"}  # the organiser: Ada is not sure
    wiki = {"attendee/bob": "Bob"}  # a wiki user removed Ada
    result = plan(base, agenda, wiki)
    assert result.to_agenda == ()
    assert [(c.key, c.reason) for c in result.conflicts] == [
        ("attendee/ada", "removed on the other side while the agenda changed it")
    ]


def test_a_field_changed_on_the_wiki_of_a_record_the_agenda_removed_is_a_conflict() -> None:
    base = {"attendee/ada": "Ada", "attendee/bob": "Bob"}
    agenda = {"attendee/bob": "Bob"}  # the organiser removed Ada
    wiki = {**base, "attendee/ada/status": "declined"}  # a wiki user struck her through
    result = plan(base, agenda, wiki)
    assert result.to_agenda == ()
    assert [(c.key, c.other) for c in result.conflicts] == [("attendee/ada", "Ada")]


def test_a_flag_cleared_on_the_wiki_lands_while_the_agenda_changed_another_field() -> None:
    base = {"attendee/ada": "Ada", "attendee/ada/remote": "yes"}
    agenda = {**base, "attendee/ada/status": "declined"}  # Ada withdrew in chat
    wiki = {"attendee/ada": "Ada"}  # a wiki user: she comes in person after all
    result = plan(base, agenda, wiki)
    assert result.to_agenda == (Change("attendee/ada/remote", "yes", None),)
    assert result.conflicts == ()
