"""A meeting run in Slack with MeetBot's commands: George starts it during the 4.4 content block,
the open release-track actions come back, an ambiguous owner is corrected with #owner, an item is
fixed by id, an old action is closed; at #endmeeting the minutes reach the YAML, the wiki and the
meeting's thread."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.load import load_agenda
from bot.model import ActionStatus
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.serve import RunningBot
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.slack_requests import event_callback
from tests.fixtures.summit import environment

XEN = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
CHANNEL = "C0XENREL"
START = datetime(2013, 5, 16, 9, 25, tzinfo=ZoneInfo("Europe/London"))  # five minutes before 4.4 content
_ids = itertools.count(1)


@pytest.fixture
def xen_bot(
    tmp_path: Path, local_wiki: LocalWiki, local_radicale: LocalRadicale, local_slack: LocalSlack,
    wiki_page_title: str, caldav_collection: str,
) -> Iterator[tuple[RunningBot, Path]]:  # fmt: skip
    path = tmp_path / "xen.yaml"
    text = XEN.read_text().replace("page: Xen 4.4 Hackathon", f"page: {wiki_page_title}")
    path.write_text(text.replace("collection: xen-release", f"collection: {caldav_collection}"))
    local_slack.add_channel(CHANNEL, "xen-release")
    for user, name in (("U0GEORGE1", "George Dunlap"), ("U0KONRAD1", "Konrad Rzeszutek Wilk")):
        local_slack.add_user(user, name)
    bot = RunningBot.start([path], local_slack, environment(local_wiki, local_radicale, tmp_path), tmp_path)
    bot.wait_idle()
    yield bot, path
    bot.stop()


def line(bot: RunningBot, user: str, text: str, minute: float) -> str:
    """`user` says `text` in the channel, `minute` minutes after the start; the message's ts."""
    ts = f"{START.timestamp() + minute * 60:.6f}"
    event = {"type": "message", "channel": CHANNEL, "channel_type": "channel", "user": user, "text": text, "ts": ts}
    answer = bot.events(event_callback(event, event_id=f"EvMeet{next(_ids):06d}"))
    assert answer.status == 200
    return ts


def test_a_meeting_in_slack_becomes_minutes_actions_and_a_wiki_page(
    xen_bot: tuple[RunningBot, Path], local_slack: LocalSlack, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    bot, path = xen_bot
    george, konrad = "U0GEORGE1", "U0KONRAD1"
    start = line(bot, george, "#startmeeting 4.4 content", 0)
    line(bot, george, "#topic PVH for 4.4", 1)
    line(bot, konrad, "#info the PVH series is at v10 <!channel>", 2)
    line(bot, konrad, "#topic I am no chair", 2.5)
    line(bot, george, "#action Ian to review the PVH series", 3)
    line(bot, george, "#owner A5 Ian Campbell", 4)
    line(bot, george, "#action Konrad to test PVH on AMD", 5)
    line(bot, george, "#fix A6 Konrad to test PVH on AMD and Intel", 6)
    line(bot, george, "#agreed PVH goes into 4.4 as experimental", 7)
    line(bot, george, "#done A1", 8)
    line(bot, george, "#roadmap Sharing dom0 keyboard and mouse -> 4.4", 8.5)
    line(bot, george, "#endmeeting", 9)
    bot.wait_idle()

    said = [call.params for call in local_slack.calls("chat.postMessage") if call.params.get("channel") == CHANNEL]
    channel_text = "\n".join(str(p["text"]) for p in said if not p.get("thread_ts"))
    assert "Write up a proposal for the beginning of the 4.4 release cycle" in channel_text  # A1 comes back
    assert "ambiguous" in channel_text.lower()  # "Ian": Ian Campbell or Ian Jackson
    assert "<!channel>" not in channel_text
    assert "#topic" in channel_text  # Konrad is told it is for chairs
    summary = [p for p in said if p.get("thread_ts") == start]
    assert len(summary) == 1
    assert "Ian Campbell" in summary[0]["text"]

    agenda = load_agenda(path)
    actions = {a.id: a for a in agenda.actions}
    assert actions["A1"].status is ActionStatus.DONE
    assert (actions["A5"].owner, actions["A6"].owner) == ("ijc", "konrad")
    assert actions["A6"].text == "Konrad to test PVH on AMD and Intel"
    assert actions["A5"].source.session == "content-4-4"
    block = next(s for s in agenda.sessions if s.id == "content-4-4")
    assert block.minutes
    minutes_page = local_wiki.human_site("Alice").pages[block.minutes].text()
    assert "PVH goes into 4.4 as experimental" in minutes_page
    assert "Konrad to test PVH on AMD and Intel" in minutes_page
    event_page = local_wiki.human_site("Alice").pages[wiki_page_title].text()
    assert block.minutes in event_page  # the block links its minutes
    assert "'''A5'''" in event_page  # the new action items are on the agenda page
    release = next(m for m in agenda.roadmap if m.id == "4.4")
    assert "Sharing dom0 keyboard and mouse" in [item.title for item in release.items]
    roadmap_page = local_wiki.human_site("Alice").pages[f"{wiki_page_title}/Roadmap"].text()
    assert "Sharing dom0 keyboard and mouse" in roadmap_page


def test_the_minutes_of_a_chat_meeting_come_again_from_its_json_log(xen_bot: tuple[RunningBot, Path]) -> None:
    bot, path = xen_bot
    line(bot, "U0GEORGE1", "#startmeeting", 0)
    line(bot, "U0GEORGE1", "#action Konrad to rebase PVH", 1)
    line(bot, "U0GEORGE1", "#endmeeting", 2)
    bot.wait_idle()
    (log,) = (path.parent / "meetings").glob("*.jsonl")

    shown = subprocess.run(
        [sys.executable, "-m", "bot", "minutes", str(log), "--agenda", str(path), "--json"],
        capture_output=True, text=True, check=True, env=bot.env,
    )  # fmt: skip

    minutes = json.loads(shown.stdout)
    assert [(a["owner"], a["text"]) for a in minutes["actions"]] == [("konrad", "Konrad to rebase PVH")]
    assert minutes["people"] == ["George Dunlap"]


def test_a_meeting_survives_a_kill_9_of_the_bot(xen_bot: tuple[RunningBot, Path], local_slack: LocalSlack) -> None:
    bot, path = xen_bot
    line(bot, "U0GEORGE1", "#startmeeting", 0)
    line(bot, "U0GEORGE1", "#action Konrad to rebase PVH", 1)
    bot.wait_idle()
    bot.kill9()
    bot.restart()

    line(bot, "U0GEORGE1", "#action Stefano to review the rebase", 2)
    line(bot, "U0GEORGE1", "#endmeeting", 3)
    bot.wait_idle()

    texts = {a.text: a.owner for a in load_agenda(path).actions}
    assert texts["Konrad to rebase PVH"] == "konrad"  # said before the kill, replayed from the log
    assert texts["Stefano to review the rebase"] == "stefano"
    assert len([t for t in texts if t == "Konrad to rebase PVH"]) == 1
