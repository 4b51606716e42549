"""Validation rules about the shape of an agenda file: YAML, keys, required values and value types.

Each test names one rule and shows the exact problem a user reads for it (`path:line:col: message`
or `path:line:col: message; hint`). Most agendas below start with EVENT, which fills lines 1-8, so
the first line of a test's own text is line 9.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.unit.agenda_text import problems_of

EVENT = """\
event:
  id: demo
  title: Demo summit
  timezone: Europe/Brussels
  days:
    - date: 2027-06-01
      start: "09:00"
      end: "17:00"
"""
EVENT_KEYS = "id, title, kind, timezone, description, days, venue, hotel, links, organisers, wiki, calendar, chat"
CREDENTIALS = "credentials never go in an agenda: set them in the bot's environment or config file"


def agenda(body: str = "", event: str = EVENT) -> str:
    """`event` (EVENT fills lines 1-8) followed by `body`, dedented: the body starts on line 9."""
    return event + textwrap.dedent(body)


def event_with(body: str) -> str:
    """EVENT with `body` (dedented) added to its `event` mapping, starting on line 9."""
    return EVENT + textwrap.indent(textwrap.dedent(body), "  ")


# --- YAML itself ----------------------------------------------------------------------------------


def test_a_yaml_syntax_error_is_reported_where_the_parser_stopped() -> None:
    text = textwrap.dedent("""\
        event:
          id: demo
           title: Demo summit
        """)
    assert problems_of(text) == ["demo.yaml:3:9: YAML syntax error: mapping values are not allowed in this context"]


def test_an_unclosed_flow_list_is_a_yaml_syntax_error() -> None:
    assert problems_of("event: [\n") == ["demo.yaml:2:1: YAML syntax error: did not find expected node content"]


@pytest.mark.parametrize("text", ["", "\n", "# nothing here yet\n", "---\n"])
def test_an_empty_file_is_refused_with_a_pointer_to_the_examples(text: str) -> None:
    assert problems_of(text) == ["demo.yaml:1:1: the file is empty; start from an example in agendas/"]


def test_a_second_yaml_document_is_refused() -> None:
    text = agenda("""\
        ---
        event:
          id: other
        """)
    assert problems_of(text) == ["demo.yaml:9:1: an agenda file holds one YAML document; found a second '---'"]


def test_a_key_written_twice_is_refused_naming_the_line_of_the_first() -> None:
    text = textwrap.dedent("""\
        event:
          id: demo
          title: Demo summit
          timezone: Europe/Brussels
          title: Demo summit 2027
        """)
    assert problems_of(text) == ["demo.yaml:5:3: duplicate key 'title' (first written on line 3)"]


def test_yaml_tags_are_refused() -> None:
    text = event_with("""\
          description: !!binary aGVsbG8=
        """)
    assert problems_of(text) == [
        "demo.yaml:9:16: YAML tags such as 'tag:yaml.org,2002:binary' are not used in agendas; remove it"
    ]


def test_an_alias_to_no_anchor_is_refused() -> None:
    text = event_with("""\
          description: *intro
        """)
    assert problems_of(text) == ["demo.yaml:9:16: unknown alias '*intro'"]


def test_an_agenda_must_be_a_mapping_not_a_list() -> None:
    assert problems_of("- event\n") == ["demo.yaml:1:1: an agenda should be a mapping of keys and values, not a list"]


# --- keys -----------------------------------------------------------------------------------------


def test_an_unknown_top_level_key_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        sesions: []
        """)
    assert problems_of(text) == ["demo.yaml:9:1: agenda: unknown key 'sesions'; did you mean 'sessions'?"]


def test_an_unknown_top_level_key_unlike_any_known_key_lists_the_known_keys() -> None:
    text = agenda("""\
        banana: 1
        """)
    assert problems_of(text) == [
        "demo.yaml:9:1: agenda: unknown key 'banana'; "
        "known keys: event, people, attendees, proposals, sessions, meetings, work_items, actions, roadmap"
    ]


