"""The sync loop of `summitbot serve`, against the in-memory wiki and calendar and a clock moved by hand.

Each test reads like what happens: people sign up in chat (the YAML is written and the loop
touched), the clock moves on, and the loop publishes: once per burst, again and again while the
wiki is down, and by itself every minute to bring in what people edited on the wiki.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.calendar.memory import MemoryCalendar
from bot.errors import LockTimeout
from bot.model import Channel
from bot.sync.agenda_sync import AgendaSyncResult, Targets, sync_agenda
from bot.sync.loop import SyncLoop
from bot.sync.state import StateStore
from bot.wiki.memory import MemoryWiki
from tests.conftest import MINI_SUMMIT

TITLE = "Containers/Mini-summit 2008"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Publisher:
    """`sync_agenda` against the in-memory wiki and calendar, noting the clock time of each sync."""

    def __init__(self, wiki: MemoryWiki, calendar: MemoryCalendar, store: StateStore, clock: Callable[[], float]):
        self.targets = Targets(wiki, calendar)
        self.store, self.clock = store, clock
        self.times: list[float] = []
        self.synced = threading.Event()

    def __call__(self, path: Path) -> AgendaSyncResult:
        self.times.append(self.clock())
        try:
            return sync_agenda(path, self.targets, self.store)
        finally:
            self.synced.set()


@pytest.fixture
def agenda(agendas: Path) -> Path:
    return agendas / MINI_SUMMIT


@pytest.fixture
def wiki() -> MemoryWiki:
    return MemoryWiki()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def publisher(wiki: MemoryWiki, store: StateStore, clock: Clock) -> Publisher:
    return Publisher(wiki, MemoryCalendar(), store, clock)


@pytest.fixture
def loop(agenda: Path, publisher: Publisher, clock: Clock) -> SyncLoop:
    """A loop that has done its first step: the agenda is published."""
    loop = SyncLoop([agenda], publisher, max_backoff=30, jitter=0, clock=clock)
    assert loop.run_pending() == [agenda]
    return loop


def sign_up(agenda: Path, loop: SyncLoop, name: str) -> None:
    """What the chat worker does for `/summit join`: write the YAML, then touch the loop."""
    with edit_agenda(agenda) as document:
        add_attendee(document, name, via=Channel.CHAT)
    loop.touch(agenda)


def page(wiki: MemoryWiki) -> str:
    return wiki.read([TITLE])[TITLE].text or ""


def run_for(loop: SyncLoop, clock: Clock, seconds: float, step: float = 0.5) -> None:
    for _ in range(round(seconds / step)):
        clock.now += step
        loop.run_pending()


def test_the_first_step_publishes_every_agenda_then_waits(
    agendas: Path, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    xen = agendas / "xen-4.4-hackathon.yaml"
    loop = SyncLoop([agendas / MINI_SUMMIT, xen], publisher, clock=clock)

    assert loop.run_pending() == [agendas / MINI_SUMMIT, xen]  # after a restart, or a kill -9
    assert "# Pavel Emelyanov" in page(wiki)
    assert wiki.read(["Xen 4.4 Hackathon"])["Xen 4.4 Hackathon"].exists
    assert loop.run_pending() == []
    assert loop.next_due() == clock.now + 60


def test_a_burst_of_sign_ups_is_one_sync_once_the_chat_is_quiet(
    agenda: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    for number in range(1, 21):  # twenty sign-ups in two seconds
        clock.now += 0.1
        sign_up(agenda, loop, f"Guest Number{number}")
        assert loop.run_pending() == []
    last = clock.now

    run_for(loop, clock, 10, step=0.1)

    assert publisher.times[1:] == [pytest.approx(last + 2.0)]
    assert "# Guest Number20" in page(wiki)
    assert [r.summary for r in wiki.revisions(TITLE)][-1] == "+20 attendees from chat"


def test_a_chat_that_never_goes_quiet_is_synced_every_max_delay(
    agenda: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    start = clock.now
    for tick in range(1, 61):  # a sign-up every second for 25 seconds, then 5 quiet ones
        clock.now += 0.5
        if tick % 2 == 0 and tick <= 50:
            sign_up(agenda, loop, f"Guest Number{tick // 2}")
        loop.run_pending()

    assert publisher.times[1:] == [start + 11, start + 22, start + 27]
    assert "# Guest Number25" in page(wiki)


def test_the_wiki_down_is_retried_with_growing_backoff_and_published_when_back(
    agenda: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, store: StateStore, clock: Clock
) -> None:
    wiki.down = True
    sign_up(agenda, loop, "Ada Lovelace")
    failed_at = clock.now + 2
    run_for(loop, clock, 2)

    status = loop.status()["agendas"][str(agenda)]
    assert (status["failures"], status["dirty"], status["next_attempt_in"]) == (1, True, 5.0)
    assert status["failing"] == {"wiki": "unavailable"}
    assert [p.target for p in store.pending()] == [f"wiki:{TITLE}"]

    sign_up(agenda, loop, "Grace Hopper")  # a touch does not cut the backoff short
    run_for(loop, clock, 5 + 10 + 20 + 30 + 30 - 1)
    assert [t - failed_at for t in publisher.times[1:]] == [0, 5, 15, 35, 65]  # 5, 10, 20, then the cap (30)
    assert store.pending()[0].attempts == 5

    wiki.down = False
    run_for(loop, clock, 30)

    assert len(publisher.times) == 7
    assert "# Ada Lovelace" in page(wiki)
    assert "# Grace Hopper" in page(wiki)
    assert store.pending() == []
    status = loop.status()["agendas"][str(agenda)]
    assert (status["failures"], status["failing"], status["dirty"]) == (0, {}, False)
    assert status["last_success"] is not None


def test_an_agenda_that_does_not_check_backs_off_then_goes_out_soon_after_the_fix(
    agenda: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    good = agenda.read_text()
    agenda.write_text(good.replace("event:", "event: [", 1))  # an organiser's edit, half done
    loop.touch(agenda)
    run_for(loop, clock, 120)

    status = loop.status()["agendas"][str(agenda)]
    assert status["failing"] == {"agenda": "invalid"}
    assert [t - clock.now + 120 for t in publisher.times[1:]] == [2, 7, 17, 37, 67, 97]  # backing off: no spinning

    agenda.write_text(good)
    sign_up(agenda, loop, "Ada Lovelace")  # the worker applies what waited, and touches
    run_for(loop, clock, 2)

    assert "# Ada Lovelace" in page(wiki)
    assert loop.status()["agendas"][str(agenda)]["failing"] == {}


def test_polling_brings_a_hand_edit_on_the_wiki_into_the_yaml(
    agenda: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    text = page(wiki)
    wiki.human_edit(TITLE, text.replace("# Poornima Nayak\n", "# Poornima Nayak\n# Ada Lovelace\n", 1))

    run_for(loop, clock, 59)
    assert len(publisher.times) == 1
    run_for(loop, clock, 1)

    assert len(publisher.times) == 2
    loaded = load_agenda(agenda)
    assert "Ada Lovelace" in [loaded.person(a.person).name for a in loaded.attendees]


@pytest.mark.parametrize("error", [RuntimeError("a bug"), LockTimeout("the agenda stayed locked for 30 s")])
def test_an_exception_in_a_sync_does_not_end_the_loop(
    agenda: Path,
    publisher: Publisher,
    wiki: MemoryWiki,
    clock: Clock,
    error: Exception,
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[float] = []

    def flaky(path: Path) -> AgendaSyncResult:
        calls.append(clock.now)
        if len(calls) == 1:
            raise error
        return publisher(path)

    loop = SyncLoop([agenda], flaky, jitter=0, clock=clock)
    with caplog.at_level(logging.INFO, logger="bot.sync.loop"):
        assert loop.run_pending() == [agenda]
        assert loop.status()["agendas"][str(agenda)]["failures"] == 1
        run_for(loop, clock, 5)

    assert calls == [1000.0, 1005.0]
    assert "# Pavel Emelyanov" in page(wiki)
    assert loop.status()["agendas"][str(agenda)]["failures"] == 0
    if isinstance(error, RuntimeError):
        [crash] = [r for r in caplog.records if r.getMessage().startswith("sync crashed")]
        assert crash.exc_info is not None  # the traceback is logged
    assert any(r.getMessage().startswith(f"sync agenda={agenda} wiki=saved revision=1") for r in caplog.records)


def test_a_touched_agenda_not_known_yet_is_synced_after_the_debounce(
    agendas: Path, loop: SyncLoop, publisher: Publisher, wiki: MemoryWiki, clock: Clock
) -> None:
    xen = agendas / "xen-4.4-hackathon.yaml"
    loop.touch(xen)
    assert loop.run_pending() == []
    clock.now += 2
    assert loop.run_pending() == [xen]
    assert wiki.read(["Xen 4.4 Hackathon"])["Xen 4.4 Hackathon"].exists


def test_the_thread_syncs_a_touch_within_the_debounce_and_stops_promptly(
    agenda: Path, wiki: MemoryWiki, store: StateStore
) -> None:
    publisher = Publisher(wiki, MemoryCalendar(), store, time.monotonic)
    loop = SyncLoop([agenda], publisher, debounce=0.1, poll=3600)
    loop.start()
    try:
        assert publisher.synced.wait(10), "the first sync did not happen"
        publisher.synced.clear()
        with edit_agenda(agenda) as document:
            add_attendee(document, "Ada Lovelace", via=Channel.CHAT)
        touched = time.monotonic()
        loop.touch(agenda)
        assert publisher.synced.wait(0.1 + 5), "the touch was not synced"
        assert publisher.times[-1] - touched >= 0.1
        assert loop.status()["running"] is True
    finally:
        started = time.monotonic()
        loop.stop(timeout=5)
        assert time.monotonic() - started < 2
    assert "# Ada Lovelace" in page(wiki)
    assert loop.status()["running"] is False
