"""Who an action belongs to: names written in minutes matched to the Xen 4.4 hackathon's people.

The hackathon's agenda knows Lars, George Dunlap (alias George), Stefano, Konrad Rzeszutek Wilk
(alias Konrad), Matt Wilson (id msw), and two Ians: Ian Campbell (id ijc, alias "Ian Campell", the
minutes' spelling) and Ian Jackson (id iwj). Some tests add a second George, as the release call had.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.minutes.model import NOBODY, Confidence, Owner
from bot.minutes.owners import Owners
from bot.model import Person

XEN = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
GEORGE_SMITH = Person("gsmith", "George Smith", aliases=("George",), chat_id="U0GSMITH1")


@pytest.fixture(scope="module")
def people() -> tuple[Person, ...]:
    return load_agenda(XEN).people


@pytest.fixture(scope="module")
def owners(people: tuple[Person, ...]) -> Owners:
    return Owners(people)


@pytest.fixture(scope="module")
def two_georges(people: tuple[Person, ...]) -> Owners:
    return Owners([*people, GEORGE_SMITH])


@pytest.fixture(scope="module")
def no_alias(people: tuple[Person, ...]) -> Owners:
    """The people without the alias "Ian Campell": the misspelling must be guessed."""
    return Owners([replace(p, aliases=()) if p.id == "ijc" else p for p in people])


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("George Dunlap", "george"),  # a name
        ("george dunlap", "george"),  # any case
        ("  George   Dunlap: ", "george"),  # spaces and a trailing colon
        ("Géorge Dünlap", "george"),  # accents do not matter
        ("George", "george"),  # an alias (aliases hold IRC nicks)
        ("msw", "msw"),  # an id
        ("MSW", "msw"),
        ("U0KONRAD1", "konrad"),  # a chat id
        ("<@U0IANC001>", "ijc"),  # a Slack mention
        ("<@U0IANJ001|ian.jackson>", "iwj"),
        ("@lars", "lars"),
        ("Ian Campell", "ijc"),  # the agenda lists the minutes' spelling as an alias
    ],
)
def test_an_exact_name_alias_id_or_chat_id_is_explicit(owners: Owners, written: str, person: str) -> None:
    owner = owners.named(written)
    assert (owner.person, owner.confidence) == (person, Confidence.EXPLICIT)
    assert owner.written == written.strip().strip(":").strip()


def test_a_name_two_people_answer_to_is_ambiguous(owners: Owners, two_georges: Owners) -> None:
    assert owners.named("Ian") == Owner("Ian", None, Confidence.AMBIGUOUS, ("ijc", "iwj"))
    assert two_georges.named("George") == Owner("George", None, Confidence.AMBIGUOUS, ("george", "gsmith"))
    # an id written as the agenda writes it is one person, as in the agenda itself
    assert two_georges.named("george") == Owner("george", "george", Confidence.EXPLICIT)
    assert two_georges.named("George Smith").person == "gsmith"


@pytest.mark.parametrize(
    ("written", "person"),
    [("Dunlap", "george"), ("Rzeszutek Wilk", "konrad"), ("Stabellini", "stefano"), ("wilson", "msw")],
)
def test_a_part_of_one_persons_name_is_inferred(owners: Owners, written: str, person: str) -> None:
    assert owners.named(written) == Owner(written, person, Confidence.INFERRED)


@pytest.mark.parametrize(
    ("written", "person"),
    [("Ian Campell", "ijc"), ("Ian Cambell", "ijc"), ("Georg Dunlap", "george"), ("Matt Wilsen", "msw")],
)
def test_a_close_misspelling_is_inferred(no_alias: Owners, written: str, person: str) -> None:
    assert no_alias.named(written) == Owner(written, person, Confidence.INFERRED)


def test_a_misspelling_close_to_several_people_is_ambiguous() -> None:
    smiths = Owners([Person("jon", "Jon Smith"), Person("jan", "Jan Smith"), Person("ann", "Ann Jones")])
    assert smiths.named("Jen Smith") == Owner("Jen Smith", None, Confidence.AMBIGUOUS, ("jon", "jan"))


@pytest.mark.parametrize("written", ["Bob", "Mat", "Lara", "Ian Murdock", "the"])
def test_nobody_the_agenda_knows_is_unknown_and_kept_as_written(owners: Owners, written: str) -> None:
    assert owners.named(written) == Owner(written, None, Confidence.UNKNOWN)


def test_an_empty_name_is_nobody(owners: Owners) -> None:
    assert owners.named("  ") == NOBODY


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("George write up a proposal", Owner("George", "george", Confidence.EXPLICIT)),
        ("Ian Campell to check the lost patches", Owner("Ian Campell", "ijc", Confidence.EXPLICIT)),
        ("lars: ping the board", Owner("lars", "lars", Confidence.EXPLICIT)),
        ("Konrad Rzeszutek Wilk, review PVH", Owner("Konrad Rzeszutek Wilk", "konrad", Confidence.EXPLICIT)),
        ("<@U0GEORGE1> to send the schedule", Owner("<@U0GEORGE1>", "george", Confidence.EXPLICIT)),
        ("<@U0IANJ001|ian.jackson> review it", Owner("<@U0IANJ001|ian.jackson>", "iwj", Confidence.EXPLICIT)),
        ("Dunlap drafts the freeze mail", Owner("Dunlap", "george", Confidence.INFERRED)),
        ("Ian to make a list of lost patches", Owner("Ian", None, Confidence.AMBIGUOUS, ("ijc", "iwj"))),
        ("make a list of lost patches with Konrad", Owner("Konrad", "konrad", Confidence.INFERRED)),
        ("ask msw and Stefano about it", Owner("msw", "msw", Confidence.INFERRED)),  # the first; all_in_text: both
        ("make a list of the patches that got lost", NOBODY),
        ("Bob to buy the beer", NOBODY),  # "Bob" could as well be a verb: MeetBot only assigns known nicks
    ],
)
def test_in_text_the_owner_is_named_first_as_meetbot_does(owners: Owners, text: str, owner: Owner) -> None:
    assert owners.in_text(text) == owner


def test_in_text_a_misspelt_leading_name_is_inferred(no_alias: Owners) -> None:
    owner = no_alias.in_text("Ian Campell to set up a patchwork trial")
    assert owner == Owner("Ian Campell", "ijc", Confidence.INFERRED)


def test_in_text_a_name_two_people_answer_to_is_ambiguous(two_georges: Owners) -> None:
    owner = two_georges.in_text("George write up the 4.4 release schedule")
    assert owner == Owner("George", None, Confidence.AMBIGUOUS, ("george", "gsmith"))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("ask msw and Stefano about it", ["msw", "stefano"]),
        ("George work with Konrad Rzeszutek Wilk and msw on PVH", ["george", "konrad", "msw"]),
        ("George Dunlap and George: one person, named twice", ["george"]),
        ("Lars to ping lars again", ["lars"]),
        ("make a list of the patches that got lost", []),
    ],
)
def test_all_in_text_every_person_an_action_names_the_leading_one_first(
    owners: Owners, text: str, named: list[str]
) -> None:
    assert [owner.person for owner in owners.all_in_text(text)] == named


def test_all_in_text_keeps_a_name_several_people_answer_to_as_one_unclear_owner(two_georges: Owners) -> None:
    first, second = two_georges.all_in_text("Lars and George to write the schedule")
    assert first == Owner("Lars", "lars", Confidence.EXPLICIT)
    assert second == Owner("George", None, Confidence.AMBIGUOUS, ("george", "gsmith"))


def test_an_empty_registry_says_so(owners: Owners) -> None:
    assert Owners(()).is_empty
    assert not owners.is_empty


def test_the_registry_name_of_a_person(owners: Owners) -> None:
    assert owners.name("ijc") == "Ian Campbell"
    assert owners.name("nobody") == "nobody"
