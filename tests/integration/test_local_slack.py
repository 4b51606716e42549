"""The local Slack speaks the protocol the real slack_sdk and slack_bolt clients expect.

Everything here goes through the real client code: WebClient, WebhookClient, the builtin Socket
Mode client, bolt's App (over Socket Mode, and over HTTP through its WSGI adapter).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import requests
from slack_bolt import Ack, App, BoltRequest, Respond, Say
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.fixtures.mediawiki import ROOT
from tests.fixtures.slack_api import BOT_USER_ID, LocalSlack
from tests.fixtures.slack_requests import (
    event_callback,
    new_trigger_id,
    post,
    reaction_event,
    sign,
    slash_command,
    socket_payload,
    url_verification,
    view_submission,
)
from tests.fixtures.slack_socket import close_client

PAVEL = "U0PAVEL"
SUMMIT = "C0SUMMIT"


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    """A fresh local Slack with Pavel and the #containers-summit channel."""
    with LocalSlack.start() as slack:
        slack.add_user(PAVEL, "Pavel Emelyanov", email="xemul@example.org")
        slack.add_channel(SUMMIT, "containers-summit")
        yield slack


@pytest.fixture
def web(slack: LocalSlack) -> WebClient:
    """The bot's Web API client, pointed at the local Slack."""
    return WebClient(token=slack.bot_token, base_url=slack.api_url)


def _pavels_command(slack: LocalSlack, text: str) -> str:
    return slash_command(
        text,
        user_id=PAVEL,
        user_name="xemul",
        channel_id=SUMMIT,
        channel_name="containers-summit",
        response_url=slack.response_url(),
        trigger_id=new_trigger_id(),
    )


