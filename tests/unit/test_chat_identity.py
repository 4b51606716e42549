"""Who a chat user is in an agenda: the chat id is proof, an email nearly so, a name only a guess.

The demo registry below has a linked person (George), people waiting to be linked (Lars by
email, Jeff by name), two people who both answer to "Ian", and attendees known by name only.
"""

from __future__ import annotations

from bot.agenda.load import parse_agenda
from bot.chat.identity import ChatUser, identify, is_organiser
from bot.model import Agenda

AGENDA = """\
event:
  id: demo-summit
  title: Demo summit
  timezone: Europe/London
  days:
    - date: 2013-05-15
      start: "09:00"
      end: "17:30"
  organisers: [lars]

people:
  - name: George Dunlap
    id: george
    aliases: [George]
    chat_id: U0GEORGE1
    email: george@example.org
  - name: Lars Kurth
    id: lars
    aliases: [Lars]
    email: Lars.Kurth@example.org
  - name: Ian
    id: ian-m
  - name: Ian Jackson
    id: iwj
    aliases: [Ian]
  - name: Jeff Dike
    id: jdike
  - name: Herbert Pötzl

attendees:
  - George Dunlap
  - Pavel Emelyanov                 # known only by name
"""


def demo() -> Agenda:
    return parse_agenda(AGENDA, "demo.yaml")


def who(user: ChatUser) -> tuple[str | None, str]:
    """The person id `user` is taken for, and how they were matched."""
    caller = identify(demo(), user)
    return (caller.person.id if caller.person else None), caller.matched_by


def test_the_chat_id_wins_over_any_name_or_email() -> None:
    caller = identify(demo(), ChatUser("U0GEORGE1", "Lars Kurth", email="lars.kurth@example.org"))
    assert caller.person is not None
    assert caller.person.id == "george"
    assert caller.matched_by == "chat id"
    assert caller.linked
    assert not caller.is_new


def test_an_email_finds_a_person_not_yet_linked_in_any_case() -> None:
    caller = identify(demo(), ChatUser("U0LARS001", "lk", email="LARS.KURTH@EXAMPLE.ORG"))
    assert caller.person is not None
    assert caller.person.id == "lars"
    assert caller.matched_by == "email"
    assert not caller.linked  # the chat id still has to be written


def test_an_email_of_a_person_linked_to_another_chat_id_finds_nobody() -> None:
    assert who(ChatUser("U0OTHER01", "G.", email="george@example.org")) == (None, "new")


def test_a_name_or_an_alias_finds_one_person_without_a_chat_id() -> None:
    assert who(ChatUser("U0JEFF001", "Jeff Dike")) == ("jdike", "name")
    assert who(ChatUser("U0LARS001", "Lars")) == ("lars", "name")  # an alias
    assert who(ChatUser("U0LARS001", "lars kurth")) == ("lars", "name")  # any case
    assert who(ChatUser("U0HERBERT", "Herbert Potzl")) == ("herbert-potzl", "name")  # accents ignored
    assert who(ChatUser("U0PAVEL01", "Pavel Emelyanov")) == ("pavel-emelyanov", "name")  # an attendee only


def test_the_display_name_is_tried_after_the_real_name() -> None:
    assert who(ChatUser("U0JEFF001", "J. D.", display_name="Jeff Dike")) == ("jdike", "name")


def test_an_email_that_matches_nobody_falls_back_to_the_name() -> None:
    assert who(ChatUser("U0JEFF001", "Jeff Dike", email="jdike@example.org")) == ("jdike", "name")


def test_a_name_two_people_answer_to_finds_nobody() -> None:
    caller = identify(demo(), ChatUser("U0IAN0001", "Ian"))
    assert caller.person is None
    assert caller.matched_by == "new"
    assert caller.is_new


def test_a_name_of_a_person_linked_to_another_chat_id_finds_nobody() -> None:
    assert who(ChatUser("U0IMPOSTR", "George Dunlap")) == (None, "new")
    assert who(ChatUser("U0IMPOSTR", "George")) == (None, "new")


def test_a_stranger_is_new() -> None:
    assert who(ChatUser("U0ADA0001", "Ada Lovelace", email="ada@example.org")) == (None, "new")


def test_organiser_rights_follow_the_chat_id_alone() -> None:
    agenda = demo()
    # Lars organises, but the YAML has no chat id for him yet: nobody has his say, however named.
    assert identify(agenda, ChatUser("U0LARS001", "Lars Kurth")).person is not None
    assert not is_organiser(agenda, ChatUser("U0LARS001", "Lars Kurth", email="lars.kurth@example.org"))
    linked = parse_agenda(AGENDA.replace("    id: lars\n", "    id: lars\n    chat_id: U0LARS001\n"), "demo.yaml")
    assert is_organiser(linked, ChatUser("U0LARS001", "Somebody"))
    assert not is_organiser(linked, ChatUser("U0IMPOSTR", "Lars Kurth", email="lars.kurth@example.org"))
    assert not is_organiser(linked, ChatUser("U0GEORGE1", "George Dunlap"))  # linked, but no organiser
