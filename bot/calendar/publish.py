"""Step 3 of a calendar sync: put every item whose text changed and delete what is no longer stamped,
a few requests at a time, with a progress line on a terminal.

Each write stays conditional (If-Match on the etag listed, If-None-Match for a new item), so
running them side by side changes nothing about what may be overwritten. At most `WORKERS` run at
once: enough to hide the round trips (a first publish of a FOSDEM-sized agenda is 1,100 PUTs)
without flooding a small server. The first failure stops what has not started; the error raised is
the most serious one seen (the server down, then a refusal, then an item that changed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace

from bot.calendar.facts import ItemFacts
from bot.calendar.feed import Stamped, item_text
from bot.calendar.port import CalendarServer
from bot.calendar.stamps import digest
from bot.errors import CalendarUnavailable, ItemChanged
from bot.progress import progress
from bot.sync.state import KnownItem

WORKERS = 6


@dataclass(frozen=True)
class Write:
    """One request to make: put `text` at `href` (None: delete it), If-Match `etag` (None: a new item)."""

    href: str
    uid: str
    text: str | None
    etag: str | None
    sent: str = ""


@dataclass
class Published:
    """What the collection holds once the writes are done, and how many were made."""

    items: dict[str, KnownItem]
    written: int = 0
    deleted: int = 0
    writes: list[Write] = field(default_factory=list)


def plan_writes(
    stamped: Stamped,
    listing: dict[str, str],
    known: dict[str, KnownItem],
    fetched: dict[str, ItemFacts | None],
    ours: Callable[[str], bool],
) -> Published:
    """The items as they stand before writing, and the writes that bring them up to the stamps."""
    items = {href: replace(known[href], etag=etag) for href, etag in listing.items() if href in known}
    for fetched_href, facts in fetched.items():  # remembered, so they are not fetched again
        items[fetched_href] = KnownItem(facts.uid if facts else "", listing[fetched_href], "")
    where = {item.uid: href for href, item in items.items() if ours(item.uid)}
    writes: list[Write] = []
    for uid, stamp in stamped.stamps.items():
        if not ours(uid) or (stamp.cancelled and uid not in where):
            continue
        text = item_text(stamped, stamp)
        sent = digest(text)
        href: str | None = where.pop(uid) if uid in where else None
        last = known.get(href) if href else None
        if href is not None and last is not None and last.sent == sent and last.etag == listing.get(href):
            continue  # the server still has exactly what the bot put there
        writes.append(Write(href or new_href(uid), uid, text, listing.get(href) if href else None, sent))
    # ours, but no longer stamped: a cancellation kept long enough
    writes += [Write(href, items[href].uid, None, listing[href]) for href in where.values()]
    return Published(items, writes=writes)


def write_all(server: CalendarServer, collection: str, published: Published, *, label: str) -> None:
    """Make the planned writes, at most WORKERS at once; `published` then holds the new etags."""
    writes = published.writes
    if not writes:
        return
    with progress(label, total=len(writes)) as step, ThreadPoolExecutor(min(WORKERS, len(writes))) as pool:
        futures: dict[Future[str | None], Write] = {}
        for write in writes:
            future = pool.submit(_write, server, collection, write)
            future.add_done_callback(lambda done: None if done.cancelled() else step())
            futures[future] = write
        _, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for future in pending:
            future.cancel()
        wait(pending)
    errors: list[BaseException] = []
    for future, write in futures.items():
        if future.cancelled():
            continue
        error = future.exception()
        if error is None:
            _record(published, write, future.result())
        else:
            errors.append(error)
    if errors:
        raise _most_serious(errors)


def _write(server: CalendarServer, collection: str, write: Write) -> str | None:
    if write.text is None:
        assert write.etag is not None  # only items listed are deleted
        server.delete(collection, write.href, etag=write.etag)
        return None
    return server.put(collection, write.href, write.text, etag=write.etag)


def _record(published: Published, write: Write, etag: str | None) -> None:
    if etag is None:
        published.items.pop(write.href, None)
        published.deleted += 1
    else:
        published.items[write.href] = KnownItem(write.uid, etag, write.sent)
        published.written += 1


def _most_serious(errors: list[BaseException]) -> BaseException:
    """The server down before a refusal before an item that changed (which only means: read again)."""
    return min(
        errors, key=lambda e: 0 if isinstance(e, CalendarUnavailable) else 2 if isinstance(e, ItemChanged) else 1
    )


def new_href(uid: str) -> str:
    """The name of a new item: a digest of its UID (UIDs hold '/' and '@', unwelcome in paths)."""
    return hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32] + ".ics"
