"""Who a chat user is in an agenda: the chat id is proof, and so is an email Slack has confirmed;
a name never is.

The demo registry below has a linked person (George), people waiting to be linked (Lars, who
organises, has an email; Jeff has none), two people who both answer to "Ian", a person chat added
for an unknown Slack user (provisional), and attendees known by name only. Whatever a Slack user
calls themselves, in whatever case or accents, they are nobody here until their chat id or a
confirmed email says who they are; they are told whom their name resembles, and how to get linked.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.agenda.load import parse_agenda
from bot.chat.identity import ChatUser, identify, is_organiser
from bot.chat.slack_payloads import chat_user
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
  - name: Jeff Dike (U0JEFF999)
    id: jeff-dike-u0jeff999
    chat_id: U0JEFF999
    provisional: true

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


def namesakes(user: ChatUser) -> list[str]:
    """Whom the user's names resemble (and they are not taken for)."""
    return [person.id for person in identify(demo(), user).namesakes]


def test_the_chat_id_wins_over_any_name_or_email() -> None:
    caller = identify(demo(), ChatUser("U0GEORGE1", "Lars Kurth", email="lars.kurth@example.org"))
    assert caller.person is not None
    assert caller.person.id == "george"
    assert caller.matched_by == "chat id"
    assert caller.linked
    assert not caller.is_new
    assert caller.namesakes == ()  # George is George: no hint for him, whatever he calls himself


def test_a_confirmed_email_finds_a_person_not_yet_linked_in_any_case() -> None:
    caller = identify(demo(), ChatUser("U0LARS001", "lk", email="LARS.KURTH@EXAMPLE.ORG"))
    assert caller.person is not None
    assert caller.person.id == "lars"
    assert caller.matched_by == "email"
    assert not caller.linked  # the chat id still has to be written


def test_an_email_of_a_person_linked_to_another_chat_id_finds_nobody() -> None:
    assert who(ChatUser("U0OTHER01", "G.", email="george@example.org")) == (None, "new")


def test_a_name_finds_nobody_however_it_is_written() -> None:
    # Jeff's name, Lars's alias and name in another case, Herbert without his accent, an attendee.
    for user, resembles in [
        (ChatUser("U0JEFF001", "Jeff Dike"), ["jdike"]),  # not the provisional "Jeff Dike (U0JEFF999)"
        (ChatUser("U0LARS001", "Lars"), ["lars"]),
        (ChatUser("U0LARS001", "lars kurth"), ["lars"]),
        (ChatUser("U0LARS001", "LARS  KURTH"), ["lars"]),
        (ChatUser("U0HERBERT", "Herbert Potzl"), ["herbert-potzl"]),
        (ChatUser("U0PAVEL01", "Pavel Emelyanov"), ["pavel-emelyanov"]),
    ]:
        assert who(user) == (None, "new"), user.name
        assert namesakes(user) == resembles, user.name


def test_the_display_name_finds_nobody_either_but_is_named_in_the_hint() -> None:
    user = ChatUser("U0JEFF001", "J. D.", display_name="Jeff Dike")
    assert who(user) == (None, "new")
    assert namesakes(user) == ["jdike"]


def test_an_email_that_matches_nobody_does_not_fall_back_to_the_name() -> None:
    assert who(ChatUser("U0JEFF001", "Jeff Dike", email="jdike@example.org")) == (None, "new")


def test_a_name_two_people_answer_to_finds_nobody_and_names_both() -> None:
    caller = identify(demo(), ChatUser("U0IAN0001", "Ian"))
    assert caller.person is None
    assert caller.matched_by == "new"
    assert caller.is_new
    assert [person.id for person in caller.namesakes] == ["ian-m", "iwj"]


def test_a_name_of_a_person_linked_to_another_chat_id_finds_nobody() -> None:
    assert who(ChatUser("U0IMPOSTR", "George Dunlap")) == (None, "new")
    assert who(ChatUser("U0IMPOSTR", "George")) == (None, "new")


def test_a_provisional_person_is_found_by_chat_id_and_still_told_whom_they_resemble() -> None:
    # Chat added "Jeff Dike (U0JEFF999)" for a Slack user called Jeff Dike; until an organiser
    # links him, he is that provisional person, and the hint stays.
    user = ChatUser("U0JEFF999", "Jeff Dike")
    assert who(user) == ("jeff-dike-u0jeff999", "chat id")
    assert namesakes(user) == ["jdike"]