def test_an_unknown_key_in_event_gets_a_did_you_mean_hint() -> None:
    text = textwrap.dedent("""\
        event:
          id: demo
          titel: Demo summit
          title: Demo summit
          timezone: Europe/Brussels
        """)
    assert problems_of(text) == ["demo.yaml:3:3: event: unknown key 'titel'; did you mean 'title'?"]


def test_an_unknown_key_in_event_is_matched_case_sensitively() -> None:
    text = event_with("""\
          Kind: summit
        """)
    assert problems_of(text) == ["demo.yaml:9:3: event: unknown key 'Kind'; did you mean 'kind'?"]


def test_an_unknown_key_in_an_event_day_lists_the_known_keys() -> None:
    text = EVENT + "      room: Albion A\n"  # under the day of lines 6-8
    assert problems_of(text) == [
        "demo.yaml:9:7: event day: unknown key 'room'; known keys: date, start, end, venue, note"
    ]


def test_an_unknown_key_in_a_session_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        people:
          - name: Serge Hallyn
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
            moderator: Serge Hallyn
        """)
    assert problems_of(text) == [
        "demo.yaml:16:5: session 'opening': unknown key 'moderator'; did you mean 'moderators'?"
    ]


def test_an_unknown_key_in_an_attendee_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        attendees:
          - name: Pavel Emelyanov
            remot: true
        """)
    assert problems_of(text) == [
        "demo.yaml:11:5: attendee 'Pavel Emelyanov': unknown key 'remot'; did you mean 'remote'?"
    ]


def test_an_unknown_key_in_a_person_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        people:
          - name: Kir Kolyshkin
            emial: kir@openvz.org
        """)
    assert problems_of(text) == ["demo.yaml:11:5: person 'Kir Kolyshkin': unknown key 'emial'; did you mean 'email'?"]


def test_an_unknown_key_in_a_topic_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
            topics:
              - title: Checkpoint/restart
                notes: bring the patches
        """)
    assert problems_of(text) == ["demo.yaml:16:9: session 'opening': topic: unknown key 'notes'; did you mean 'note'?"]


def test_an_unknown_key_in_a_nested_topic_names_its_parent_topic() -> None:
    text = agenda("""\
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
            topics:
              - title: Checkpoint/restart
                topics:
                  - title: Live migration
                    notes: bring the patches
        """)
    assert problems_of(text) == [
        "demo.yaml:18:13: session 'opening': topic 'Checkpoint/restart': topic: unknown key 'notes'; "
        "did you mean 'note'?"
    ]


def test_an_unknown_key_in_the_venue_gets_a_did_you_mean_hint() -> None:
    text = event_with("""\
          venue:
            room: [Albion A]
        """)
    assert problems_of(text) == ["demo.yaml:10:5: venue: unknown key 'room'; did you mean 'rooms'?"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("password: hunter2\n", f"demo.yaml:9:3: event: unknown key 'password'; {CREDENTIALS}"),
        ("chat:\n  channel: '#summit'\n  token: xoxb-1\n", f"demo.yaml:11:5: chat: unknown key 'token'; {CREDENTIALS}"),
        ("wiki:\n  api_key: abc\n", f"demo.yaml:10:5: wiki: unknown key 'api_key'; {CREDENTIALS}"),
        ("calendar:\n  secret: abc\n", f"demo.yaml:10:5: calendar: unknown key 'secret'; {CREDENTIALS}"),
    ],
)
def test_a_credential_looking_key_is_refused_with_where_credentials_go(body: str, problem: str) -> None:
    assert problems_of(event_with(body)) == [problem]


def test_a_credential_looking_top_level_key_is_refused_with_where_credentials_go() -> None:
    text = agenda("""\
        password: hunter2
        """)
    assert problems_of(text) == [f"demo.yaml:9:1: agenda: unknown key 'password'; {CREDENTIALS}"]


def test_a_key_that_merely_contains_pass_is_not_taken_for_a_credential() -> None:
    text = event_with("""\
          passport: required
        """)
    assert problems_of(text) == [f"demo.yaml:9:3: event: unknown key 'passport'; known keys: {EVENT_KEYS}"]


# --- required values ------------------------------------------------------------------------------


