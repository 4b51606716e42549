"""The Slack boundary holds: forged and replayed requests are refused, redelivered events count
once, organisers' commands stay theirs, hostile text stays text, users are rate limited, and an
internal error shows an apology, never a trace."""

from __future__ import annotations

import html
import itertools
import json
import re
import time

from tests.fixtures.serve import CHANNEL_ID
from tests.fixtures.slack_requests import event_callback, new_trigger_id, reaction_event, slash_command, view_submission
from tests.fixtures.summit import Summit

HOSTILE = "<!channel> [[Main Page]] {{delete}} <https://evil.example|free beer> ''bold'' ~~~~ &amp; @here"


def _join_body(summit: Summit, user: str = "U0EVE") -> str:
    summit.slack.add_user(user, "Eve Forger")
    return slash_command("join", user_id=user, user_name="eve", channel_id=CHANNEL_ID, channel_name="containers-summit",
                         response_url=summit.slack.response_url(), trigger_id=new_trigger_id())  # fmt: skip


def test_a_forged_signature_gets_401_and_changes_nothing(summit: Summit) -> None:
    before = summit.path.read_text()

    answer = summit.bot.events(_join_body(summit), secret="not-the-signing-secret")

    assert answer.status == 401
    time.sleep(0.5)
    assert summit.bot.health()["processed"] == 0
    assert summit.path.read_text() == before


def test_a_replayed_request_with_an_old_timestamp_gets_401(summit: Summit) -> None:
    before = summit.path.read_text()

    answer = summit.bot.events(_join_body(summit), timestamp=int(time.time()) - 6 * 60)  # signed right, 6 min old

    assert answer.status == 401
    time.sleep(0.5)
    assert summit.path.read_text() == before


def test_a_redelivered_event_is_processed_once(summit: Summit) -> None:
    ada, grace = summit.member("U0ADA", "Ada Lovelace"), summit.member("U0GRACE", "Grace Hopper")
    ada.says("propose Rootless containers")
    summit.slack.wait_for("chat.postMessage")
    message = summit.slack.messages(CHANNEL_ID)[-1]["ts"]
    summit.settled()

    first, event_id = grace.reacts(message)
    summit.settled()
    gets = len(summit.slack.calls("reactions.get"))
    again = summit.bot.events(_reaction_again(grace.user_id, message, event_id), retry_num=1)
    summit.settled()

    assert (first.status, again.status) == (200, 200)
    assert len(summit.slack.calls("reactions.get")) == gets  # the redelivery did no work
    assert f"event seen before; dropped event_id={event_id}" in summit.bot.log()


def _reaction_again(user: str, ts: str, event_id: str) -> str:
    return event_callback(reaction_event("reaction_added", user, "+1", CHANNEL_ID, ts), event_id=event_id)


def test_an_organisers_command_from_someone_else_is_refused(summit: Summit) -> None:
    impostor = summit.member("U0FAKE", "Kir Kolyshkin", "kir@openvz.org")  # his name and email, not his chat id
    before = summit.path.read_text()

    reply = impostor.says("accept T3 checkpoint")

    assert reply.startswith("Only the organisers of *Containers mini-summit 2008* can accept topics.")
    assert summit.path.read_text() == before


def test_hostile_text_in_a_proposal_shows_as_text_on_slack_and_on_the_wiki(summit: Summit) -> None:
    mallory = summit.member("U0MAL", "Mallory <!everyone>")

    reply = mallory.says(f"propose {HOSTILE} -- see <@U0KIR> and <!subteam^S1>")
    summit.settled()

    posted = summit.slack.calls("chat.postMessage")[-1].params["text"]
    for text in (reply, posted):
        assert "<!channel>" not in text
        assert "<!everyone>" not in text
        assert "<https://evil.example" not in text
        assert "&lt;!channel&gt; [[Main Page]]" in text
    assert "&lt;@U0KIR&gt; and &lt;!subteam^S1&gt;" in posted
    assert summit.agenda().proposals[-1].title == " ".join(HOSTILE.split())
    shown = summit.wiki.api_get(action="parse", page=summit.page, prop="text", formatversion="2")["parse"]["text"]
    assert html.unescape(_strip_tags(shown)).count(" ".join(HOSTILE.split())) == 1  # the title, as typed
    assert 'href="https://evil.example' not in shown
    assert "Main_Page" not in shown


