"""A sync after one that found nothing to do stops early (`bot.sync.in_step`), against a real
MediaWiki and a real Radicale on 127.0.0.1, and still sees every change made in between.

The organiser publishes the mini-summit and syncs once more (nothing to do). Then somebody adds
their name on the wiki, or drags a session in a calendar app, or the organiser edits the YAML or
drops a template of their own beside it; the next sync picks it up as a full sync would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import bot.calendar.sync
import bot.sync.wiki_sync
from bot.agenda.load import load_agenda
from bot.calendar.caldav import CalDav
from bot.model import Agenda
from bot.sync.agenda_sync import AgendaSyncResult, Targets, sync_agenda
from bot.sync.merge import Plan
from bot.sync.state import StateStore
from bot.wiki.mediawiki import MediaWiki
from bot.wiki.render import render_page
from bot.wiki.templates import TEMPLATES
from tests.conftest import EXAMPLES, MINI_SUMMIT
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale

UID = "containers-mini-summit-2008/cgroups@summitbot"
TORONTO = ZoneInfo("America/Toronto")
AGENT = "summitbot-tests (test_sync_in_step_real)"


@pytest.fixture
def agenda(tmp_path: Path, wiki_page_title: str, caldav_collection: str) -> Path:
    """The mini-summit agenda, with a page and a collection of its own, in a folder of its own."""
    folder = tmp_path / "agendas"
    folder.mkdir()
    path = folder / MINI_SUMMIT
    text = (EXAMPLES / MINI_SUMMIT).read_text().replace("collection: containers", f"collection: {caldav_collection}")
    path.write_text(text.replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}"))
    return path


@pytest.fixture
def targets(local_wiki: LocalWiki, local_radicale: LocalRadicale) -> Iterator[Targets]:
    wiki = MediaWiki(local_wiki.bot_account, user_agent=AGENT)
    calendar = CalDav(local_radicale.account(), user_agent=AGENT)
    yield Targets(wiki=wiki, calendar=calendar)
    wiki.close()
    calendar.close()


def sync(agenda: Path, targets: Targets, store: StateStore) -> AgendaSyncResult:
    result = sync_agenda(agenda, targets, store)
    assert result.ok, result.errors
    return result


def did_nothing(result: AgendaSyncResult) -> bool:
    wiki = result.wiki
    assert wiki is not None
    calendars = [(c.written, c.deleted, c.agenda_changes) for c in result.calendars]
    return not (wiki.edited or wiki.agenda_changes) and calendars == [(0, 0, [])] * len(calendars)


@pytest.fixture
def in_step(agenda: Path, targets: Targets, store: StateStore) -> Path:
    """Published, then synced once more: that sync found nothing to do and said so in the store."""
    sync(agenda, targets, store)
    assert did_nothing(sync(agenda, targets, store))
    event = load_agenda(agenda).event.id
    assert all(store.in_step(event, target) for target in store.synced_targets(event))
    return agenda


def never(*arguments: object, **options: object) -> object:
    raise AssertionError("a sync of an agenda in step rendered it")


def test_a_sync_after_one_that_did_nothing_renders_nothing_and_says_so(
    in_step: Path, targets: Targets, store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.sync.wiki_sync, "render_page", never)
    monkeypatch.setattr(bot.calendar.sync, "stamp_agenda", never)

    result = sync(in_step, targets, store)

    assert did_nothing(result)
    assert result.wiki is not None
    assert result.wiki.plan == Plan((), (), ())
    assert [c.plan.is_empty for c in result.calendars if c.plan] == [True] * len(result.calendars)


def test_a_name_added_on_the_wiki_reaches_the_yaml(
    in_step: Path, targets: Targets, store: StateStore, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    text = str(local_wiki.revisions(wiki_page_title)[-1]["slots"]["main"]["content"])
    local_wiki.human_edit("Alice", wiki_page_title, text.replace("# Denis Lunev\n", "# Denis Lunev\n# Ada Lovelace\n"))

    result = sync(in_step, targets, store)

    assert result.wiki is not None
    assert result.wiki.agenda_changes
    assert "Ada Lovelace" in {person.name for person in load_agenda(in_step).people}
    assert did_nothing(sync(in_step, targets, store))


def test_a_session_dragged_in_a_calendar_app_reaches_the_yaml_and_the_page(
    in_step: Path, targets: Targets, store: StateStore, local_radicale: LocalRadicale, local_wiki: LocalWiki,
    caldav_collection: str, wiki_page_title: str,
) -> None:  # fmt: skip
    address = f"{local_radicale.home('summitbot')}{caldav_collection}/"
    app = local_radicale.human_event(address, UID)
    app.icalendar_component["DTSTART"].dt = datetime(2008, 7, 22, 11, 45, tzinfo=TORONTO)
    app.save()

    result = sync(in_step, targets, store)

    assert [change for c in result.calendars for change in c.agenda_changes]
    session = next(s for s in load_agenda(in_step).sessions if s.id == "cgroups")
    assert f"{session.start:%H:%M}" == "11:45"
    page = str(local_wiki.revisions(wiki_page_title)[-1]["slots"]["main"]["content"])
    assert "Cgroups+Resource management''' (11:45–14:00" in page
    assert did_nothing(sync(in_step, targets, store))


def test_an_edit_of_the_yaml_reaches_the_page_and_the_calendar(
    in_step: Path, targets: Targets, store: StateStore, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    text = in_step.read_text()
    in_step.write_text(text.replace("  - Denis Lunev\n", "  - Denis Lunev\n  - Grace Hopper\n", 1))

    result = sync(in_step, targets, store)

    assert result.wiki is not None
    assert result.wiki.edited
    page = str(local_wiki.revisions(wiki_page_title)[-1]["slots"]["main"]["content"])
    assert "# Grace Hopper" in page
    assert did_nothing(sync(in_step, targets, store))


def test_a_session_moved_in_the_yaml_reaches_the_calendar(
    in_step: Path, targets: Targets, store: StateStore, local_radicale: LocalRadicale, caldav_collection: str
) -> None:
    session = next(s for s in load_agenda(in_step).sessions if s.id == "cgroups")
    text = in_step.read_text()
    start = f'start: "{session.start:%H:%M}"'
    head, tail = text.split("  - id: cgroups\n", 1)
    in_step.write_text(head + "  - id: cgroups\n" + tail.replace(start, 'start: "12:00"', 1))

    result = sync(in_step, targets, store)

    assert sum(c.written for c in result.calendars) >= 1
    address = f"{local_radicale.home('summitbot')}{caldav_collection}/"
    moved = local_radicale.human_event(address, UID).icalendar_component["DTSTART"].dt
    assert moved == datetime(2008, 7, 22, 12, 0, tzinfo=TORONTO)


def test_a_template_put_beside_the_agenda_is_rendered(
    in_step: Path, targets: Targets, store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[Agenda] = []

    def render(agenda: Agenda, *, folders: Sequence[Path] = ()) -> str:
        rendered.append(agenda)
        return render_page(agenda, folders=folders)

    monkeypatch.setattr(bot.sync.wiki_sync, "render_page", render)
    own = (TEMPLATES / "wiki" / "event.wiki.j2").read_text() + "\nOur own template says hello.\n"
    (in_step.parent / "event.wiki.j2").write_text(own)

    sync(in_step, targets, store)

    assert rendered  # how its text then meets the page's is the splice's business (people's text wins)
