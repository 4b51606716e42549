"""An in-memory calendar server for tests: the `CalendarServer` port with counters and a power switch.

Etags are '"1"', '"2"', ... counting up across the whole server, so every save gives a new one
(a real server may give the same etag back for the same text). Each collection has a CTag-like
token that every change moves, so `changes` answers "nothing" or lists everything. Like Radicale it does not check
that an item's component matches its collection's. The shared contract test
(tests/integration/test_calendar_contract.py) keeps it honest about everything else.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from bot.calendar.port import Changes, Item
from bot.errors import CalendarError, CalendarUnavailable, ItemChanged


@dataclass
class MemoryCollection:
    """One calendar: its display name, the component it is for, and its items by href."""

    title: str
    component: str
    items: dict[str, Item] = field(default_factory=dict)
    version: int = 0  # moves with every change, like a CTag


class MemoryCalendar:
    """Collections kept in a dict, with what a test needs to act as a person's calendar app."""

    def __init__(self, home: str = "memory://calendars/summitbot/") -> None:
        self.home = home
        self.down = False  # True: every call raises CalendarUnavailable, as if the server were down
        self.reads = 0  # requests that read: etags, and get with at least one href
        self.writes = 0  # requests that write: create_collection, put, delete
        self.collections: dict[str, MemoryCollection] = {}
        self._last_etag = 0
        self._lock = threading.Lock()  # puts and deletes come from several threads

    def changes(self, collection: str, since: str | None) -> Changes | None:
        """Nothing when the collection is as it was at `since`, else every item; None when it does not exist."""
        self._check_up()
        self.reads += 1
        found = self.collections.get(collection)
        if found is None:
            return None
        token = f"ctag {found.version}"
        if since == token:
            return Changes(token, {}, complete=False)
        return Changes(token, {href: item.etag for href, item in found.items.items()})

    def etags(self, collection: str) -> dict[str, str] | None:
        """href -> etag of every item in the collection; None when it does not exist."""
        self._check_up()
        self.reads += 1
        found = self.collections.get(collection)
        return None if found is None else {href: item.etag for href, item in found.items.items()}

    def get(self, collection: str, hrefs: Sequence[str]) -> list[Item]:
        """The items at these hrefs (once each, in the order asked); hrefs that are gone are left out."""
        self._check_up()
        if not hrefs:
            return []
        self.reads += 1
        items = self.collections[collection].items if collection in self.collections else {}
        return [items[href] for href in dict.fromkeys(hrefs) if href in items]

    def create_collection(self, collection: str, *, title: str, component: str) -> None:
        """Create a collection for one kind of component; one that exists already is left as it is."""
        self._check_up()
        self.writes += 1
        self.collections.setdefault(collection, MemoryCollection(title, component))

    def put(self, collection: str, href: str, text: str, *, etag: str | None) -> str:
        """Create (`etag` None) or replace (`etag` given) an item; ItemChanged unless the etag matches."""
        with self._lock:
            return self._put(collection, href, text, etag)

    def _put(self, collection: str, href: str, text: str, etag: str | None) -> str:
        self._check_up()
        items = self._items(collection)
        current = items.get(href)
        if etag is None and current is not None:
            raise ItemChanged(f"{href!r} already exists in {collection!r} (etag {current.etag}); read it again")
        if etag is not None and (current is None or current.etag != etag):
            now = "is gone" if current is None else f"has etag {current.etag}"
            raise ItemChanged(f"{href!r} in {collection!r} {now}, not {etag}; read it again")
        self.writes += 1
        return self._save(collection, href, text)

    def delete(self, collection: str, href: str, *, etag: str) -> None:
        """Delete an item if it still has `etag`; an item already gone is fine."""
        with self._lock:
            self._delete(collection, href, etag)

    def _delete(self, collection: str, href: str, etag: str) -> None:
        self._check_up()
        items = self.collections[collection].items if collection in self.collections else {}
        current = items.get(href)
        if current is not None and current.etag != etag:
            raise ItemChanged(f"{href!r} in {collection!r} has etag {current.etag}, not {etag}; read it again")
        self.writes += 1
        if items.pop(href, None) is not None:
            self.collections[collection].version += 1

    def address(self, collection: str) -> str:
        """The collection's URL, with a trailing slash."""
        return f"{self.home}{quote(collection, safe='')}/"

    def human_put(self, collection: str, href: str, text: str) -> str:
        """Save an item as a person's calendar app would, whatever it holds now; its new etag."""
        self._items(collection)
        return self._save(collection, href, text)

    def human_delete(self, collection: str, href: str) -> None:
        """Delete an item as a person's calendar app would, whatever its etag."""
        if self._items(collection).pop(href, None) is not None:
            self.collections[collection].version += 1

    def item(self, collection: str, href: str) -> Item | None:
        """The item at `href`, or None (no counters change)."""
        return self._items(collection).get(href) if collection in self.collections else None

    def _items(self, collection: str) -> dict[str, Item]:
        if collection not in self.collections:
            raise CalendarError(f"the collection {collection!r} does not exist on {self.home}; create it first")
        return self.collections[collection].items

    def _save(self, collection: str, href: str, text: str) -> str:
        self._last_etag += 1
        etag = f'"{self._last_etag}"'
        self.collections[collection].items[href] = Item(href, etag, text)
        self.collections[collection].version += 1
        return etag

    def _check_up(self) -> None:
        if self.down:
            raise CalendarUnavailable(f"the in-memory calendar server {self.home} is down (down is True); try later")
