"""`/summit agenda DAY` by weekday or date, `who TEXT`, and "did you mean" for mistyped commands
and ids. The FOSDEM-sized agenda of bench/agenda_scale.py (smaller here) runs Friday 5 to Sunday
7 February 2027."""

from __future__ import annotations

import runpy
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import parse_agenda
from bot.chat.commands import CommandError, Request, Served, run
from bot.chat.days import close_matches, day_and_text, find_day
from bot.chat.identity import ChatUser
from bot.model import Agenda

ROOT = Path(__file__).resolve().parents[2]
BRUSSELS = ZoneInfo("Europe/Brussels")
BEFORE = datetime(2027, 1, 20, 12, 0, tzinfo=BRUSSELS)
DAYS = [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7)]
ADA = ChatUser("U0ADA0001", "Ada Lovelace")


@cache
def fosdem() -> Agenda:
    bench = runpy.run_path(str(ROOT / "bench" / "agenda_scale.py"))  # a script, not a package
    scale = bench["Scale"](sessions=120, rooms=8, attendees=400, days=3)
    return parse_agenda(bench["build_agenda"](scale), "fosdem-2027.yaml")


def say(text: str) -> str:
    return run(Request(text, ADA, BEFORE, "C0FOSDEM", "fosdem"), Served((fosdem(),))).reply


def refusal(text: str) -> str:
    with pytest.raises(CommandError) as refused:
        say(text)
    return str(refused.value)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("saturday", DAYS[1]), ("Sat", DAYS[1]), ("sa", DAYS[1]), ("SUNDAY", DAYS[2]), ("fri", DAYS[0]),
        ("2027-02-06", DAYS[1]), ("6 Feb", DAYS[1]), ("6th February", DAYS[1]), ("Feb 7", DAYS[2]),
        ("7 feb 2027", DAYS[2]), ("February 5, 2027", DAYS[0]), ("today", date(2027, 1, 20)),
        ("tomorrow", date(2027, 1, 21)),
    ],
)  # fmt: skip
def test_a_day_is_read_as_a_weekday_or_a_date(typed: str, day: date) -> None:
    assert find_day(typed, DAYS, date(2027, 1, 20)) == day


@pytest.mark.parametrize("typed", ["s", "t", "caturday", "2027-02-30", "6 Fe", "01/02", "8 Feb", "6 Feb 2026", "m"])
def test_no_day_of_the_event(typed: str) -> None:
    assert find_day(typed, DAYS, date(2027, 1, 20)) is None


def test_agenda_saturday_shows_saturday_not_the_first_day() -> None:
    reply = say("agenda saturday")

    assert reply.split("\n")[0].endswith(", on Saturday 06 February 2027:")
    saturday = [s for s in fosdem().sessions if s.start.date() == DAYS[1]]
    assert len(reply.split("\n")) == 1 + len(saturday)


def test_agenda_by_date_and_with_no_day_the_first_one_ahead() -> None:
    assert "on Sunday 07 February 2027:" in say("agenda 7 Feb")
    assert "on Friday 05 February 2027:" in say("agenda")


def test_an_unknown_day_says_which_days_there_are() -> None:
    reply = say("agenda caturday")

    assert reply.startswith("`caturday` is no day of this event. The days are: Friday 05 February (`Fri` or ")
    assert "Saturday 06 February (`Sat` or `2027-02-06`), Sunday 07 February" in reply


def test_a_day_without_blocks_says_so_and_which_days_there_are() -> None:
    assert "no blocks today. The days are: Friday 05 February" in say("agenda today")


def test_who_text_lists_only_the_people_whose_name_has_it() -> None:
    everyone = say("who").split("\n")[1:]
    named = say("who ada").split("\n")[1:]

    assert named == [line for line in everyone if "ada" in line.casefold()]
    assert 0 < len(named) < len(everyone)
    assert say("who Nobody-At-All").startswith("Nobody called “Nobody-At-All” has signed up for")


def test_a_mistyped_command_gets_did_you_mean() -> None:
    assert refusal("jion") == "I don't know `jion`. Did you mean `/summit join`? Try `/summit help`."
    assert refusal("agnda sat").startswith("I don't know `agnda`. Did you mean `/summit agenda`?")
    assert refusal("xyzzy") == "I don't know `xyzzy`. Try `/summit help`."


def test_a_mistyped_topic_id_gets_the_close_ones() -> None:
    assert refusal("vote P00022") == "There is no topic `P00022`. Did you mean P0022, P0002, P0200, P0122, P0102?"
    assert "Did you mean P0122, P0022, " in refusal("unvote p022")
    assert refusal("vote 22").startswith("There is no topic `22`. Known: P0001, P0002, ")  # nothing close


def test_close_matches_are_any_case_and_leave_out_the_word_itself() -> None:
    assert close_matches("t22", ["T2", "T12", "T3", "W1"]) == ["T2", "T12"]
    assert close_matches("xyz", ["T2", "T12"]) == []


def test_agenda_day_text_keeps_the_blocks_with_text_in_their_room_or_title() -> None:
    saturday = [s for s in fosdem().sessions if s.start.date() == DAYS[1]]
    room = next(s.room for s in saturday if s.room)
    assert room is not None

    reply = say(f"agenda 6 Feb {room}")

    lines = reply.split("\n")
    assert lines[0].endswith(f", on Saturday 06 February 2027 with “{room}”:")
    assert len(lines) - 1 == len([s for s in saturday if room.casefold() in f"{s.room}\n{s.title}".casefold()])
    assert 0 < len(lines) - 1 < len(saturday)
    assert "no blocks on Saturday 06 February 2027 with “no such room”. The days are:" in say("agenda sat no such room")


@pytest.mark.parametrize(
    ("typed", "day", "rest"),
    [("sat Rust", DAYS[1], "Rust"), ("1 February 2027", None, "1 February 2027"), ("7 Feb 2027 Go", DAYS[2], "Go"),
     ("Rust", None, "Rust"), ("", None, "")],
)  # fmt: skip
def test_the_day_is_the_first_words_and_the_rest_is_the_text(typed: str, day: date | None, rest: str) -> None:
    assert day_and_text(typed, DAYS, date(2027, 1, 20)) == (day, rest)
