"""The `/summit` commands: what each one answers and which changes it asks for, without any file.

Each test is a short conversation in the containers mini-summit's channel: someone types a
command, and the bot answers this, and would write that. `run` only decides; writing the
changes is `bot.chat.changes` (tested in test_chat_edits.py and test_chat_terminal.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import parse_agenda
from bot.chat import replies
from bot.chat.changes import Decide, Identify, Propose, SignUp, Volunteer, Vote, Withdraw
from bot.chat.commands import MAX_DESCRIPTION, MAX_NOTE, MAX_TEXT, MAX_TITLE, CommandError, Outcome, Request, Served
from bot.chat.commands import run as run_command
from bot.chat.identity import ChatUser
from bot.model import Agenda, AttendanceStatus, ProposalStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "agendas"
TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2008, 7, 18, 12, 5, tzinfo=TORONTO)  # four days before the mini-summit

# Kir organises the mini-summit. In these tests the people below are linked: their chat ids are in
# the YAML (an organiser linked them), because a name alone is never proof of who someone is.
KIR = ChatUser("U0KIR0001", "Kir Kolyshkin")
ADA = ChatUser("U0ADA0001", "Ada Lovelace")  # nobody the agenda knows
PAVEL = ChatUser("U0PAVEL01", "Pavel Emelyanov")  # an attendee
OREN = ChatUser("U0OREN001", "Oren Laadan")  # voted for T4
JOSEPH = ChatUser("U0JOSEPH1", "Joseph Ruscio")  # tentative
HERBERT = ChatUser("U0HERBERT", "Herbert Pötzl")  # remote, with a note
PUI = ChatUser("U0PUI0001", "Pui Yong")  # a co-op volunteer


def linked(*users: ChatUser) -> str:
    """`people` entries that link these chat users to the attendees of their names."""
    return "".join(f"  - name: {user.name}\n    chat_id: {user.id}\n" for user in users)


def example(name: str, *edits: tuple[str, str]) -> Agenda:
    """An example agenda, with each (old, new) text edit made once."""
    text = (EXAMPLES / name).read_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_agenda(text, name)


def containers(*edits: tuple[str, str]) -> Agenda:
    """The containers mini-summit, with Kir, Pavel, Oren, Joseph and Herbert linked to their chat ids."""
    return example(
        "containers-mini-summit-2008.yaml",
        ("    id: kir\n", f"    id: kir\n    chat_id: {KIR.id}\n"),
        ("    wiki_user: Gicha\n", "    wiki_user: Gicha\n" + linked(PAVEL, OREN, JOSEPH, HERBERT)),
        *edits,
    )


def xen() -> Agenda:
    return example("xen-4.4-hackathon.yaml")


def coop() -> Agenda:
    return example(
        "uml-64bit-coop.yaml", ("    affiliation: Bytemark ", f"    affiliation: Bytemark\n{linked(PUI)}  #")
    )


def say(
    text: str,
    user: ChatUser,
    *agendas: Agenda,
    channel_name: str | None = "containers-summit",
) -> Outcome:
    """`user` types `/summit text` in a channel; the bot serves `agendas` (the mini-summit alone by default)."""
    served = Served(agendas or (containers(),))
    return run_command(Request(text, user, NOW, "C0CHANNEL", channel_name), served)


def refusal(text: str, user: ChatUser, *agendas: Agenda, channel_name: str | None = "containers-summit") -> str:
    """What the bot answers when it will not do `text`."""
    with pytest.raises(CommandError) as refused:
        say(text, user, *agendas, channel_name=channel_name)
    return str(refused.value)


# join


def test_ada_signs_up_tentative_remote_with_a_note() -> None:
    outcome = say("join maybe remote Arriving late", ADA)
    assert outcome.event == "containers-mini-summit-2008"
    assert outcome.changes == (
        Identify(ADA, None),  # a new person
        SignUp(AttendanceStatus.TENTATIVE, remote=True, note="Arriving late"),
    )
    assert outcome.reply == (
        "Done: you are signed up for *Containers mini-summit 2008* (tentative, remote). "
        "`/summit my` shows your schedule."
    )


def test_a_plain_join_signs_up_in_person_and_confirmed() -> None:
    outcome = say("join", ADA)
    assert outcome.changes == (Identify(ADA, None), SignUp())
    assert outcome.reply.startswith("Done: you are signed up for *Containers mini-summit 2008*. ")


def test_tentative_is_a_synonym_for_maybe_and_the_flags_take_any_case() -> None:
    assert say("join Remote TENTATIVE", ADA).changes[1] == SignUp(AttendanceStatus.TENTATIVE, remote=True)


def test_joining_again_with_the_same_options_changes_nothing() -> None:
    # Pavel is on the list (confirmed, in person); Joseph is tentative; Herbert dials in, with a note.
    for user, text in [
        (PAVEL, "join"),
        (JOSEPH, "join maybe"),
        (HERBERT, "join remote Joins by phone, mainly for the checkpoint/restart block."),
    ]:
        outcome = say(text, user)
        assert outcome.changes == (), user.name
        assert outcome.reply.startswith("You were already signed up for *Containers mini-summit 2008*")
    assert (
        say("join maybe", JOSEPH).reply == "You were already signed up for *Containers mini-summit 2008* (tentative)."
    )


def test_joining_with_other_options_changes_the_sign_up_of_the_linked_person() -> None:
    outcome = say("join", JOSEPH)  # Joseph can make it after all
    assert outcome.changes == (Identify(JOSEPH, "joseph-ruscio"), SignUp())
    assert outcome.reply.startswith("Done: you are signed up")


def test_a_note_over_the_limit_is_refused() -> None:
    assert (
        refusal("join " + "x" * (MAX_NOTE + 1), ADA) == f"That note is too long: at most {MAX_NOTE} characters, please."
    )
    assert say("join " + "x" * MAX_NOTE, ADA).changes[1] == SignUp(note="x" * MAX_NOTE)


# leave and who


def test_leaving_when_not_signed_up_changes_nothing() -> None:
    outcome = say("leave", ADA)
    assert outcome.changes == ()
    assert outcome.reply == "You are not signed up for *Containers mini-summit 2008*."


def test_pavel_leaves() -> None:
    outcome = say("leave", PAVEL)
    assert outcome.changes == (Identify(PAVEL, "pavel-emelyanov"), Withdraw())
    assert outcome.reply.startswith("Done: you are off the list for *Containers mini-summit 2008*.")


def test_someone_who_declined_cannot_leave_again_but_can_join_again() -> None:
    agenda = containers(("  - Pavel Emelyanov\n", "  - name: Pavel Emelyanov\n    status: declined\n"))
    assert say("leave", PAVEL, agenda).reply == "You are not signed up for *Containers mini-summit 2008*."
    assert say("leave", PAVEL, agenda).changes == ()
    assert say("join", PAVEL, agenda).changes == (Identify(PAVEL, "pavel-emelyanov"), SignUp())


def test_who_marks_tentative_and_remote_people_and_leaves_out_those_who_declined() -> None:
    agenda = containers(("  - Pavel Emelyanov\n", "  - name: Pavel Emelyanov\n    status: declined\n"))
    reply = say("who", ADA, agenda).reply
    lines = reply.splitlines()
    assert lines[0] == "*Containers mini-summit 2008*: 31 coming, 2 tentative"
    assert lines[1] == "• Denis Lunev"  # Pavel, first in the file, declined
    assert "Pavel Emelyanov" not in reply
    assert "• Herbert Pötzl _(remote)_" in lines
    assert "• Joseph Ruscio _(maybe)_" in lines
    assert lines[-1] == "• Gyuil Cha"
    assert say("who", ADA, agenda).changes == ()


def test_who_before_anyone_signed_up() -> None:
    nobody = Agenda(coop().event, coop().people)
    assert say("who", ADA, nobody).reply == "Nobody has signed up for *UML 64-bit co-op* yet."


# propose


def test_ada_proposes_a_topic_and_the_channel_is_told_once_it_has_an_id() -> None:
    outcome = say("propose Cgroup  v2 -- Why one hierarchy is enough", ADA)
    assert outcome.changes == (Identify(ADA, None), Propose("Cgroup v2", "Why one hierarchy is enough"))
    assert outcome.announce is not None
    assert replies.NEW_ID in outcome.reply
    assert replies.NEW_ID in outcome.announce
    # The worker writes the proposal, learns its id, and fills it in.
    written = outcome.finished("T6")
    assert written.proposal == "T6"
    assert written.reply == ("Done: topic *T6* “Cgroup v2” is proposed. Others can vote with :+1: on its message.")
    assert written.announce == (
        ":bulb: *T6* “Cgroup v2”, proposed by Ada Lovelace\n"
        "> Why one hierarchy is enough\n"
        "React with :+1: to vote for it (or `/summit vote T6`)."
    )


def test_a_proposal_is_announced_under_the_name_the_agenda_knows() -> None:
    # Before Kir is linked, his Slack profile's email finds him; the channel sees his agenda name.
    kir = ChatUser("U0KIR0001", "kir", email="KIR@openvz.org")
    outcome = say("propose Syslog namespace", kir, example("containers-mini-summit-2008.yaml"))
    assert outcome.changes == (Identify(kir, "kir"), Propose("Syslog namespace"))
    assert outcome.announce is not None
    assert outcome.announce.startswith(f":bulb: *{replies.NEW_ID}* “Syslog namespace”, proposed by Kir Kolyshkin\n")


def test_finishing_without_a_new_id_leaves_the_outcome_as_it_is() -> None:
    outcome = say("propose Cgroup v2", ADA)
    assert outcome.finished(None) == outcome


def test_propose_without_a_title_opens_the_form() -> None:
    for text in ["propose", "propose   "]:
        outcome = say(text, ADA)
        assert outcome.open_form
        assert outcome.changes == ()


def test_a_description_without_a_title_opens_the_form() -> None:
    outcome = say("propose -- Why one hierarchy is enough", ADA)
    assert outcome.open_form
    assert outcome.changes == ()


def test_too_long_titles_descriptions_and_commands_are_refused() -> None:
    assert refusal("propose " + "t" * (MAX_TITLE + 1), ADA) == (
        f"That title is too long: at most {MAX_TITLE} characters, please."
    )
    assert refusal("propose Cgroup v2 -- " + "d" * (MAX_DESCRIPTION + 1), ADA) == (
        f"That description is too long: at most {MAX_DESCRIPTION} characters, please."
    )
    assert refusal("propose " + "word " * (MAX_TEXT // 5 + 1), ADA) == (
        f"That command is too long: at most {MAX_TEXT} characters, please."
    )
    assert say("propose " + "t" * MAX_TITLE, ADA).changes[1] == Propose("t" * MAX_TITLE)


# topics, vote and unvote


def test_topics_are_listed_most_votes_first_with_what_became_of_them() -> None:
    # T2 is rejected; T4 and T5 both have three votes, and T4 comes first in the file.
    agenda = containers(("    status: scheduled\n    session: namespaces", "    status: rejected"))
    outcome = say("topics", OREN, agenda)
    assert outcome.changes == ()
    assert outcome.reply.splitlines() == [
        "• *T4* Checkpoint/restart — 3 votes (yours too), scheduled: Checkpoint/Restart",
        "• *T5* Memory controllers — 3 votes, scheduled: Cgroups+Resource management",
        "• *T1* Device accessibility cgroup (maybe with remap ability) — 2 votes, "
        "scheduled: Cgroups+Resource management",
        "• *T3* Syslog — 0 votes, accepted",
    ]


def test_topics_of_an_event_without_proposals() -> None:
    assert say("topics", ADA, coop()).reply == (
        "No topics proposed for *UML 64-bit co-op* yet: `/summit propose TITLE`."
    )


def test_ada_votes_for_a_topic_by_its_id_in_any_case() -> None:
    outcome = say("vote t3", ADA)
    assert outcome.changes == (Identify(ADA, None), Vote("T3"))
    assert outcome.proposal == "T3"
    assert outcome.reply == "Done: your vote for *T3* “Syslog” counts."


def test_voting_twice_changes_nothing() -> None:
    outcome = say("vote T4", OREN)
    assert outcome.changes == ()
    assert outcome.reply == "You already voted for *T4* “Checkpoint/restart”."


def test_oren_takes_his_vote_back() -> None:
    outcome = say("unvote T4", OREN)
    assert outcome.changes == (Identify(OREN, "oren-laadan"), Vote("T4", cast=False))
    assert outcome.reply == "Done: you took back your vote for *T4* “Checkpoint/restart”."


def test_taking_back_a_vote_never_cast_changes_nothing() -> None:
    outcome = say("unvote T4", ADA)
    assert outcome.changes == ()
    assert outcome.reply == "You had not voted for *T4* “Checkpoint/restart”."


def test_a_rejected_topic_takes_no_more_votes() -> None:
    agenda = containers(("    status: accepted\n", "    status: rejected\n"))  # T3
    assert refusal("vote T3", ADA, agenda) == "*T3* was rejected; votes for it no longer count."


def test_voting_for_an_unknown_topic_lists_the_known_ones() -> None:
    assert refusal("vote T9", ADA) == "There is no topic `T9`. Known: T1, T2, T3, T4, T5."
    assert refusal("vote", ADA) == "There is no topic `(none given)`. Known: T1, T2, T3, T4, T5."
    assert refusal("unvote P1", ADA).startswith("There is no topic `P1`.")


# volunteer (the UML co-op shares out work items)


def test_volunteering_by_id_by_exact_title_or_by_a_unique_part_of_the_title() -> None:
    for text, item, title in [
        ("volunteer finances", "finances", "Finances"),
        ("volunteer bug REPORTING", "bug-reporting", "Bug reporting"),
        ("volunteer monitoring", "system-monitoring", "System monitoring, host system administration"),
    ]:
        outcome = say(text, ADA, coop())
        assert outcome.changes == (Identify(ADA, None), Volunteer(item)), text
        assert outcome.reply == f"Done: you volunteered for “{title}”. Thank you!"


def test_a_part_of_two_titles_is_refused_with_both_named() -> None:
    assert refusal("volunteer hardware", ADA, coop()) == (
        "There is no work item `hardware`. Known: hardware-purchase (Hardware purchase), "
        "hardware-setup (Hardware setup and maintenance)."
    )


def test_volunteering_twice_changes_nothing() -> None:
    outcome = say("volunteer Kernel updates", PUI, coop())
    assert outcome.changes == ()
    assert outcome.reply == "You already volunteered for “Kernel updates”. Thank you!"


def test_volunteering_for_nothing_or_where_there_are_no_work_items() -> None:
    assert refusal("volunteer", ADA, coop()).startswith("There is no work item `(none given)`. Known: documentation (")
    assert refusal("volunteer docs", ADA) == "There is no work item `docs`."


# The organisers' commands


def test_a_slack_user_named_like_the_organiser_gets_neither_his_sign_up_nor_his_say() -> None:
    impostor = ChatUser("U0IMPOSTR", "Kir Kolyshkin")
    original = example("containers-mini-summit-2008.yaml")  # Kir has no chat id in it yet
    hint = (
        "\n\nThere is already a Kir Kolyshkin in this agenda; if that is you, ask an organiser to run "
        "`/summit link @you Kir Kolyshkin`."
    )
    joined = say("join", impostor, original)
    assert joined.changes[0] == Identify(impostor, None)  # someone new, whatever his name
    assert joined.reply.endswith(hint)
    for text in ["accept T3", "reject T3 no", "schedule T3 cgroups"]:
        verb = text.split()[0]
        assert refusal(text, impostor, original) == (
            f"Only the organisers of *Containers mini-summit 2008* can {verb} topics.{hint}"
        )
        assert (
            refusal(text, impostor) == f"Only the organisers of *Containers mini-summit 2008* can {verb} topics.{hint}"
        )
    assert refusal("accept T3", ADA) == "Only the organisers of *Containers mini-summit 2008* can accept topics."


def test_kir_accepts_a_topic_without_a_block() -> None:
    outcome = say("accept T3", KIR)
    assert outcome.changes == (Decide("T3", ProposalStatus.ACCEPTED),)
    assert outcome.proposal == "T3"
    assert outcome.reply == "Done: *T3* “Syslog” is accepted."


def test_accepting_into_a_block_schedules_it_there() -> None:
    for text, session, title in [
        ("accept T3 namespaces", "namespaces", "Namespaces/Containers"),  # the block's id
        ("accept T3 Checkpoint/Restart", "checkpoint-restart", "Checkpoint/Restart"),  # its title
        ("schedule T3 resource", "cgroups", "Cgroups+Resource management"),  # part of its title
    ]:
        outcome = say(text, KIR)
        assert outcome.changes == (Decide("T3", ProposalStatus.SCHEDULED, session),), text
        assert outcome.reply == f"Done: *T3* “Syslog” is scheduled in *{title}*."


def test_kir_rejects_a_topic_with_or_without_a_reason() -> None:
    outcome = say("reject T3 Out of scope for this summit", KIR)
    assert outcome.changes == (Decide("T3", ProposalStatus.REJECTED, None, "Out of scope for this summit"),)
    assert outcome.reply == "Done: *T3* “Syslog” is rejected (Out of scope for this summit)."
    assert say("reject t3", KIR).changes == (Decide("T3", ProposalStatus.REJECTED),)
    assert say("reject t3", KIR).reply == "Done: *T3* “Syslog” is rejected."


def test_schedule_needs_a_block_that_exists() -> None:
    assert refusal("schedule T3", KIR) == "Which block? `/summit schedule ID BLOCK` (a block's id or title)."
    assert refusal("accept T3 lunch", KIR) == (
        "There is no block `lunch`. Known: namespaces, cgroups, checkpoint-restart."
    )
    assert refusal("accept T9", KIR).startswith("There is no topic `T9`.")


# Which event a command is about


def test_in_an_events_channel_commands_are_about_that_event() -> None:
    both = (containers(), xen())
    assert say("who", ADA, *both, channel_name="containers-summit").event == "containers-mini-summit-2008"
    assert say("who", ADA, *both, channel_name="xen-release").event == "xen-4-4-hackathon"


def test_an_event_named_first_wins_over_the_channel() -> None:
    both = (containers(), xen())
    outcome = say("xen-4-4-hackathon topics", ADA, *both)
    assert outcome.event == "xen-4-4-hackathon"
    assert outcome.reply.startswith("• *P1* Shorter release cycle")


def test_join_event_maybe_as_the_help_writes_it() -> None:
    outcome = say("join xen-4-4-hackathon maybe", ADA, containers(), xen())
    assert outcome.event == "xen-4-4-hackathon"
    assert outcome.changes == (Identify(ADA, None), SignUp(AttendanceStatus.TENTATIVE))
    assert "*Xen 4.4 Hackathon* (tentative)" in outcome.reply


def test_with_one_event_any_channel_will_do() -> None:
    assert say("who", ADA, coop(), channel_name="random").event == "uml-64bit-coop"
    assert say("who", ADA, coop(), channel_name=None).event == "uml-64bit-coop"


def test_elsewhere_the_bot_asks_which_event() -> None:
    assert refusal("join", ADA, containers(), xen(), channel_name="random") == (
        "Which event? Start the command with one of: `containers-mini-summit-2008`, `xen-4-4-hackathon`."
    )


# help, and words that are no command


def test_an_unknown_command_points_to_help() -> None:
    assert refusal("bake T3", ADA) == "I don't know `bake`. Try `/summit help`."
    assert refusal("dance T3", ADA) == "I don't know `dance`. Did you mean `/summit done`? Try `/summit help`."


def test_help_shows_the_organisers_commands_to_organisers_only() -> None:
    for text in ["", "help", "HELP"]:
        shown = say(text, ADA).reply
        assert shown.startswith("*/summit* — sign up, propose and vote for topics in *Containers mini-summit 2008*\n")
        assert "`/summit join [EVENT] [maybe|remote] [note]`" in shown
        assert "Organisers:" not in shown
        assert "accept" not in shown
        assert "ask an organiser to run `/summit link @you YOUR NAME`" in shown
    for_kir = say("help", KIR).reply
    assert for_kir.endswith(
        "Organisers:\n• `/summit accept ID [BLOCK]` • `/summit reject ID [reason]` • `/summit schedule ID BLOCK`\n"
        "• `/summit link @user PERSON` — that Slack user is PERSON (an id or a name); what I had recorded "
        "for them as someone new becomes PERSON's • `/summit unlink PERSON`\n"
        "• `/summit pledge confirm ID` • `/summit pledge refuse ID [reason]` — `/summit milestones` lists the "
        "pending ones"
    )
    assert say("help", KIR).changes == ()


def test_a_title_ending_in_dashes_has_no_description() -> None:
    outcome = say("propose Cgroup v2 --", ADA)

    assert Propose("Cgroup v2", None) in outcome.changes


def test_an_event_id_inside_a_title_stays_in_the_title() -> None:
    outcome = say("propose containers-mini-summit-2008 retrospective", ADA)

    assert Propose("containers-mini-summit-2008 retrospective", None) in outcome.changes
