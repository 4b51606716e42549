"""Validation rules about people: the registry, the attendees, names that refer to them, and clashes.

Each test names one rule and shows the exact problem a user reads for it. Most agendas below start
with EVENT, which fills lines 1-10 (one day, two rooms), so the first line of a test's own text is
line 11.
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
  venue:
    rooms: [Albion A, Albion B]
"""
NOBODY = "add them to 'people' (or 'attendees') first"


def agenda(body: str) -> str:
    """EVENT (lines 1-10) followed by `body`, dedented: the body starts on line 11."""
    return EVENT + textwrap.dedent(body)


def moderated_by(*names: str) -> str:
    """EVENT, a registry of three people (lines 11-14) and one session moderated by `names` (line 20)."""
    return agenda(f"""\
        people:
          - name: Serge Hallyn
          - name: Dave Hansen
          - name: Herbert Pötzl
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
            moderators: [{", ".join(names)}]
        """)


# --- the registry and the attendee list -----------------------------------------------------------


def test_an_attendee_listed_twice_is_refused_naming_the_first_line() -> None:
    text = agenda("""\
        attendees:
          - Pavel Emelyanov
          - pavel emelyanov
        """)
    assert problems_of(text) == ["demo.yaml:13:5: attendee 'pavel emelyanov' is listed twice (first on line 12)"]


def test_an_attendee_listed_by_id_and_by_name_is_listed_twice() -> None:
    text = agenda("""\
        people:
          - name: Pavel Emelyanov
            id: xemul
        attendees:
          - xemul
          - name: Pavel Emelyanov
            remote: true
        """)
    assert problems_of(text) == ["demo.yaml:16:5: attendee 'Pavel Emelyanov' is listed twice (first on line 15)"]


def test_an_attendee_not_in_people_is_registered_by_name() -> None:
    text = agenda("""\
        attendees:
          - Herbert Pötzl
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
            moderators: [herbert-potzl]
        """)
    assert [(person.id, person.name) for person in load(text).people] == [("herbert-potzl", "Herbert Pötzl")]


def test_a_person_id_used_twice_is_refused() -> None:
    text = agenda("""\
        people:
          - id: kir
            name: Kir Kolyshkin
          - id: kir
            name: Kir Royal
        """)
    assert problems_of(text) == ["demo.yaml:14:9: duplicate person id 'kir' (first on line 12)"]


def test_a_person_id_used_twice_names_the_line_of_the_first_use() -> None:
    text = agenda("""\
        people:
          - name: Kir Kolyshkin
            id: kir
          - name: Kir Royal
            id: kir
        """)
    assert problems_of(text) == ["demo.yaml:15:9: duplicate person id 'kir' (first on line 13)"]


def test_two_people_whose_names_make_the_same_id_are_refused() -> None:
    text = agenda("""\
        people:
          - name: Kir Kolyshkin
          - name: kir kolyshkin
            email: kir@openvz.org
        """)
    assert problems_of(text) == ["demo.yaml:13:11: duplicate person named 'kir kolyshkin' (first on line 12)"]


def test_two_people_with_the_same_name_and_different_ids_are_refused() -> None:
    text = agenda("""\
        people:
          - name: Kir Kolyshkin
            id: kir
          - name: Kir Kolyshkin
            id: kolyshkin
        """)
    assert problems_of(text) == ["demo.yaml:14:11: duplicate person named 'Kir Kolyshkin' (first on line 12)"]


def test_a_person_id_with_spaces_is_refused_with_a_suggested_id() -> None:
    text = agenda("""\
        people:
          - name: Kir Kolyshkin
            id: kir k
        """)
    assert problems_of(text) == [
        "demo.yaml:13:9: person 'Kir Kolyshkin': id 'kir k' may hold only letters, digits, '.', '_' and '-'; "
        "try 'kir-k'"
    ]


# --- naming people --------------------------------------------------------------------------------


