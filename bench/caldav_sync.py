"""What a CalDAV sync of a FOSDEM-sized agenda costs on real Radicale and real Xandikos: bytes on the
wire, requests and time.

The targets (issue 14.1 and 15): a no-op sync moves under 10 kB in all (bytes sent and received,
HTTP headers included), and the first publish of the 1,100 items (1,000 sessions, 100 action items)
takes at most a quarter of the 44-60 s it took when items were written one after another.

The script generates the agenda of agenda_scale.py in a temporary folder, starts each server on
127.0.0.1 (tests/fixtures/radicale.py, tests/fixtures/xandikos.py) behind a small TCP relay that
counts every byte in both directions, and measures with a new state store: the first publish (the
collections are created; straight to the server, not through the relay, whose threads would slow
it), then no-op syncs on the same adapter and once on a new one (which finds
the calendar home again). A server where the first publish fails is reported as such.

Run: `.venv/bin/python bench/caldav_sync.py [--repeat 3] [--server radicale|xandikos]`
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, only bench/ is on sys.path; the server fixtures live in the repository's tests/.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agenda_scale import Scale, build_agenda  # noqa: E402

from bot.calendar.caldav import CalDav  # noqa: E402
from bot.calendar.sync import sync_calendar  # noqa: E402
from bot.errors import SummitbotError  # noqa: E402
from bot.settings import CalDavAccount  # noqa: E402
from bot.sync.state import StateStore  # noqa: E402
from tests.fixtures.calendar_app import CalendarApp  # noqa: E402
from tests.fixtures.radicale import LocalRadicale  # noqa: E402
from tests.fixtures.xandikos import LocalXandikos  # noqa: E402

FOSDEM = Scale(sessions=1000, rooms=60, attendees=8000, days=3)
NO_OP_BYTES = 10_000
PUBLISH_BEFORE_S = 44.0  # the fastest first publish measured before (issue 14), one PUT after another
USER_AGENT = "summitbot-bench/0.1 (bench/caldav_sync.py)"
STARTERS: dict[str, Callable[[Path], CalendarApp]] = {"radicale": LocalRadicale.start, "xandikos": LocalXandikos.start}


class Relay:
    """A TCP relay on 127.0.0.1 in front of a server, counting the bytes that pass each way."""

    def __init__(self, port: int) -> None:
        self._upstream = port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self.sent = self.received = 0  # client -> server, server -> client
        threading.Thread(target=self._accept, daemon=True).start()

    def total(self) -> int:
        """Bytes relayed so far, both ways."""
        with self._lock:
            return self.sent + self.received

    def close(self) -> None:
        """Stop accepting connections."""
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self._upstream))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, upward: bool) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
                with self._lock:
                    if upward:
                        self.sent += len(chunk)
                    else:
                        self.received += len(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True)
class Run:
    """One measured sync."""

    seconds: float
    bytes: int
    requests: int
    written: int
    error: str = ""


def measured(dav: CalDav, relay: Relay, path: Path, store: StateStore) -> Run:
    """Sync once and count what it cost."""
    before_bytes, before_requests = relay.total(), dav.requests_made
    began = time.perf_counter()
    try:
        reports = sync_calendar(path, dav, store)
    except SummitbotError as error:
        return Run(time.perf_counter() - began, relay.total() - before_bytes, dav.requests_made - before_requests,
                   0, f"{type(error).__name__}: {error}")  # fmt: skip
    seconds = time.perf_counter() - began
    time.sleep(0.05)  # let the relay count the last answer's bytes
    written = sum(report.written for report in reports)
    return Run(seconds, relay.total() - before_bytes, dav.requests_made - before_requests, written)


def line(label: str, run: Run) -> None:
    """One row of the table."""
    outcome = f"FAILED {run.error[:160]}" if run.error else f"{run.written:6} written"
    print(f"  {label:<26} {run.seconds:8.2f} s {run.bytes:12,} bytes {run.requests:6} requests   {outcome}")


def bench_server(name: str, folder: Path, path: Path, repeat: int) -> bool:
    """Publish, then no-op syncs, on one server; True when the targets hold."""
    local = STARTERS[name](folder / name)
    relay = Relay(int(local.url.rsplit(":", 1)[1].strip("/")))
    account = local.account()
    relayed = CalDavAccount(f"http://127.0.0.1:{relay.port}/", account.user, account.password)
    print(f"\n{local.name} on {local.url} (relayed through port {relay.port}):")
    store = StateStore(folder / f"{name}.sqlite3")
    try:
        dav = CalDav(account, user_agent=USER_AGENT)  # straight to the server: the relay would slow it
        publish = measured(dav, relay, path, store)
        line("first publish (+ discovery)", publish)
        dav.close()
        if publish.error:
            return False
        dav = CalDav(relayed, user_agent=USER_AGENT)
        no_ops = [measured(dav, relay, path, store) for _ in range(repeat)]
        for number, run in enumerate(no_ops, 1):
            line(f"no-op {number}", run)
        dav.close()
        dav = CalDav(relayed, user_agent=USER_AGENT)
        cold = measured(dav, relay, path, store)
        line("no-op, new adapter", cold)
        dav.close()
    finally:
        relay.close()
        local.stop()
    steady = [*no_ops[1:], cold] if len(no_ops) > 1 else [*no_ops, cold]
    small = all(run.bytes < NO_OP_BYTES and not run.written and not run.error for run in steady)
    quick = publish.seconds <= PUBLISH_BEFORE_S / 4
    print(f"  target no-op sync under {NO_OP_BYTES:,} bytes (after the first): {'OK' if small else 'MISSED'}")
    print(
        f"  target first publish <= {PUBLISH_BEFORE_S / 4:.0f} s: {publish.seconds:.1f} s {'OK' if quick else 'MISSED'}"
    )
    return small and quick


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark; 0 when every target holds, 1 when not."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="no-op syncs on the warm adapter (default 3)")
    parser.add_argument("--server", choices=sorted(STARTERS), action="append", help="only this server (repeatable)")
    options = parser.parse_args(argv)
    held = True
    with tempfile.TemporaryDirectory(prefix="caldav-sync-") as name:
        folder = Path(name)
        path = folder / "fosdem-2027.yaml"
        path.write_text(build_agenda(FOSDEM), encoding="utf-8")
        print(f"agenda: {FOSDEM.sessions:,} sessions and their action items ({path.stat().st_size:,} bytes of YAML)")
        for server in options.server or sorted(STARTERS):
            held = bench_server(server, folder, path, options.repeat) and held
    print(f"\n{'every target holds' if held else 'a target MISSED (see above)'}")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
