"""A meeting started during a block belongs to it; open actions of the track come back there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.load import load_agenda
from bot.minutes.followup import block_at, chairs_of, open_actions_for, planned_topics
from bot.model import Meeting, Session

XEN = load_agenda(Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml")
LONDON = ZoneInfo("Europe/London")


def test_a_meeting_started_ten_minutes_early_is_the_blocks() -> None:
    block = block_at(XEN, datetime(2013, 5, 16, 9, 20, tzinfo=LONDON))

    assert isinstance(block, Session)
    assert block.id == "content-4-4"
    assert chairs_of(XEN, block) == ["George Dunlap"]
    assert planned_topics(block)[:2] == ["Big features that did not make it in 4.3", "PVH? What will make it into 4.4"]
    assert "Network effects" in planned_topics(block)  # nested topics after their parent


def test_the_release_call_is_found_on_its_day_but_not_on_a_skipped_one() -> None:
    call = block_at(XEN, datetime(2013, 6, 11, 16, 5, tzinfo=LONDON))
    assert isinstance(call, Meeting)
    assert call.id == "release-call"
    assert block_at(XEN, datetime(2013, 7, 2, 16, 5, tzinfo=LONDON)) is None
    assert block_at(XEN, datetime(2013, 6, 12, 16, 5, tzinfo=LONDON)) is None  # a Wednesday


def test_open_release_track_actions_come_back_at_the_next_release_session() -> None:
    content = next(s for s in XEN.sessions if s.id == "content-4-4")

    back = open_actions_for(XEN, content)

    assert [a.id for a in back] == [a.id for a in XEN.actions if a.status.value == "open" and a.source.session in
                                    {"roadmap-purpose", "release-models", "retrospective-4-3"}]  # fmt: skip
    assert "A2" not in [a.id for a in back]  # done already
    assert back


def test_the_feature_bof_gets_no_release_actions() -> None:
    bof = next(s for s in XEN.sessions if s.id == "gpu-passthrough")

    assert open_actions_for(XEN, bof) == []
