"""`agenda`, `now` and `my`: the blocks of a day, what is on, and a person's own schedule.

Times go out as Slack date tokens, `<!date^UNIX^{time}|fallback>`: every reader sees the block in
their own time zone, so UNIX must be the block's real instant; the fallback is the event's time.
The day is the event's day, in the event's zone. The containers mini-summit is on Tuesday 22 July
2008 in Ottawa (EDT, four hours behind UTC): 8:30-11:00, 11:30-14:00 and 14:30-16:30.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.load import parse_agenda
from bot.chat.commands import Request, Served, run
from bot.chat.identity import ChatUser
from bot.model import Agenda

EXAMPLES = Path(__file__).resolve().parents[2] / "agendas"
OTTAWA = ZoneInfo("America/Toronto")
LONDON = ZoneInfo("Europe/London")

ADA = ChatUser("U0ADA0001", "Ada Lovelace")  # nobody the agenda knows
PAVEL = ChatUser("U0PAVEL01", "Pavel Emelyanov")  # an attendee (linked): a single track means every block

ACTIONS = """
actions:
  - id: A1
    owner: Pavel Emelyanov
    text: Send the syslog namespace patches
    due: 2008-08-15
  - id: A2
    owner: Pavel Emelyanov
    text: Book the room
    status: done
  - id: A3
    owner: Balbir Singh
    text: Post the memory controller numbers
"""


def example(name: str, extra: str = "") -> Agenda:
    return parse_agenda((EXAMPLES / name).read_text() + extra, name)


def containers() -> Agenda:
    """The mini-summit with action items, Pavel linked to his chat id."""
    text = (EXAMPLES / "containers-mini-summit-2008.yaml").read_text() + ACTIONS
    linked = f"    wiki_user: Gicha\n  - name: Pavel Emelyanov\n    chat_id: {PAVEL.id}\n"
    return parse_agenda(text.replace("    wiki_user: Gicha\n", linked), "containers-mini-summit-2008.yaml")


def xen() -> Agenda:
    return example("xen-4.4-hackathon.yaml")


def token(hour: int, minute: int, *, day: int = 22, form: str = "{time}") -> str:
    """The date token of a moment on the mini-summit's day (or another day of July 2008), Ottawa time."""
    moment = datetime(2008, 7, day, hour, minute, tzinfo=OTTAWA)
    shown = f"{hour:02}:{minute:02} EDT" if form == "{time}" else f"{moment:%a %d %b %H:%M} EDT"
    return f"<!date^{int(moment.timestamp())}^{form}|{shown}>"


def say(
    text: str,
    user: ChatUser,
    now: datetime,
    agenda: Agenda | None = None,
    feed: str | None = None,
) -> str:
    """The reply to `/summit text` at `now`; `feed` is the address of every personal feed."""
    served = Served((agenda or containers(),), lambda agenda, person: feed and f"{feed}/{person}.ics")
    return run(Request(text, user, now), served).reply


NAMESPACES = f"• {token(8, 30)}–{token(11, 0)} *Namespaces/Containers* (Albion A) — Serge Hallyn, Dave Hansen"
CGROUPS = (
    f"• {token(11, 30)}–{token(14, 0)} *Cgroups+Resource management* (Albion A) — Paul Menage, Balbir Singh, "
    "Dhaval Giani"
)
CHECKPOINT = f"• {token(14, 30)}–{token(16, 30)} *Checkpoint/Restart* (Albion A) — Daniel Lezcano, Oren Laadan"


def test_a_token_carries_the_real_instant() -> None:
    # 8:30 in Ottawa on 22 July 2008 is 12:30 UTC.
    assert token(8, 30) == f"<!date^{int(datetime(2008, 7, 22, 12, 30, tzinfo=UTC).timestamp())}^{{time}}|08:30 EDT>"
    assert token(8, 30) == "<!date^1216729800^{time}|08:30 EDT>"


# agenda


def test_on_the_day_agenda_lists_the_days_blocks() -> None:
    reply = say("agenda", ADA, datetime(2008, 7, 22, 9, 0, tzinfo=OTTAWA))
    assert reply.splitlines() == ["*Containers mini-summit 2008*, today:", NAMESPACES, CGROUPS, CHECKPOINT]


def test_blocks_are_listed_in_time_order_whatever_the_files_order() -> None:
    backwards = containers()
    backwards = replace(backwards, sessions=tuple(reversed(backwards.sessions)))
    reply = say("agenda", ADA, datetime(2008, 7, 22, 9, 0, tzinfo=OTTAWA), backwards)
    assert reply.splitlines()[1:] == [NAMESPACES, CGROUPS, CHECKPOINT]