def _strip_tags(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def test_a_user_going_too_fast_is_asked_to_wait(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    answers = [ada.types("who")[0] for _ in range(14)]

    slowed = [a for a in answers if "going a bit fast" in a.text]
    assert len(slowed) >= 3
    assert all(a.status == 200 for a in answers)


def test_an_internal_error_gets_an_apology_and_the_log_gets_the_trace(summit: Summit) -> None:
    summit.slack.add_user("U0ADA", "Ada Lovelace")
    form = view_submission(
        "summit-propose",
        {"title": {"title": {"type": "plain_text_input", "value": "A topic"}},
         "description": {"description": {"type": "plain_text_input", "value": ""}}},
        user_id="U0ADA", private_metadata=json.dumps({"event": "no-such-event", "channel": CHANNEL_ID}), view_id="V1",
    )  # fmt: skip

    assert summit.bot.events(form).status == 200
    said = summit.slack.wait_for("chat.postEphemeral")[0].params

    assert said["text"].startswith("Sorry, something went wrong on my side.")
    assert "Traceback" not in said["text"]
    assert "Traceback" in summit.bot.log()


def test_propose_with_no_title_opens_a_form_and_the_form_proposes(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")

    answer, _ = ada.types("propose")
    assert answer.status == 200
    view = summit.slack.wait_for("views.open")[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    metadata = view["private_metadata"]
    form = view_submission(
        "summit-propose",
        {"title": {"title": {"type": "plain_text_input", "value": "Container-aware OOM"}},
         "description": {"description": {"type": "plain_text_input", "value": "Kill the right one"}}},
        user_id="U0ADA", private_metadata=metadata, view_id="V1",
    )  # fmt: skip
    assert summit.bot.events(form).status == 200
    summit.settled()

    proposal = summit.agenda().proposals[-1]
    assert (proposal.title, proposal.description) == ("Container-aware OOM", "Kill the right one")
    assert summit.slack.wait_for("chat.postEphemeral")[0].params["text"].startswith("Done: topic *T6*")


def test_an_empty_form_is_answered_with_field_errors(summit: Summit) -> None:
    summit.slack.add_user("U0ADA", "Ada Lovelace")
    form = view_submission(
        "summit-propose",
        {"title": {"title": {"type": "plain_text_input", "value": " "}},
         "description": {"description": {"type": "plain_text_input", "value": ""}}},
        user_id="U0ADA", private_metadata=json.dumps({"event": "containers-mini-summit-2008"}), view_id="V1",
    )  # fmt: skip

    answer = summit.bot.events(form)

    assert answer.json() == {"response_action": "errors", "errors": {"title": "A topic needs a title."}}


def test_a_lone_surrogate_in_the_proposal_form_is_stored_as_a_replacement_character(summit: Summit) -> None:
    summit.slack.add_user("U0ADA", "Ada Lovelace")
    form = view_submission(
        "summit-propose",
        {"title": {"title": {"type": "plain_text_input", "value": "Broken \ud800 surrogates"}},
         "description": {"description": {"type": "plain_text_input", "value": "half \udfff a pair, \U0001f600 kept"}}},
        user_id="U0ADA", private_metadata=json.dumps({"event": "containers-mini-summit-2008", "channel": CHANNEL_ID}),
        view_id="V1",
    )  # fmt: skip
    assert "%5Cud800" in form  # JSON's escape, as Slack would send it

    answer = summit.bot.events(form)
    summit.settled()

    assert answer.status == 200
    proposal = summit.agenda().proposals[-1]
    assert (proposal.title, proposal.description) == ("Broken \ufffd surrogates", "half \ufffd a pair, \U0001f600 kept")
    summit.path.read_bytes().decode("utf-8")  # the YAML is still UTF-8
    assert "Broken \ufffd surrogates" in summit.page_text()


def test_a_rate_limited_post_is_retried_after_retry_after_and_posts_to_a_channel_are_paced(summit: Summit) -> None:
    ada = summit.member("U0ADA", "Ada Lovelace")
    summit.slack.rate_limit("chat.postMessage", times=1, retry_after=1)

    for title in ("First topic", "Second topic", "Third topic"):
        ada.says(f"propose {title}")
    calls = summit.slack.wait_for("chat.postMessage", count=4, timeout=20)

    assert calls[0].limited
    posted = [c for c in calls if not c.limited]
    assert [c.params["text"].split("”")[0].split("“")[1] for c in posted] == [
        "First topic",
        "Second topic",
        "Third topic",
    ]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(posted)]
    assert min(gaps) >= 0.95  # about one message a second to one channel
