"""The pages `serve` answers under /schedule/: made from the agenda on request, and made again
only when the agenda it was made from is no longer the one served."""

from __future__ import annotations

from dataclasses import replace

from bot.agenda.load import load_agenda
from bot.model import Agenda
from bot.site.pages import SchedulePages
from tests.conftest import EXAMPLES, MINI_SUMMIT

EVENT = "containers-mini-summit-2008"


def test_a_page_is_made_once_per_version_of_its_agenda() -> None:
    served: dict[str, Agenda] = {EVENT: load_agenda(EXAMPLES / MINI_SUMMIT)}
    pages = SchedulePages(lambda: served, lambda title: None)
    first = pages.page(f"{EVENT}/")
    assert first is not None
    assert 'href="../../feeds/containers-mini-summit-2008.ics"' in first
    assert pages.page(f"{EVENT}/") is first  # the same agenda: the page kept
    assert pages.page(f"{EVENT}/index.html") is first
    served[EVENT] = replace(served[EVENT], event=replace(served[EVENT].event, title="Renamed"))
    again = pages.page(f"{EVENT}/")
    assert again is not None
    assert "<h1>Renamed</h1>" in again


def test_only_served_events_have_pages_and_the_index_lists_them() -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    pages = SchedulePages(lambda: {EVENT: agenda}, lambda title: None)
    for path in ("other/", EVENT, f"{EVENT}/x", f"{EVENT}//", f"../{EVENT}/"):
        assert pages.page(path) is None, path
    index = pages.page("")
    assert index is not None
    assert f'<a href="{EVENT}/">Containers mini-summit 2008</a>' in index