def test_the_web_client_reads_people_posts_and_sees_reactions(slack: LocalSlack, web: WebClient) -> None:
    me = web.auth_test()
    pavel = web.users_info(user=PAVEL)["user"]
    channel = web.conversations_info(channel=SUMMIT)["channel"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Who joins?*"}}]
    posted = web.chat_postMessage(channel=SUMMIT, text="Who joins?", blocks=blocks)
    slack.react(SUMMIT, posted["ts"], PAVEL, "+1")
    web.reactions_add(channel=SUMMIT, timestamp=posted["ts"], name="eyes")
    reactions = web.reactions_get(channel=SUMMIT, timestamp=posted["ts"], full=True)

    assert (me["user_id"], me["bot_id"], me["team_id"]) == (BOT_USER_ID, "B0001", "T0001")
    assert me.headers["x-oauth-scopes"].startswith("channels:read,chat:write")  # what bolt reads the scopes from
    assert pavel["profile"] == {
        "real_name": "Pavel Emelyanov",
        "real_name_normalized": "Pavel Emelyanov",
        "display_name": "",  # Slack's value when a person never set one
        "display_name_normalized": "",
        "email": "xemul@example.org",
    }
    assert pavel["tz"] == "Europe/Berlin"
    assert pavel["tz_offset"] in (3600, 7200)
    assert channel["name"] == "containers-summit"
    assert posted["channel"] == SUMMIT
    assert posted["message"]["blocks"] == blocks
    assert reactions["message"]["reactions"] == [
        {"name": "+1", "users": [PAVEL], "count": 1},
        {"name": "eyes", "users": [BOT_USER_ID], "count": 1},
    ]
    assert [call.method for call in slack.calls()] == [
        "auth.test",
        "users.info",
        "conversations.info",
        "chat.postMessage",
        "reactions.add",
        "reactions.get",
    ]
    assert {call.token for call in slack.calls()} == {slack.bot_token}
    # slack_sdk sends "GET" methods as form-encoded POSTs, and booleans as "1"
    assert slack.calls("users.info")[0].params == {"user": PAVEL}
    assert slack.calls("reactions.get")[0].params["full"] == "1"
    assert slack.calls("chat.postMessage")[0].params == {"channel": SUMMIT, "text": "Who joins?", "blocks": blocks}


def test_messages_are_stored_updated_and_refused_like_slack(slack: LocalSlack, web: WebClient) -> None:
    first = web.chat_postMessage(channel="#containers-summit", text="Agenda")
    reply = web.chat_postMessage(channel=SUMMIT, text="Details", thread_ts=first["ts"])
    web.chat_update(channel=SUMMIT, ts=first["ts"], text="Agenda (v2)")
    ephemeral = web.chat_postEphemeral(channel=SUMMIT, user=PAVEL, text="Only you")
    human = slack.add_message(SUMMIT, PAVEL, "I'll come")

    assert first["channel"] == SUMMIT  # a channel name is answered with its id
    assert float(first["ts"]) < float(reply["ts"]) < float(ephemeral["message_ts"]) < float(human)
    assert [(m["text"], m.get("thread_ts")) for m in slack.messages(SUMMIT)] == [
        ("Agenda (v2)", None),
        ("Details", first["ts"]),
        ("I'll come", None),
    ]
    assert "reactions" not in web.reactions_get(channel=SUMMIT, timestamp=human)["message"]  # Slack omits it
    refusals: dict[str, Callable[[], object]] = {
        "user_not_found": lambda: web.users_info(user="U0NOBODY"),
        "channel_not_found": lambda: web.conversations_info(channel="C0NOWHERE"),
        "message_not_found": lambda: web.reactions_get(channel=SUMMIT, timestamp="1.000000"),
        "already_reacted": lambda: [web.reactions_add(channel=SUMMIT, timestamp=human, name="x") for _ in "12"],
        "no_reaction": lambda: web.reactions_remove(channel=SUMMIT, timestamp=human, name="tada"),
        "cant_update_message": lambda: web.chat_update(channel=SUMMIT, ts=human, text="edited"),
        "unknown_method": lambda: web.api_call("summit.plan"),
    }
    for error, call in refusals.items():
        with pytest.raises(SlackApiError) as raised:
            call()
        assert raised.value.response["error"] == error


def test_parameters_arrive_in_every_encoding_slack_accepts(slack: LocalSlack) -> None:
    blocks = [{"type": "divider"}]
    as_query = requests.get(f"{slack.api_url}users.info?user={PAVEL}&token={slack.bot_token}", timeout=5)
    as_form = requests.post(
        f"{slack.api_url}chat.postMessage",
        data={"channel": SUMMIT, "blocks": json.dumps(blocks)},  # form-encoded blocks are JSON text
        headers={"Authorization": f"Bearer {slack.bot_token}"},
        timeout=5,
    )

    assert as_query.json()["user"]["id"] == PAVEL
    assert as_form.json()["message"]["blocks"] == blocks
    assert [(call.params, call.token) for call in slack.calls()] == [
        ({"user": PAVEL}, slack.bot_token),
        ({"channel": SUMMIT, "blocks": blocks}, slack.bot_token),
    ]


def test_people_react_and_take_reactions_back(slack: LocalSlack, web: WebClient) -> None:
    ts = web.chat_postMessage(channel=SUMMIT, text="Who joins?")["ts"]
    slack.react(SUMMIT, ts, PAVEL, "tada")
    slack.unreact(SUMMIT, ts, PAVEL, "tada")

    assert "reactions" not in web.reactions_get(channel=SUMMIT, timestamp=ts)["message"]
    assert slack.message(SUMMIT, ts)["text"] == "Who joins?"
    with pytest.raises(AssertionError, match="no_reaction"):
        slack.unreact(SUMMIT, ts, PAVEL, "tada")
    with pytest.raises(AssertionError, match="message_not_found"):
        slack.react(SUMMIT, "1.000000", PAVEL)


def test_waiting_for_a_call_that_never_comes_says_what_came(slack: LocalSlack, web: WebClient) -> None:
    web.auth_test()

    with pytest.raises(
        AssertionError, match=r"expected 1 chat.postMessage call\(s\) within 0.1 s; arrived: \['auth.test"
    ):
        slack.wait_for("chat.postMessage", timeout=0.1)


def test_a_modal_is_opened_and_updated(slack: LocalSlack, web: WebClient) -> None:
    view = {"type": "modal", "callback_id": "propose", "title": {"type": "plain_text", "text": "Propose"}}
    opened = web.views_open(trigger_id=new_trigger_id(), view={**view, "private_metadata": "draft"})["view"]
    updated = web.views_update(view_id=opened["id"], hash=opened["hash"], view=view)["view"]

    assert opened["id"].startswith("V")
    assert (opened["callback_id"], opened["private_metadata"]) == ("propose", "draft")
    assert updated["private_metadata"] == ""  # views.update replaces the view
    with pytest.raises(SlackApiError, match="hash_conflict"):
        web.views_update(view_id=opened["id"], hash=opened["hash"], view=view)
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        web.views_open(trigger_id="", view=view)
    assert slack.views() == [updated]


def test_tokens_are_checked_as_slack_checks_them(slack: LocalSlack) -> None:
    answers = {}
    for token in ("xoxb-wrong", None, slack.app_token):
        with pytest.raises(SlackApiError) as raised:
            WebClient(token=token, base_url=slack.api_url).chat_postMessage(channel=SUMMIT, text="hi")
        answers[token] = (raised.value.response.status_code, raised.value.response["error"])
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        WebClient(base_url=slack.api_url).apps_connections_open(app_token=slack.bot_token)

    assert answers == {
        "xoxb-wrong": (200, "invalid_auth"),
        None: (200, "not_authed"),
        slack.app_token: (200, "not_allowed_token_type"),
    }
    assert slack.messages() == []
    assert len(slack.calls("chat.postMessage")) == 3


def test_a_rate_limited_call_is_retried_after_retry_after(slack: LocalSlack) -> None:
    web = WebClient(token=slack.bot_token, base_url=slack.api_url, retry_handlers=[RateLimitErrorRetryHandler()])
    slack.rate_limit("chat.postMessage", retry_after=1)
    started = time.monotonic()

    posted = web.chat_postMessage(channel=SUMMIT, text="Agenda")

    assert posted["ok"]
    assert time.monotonic() - started >= 1
    limited, accepted = slack.calls("chat.postMessage")
    assert (limited.limited, limited.status, accepted.limited, accepted.status) == (True, 429, False, 200)
    assert accepted.at - limited.at >= 1
    assert len(slack.messages()) == 1


def test_a_server_error_reaches_the_caller(slack: LocalSlack, web: WebClient) -> None:
    slack.fail("users.info", status=503)

    with pytest.raises(SlackApiError) as raised:
        web.users_info(user=PAVEL)

    assert (raised.value.response.status_code, raised.value.response["error"]) == (503, "fatal_error")
    assert web.users_info(user=PAVEL)["ok"]  # only the next call fails
    assert [call.status for call in slack.calls("users.info")] == [503, 200]


def test_a_webhook_client_posts_to_a_response_url(slack: LocalSlack) -> None:
    url = slack.response_url()

    answer = WebhookClient(url).send(text="Noted", response_type="ephemeral", replace_original=False)

    assert (answer.status_code, answer.body) == (200, "ok")
    (call,) = slack.wait_for("response_url")
    assert call.params == {
        "text": "Noted",
        "response_type": "ephemeral",
        "replace_original": False,
        "_path": url.removeprefix(f"http://127.0.0.1:{slack.port}"),
    }


@contextmanager
def _connected(slack: LocalSlack, client: SocketModeClient) -> Iterator[None]:
    """Connect a Socket Mode client, and close it quickly afterwards."""
    client.connect()
    slack.socket.wait_connected()
    try:
        yield
    finally:
        close_client(slack.socket, client)


def test_the_socket_mode_client_connects_receives_and_acks(slack: LocalSlack, web: WebClient) -> None:
    client = SocketModeClient(slack.app_token, web_client=web)
    received: list[SocketModeRequest] = []

    def listener(client: BaseSocketModeClient, request: SocketModeRequest) -> None:
        received.append(request)
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload={"text": "Noted"}))

    client.socket_mode_request_listeners.append(listener)
    with _connected(slack, client):
        body = _pavels_command(slack, "join " + "x" * 300)  # long enough for a 16-bit frame length
        envelope_id = slack.socket.send_envelope("slash_commands", socket_payload(body), accepts_response_payload=True)
        ack = slack.socket.wait_ack(envelope_id)
        deadline = time.monotonic() + 5
        while client.current_session is not None and client.current_session.last_ping_pong_time is None:
            assert time.monotonic() < deadline, "no pong for the client's ping"
            time.sleep(0.02)

    assert ack == {"envelope_id": envelope_id, "payload": {"text": "Noted"}}
    assert (received[0].type, received[0].payload["command"], received[0].accepts_response_payload) == (
        "slash_commands",
        "/summit",
        True,
    )
    assert slack.calls("apps.connections.open")[0].token == slack.app_token
    assert slack.calls("socket_ack")[0].params == ack


