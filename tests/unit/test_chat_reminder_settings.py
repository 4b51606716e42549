"""`chat.reminders` and `chat.change_notices` in the agenda: lead times read, each problem at its line."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.agenda_text import load, problems_of
from tests.unit.test_calendar_feed import HEAD, KERNEL


def with_chat(settings: str) -> str:
    return HEAD.replace("  calendar:\n", f"  chat:\n{settings}  calendar:\n") + KERNEL


def test_without_the_settings_there_are_no_reminders_and_change_notices_are_on() -> None:
    chat = load(HEAD + KERNEL).event.chat
    assert (chat.reminders, chat.change_notices) == ((), True)


def test_lead_times_are_read_longest_first() -> None:
    chat = load(with_chat("    reminders: [15m, 1d, 1h30m]\n    change_notices: false\n")).event.chat
    assert chat.reminders == (timedelta(days=1), timedelta(hours=1, minutes=30), timedelta(minutes=15))
    assert chat.change_notices is False


def test_one_lead_time_alone_is_a_list_of_one() -> None:
    assert load(with_chat("    reminders: 10m\n")).event.chat.reminders == (timedelta(minutes=10),)


def test_each_wrong_lead_time_is_reported_at_its_line() -> None:
    problems = problems_of(
        with_chat("    reminders:\n      - 15\n      - soon\n      - 15m\n      - 15m\n      - 0m\n")
    )
    assert problems == [
        'demo.yaml:11:9: chat: \'reminders\' should be a lead time like "15m" or "1h", not the number 15;'
        ' write "15m" for 15 minutes',
        "demo.yaml:12:9: chat: 'reminders': 'soon' is not a lead time: write minutes, hours or days,"
        ' like "15m", "1h30m" or "1d"',
        "demo.yaml:14:9: chat: 'reminders' gives 15m twice (first on line 13)",
        "demo.yaml:15:9: chat: 'reminders' item: a reminder 0 minutes ahead comes too late; write \"5m\" or more",
    ]


def test_change_notices_must_be_true_or_false() -> None:
    assert problems_of(with_chat("    change_notices: sometimes\n")) == [
        "demo.yaml:10:21: chat: 'change_notices' should be true or false, not 'sometimes'"
    ]