def test_a_stranger_is_new_and_resembles_nobody() -> None:
    user = ChatUser("U0ADA0001", "Ada Lovelace", email="ada@example.org")
    assert who(user) == (None, "new")
    assert namesakes(user) == []


def test_at_the_bots_own_terminal_a_name_is_taken_as_proof() -> None:
    # `summitbot chat --as Lars`: whoever types there could edit the YAML anyway.
    assert who(ChatUser("", "Lars", vouched=True)) == ("lars", "name")
    assert who(ChatUser("", "Ian", vouched=True)) == (None, "new")  # still one person, or nobody
    assert is_organiser(demo(), ChatUser("", "lars kurth", vouched=True))


def test_organiser_rights_follow_the_chat_id_or_a_confirmed_email_never_a_name() -> None:
    agenda = demo()
    # Lars organises, but the YAML has no chat id for him yet: nobody has his say, however named;
    # the Slack account whose confirmed email is his has it.
    assert not is_organiser(agenda, ChatUser("U0LARS001", "Lars Kurth"))
    assert not is_organiser(agenda, ChatUser("U0LARS001", "Lars", display_name="Lars Kurth"))
    assert is_organiser(agenda, ChatUser("U0LARS001", "Lars Kurth", email="lars.kurth@example.org"))
    linked = parse_agenda(AGENDA.replace("    id: lars\n", "    id: lars\n    chat_id: U0LARS001\n"), "demo.yaml")
    assert is_organiser(linked, ChatUser("U0LARS001", "Somebody"))
    assert not is_organiser(linked, ChatUser("U0IMPOSTR", "Lars Kurth", email="lars.kurth@example.org"))
    assert not is_organiser(linked, ChatUser("U0GEORGE1", "George Dunlap"))  # linked, but no organiser


def test_an_email_counts_only_when_slack_says_it_is_confirmed() -> None:
    profile = {"real_name": "Lars Kurth", "display_name": "lars", "email": "lars.kurth@example.org"}
    confirmed = chat_user({"id": "U0LARS001", "is_email_confirmed": True, "profile": profile})
    unconfirmed = chat_user({"id": "U0LARS001", "is_email_confirmed": False, "profile": profile})
    unsaid = chat_user({"id": "U0LARS001", "profile": profile})
    assert confirmed.email == "lars.kurth@example.org"
    assert (unconfirmed.email, unsaid.email) == (None, None)
    assert who(confirmed) == ("lars", "email")
    assert who(unconfirmed) == (None, "new")


# However a Slack user spells an organiser's or anyone's name, it never makes them that person.

NAMES = ["Lars Kurth", "Lars", "lars", "Jeff Dike", "Herbert Pötzl", "George", "Ian Jackson", "Pavel Emelyanov"]


def _variant(draw: st.DrawFn) -> str:
    """A name from the registry, respelled: each letter in any case, accents added or taken off,
    compatibility forms (full-width letters), odd spaces, and anything before or after."""
    name = unicodedata.normalize("NFD", draw(st.sampled_from(NAMES)))
    letters = []
    for written in name:
        if unicodedata.combining(written) and draw(st.booleans()):
            continue  # an accent taken off
        char = written.upper() if draw(st.booleans()) else written.lower()
        if char.isascii() and char.isalpha() and draw(st.integers(0, 5)) == 0:
            char = chr(ord(char) + 0xFEE0)  # full-width
        letters.append(char + draw(st.sampled_from(["", "", "\u0301", "\u0308"])))  # an accent added
    spaced = "".join(letters).replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0", "\u2003"])))
    return draw(st.text(max_size=3)) + spaced + draw(st.text(max_size=3))


variants = st.composite(_variant)


@given(name=variants(), display=st.one_of(st.none(), variants()), handle=variants())
def test_no_spelling_of_a_name_binds_a_slack_user_to_anyone(name: str, display: str | None, handle: str) -> None:
    agenda = demo()
    for user in (ChatUser("U0ANYONE1", name, display_name=display), ChatUser("U0ANYONE1", handle)):
        caller = identify(agenda, user)
        assert (caller.person, caller.matched_by) == (None, "new")
        assert not is_organiser(agenda, user)
