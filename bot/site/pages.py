"""The schedule pages `serve` answers under /schedule/, each made again only when its agenda changed.

The agendas come from a function that gives the same Agenda object while its file is unchanged
(`bot.chat.agendas.Agendas` reads a file again only when its mtime, size or inode changed), so a
page is kept with the agenda it was made from and reused while that is still the one given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from bot.model import Agenda
from bot.site.render import EventLink, MinutesUrl, event_page, index_page, site_templates, when


class SchedulePages:
    """`/schedule/` (the events) and `/schedule/EVENT/` (one event's programme) as HTML."""

    def __init__(self, agendas: Callable[[], Mapping[str, Agenda]], minutes_url: MinutesUrl) -> None:
        """`agendas` gives every served agenda by event id; `minutes_url` links minutes pages."""
        self._agendas, self._minutes_url = agendas, minutes_url
        self._templates = site_templates()
        self._made: dict[str, tuple[Agenda, str]] = {}
        self._lock = threading.Lock()  # Jinja2 environments are thread-safe; the cache is guarded

    def page(self, path: str) -> str | None:
        """The page at `path` under /schedule/ ("" or "EVENT/", also with "index.html"), or None."""
        path = path.removesuffix("index.html")
        agendas = self._agendas()
        if path == "":
            links = [EventLink(f"{event}/", a.event.title, when(a.event)) for event, a in sorted(agendas.items())]
            return index_page(links, env=self._templates)
        event = path.removesuffix("/")
        agenda = agendas.get(event)
        if agenda is None or path != f"{event}/":
            return None
        with self._lock:
            made = self._made.get(event)
        if made is not None and made[0] is agenda:
            return made[1]
        # the page sits at /schedule/EVENT/, the feed at /feeds/EVENT.ics: relative, so a prefix
        # a reverse proxy puts before both keeps working
        html = event_page(agenda, feed_href=f"../../feeds/{event}.ics", minutes_url=self._minutes_url,
                          env=self._templates)  # fmt: skip
        with self._lock:
            self._made[event] = (agenda, html)
        return html
