"""bot.lookup: the one thing a user means, candidates when several fit, "did you mean" when none."""

from __future__ import annotations

import pytest

from bot.errors import Unresolved
from bot.lookup import Named, close_matches, find_one, matches

PEOPLE = [
    Named("ijc", ("Ian Campbell", "Ian Campell"), "Ian Campbell (ijc)"),
    Named("iwj", ("Ian Jackson",), "Ian Jackson (iwj)"),
    Named("george", ("George Dunlap",), "George Dunlap (george)"),
    Named("7", ("Seven of Nine",), "Seven of Nine (7)"),
]


def _find(typed: str) -> str:
    return find_one(typed, PEOPLE, option="--person", missing=f"nobody called '{typed}'").id


def test_the_exact_id_comes_first_then_any_case_then_a_unique_start() -> None:
    assert _find("iwj") == "iwj"
    assert _find("ian jackson") == "iwj"
    assert _find("Ian Campell") == "ijc"  # an alias
    assert _find("Dun") == "george"  # the start of a word of the name
    assert _find("geo") == "george"


def test_an_exact_name_wins_over_longer_names_it_starts() -> None:
    known = [Named("al", ("Al",)), Named("alice", ("Alice Smith",))]
    assert [thing.id for thing in matches("Al", known)] == ["al"]


def test_several_that_fit_are_listed_with_their_ids() -> None:
    with pytest.raises(Unresolved) as caught:
        _find("Ian")
    assert str(caught.value) == "--person: 'Ian' could be: Ian Campbell (ijc), Ian Jackson (iwj); use the id"


def test_none_that_fits_gets_the_closest_or_the_known_ids() -> None:
    with pytest.raises(Unresolved, match=r"nobody called 'Goerge Dunlap'; did you mean George Dunlap \(george\)\?"):
        _find("Goerge Dunlap")
    with pytest.raises(Unresolved, match=r"nobody called 'Zed'; known: ijc, iwj, george, 7$"):
        _find("Zed")


def test_an_id_without_letters_gets_the_ids_a_keystroke_away() -> None:
    assert close_matches("8", ["7", "9", "12", "80"]) == ["7", "9", "80"]
    assert close_matches("21", ["12", "22", "210", "5"]) == ["22", "12", "210"]
    assert close_matches("2013-05", ["2013-06", "2014-05", "x"]) == ["2013-06", "2014-05"]
    with pytest.raises(Unresolved, match=r"did you mean Seven of Nine \(7\)\?"):
        _find("8")


def test_close_matches_of_words_are_as_before() -> None:
    assert close_matches("jion", ["join", "vote", "topics"]) == ["join"]
    assert close_matches("Join", ["join"]) == []
