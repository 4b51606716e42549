"""`/summit pledge` and `/summit milestones` in the UML co-op's sponsorship drive, without any file.

Ed pledges toward a milestone (by id, by the start of its title, or the one open milestone);
the bot answers and would write a pending pledge; William, who organises, confirms or refuses it,
and nobody else can, whatever name they chat under; `milestones` totals what is pledged per
currency, and names anonymous sponsors to the organisers only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import parse_agenda
from bot.chat.changes import Identify, MakePledge, SettlePledge
from bot.chat.commands import CommandError, Outcome, Request, Served
from bot.chat.commands import run as run_command
from bot.chat.identity import ChatUser
from bot.chat.replies import NEW_ID
from bot.model import Agenda, PledgeStatus

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "uml-64bit-coop.yaml"
NOW = datetime(2008, 8, 24, 12, 0, tzinfo=ZoneInfo("UTC"))
WILLIAM = ChatUser("U0WILLIAM", "William Stearns")  # organises; linked by his chat id
ED = ChatUser("U0EDW0001", "Ed Wildgoose")
MALLORY = ChatUser("U0MALLORY", "William Stearns")  # calls herself William: no chat id of his

PENDING = """\
      - id: P1
        who: Herbert Pötzl
        amount: 300
        currency: USD
        status: pending
        note: '[[Category:x]] <script>alert(1)</script> {{!}} <!channel> *bold*'
      - id: P2
        who: Ed Wildgoose
        amount: 200
        currency: EUR
        anonymous: true
        status: pending