def test_an_unknown_first_name_gets_the_full_name_as_a_hint() -> None:
    assert problems_of(moderated_by("Serge")) == [
        "demo.yaml:20:18: session 'talk': 'moderators': nobody called 'Serge' is in people or attendees; "
        "did you mean 'Serge Hallyn'?"
    ]


def test_a_misspelt_name_gets_a_did_you_mean_hint() -> None:
    assert problems_of(moderated_by("Dave Hanson")) == [
        "demo.yaml:20:18: session 'talk': 'moderators': nobody called 'Dave Hanson' is in people or attendees; "
        "did you mean 'Dave Hansen'?"
    ]


def test_a_name_like_nobody_s_says_where_to_add_them() -> None:
    assert problems_of(moderated_by("Linus Torvalds")) == [
        "demo.yaml:20:18: session 'talk': 'moderators': nobody called 'Linus Torvalds' is in people or attendees; "
        f"{NOBODY}"
    ]


def test_every_unknown_name_in_a_list_is_reported_at_its_own_column() -> None:
    assert problems_of(moderated_by("Serge", "Dave Hansen", "Dave Hanson")) == [
        "demo.yaml:20:18: session 'talk': 'moderators': nobody called 'Serge' is in people or attendees; "
        "did you mean 'Serge Hallyn'?",
        "demo.yaml:20:38: session 'talk': 'moderators': nobody called 'Dave Hanson' is in people or attendees; "
        "did you mean 'Dave Hansen'?",
    ]


def test_an_unknown_action_owner_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        people:
          - name: Serge Hallyn
        actions:
          - id: a1
            text: Send the cgroups patches
            owner: Serge Halyn
        """)
    assert problems_of(text) == [
        "demo.yaml:16:12: action 'a1': 'owner': nobody called 'Serge Halyn' is in people or attendees; "
        "did you mean 'Serge Hallyn'?"
    ]


def test_names_match_case_insensitively_and_without_accents() -> None:
    text = agenda("""\
        people:
          - name: Herbert Pötzl
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
            moderators: [herbert potzl]
            scribe: HERBERT   PÖTZL
            required: [Herbert Potzl]
        """)
    session = load(text).sessions[0]
    assert (session.moderators, session.scribe, session.required) == (
        ("herbert-potzl",),
        "herbert-potzl",
        ("herbert-potzl",),
    )


def test_a_turkish_name_in_capitals_is_the_same_person() -> None:
    text = agenda("""\
        people:
          - name: Ömer Yılmaz
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
            moderators: [ÖMER YILMAZ]
        """)
    assert load(text).sessions[0].moderators == ("omer-yilmaz",)


def test_a_person_may_be_named_by_id_or_alias() -> None:
    text = agenda("""\
        people:
          - name: Pavel Emelyanov
            id: xemul
            aliases: [Pavel, xemul_]
        work_items:
          - id: checkpoint
            title: Checkpoint/restart
            volunteers: [xemul_]
        actions:
          - id: a1
            text: Send the patches
            owner: pavel
        """)
    loaded = load(text)
    assert (loaded.work_items[0].volunteers, loaded.actions[0].owner) == (("xemul",), "xemul")


def test_a_name_two_people_share_is_ambiguous_and_asks_for_the_id() -> None:
    text = agenda("""\
        people:
          - name: George Dunlap
            id: george-d
            aliases: [George]
          - name: George Wilson
            id: george-w
            aliases: [george]
        sessions:
          - id: talk
            title: Talk
            start: "10:00"
            end: "11:00"
            moderators: [George]
        """)
    assert problems_of(text) == [
        "demo.yaml:23:18: session 'talk': 'moderators': 'George' could be George Dunlap (id 'george-d') "
        "or George Wilson (id 'george-w'); write the id to say which"
    ]


def test_an_ambiguous_attendee_is_refused_rather_than_guessed() -> None:
    text = agenda("""\
        people:
          - name: George Dunlap
            aliases: [George]
          - name: George Wilson
            aliases: [george]
        attendees:
          - George
        """)
    assert problems_of(text) == [
        "demo.yaml:17:5: attendee: 'George' could be George Dunlap (id 'george-dunlap') "
        "or George Wilson (id 'george-wilson'); write the id to say which"
    ]


def test_a_person_listed_twice_in_one_list_is_refused() -> None:
    assert problems_of(moderated_by("Serge Hallyn", "serge-hallyn")) == [
        "demo.yaml:20:32: session 'talk': 'serge-hallyn' is listed twice in 'moderators'"
    ]


# --- nobody in two places at once -----------------------------------------------------------------


def two_sessions(first_people: str, second_people: str, second_start: str = "10:30") -> str:
    """EVENT, a registry (lines 11-13), session 'a' (10:00-11:00, Albion A, lines 15-20) and session 'b'
    (from `second_start` to 11:30, Albion B, lines 21-26); each session's last line lists its people."""
    return agenda(f"""\
        people:
          - name: Serge Hallyn
          - name: Dave Hansen
        sessions:
          - id: a
            title: A
            start: "10:00"
            end: "11:00"
            room: Albion A
            {first_people}
          - id: b
            title: B
            start: "{second_start}"
            end: "11:30"
            room: Albion B
            {second_people}
        """)


