"""Validation rules about ids and the references between records, each with the exact problem.

Most agendas below start with EVENT, which fills lines 1-13: one day, and one session 'opening'
whose id is written on line 10. The first line of a test's own text is line 14.
"""

from __future__ import annotations

import textwrap

from tests.unit.agenda_text import load, problems_of

EVENT = """\
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
  days:
    - date: 2027-06-01
      start: "09:00"
      end: "17:00"
sessions:
  - id: opening
    title: Opening
    start: "09:00"
    end: "10:00"
"""
WEEKLY = """\
meetings:
  - id: weekly
    title: Weekly call
    first: 2027-06-07
    start: "15:00"
    end: "16:00"
    repeat: weekly
"""


def agenda(body: str) -> str:
    """EVENT (lines 1-13) followed by `body`, dedented: the body starts on line 14."""
    return EVENT + textwrap.dedent(body)


# --- ids are unique -------------------------------------------------------------------------------


def test_a_session_id_used_twice_is_refused_naming_the_first_line() -> None:
    text = EVENT + '  - id: opening\n    title: Opening again\n    start: "10:00"\n    end: "11:00"\n'
    assert problems_of(text) == ["demo.yaml:14:9: duplicate session or meeting id 'opening' (first used on line 10)"]


def test_a_meeting_may_not_reuse_a_session_id() -> None:
    text = EVENT + WEEKLY.replace("id: weekly", "id: opening")
    assert problems_of(text) == ["demo.yaml:15:9: duplicate session or meeting id 'opening' (first used on line 10)"]


def test_a_proposal_id_used_twice_is_refused() -> None:
    text = agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
          - id: cgroups
            title: More control groups
        """)
    assert problems_of(text) == ["demo.yaml:17:9: duplicate proposal id 'cgroups' (first used on line 15)"]


def test_an_action_id_used_twice_is_refused() -> None:
    text = agenda("""\
        actions:
          - id: a1
            text: Send the patches
          - id: a1
            text: Review the patches
        """)
    assert problems_of(text) == ["demo.yaml:17:9: duplicate action id 'a1' (first used on line 15)"]


def test_a_work_item_id_used_twice_is_refused() -> None:
    text = agenda("""\
        work_items:
          - id: ptrace
            title: 64-bit ptrace
          - id: ptrace
            title: ptrace again
        """)
    assert problems_of(text) == ["demo.yaml:17:9: duplicate work item id 'ptrace' (first used on line 15)"]


def test_a_roadmap_entry_id_used_twice_is_refused() -> None:
    text = agenda("""\
        roadmap:
          - id: "4.4"
            title: Xen 4.4
          - id: "4.4"
            title: Xen 4.4 again
        """)
    assert problems_of(text) == ["demo.yaml:17:9: duplicate roadmap entry id '4.4' (first used on line 15)"]


def test_records_of_different_kinds_may_share_an_id() -> None:
    text = agenda("""\
        proposals:
          - id: opening
            title: Say hello
        actions:
          - id: opening
            text: Book the room
        """)
    assert (load(text).proposals[0].id, load(text).actions[0].id) == ("opening", "opening")


# --- references to sessions and meetings ----------------------------------------------------------


def test_a_proposal_naming_an_unknown_session_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
            status: scheduled
            session: openin
        """)
    assert problems_of(text) == [
        "demo.yaml:18:14: proposal 'cgroups': 'session': there is no session or meeting 'openin'; "
        "did you mean 'opening'?"
    ]


def test_a_proposal_naming_a_session_like_no_other_lists_the_known_ids() -> None:
    text = agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
            session: lunch
        """)
    assert problems_of(text) == [
        "demo.yaml:17:14: proposal 'cgroups': 'session': there is no session or meeting 'lunch'; known ids: opening"
    ]


def test_a_proposal_may_name_a_session_written_further_down() -> None:
    text = textwrap.dedent("""\
        event:
          id: demo
          title: Demo summit
          timezone: Europe/Brussels
          days:
            - {date: 2027-06-01, start: "09:00", end: "17:00"}
        proposals:
          - id: cgroups
            title: Control groups
            status: scheduled
            session: opening
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
        """)
    assert load(text).proposals[0].session == "opening"


def test_a_proposal_may_be_scheduled_into_a_meeting() -> None:
    text = (
        agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
            status: scheduled
            session: weekly
        """)
        + WEEKLY
    )
    assert load(text).proposals[0].session == "weekly"


