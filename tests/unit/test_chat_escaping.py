"""No text from people can notify, mention or link anyone through the bot's messages.

Slack reads `<...>` as a control sequence: `<!channel>` notifies everybody, `<@U123>` mentions,
`<https://evil.example|innocent>` disguises a link. Mallory puts all of them (and an `&amp;` and
a forged date token) in a topic, a note, a name, a block; every reply and announcement must show
them as text: no `<` or `>` at all but the bot's own date tokens, and `&`, `<`, `>` escaped.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import parse_agenda
from bot.chat.changes import Propose, SignUp
from bot.chat.commands import CommandError, Request, Served, run
from bot.chat.identity import ChatUser
from bot.chat.mrkdwn import escape, one_line
from bot.model import Agenda, AttendanceStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "agendas"
OTTAWA = ZoneInfo("America/Toronto")
ON_THE_DAY = datetime(2008, 7, 22, 9, 0, tzinfo=OTTAWA)

HOSTILE = "<!channel> <!here> <@U123> <https://evil.example|innocent> &amp; <!date^1^{time}|x>"
SHOWN = (
    "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|innocent&gt; &amp;amp; "
    "&lt;!date^1^{time}|x&gt;"
)

KIR = ChatUser("U0KIR0001", "Kir Kolyshkin")
MALLORY = ChatUser("U0MALLORY", f"Mallory {HOSTILE}")  # her Slack name: the attendee named so
ADA = ChatUser("U0ADA0001", "Ada Lovelace")

# The bot's own date tokens: a number it computed, a form, and an escaped fallback.
OWN_DATE_TOKEN = re.compile(r"<!date\^\d+\^\{[a-z_]+\}(?: \{[a-z_]+\})?\|[^<>&]*>")


def hostile_summit() -> Agenda:
    """The mini-summit after Mallory's edits: her name on the list and on a block, her topic,
    her block; Kir is linked, so he can decide, and so is Mallory (an organiser linked her)."""
    text = (EXAMPLES / "containers-mini-summit-2008.yaml").read_text()
    for old, new in [
        ("    id: kir\n", f"    id: kir\n    chat_id: {KIR.id}\n"),
        ("    wiki_user: Gicha\n", f"    wiki_user: Gicha\n  - name: 'Mallory {HOSTILE}'\n    chat_id: {MALLORY.id}\n"),
        ("  - Denis Lunev\n", f"  - name: 'Mallory {HOSTILE}'\n    status: tentative\n"),
        ("    title: Syslog\n", f"    title: 'Syslog {HOSTILE}'\n    description: 'Why {HOSTILE}'\n"),
        ("    title: Namespaces/Containers\n", f"    title: 'Namespaces {HOSTILE}'\n"),
        ("    moderators: [Serge Hallyn, Dave Hansen]", f"    moderators: ['Mallory {HOSTILE}']"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_agenda(text, "containers-mini-summit-2008.yaml")


def say(text: str, user: ChatUser, agenda: Agenda | None = None) -> str:
    """The reply to `/summit text` (or the refusal) on the mini-summit's day."""
    try:
        return run(Request(text, user, ON_THE_DAY), Served((agenda or hostile_summit(),))).reply
    except CommandError as refused:
        return str(refused)


def assert_harmless(text: str) -> None:
    """`text` holds no control sequence but the bot's own date tokens (and its own `> ` quotes),
    and every `&` is an escape."""
    rest = re.sub(r"(?m)^> ", "", OWN_DATE_TOKEN.sub("", text))
    assert "<" not in rest
    assert ">" not in rest
    assert not re.search(r"&(?!amp;|lt;|gt;)", rest)


def test_a_hostile_proposal_is_shown_as_text_in_the_reply_and_the_announcement() -> None:
    outcome = run(
        Request(f"propose Topic {HOSTILE} -- Because {HOSTILE}", MALLORY, ON_THE_DAY), Served((hostile_summit(),))
    ).finished("T6")
    assert outcome.announce is not None
    for text in (outcome.reply, outcome.announce):
        assert "<" not in text  # no date tokens in these, so none at all
        assert_harmless(text)
    assert f"“Topic {SHOWN}”" in outcome.reply
    assert outcome.announce.startswith(f":bulb: *T6* “Topic {SHOWN}”, proposed by Mallory {SHOWN[:40]}")
    assert outcome.announce.splitlines()[1] == f"> Because {SHOWN}"
    # The file keeps what she typed; escaping is for showing it in chat.
    assert outcome.changes[1] == Propose(f"Topic {HOSTILE}", f"Because {HOSTILE}")