def test_event_is_required() -> None:
    assert problems_of("people: []\n") == ["demo.yaml:1:1: agenda: 'event' is required"]


def test_an_empty_event_is_taken_as_missing() -> None:
    assert problems_of("event:\n") == ["demo.yaml:1:1: agenda: 'event' is required"]


def test_event_must_be_a_mapping() -> None:
    assert problems_of("event: [demo]\n") == [
        "demo.yaml:1:8: 'event' should be a mapping of keys and values, not a list"
    ]


@pytest.mark.parametrize(
    ("line", "key"),
    [("  id: demo\n", "id"), ("  title: Demo summit\n", "title"), ("  timezone: Europe/Brussels\n", "timezone")],
)
def test_event_id_title_and_timezone_are_required(line: str, key: str) -> None:
    text = EVENT.replace(line, "")
    # The problem points at the event mapping itself: its first key, on line 2.
    assert problems_of(text) == [f"demo.yaml:2:3: event: '{key}' is required"]


def test_a_blank_event_title_is_refused() -> None:
    text = EVENT.replace("title: Demo summit", "title: '  '")
    assert problems_of(text) == ["demo.yaml:3:10: event: 'title' is blank"]


def test_a_session_without_id_title_start_and_end_gets_one_problem_for_each() -> None:
    text = agenda("""\
        sessions:
          - room: Albion A
        """)
    assert problems_of(text) == [
        "demo.yaml:10:5: session: 'end' is required",
        "demo.yaml:10:5: session: 'id' is required",
        "demo.yaml:10:5: session: 'start' is required",
        "demo.yaml:10:5: session: 'title' is required",
    ]


def test_a_session_without_an_id_is_refused() -> None:
    text = agenda("""\
        sessions:
          - title: Opening
            start: "09:00"
            end: "10:00"
        """)
    assert problems_of(text) == ["demo.yaml:10:5: session: 'id' is required"]


def test_a_person_without_a_name_is_refused() -> None:
    text = agenda("""\
        people:
          - id: kir
        """)
    assert problems_of(text) == ["demo.yaml:10:5: person: 'name' is required"]


def test_a_proposal_without_id_and_title_is_refused() -> None:
    text = agenda("""\
        proposals:
          - description: Talk about cgroups
        """)
    assert problems_of(text) == [
        "demo.yaml:10:5: proposal: 'id' is required",
        "demo.yaml:10:5: proposal: 'title' is required",
    ]


def test_a_topic_without_a_title_is_refused() -> None:
    text = agenda("""\
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
            topics:
              - note: bring the patches
        """)
    assert problems_of(text) == ["demo.yaml:15:9: session 'opening': topic: 'title' is required"]


# --- ids ------------------------------------------------------------------------------------------


def test_a_session_id_with_spaces_is_refused_with_a_suggested_id() -> None:
    text = agenda("""\
        sessions:
          - id: opening session
            title: Opening
            start: "09:00"
            end: "10:00"
        """)
    assert problems_of(text) == [
        "demo.yaml:10:9: session: id 'opening session' may hold only letters, digits, '.', '_' and '-'; "
        "try 'opening-session'"
    ]


def test_an_event_id_that_is_not_lower_case_gets_a_hint_that_would_be_accepted() -> None:
    text = EVENT.replace("id: demo", "id: Demo Summit")
    assert problems_of(text) == [
        "demo.yaml:2:7: event: id 'Demo Summit' may hold only lower-case letters, digits and '-'; try 'demo-summit'"
    ]


# --- types of values ------------------------------------------------------------------------------


def test_a_text_field_given_a_float_gets_a_quoted_hint() -> None:
    text = EVENT.replace("title: Demo summit", "title: 4.4")
    assert problems_of(text) == [
        "demo.yaml:3:10: event: 'title' should be text, not the number 4.4; write it in quotes: \"4.4\""
    ]


def test_a_session_title_given_a_float_gets_a_quoted_hint() -> None:
    text = agenda("""\
        sessions:
          - id: xen
            title: 4.4
            start: "09:00"
            end: "10:00"
        """)
    assert problems_of(text) == [
        "demo.yaml:11:12: session 'xen': 'title' should be text, not the number 4.4; write it in quotes: \"4.4\""
    ]