def test_the_day_is_the_events_day_wherever_the_reader_is() -> None:
    # 02:00 UTC on the 23rd is still 22:00 on the 22nd in Ottawa.
    reply = say("agenda", ADA, datetime(2008, 7, 23, 2, 0, tzinfo=UTC))
    assert reply.startswith("*Containers mini-summit 2008*, today:\n")


def test_before_the_event_agenda_shows_its_next_day() -> None:
    reply = say("agenda", ADA, datetime(2008, 7, 1, 12, 0, tzinfo=OTTAWA))
    assert reply.splitlines() == [
        "*Containers mini-summit 2008*, on Tuesday 22 July 2008:",
        NAMESPACES,
        CGROUPS,
        CHECKPOINT,
    ]


def test_a_several_day_event_shows_only_the_one_day() -> None:
    first = say("agenda", ADA, datetime(2013, 5, 15, 10, 0, tzinfo=LONDON), xen())
    titles = re.findall(r"\*([^*]+)\* \(", first)
    assert first.startswith("*Xen 4.4 Hackathon*, today:\n")
    assert titles == [
        "Purpose of roadmap",
        "Release models that work well",
        "4.3 release cycle: what worked well / didn't work well",
    ]
    second = say("agenda", ADA, datetime(2013, 5, 1, 10, 0, tzinfo=LONDON), xen())
    assert second.startswith("*Xen 4.4 Hackathon*, on Wednesday 15 May 2013:\n")
    late = say("agenda", ADA, datetime(2013, 5, 15, 22, 0, tzinfo=LONDON), xen())
    assert late.startswith("*Xen 4.4 Hackathon*, today:\n")  # still the 15th in London


# now


def test_during_a_block_now_shows_it_and_the_next() -> None:
    reply = say("now", ADA, datetime(2008, 7, 22, 10, 59, tzinfo=OTTAWA))
    assert reply.splitlines() == ["*Containers mini-summit 2008*, now:", NAMESPACES, "Next: " + CGROUPS[2:]]


def test_between_blocks_now_shows_only_the_next() -> None:
    reply = say("now", ADA, datetime(2008, 7, 22, 11, 0, tzinfo=OTTAWA))  # the coffee break
    assert reply.splitlines() == [
        "*Containers mini-summit 2008*: nothing is on right now.",
        "Next: " + CGROUPS[2:],
    ]


def test_during_the_last_block_there_is_no_next() -> None:
    reply = say("now", ADA, datetime(2008, 7, 22, 16, 0, tzinfo=OTTAWA))
    assert reply.splitlines() == ["*Containers mini-summit 2008*, now:", CHECKPOINT]


def test_after_the_end_nothing_else_is_planned() -> None:
    reply = say("now", ADA, datetime(2008, 7, 22, 16, 30, tzinfo=OTTAWA))
    assert reply == "*Containers mini-summit 2008*: nothing is on right now.\nNothing else is planned."


# my


def test_my_lists_the_blocks_still_to_come_the_open_action_items_and_the_feed() -> None:
    # Pavel asks in the coffee break; he owns A1 (open) and A2 (done), Balbir owns A3.
    reply = say("my", PAVEL, datetime(2008, 7, 22, 11, 0, tzinfo=OTTAWA), feed="https://summit.example.org/feeds")
    assert reply.splitlines() == [
        "*Containers mini-summit 2008*, your schedule:",
        f"• {token(11, 30, form='{date_short_pretty} {time}')}–{token(14, 0)} *Cgroups+Resource management* "
        "(Albion A, Novotel Hotel, Ottawa, ON, Canada)",
        f"• {token(14, 30, form='{date_short_pretty} {time}')}–{token(16, 30)} *Checkpoint/Restart* "
        "(Albion A, Novotel Hotel, Ottawa, ON, Canada)",
        "Your open action items:",
        "• *A1* Send the syslog namespace patches (due 15 Aug)",
        "Subscribe to your calendar: https://summit.example.org/feeds/pavel-emelyanov.ics",
    ]


def test_my_without_a_feed_or_anything_left() -> None:
    after = say("my", PAVEL, datetime(2008, 7, 23, 9, 0, tzinfo=OTTAWA))
    assert after.splitlines() == [
        "*Containers mini-summit 2008*: nothing on your schedule from now on.",
        "Your open action items:",
        "• *A1* Send the syslog namespace patches (due 15 Aug)",
    ]


def test_my_for_someone_the_agenda_does_not_know_says_to_join() -> None:
    reply = say("my", ADA, datetime(2008, 7, 22, 9, 0, tzinfo=OTTAWA), feed="https://summit.example.org/feeds")
    assert reply == "You are not in *Containers mini-summit 2008* yet: `/summit join` signs you up."
