"""The schedule site's pages as HTML strings, from the Jinja2 templates in `templates/site/`.

Every `{{ value }}` is HTML-escaped (autoescape is on for every template, whatever its name), so a
title such as `<script>` or `{{ 7*7 }}` shows as typed: values are data, never template source.
The pages need no JavaScript: a narrow screen gets the list instead of the grid by a CSS media
query, and print gets the list too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Any

import jinja2

from bot.agenda.clock import format_clock
from bot.model import Agenda, Event
from bot.site.grid import Grid, lay_out
from bot.site.programme import Entry, ProgrammeDay, programme
from bot.wiki.templates import TEMPLATES

MinutesUrl = Callable[[str], str | None]
"""The address of a minutes page by its title, or None when there is no wiki to link to."""


@dataclass(frozen=True)
class EventLink:
    """An event on the index page."""

    href: str
    title: str
    when: str | None


def site_templates() -> jinja2.Environment:
    """The environment of the site's templates: HTML-escaping, strict about unknown names."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["clock"] = format_clock
    environment.filters["long_date"] = long_date
    return environment


def event_page(
    agenda: Agenda,
    *,
    feed_href: str,
    minutes_url: MinutesUrl = lambda title: None,
    env: jinja2.Environment | None = None,
) -> str:
    """The HTML programme of one event; `feed_href` is where its iCalendar feed is (a subscribe link)."""
    environment = env or site_templates()
    days = programme(agenda)
    return environment.get_template("event.html.j2").render(
        event=agenda.event,
        when=when(agenda.event),
        where=agenda.event.venue.describe(),
        venue_url=agenda.event.venue.url,
        zone=zone_line(agenda.event),
        feed_href=feed_href,
        days=[_day_context(number, day) for number, day in enumerate(days, 1)],
        minutes_url=_linked(minutes_url),
        span=span,
    )


def _linked(minutes_url: MinutesUrl) -> MinutesUrl:
    """Minutes named by an address (a pad, a mailing-list post) link there; a title, to the wiki."""
    return lambda minutes: minutes if minutes.startswith(("https://", "http://")) else minutes_url(minutes)


def index_page(events: Sequence[EventLink], *, env: jinja2.Environment | None = None) -> str:
    """The page that lists the events of a site."""
    return (env or site_templates()).get_template("index.html.j2").render(events=events)


def _day_context(number: int, day: ProgrammeDay) -> dict[str, Any]:
    grid: Grid = lay_out(day)
    return {
        "number": number,
        "date": day.date,
        "grid": grid,
        "by_start": [(start, list(entries)) for start, entries in groupby(day.entries, key=lambda e: e.start)],
    }


def when(event: Event) -> str | None:
    """The event's dates: "22 July 2008", "15–16 May 2013", "30 June – 2 July 2024"."""
    if not event.days:
        return None
    first, last = event.days[0].date, event.days[-1].date
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {long_date(last)}"
    return f"{long_date(first)} – {long_date(last)}"


def long_date(day: date | datetime) -> str:
    """ "22 July 2008" (no zero padding, in any locale)."""
    return f"{day.day} {day:%B %Y}"


def zone_line(event: Event) -> str:
    """The zone every time is in, with its offset at the event's start: "America/Toronto (UTC−04:00)"."""
    start = event.start
    if start is None:
        return event.timezone.key
    offset = start.utcoffset() or timedelta(0)
    sign = "−" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{event.timezone.key} (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"


def span(entry: Entry) -> str:
    """ "08:30–11:00", with the day it ends on when that is a later date."""
    text = f"{format_clock(entry.start)}–{format_clock(entry.end)}"
    days = (entry.end.date() - entry.start.date()).days
    if days == 1:
        return text + " (next day)"
    if days > 1:
        return text + f" ({entry.end:%a} {long_date(entry.end)})"
    return text