def test_a_text_field_given_a_list_is_refused() -> None:
    text = agenda("""\
        sessions:
          - id: opening
            title: [Opening, Welcome]
            start: "09:00"
            end: "10:00"
        """)
    assert problems_of(text) == ["demo.yaml:11:12: session 'opening': 'title' should be text, not a list"]


def test_a_list_field_given_a_number_is_refused() -> None:
    text = agenda("""\
        attendees: 5
        """)
    assert problems_of(text) == ["demo.yaml:9:12: agenda: 'attendees' should be a list, not the number 5"]


def test_a_list_field_given_a_mapping_is_refused() -> None:
    text = agenda("""\
        people:
          name: Kir Kolyshkin
        """)
    assert problems_of(text) == ["demo.yaml:10:3: agenda: 'people' should be a list, not a mapping"]


def test_a_list_of_people_given_a_number_is_refused() -> None:
    text = agenda("""\
        sessions:
          - id: opening
            title: Opening
            start: "09:00"
            end: "10:00"
            moderators: 5
        """)
    assert problems_of(text) == ["demo.yaml:14:17: session 'opening': 'moderators' should be a list, not the number 5"]


def test_a_record_in_a_list_must_be_a_mapping() -> None:
    text = agenda("""\
        sessions:
          - opening
        """)
    assert problems_of(text) == ["demo.yaml:10:5: a session should be a mapping of keys and values, not 'opening'"]


def test_a_yes_no_field_given_a_word_is_refused() -> None:
    text = agenda("""\
        attendees:
          - name: Pavel Emelyanov
            remote: yes
        """)
    # YAML 1.2: only true and false are yes/no values; 'yes' is a word.
    assert problems_of(text) == [
        "demo.yaml:11:13: attendee 'Pavel Emelyanov': 'remote' should be true or false, not 'yes'"
    ]


def test_a_whole_number_field_given_a_negative_number_is_refused() -> None:
    text = event_with("""\
          calendar:
            keep_cancelled_days: -1
        """)
    assert problems_of(text) == [
        "demo.yaml:10:26: calendar: 'keep_cancelled_days' should be a whole number of at least 0, not the number -1"
    ]


# --- choices --------------------------------------------------------------------------------------