def test_a_hostile_note_is_kept_as_typed_and_not_echoed() -> None:
    outcome = run(Request(f"join maybe {HOSTILE}", MALLORY, ON_THE_DAY), Served((hostile_summit(),)))
    assert outcome.changes[1] == SignUp(AttendanceStatus.TENTATIVE, note=HOSTILE)
    assert "<" not in outcome.reply
    assert_harmless(outcome.reply)


def test_a_hostile_name_in_who() -> None:
    reply = say("who", ADA)
    assert_harmless(reply)
    assert reply.splitlines()[2].startswith(f"• Mallory {SHOWN[:40]}")  # names are cut at 80 characters


def test_a_hostile_topic_in_topics_votes_and_decisions() -> None:
    for text, user in [
        ("topics", ADA),
        ("vote T3", ADA),
        ("unvote T3", ADA),
        ("accept T3", KIR),
        (f"reject T3 {HOSTILE}", KIR),
        ("schedule T3 namespaces", KIR),
    ]:
        reply = say(text, user)
        assert "<" not in reply, text
        assert_harmless(reply)
        assert f"Syslog {SHOWN}" in reply, text
    assert say(f"reject T3 {HOSTILE}", KIR).endswith(f" is rejected ({SHOWN}).")
    assert say("schedule T3 namespaces", KIR).endswith(f"is scheduled in *Namespaces {SHOWN}*.")


@pytest.mark.parametrize("command", ["agenda", "now", "my"])
def test_a_hostile_block_and_moderator_leave_only_the_bots_date_tokens(command: str) -> None:
    reply = say(command, MALLORY)  # she attends, so `my` lists every block
    assert_harmless(reply)
    assert f"*Namespaces {SHOWN}*" in reply
    assert len(OWN_DATE_TOKEN.findall(reply)) >= 2
    if command != "my":  # `my` shows the blocks, not who runs them
        assert f"— Mallory {SHOWN[:40]}" in reply


@pytest.mark.parametrize(
    "command",
    [HOSTILE, f"vote {HOSTILE}", f"accept {HOSTILE}", f"accept T3 {HOSTILE}", f"volunteer {HOSTILE}"],
)
def test_hostile_words_echoed_in_refusals_are_shown_as_text(command: str) -> None:
    reply = say(command, KIR)
    assert "<" not in reply
    assert_harmless(reply)
    assert "&lt;!channel&gt;" in reply


def test_a_hostile_name_in_the_hint_to_get_linked() -> None:
    namesake = ChatUser("U0NAMESAK", MALLORY.name)  # not Mallory's chat id: somebody new, told how to get linked
    reply = say("join", namesake)
    assert_harmless(reply)
    assert "<" not in reply
    assert f"There is already a Mallory {SHOWN[:40]}" in reply


def test_a_hostile_event_title_in_help() -> None:
    text = (
        (EXAMPLES / "uml-64bit-coop.yaml")
        .read_text()
        .replace("  title: UML 64-bit co-op\n", f"  title: 'UML {HOSTILE}'\n")
    )
    reply = say("help", ADA, parse_agenda(text, "uml-64bit-coop.yaml"))
    assert reply.startswith(f"*/summit* — sign up, propose and vote for topics in *UML {SHOWN}*\n")
    assert "<" not in reply


def test_escape_changes_exactly_the_three_control_characters() -> None:
    assert escape("a & b < c > d | * _ ~ @channel") == "a &amp; b &lt; c &gt; d | * _ ~ @channel"
    assert escape("&amp;") == "&amp;amp;"  # an escape typed by a person shows as typed


def test_a_long_hostile_text_is_cut_before_it_is_escaped() -> None:
    cut = one_line("<" * 400, 300)
    assert cut == "&lt;" * 299 + "…"  # no escape cut in half, so no stray `&`
    assert one_line(f"two\nlines  {HOSTILE}") == f"two lines {SHOWN}"