def test_a_moderator_in_two_parallel_sessions_is_refused() -> None:
    text = two_sessions("moderators: [Serge Hallyn]", "moderators: [serge hallyn]")
    assert problems_of(text) == [
        "demo.yaml:26:17: Serge Hallyn is needed in two parallel sessions: 'a' (2027-06-01 10:00-11:00) and "
        "'b' (2027-06-01 10:30-11:30)"
    ]


def test_a_required_person_in_two_parallel_sessions_is_refused() -> None:
    text = two_sessions("required: [Dave Hansen]", "required: [Dave Hansen]")
    assert problems_of(text) == [
        "demo.yaml:26:15: Dave Hansen is needed in two parallel sessions: 'a' (2027-06-01 10:00-11:00) and "
        "'b' (2027-06-01 10:30-11:30)"
    ]


def test_a_moderator_of_one_session_required_in_a_parallel_one_is_refused() -> None:
    text = two_sessions("moderators: [Dave Hansen]", "required: [Dave Hansen]")
    assert problems_of(text) == [
        "demo.yaml:26:15: Dave Hansen is needed in two parallel sessions: 'a' (2027-06-01 10:00-11:00) and "
        "'b' (2027-06-01 10:30-11:30)"
    ]


def test_the_same_person_in_back_to_back_sessions_is_accepted() -> None:
    text = two_sessions("moderators: [Serge Hallyn]", "moderators: [Serge Hallyn]", second_start="11:00")
    assert [session.moderators for session in load(text).sessions] == [("serge-hallyn",), ("serge-hallyn",)]


def test_the_same_person_as_moderator_and_required_in_one_session_is_not_a_clash() -> None:
    text = agenda("""\
        people:
          - name: Serge Hallyn
        sessions:
          - id: a
            title: A
            start: "10:00"
            end: "11:00"
            moderators: [Serge Hallyn]
            required: [Serge Hallyn]
            scribe: Serge Hallyn
        """)
    assert load(text).sessions[0].required == ("serge-hallyn",)


def test_a_scribe_in_two_parallel_sessions_is_refused_at_the_scribe() -> None:
    text = two_sessions("scribe: Dave Hansen", "scribe: Dave Hansen")
    assert problems_of(text) == [
        "demo.yaml:26:13: Dave Hansen is needed in two parallel sessions: 'a' (2027-06-01 10:00-11:00) and "
        "'b' (2027-06-01 10:30-11:30)"
    ]


def test_an_attendee_named_like_the_id_made_for_another_is_somebody_else() -> None:
    text = agenda("""\
        attendees:
          - "0:"
          - "0"
        """)
    assert [(person.id, person.name) for person in load(text).people] == [("0", "0:"), ("0-2", "0")]
