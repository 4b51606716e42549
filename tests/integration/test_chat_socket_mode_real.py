"""Socket Mode: the same bot takes Slack's requests over a WebSocket opened with the app token."""

from __future__ import annotations

from pathlib import Path

from bot.agenda.load import load_agenda
from tests.fixtures.serve import CHANNEL_ID, CHANNEL_NAME, RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.slack_requests import new_trigger_id, slash_command, socket_payload

EXAMPLE = Path(__file__).resolve().parents[2] / "agendas" / "containers-mini-summit-2008.yaml"


def test_a_command_over_socket_mode_is_acknowledged_written_and_answered(
    tmp_path: Path, local_slack: LocalSlack
) -> None:
    agenda = tmp_path / "containers.yaml"
    agenda.write_text(EXAMPLE.read_text())
    local_slack.add_user("U0ADA", "Ada Lovelace")
    env = {"SUMMITBOT_STATE": str(tmp_path / "state.sqlite3"), "SLACK_SIGNING_SECRET": ""}
    bot = RunningBot.start([agenda], local_slack, env, tmp_path, "--socket-mode")
    try:
        local_slack.socket.wait_connected()
        url = local_slack.response_url()
        body = slash_command("join maybe", user_id="U0ADA", user_name="ada", channel_id=CHANNEL_ID,
                             channel_name=CHANNEL_NAME, response_url=url, trigger_id=new_trigger_id())  # fmt: skip

        envelope = local_slack.socket.send_envelope("slash_commands", socket_payload(body))

        assert local_slack.socket.wait_ack(envelope)["envelope_id"] == envelope
        reply = next(iter(local_slack.wait_for("response_url")))
        assert reply.params["text"].startswith("Done: you are signed up")
        assert any(p.chat_id == "U0ADA" for p in load_agenda(agenda).people)
        assert "mode=socket-mode" in bot.log()
    finally:
        bot.stop()