def test_an_unknown_attendance_status_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        attendees:
          - name: Pavel Emelyanov
            status: confimed
        """)
    assert problems_of(text) == [
        "demo.yaml:11:13: attendee 'Pavel Emelyanov': 'status' cannot be 'confimed'; did you mean 'confirmed'?"
    ]


def test_an_unknown_status_unlike_any_known_one_lists_the_choices() -> None:
    text = agenda("""\
        attendees:
          - name: Pavel Emelyanov
            status: maybe
        """)
    assert problems_of(text) == [
        "demo.yaml:11:13: attendee 'Pavel Emelyanov': 'status' cannot be 'maybe'; "
        "one of: confirmed, tentative, declined, waitlisted"
    ]


def test_an_unknown_event_kind_gets_a_did_you_mean_hint() -> None:
    text = event_with("""\
          kind: minisummit
        """)
    assert problems_of(text) == ["demo.yaml:9:9: event: 'kind' cannot be 'minisummit'; did you mean 'mini-summit'?"]


def test_an_unknown_proposal_status_gets_a_did_you_mean_hint() -> None:
    text = agenda("""\
        proposals:
          - id: cgroups
            title: Control groups
            status: acepted
        """)
    assert problems_of(text) == [
        "demo.yaml:12:13: proposal 'cgroups': 'status' cannot be 'acepted'; did you mean 'accepted'?"
    ]


# --- addresses and money --------------------------------------------------------------------------


def test_links_must_be_whole_addresses() -> None:
    text = event_with("""\
          links:
            proposal: wiki.openvz.org/Proposal
            see_also:
              - www.example.org
              - title: Notes
                url: ftp://example.org/notes
              - https://example.org/fine
        """)
    hint = "write the whole address, starting with https://"
    assert problems_of(text) == [
        f"demo.yaml:10:15: links: 'wiki.openvz.org/Proposal' is not an address; {hint}",
        f"demo.yaml:12:9: link: 'www.example.org' is not an address; {hint}",
        f"demo.yaml:14:14: link: 'ftp://example.org/notes' is not an address; {hint}",
    ]


def test_a_link_written_as_a_mapping_needs_a_url() -> None:
    text = event_with("""\
          links:
            see_also:
              - title: Notes
        """)
    assert problems_of(text) == ["demo.yaml:11:9: link: 'url' is required"]


def test_a_pledge_needs_a_positive_amount_and_a_currency_code() -> None:
    text = agenda("""\
        people:
          - name: Serge Hallyn
        roadmap:
          - id: "4.4"
            title: Xen 4.4
            pledges:
              - who: Serge Hallyn
                amount: 0
                currency: eur
              - who: Serge Hallyn
                amount: lots
                currency: EURO
        """)
    assert problems_of(text) == [
        "demo.yaml:16:17: roadmap entry '4.4': pledge: 'amount' should be a positive amount, not the number 0",
        "demo.yaml:17:19: roadmap entry '4.4': pledge: 'eur' is not a currency code; write EUR, USD, GBP, ...",
        "demo.yaml:19:17: roadmap entry '4.4': pledge: 'amount' should be a positive amount, not 'lots'",
        "demo.yaml:20:19: roadmap entry '4.4': pledge: 'EURO' is not a currency code; write EUR, USD, GBP, ...",
    ]


def test_a_pledge_with_a_negative_amount_is_refused() -> None:
    text = agenda("""\
        people:
          - name: Serge Hallyn
        roadmap:
          - id: "4.4"
            title: Xen 4.4
            pledges:
              - who: Serge Hallyn
                amount: -5
                currency: EUR
        """)
    assert problems_of(text) == [
        "demo.yaml:16:17: roadmap entry '4.4': pledge: 'amount' should be a positive amount, not the number -5"
    ]


def test_a_pledge_needs_someone_who_pledges() -> None:
    text = agenda("""\
        roadmap:
          - id: "4.4"
            title: Xen 4.4
            pledges:
              - amount: 1,000
                currency: EUR
        """)
    assert problems_of(text) == ["demo.yaml:13:9: roadmap entry '4.4': pledge: 'who' is required"]


# --- everything at once ---------------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once_sorted_by_line() -> None:
    text = agenda("""\
          kind: hackaton
          links:
            proposal: example.org
        people:
          - name: Serge Hallyn
        sessions:
          - id: opening
            title: Opening
            start: "11:00"
            end: "10:00"
          - id: closing
            title: Closing
            start: 1600
            end: "17:00"
            moderators: [Serge, Dave Hansen]
        proposals:
          - id: cgroups
            title: Control groups
            session: opening-session
        bogus: true
        """)
    assert problems_of(text) == [
        "demo.yaml:9:9: event: 'kind' cannot be 'hackaton'; did you mean 'hackathon'?",
        "demo.yaml:11:15: links: 'example.org' is not an address; write the whole address, starting with https://",
        "demo.yaml:18:10: session 'opening' ends at 10:00, not after it starts at 11:00",
        "demo.yaml:21:12: session 'closing': 'start' is the number 1600, not a time; write it in quotes: \"16:00\"",
        "demo.yaml:23:18: session 'closing': 'moderators': nobody called 'Serge' is in people or attendees; "
        "did you mean 'Serge Hallyn'?",
        "demo.yaml:23:25: session 'closing': 'moderators': nobody called 'Dave Hansen' is in people or attendees; "
        "add them to 'people' (or 'attendees') first",
        "demo.yaml:27:14: proposal 'cgroups': 'session': there is no session or meeting 'opening-session'; "
        "did you mean 'opening'?",
        "demo.yaml:28:1: agenda: unknown key 'bogus'; "
        "known keys: event, people, attendees, proposals, sessions, meetings, work_items, actions, roadmap",
    ]