def test_a_scheduled_proposal_must_name_its_session() -> None:
    text = agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
            status: scheduled
        """)
    assert problems_of(text) == ["demo.yaml:17:5: proposal 'cgroups' is scheduled but names no 'session'"]


def test_an_action_from_an_unknown_session_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        actions:
          - id: a1
            text: Send the patches
            source:
              session: openning
        """)
    assert problems_of(text) == [
        "demo.yaml:18:16: action 'a1': source: 'session': there is no session or meeting 'openning'; "
        "did you mean 'opening'?"
    ]


def test_an_action_from_an_unknown_meeting_is_refused() -> None:
    text = agenda("""\
        actions:
          - id: a1
            text: Send the patches
            source:
              meeting: weekly
              date: 2027-06-07
        """)
    assert problems_of(text) == [
        "demo.yaml:18:16: action 'a1': source: 'meeting': there is no session or meeting 'weekly'; known ids: opening"
    ]


def test_an_action_source_naming_a_session_and_a_meeting_is_refused() -> None:
    text = (
        agenda("""\
        actions:
          - id: a1
            text: Send the patches
            source:
              session: opening
              meeting: weekly
        """)
        + WEEKLY
    )
    assert problems_of(text) == ["demo.yaml:19:7: action 'a1': source names a session and a meeting; keep one"]


# --- the roadmap ----------------------------------------------------------------------------------


def roadmap(item: str) -> str:
    """EVENT and a roadmap of '4.4' (lines 15-16), whose one item (line 18) is `item`, and '4.5' (line 20)."""
    return agenda(f"""\
        roadmap:
          - id: "4.4"
            title: Xen 4.4
            items:
              - {item}
          - id: "4.5"
            title: Xen 4.5
        """)


def test_a_slipped_item_must_say_where_it_slipped_to() -> None:
    assert problems_of(roadmap("{title: vNUMA, status: slipped}")) == [
        "demo.yaml:18:24: roadmap entry '4.4': item 'vNUMA' slipped but 'slipped_to' does not say where to"
    ]


def test_a_slipped_item_naming_an_unknown_entry_gets_a_did_you_mean_hint() -> None:
    assert problems_of(roadmap("{title: vNUMA, status: slipped, slipped_to: '4.6'}")) == [
        "demo.yaml:18:53: roadmap entry '4.4': item 'vNUMA': 'slipped_to': there is no roadmap entry '4.6'; "
        "did you mean '4.5'?"
    ]


def test_a_slipped_item_naming_a_known_entry_is_accepted() -> None:
    item = load(roadmap("{title: vNUMA, status: slipped, slipped_to: '4.5'}")).roadmap[0].items[0]
    assert (item.title, item.slipped_to) == ("vNUMA", "4.5")


def test_a_slipped_to_written_as_a_number_gets_only_the_quoting_hint() -> None:
    assert problems_of(roadmap("{title: vNUMA, status: slipped, slipped_to: 4.5}")) == [
        "demo.yaml:18:53: roadmap entry '4.4': item 'vNUMA': 'slipped_to' should be text, not the number 4.5; "
        'write it in quotes: "4.5"'
    ]


def test_a_misspelt_roadmap_item_key_gets_a_did_you_mean_hint() -> None:
    assert problems_of(roadmap("{title: vNUMA, status: slipped, slipped-to: '4.5'}")) == [
        "demo.yaml:18:24: roadmap entry '4.4': item 'vNUMA' slipped but 'slipped_to' does not say where to",
        "demo.yaml:18:41: roadmap entry '4.4': item 'vNUMA': unknown key 'slipped-to'; did you mean 'slipped_to'?",
    ]
