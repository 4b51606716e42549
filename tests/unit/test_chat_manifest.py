"""The Slack app manifest in the README is complete: it parses, has the descriptions Slack's
app directory shows (within Slack's lengths), the slash command and events the bot listens to,
and the Socket Mode token's scope is documented next to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

README = Path(__file__).resolve().parents[2] / "README.md"


def _manifest() -> dict[str, Any]:
    text = README.read_text()
    found = re.search(r"from this manifest.*?```yaml\n(.*?)```", text, re.DOTALL)
    assert found is not None
    manifest: dict[str, Any] = YAML(typ="safe", pure=True).load(found[1])
    return manifest


def test_the_manifest_describes_the_app_within_slacks_lengths() -> None:
    shown = _manifest()["display_information"]

    assert shown["name"] == "summitbot"
    assert 0 < len(shown["description"]) <= 140
    assert 175 <= len(shown["long_description"]) <= 4000
    assert re.fullmatch(r"#[0-9a-f]{6}", shown["background_color"])


def test_the_manifest_has_the_command_the_events_and_the_scopes_the_bot_uses() -> None:
    manifest = _manifest()

    (command,) = manifest["features"]["slash_commands"]
    assert (command["command"], command["should_escape"]) == ("/summit", True)
    assert command["description"]
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) >= {"reaction_added", "reaction_removed"}
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {"commands", "chat:write", "reactions:read", "users:read"}
    assert manifest["settings"]["interactivity"]["is_enabled"]  # the proposal form


def test_the_socket_mode_token_and_its_scope_are_documented() -> None:
    text = " ".join(README.read_text().split())

    assert "with the scope `connections:write`" in text
    assert "`SLACK_APP_TOKEN` (`xapp-...`)" in text
