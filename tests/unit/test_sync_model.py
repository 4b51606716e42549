"""The model-based test of sync (tests/fixtures/sync_model.py) against the in-memory wiki and
calendar: arbitrary interleavings of wiki users, chat users, organisers and calendar apps, each
followed or not by a sync, checked against the reference model after every sync."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from icalendar import Calendar

from bot.calendar.memory import MemoryCalendar
from bot.wiki.memory import MemoryWiki
from tests.fixtures.sync_model import SyncMachine

PAGE, COLLECTION = "Model summit", "model-summit"


@dataclass
class MemoryWorld:
    """The in-memory wiki and calendar, with people acting on them directly."""

    wiki: MemoryWiki = field(default_factory=MemoryWiki)
    calendar: MemoryCalendar = field(default_factory=MemoryCalendar)
    page: str = PAGE
    collection: str = COLLECTION

    def human_edit(self, text: str) -> None:
        self.wiki.human_edit(self.page, text)

    def item_text(self, uid: str) -> str:
        return self.calendar.collections[self.collection].items[self._href(uid)].text

    def app_put(self, uid: str, text: str) -> None:
        self.calendar.human_put(self.collection, self._href(uid), text)

    def _href(self, uid: str) -> str:
        for href, item in self.calendar.collections[self.collection].items.items():
            if any(str(part.get("UID")) == uid for part in Calendar.from_ical(item.text).walk("VEVENT")):
                return href
        raise AssertionError(f"no item holds {uid}")


class InMemory(SyncMachine):
    make_world = staticmethod(MemoryWorld)


TestSyncModel = InMemory.TestCase
TestSyncModel.settings = settings(
    max_examples=50, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