def test_socket_mode_refuses_a_wrong_app_token_and_an_unissued_ticket(slack: LocalSlack, web: WebClient) -> None:
    client = SocketModeClient("xapp-wrong", web_client=web, auto_reconnect_enabled=False)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        client.connect()
    close_client(slack.socket, client)

    with pytest.raises(InvalidStatus, match="401"):
        connect(f"ws://127.0.0.1:{slack.socket.port}/link/?ticket=guessed")
    assert slack.socket.connected() == 0


def test_a_bolt_app_answers_a_command_over_socket_mode(slack: LocalSlack, web: WebClient) -> None:
    app = App(client=web)  # bolt calls auth.test here

    @app.command("/summit")
    def summit(ack: Ack, respond: Respond, say: Say, command: dict[str, Any]) -> None:
        ack(f"Noted: {command['text']}")
        respond("Added you to the list")
        say("Pavel joins")

    with _connected(slack, SocketModeHandler(app, slack.app_token).client):
        envelope_id = slack.socket.send_envelope(
            "slash_commands", socket_payload(_pavels_command(slack, "join")), accepts_response_payload=True
        )
        ack = slack.socket.wait_ack(envelope_id)
        slack.wait_for("response_url")
        slack.wait_for("chat.postMessage")

    assert ack["payload"]["text"] == "Noted: join"
    assert slack.calls("response_url")[0].params["text"] == "Added you to the list"
    assert slack.messages(SUMMIT)[0]["text"] == "Pavel joins"
    assert slack.calls()[0].method == "auth.test"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(app: App) -> Iterator[str]:
    """Serve a bolt app over HTTP (its WSGI adapter) on 127.0.0.1; yield its events URL."""
    server: WSGIServer = make_server("127.0.0.1", 0, SlackRequestHandler(app), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/slack/events"
    finally:
        server.shutdown()
        server.server_close()


def test_a_bolt_app_accepts_signed_requests_over_http(slack: LocalSlack) -> None:
    app = App(
        client=WebClient(token=slack.bot_token, base_url=slack.api_url),
        signing_secret=slack.signing_secret,
        token_verification_enabled=False,  # then bolt calls auth.test on the first request instead
    )
    seen: list[tuple[str, Any]] = []

    @app.command("/summit")
    def summit(ack: Ack, command: dict[str, Any]) -> None:
        ack(f"Noted: {command['text']}")

    @app.event("reaction_added")
    def reacted(ack: Ack, event: dict[str, Any], request: BoltRequest) -> None:
        ack()
        seen.append((event["reaction"], request.headers.get("x-slack-retry-num")))

    @app.view("propose")
    def proposed(ack: Ack, view: dict[str, Any]) -> None:
        ack()
        seen.append(("view", view["state"]["values"]))

    values = {"title": {"value": {"type": "plain_text_input", "value": "CRIU"}}}
    event = reaction_event("reaction_added", PAVEL, "+1", SUMMIT, "1700000000.000100")
    with _served(app) as url:
        command = _pavels_command(slack, "join")
        answered = post(url, command, sign(slack.signing_secret, command))
        forged = post(url, command, sign("not-the-secret", command))
        stale = post(url, command, sign(slack.signing_secret, command, timestamp=int(time.time()) - 600))
        challenge = url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        verified = post(url, challenge, sign(slack.signing_secret, challenge))
        delivery = event_callback(event, event_id="Ev0001")
        redelivered = post(url, delivery, sign(slack.signing_secret, delivery), retry_num=1)
        submission = view_submission("propose", values, user_id=PAVEL, view_id="V0001")
        submitted = post(url, submission, sign(slack.signing_secret, submission))

    assert (answered.status, answered.text) == (200, "Noted: join")  # bolt acks a bare text as text/plain
    assert (forged.status, stale.status) == (401, 401)
    assert verified.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert (redelivered.status, submitted.status) == (200, 200)
    assert seen == [("+1", ["1"]), ("view", values)]
    assert answered.elapsed < 5
    assert [call.method for call in slack.calls()] == ["auth.test"]


def test_sign_makes_headers_slack_sdk_verifies() -> None:
    body = url_verification("challenge")
    verifier = SignatureVerifier("s3cret")

    assert verifier.is_valid_request(body, sign("s3cret", body))
    assert not verifier.is_valid_request(body + " ", sign("s3cret", body))
    assert not verifier.is_valid_request(body, sign("s3cret", body, timestamp=int(time.time()) - 600))
    assert sign("s3cret", body)["Content-Type"] == "application/json"
    assert sign("s3cret", "text=join")["Content-Type"] == "application/x-www-form-urlencoded"


def test_the_command_line_starts_a_detached_slack_and_stops_it(tmp_path: Path) -> None:
    def run(command: str) -> subprocess.CompletedProcess[str]:
        arguments = [sys.executable, "-m", "tests.fixtures.slack_api", command, "--dir", str(tmp_path)]
        return subprocess.run(arguments, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False)

    started = run("start")
    settings = dict(line.split("=", 1) for line in (tmp_path / "slack.env").read_text().splitlines())
    pid = int((tmp_path / "slack.pid").read_text())
    me = WebClient(token=settings["SLACK_BOT_TOKEN"], base_url=settings["SUMMITBOT_SLACK_API_URL"]).auth_test()
    calls_log = (tmp_path / "calls.jsonl").read_text()
    stopped = run("stop")

    assert started.returncode == 0, started.stderr
    assert sorted(settings) == ["SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SUMMITBOT_SLACK_API_URL"]
    assert me["user_id"] == BOT_USER_ID
    assert '"method": "auth.test"' in calls_log
    assert stopped.returncode == 0, stopped.stderr
    assert not (tmp_path / "slack.pid").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