"""


def coop(*edits: tuple[str, str]) -> Agenda:
    """The co-op, with William and Ed linked to their chat ids, and each (old, new) edit made once."""
    text = EXAMPLE.read_text()
    text = text.replace("    id: wstearns\n", f"    id: wstearns\n    chat_id: {WILLIAM.id}\n")
    text = text.replace("  - name: Ed Wildgoose\n", f"  - name: Ed Wildgoose\n    chat_id: {ED.id}\n")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_agenda(text, EXAMPLE.name)


def with_pending() -> Agenda:
    """The co-op with two pending pledges toward the PID spaces milestone, one of them anonymous."""
    return coop(
        ("        note: 50% up front, 50% in arrears\n", "        note: 50% up front, 50% in arrears\n" + PENDING)
    )


def say(text: str, user: ChatUser, agenda: Agenda | None = None) -> Outcome:
    return run_command(Request(text, user, NOW), Served((agenda or coop(),)))


def refusal(text: str, user: ChatUser, agenda: Agenda | None = None) -> str:
    with pytest.raises(CommandError) as refused:
        say(text, user, agenda)
    return str(refused.value)


def pledged(outcome: Outcome) -> MakePledge:
    identify, change = outcome.changes
    assert isinstance(identify, Identify)
    assert isinstance(change, MakePledge)
    return change


def test_ed_pledges_toward_a_milestone_by_its_id() -> None:
    outcome = say("pledge 1,000 EUR pid-spaces -- 50% up front", ED)
    assert pledged(outcome) == MakePledge("pid-spaces", Decimal(1000), "EUR", False, "50% up front")
    assert outcome.reply == (
        f"Done: *{NEW_ID}*, your pledge of *1,000 EUR* toward *PID spaces for init-less guests*, is recorded "
        "and waits for the organisers to confirm it."
    )
    assert outcome.finished("P1").reply.startswith("Done: *P1*, your pledge")


@pytest.mark.parametrize(
    ("text", "milestone", "note"),
    [
        ("pledge €500 scheduler", "scheduler-rework", None),
        ("pledge 500 eur SCHEDULER REWORK (token bucket / hard cpu limits on cfs)", "scheduler-rework", None),
        ("pledge 500 EUR Scheduler for the CFS port", "scheduler-rework", "for the CFS port"),
        ("pledge USD 500 pid", "pid-spaces", None),
        ("pledge 1k EU stable -- when it ships", "stable-2.6.26", "when it ships"),
    ],
)
def test_a_milestone_is_named_by_its_id_or_the_start_of_its_title(text: str, milestone: str, note: str) -> None:
    change = pledged(say(text, ED))
    assert (change.milestone, change.note) == (milestone, note)


def test_no_milestone_named_is_the_one_still_open_or_a_question() -> None:
    assert refusal("pledge 500 EUR", ED).startswith(
        "Which milestone? The open ones are: `pid-spaces` (PID spaces for init-less guests), `scheduler-rework`"
    )
    one_open = coop(  # everything planned for PID spaces has landed
        ("        status: in-progress\n", "        status: landed\n"),
        (
            "        owner: Herbert Poetzl\n    pledges:",
            "        owner: Herbert Poetzl\n        status: landed\n    pledges:",
        ),
    )
    assert pledged(say("pledge 500 EUR -- no strings", ED, one_open)) == MakePledge(
        "scheduler-rework", Decimal(500), "EUR", False, "no strings"
    )


def test_a_milestone_several_fit_lists_them_and_an_unknown_one_is_suggested() -> None:
    agenda = coop(("  - id: scheduler-rework\n", "  - id: pid-scheduler\n"))
    assert refusal("pledge 500 EUR pid", ED, agenda).startswith("`pid` could be: `pid-spaces`")
    assert refusal("pledge 500 EUR sheduler-rework", ED) == (
        "There is no milestone `sheduler-rework`. Did you mean `scheduler-rework`?"
    )


def test_an_amount_without_a_currency_is_refused_with_what_to_write() -> None:
    assert refusal("pledge 500 pid-spaces", ED).startswith(
        "I could not read that amount: say the currency: 500 EUR. Pledge like this: `/summit pledge 500 EUR"
    )
    assert refusal("pledge", ED).startswith("Pledge like this:")
    assert refusal("pledge lots", ED).startswith("I could not read that amount: say how much")


def test_an_anonymous_pledge_is_written_with_the_name_and_said_back_as_anonymous() -> None:
    outcome = say("pledge anonymous 500 EUR scheduler", ED)
    assert pledged(outcome).anonymous
    assert outcome.reply.endswith("You are shown as anonymous; the organisers see your name.")


def test_the_organiser_confirms_and_refuses_pledges() -> None:
    agenda = with_pending()
    confirmed = say("pledge confirm p1", WILLIAM, agenda)
    assert confirmed.changes == (SettlePledge("P1", PledgeStatus.CONFIRMED),)
    assert confirmed.reply == "Done: *P1* (Herbert Pötzl, 300 USD) is confirmed."
    refused = say("pledge refuse P2 we cannot take money from a competitor", WILLIAM, agenda)
    assert refused.changes == (SettlePledge("P2", PledgeStatus.REFUSED, "we cannot take money from a competitor"),)
    assert refused.reply.startswith("Done: *P2* (Ed Wildgoose (anonymous), 200 EUR) is refused (we cannot take")
    assert refusal("pledge confirm P9", WILLIAM, agenda) == "There is no pledge `P9`. Pending: P1, P2."


def test_nobody_else_confirms_a_pledge_whatever_name_they_chat_under() -> None:
    agenda = with_pending()
    for user in (ED, MALLORY):  # Mallory is also told how to get linked, as anyone sharing a name is
        assert refusal("pledge confirm P1", user, agenda).startswith(
            "Only the organisers of *UML 64-bit co-op* can confirm pledges."
        )
        assert refusal("pledge refuse P1 spam", user, agenda).startswith("Only the organisers")


def test_milestones_totals_per_currency_confirmed_and_pending_and_hides_anonymous_names() -> None:
    agenda = with_pending()
    shown = say("milestones", ED, agenda).reply
    assert shown.splitlines()[:3] == [
        "*Milestones of UML 64-bit co-op*",
        "• *PID spaces for init-less guests* (`pid-spaces`): 1,000 EUR confirmed, 300 USD pending, 200 EUR pending",
        "• *Scheduler rework (Token Bucket / hard CPU limits on CFS)* (`scheduler-rework`): nothing pledged yet",
    ]
    assert "Ed" not in shown
    assert "Herbert" not in shown
    for_william = say("milestones", WILLIAM, agenda).reply
    assert "    ◦ `P2` Ed Wildgoose (anonymous): 200 EUR" in for_william
    note = next(line for line in for_william.splitlines() if "`P1`" in line)
    assert "&lt;script&gt;" in note
    assert "<!channel>" not in note
    assert "<script>" not in note


def test_a_target_is_shown_beside_what_is_pledged() -> None:
    agenda = coop(("  - id: scheduler-rework\n", "  - id: scheduler-rework\n    target: 5.000 eur\n"))
    shown = say("milestones", ED, agenda).reply
    assert "(`scheduler-rework`): nothing pledged yet; target 5,000 EUR" in shown
