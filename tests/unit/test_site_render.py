"""The schedule page as HTML: the event's facts, every session in the grid and in the list,
hostile text shown as typed, minutes linked where the wiki is known, and no JavaScript at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.load import load_agenda
from bot.model import ActionItem, ActionSource, Agenda, Day, Event, EventKind, Session, Topic, Venue
from bot.site.render import EventLink, event_page, index_page, when, zone_line
from tests.conftest import EXAMPLES, MINI_SUMMIT

HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% raw %}x")
ZONE = ZoneInfo("America/Toronto")


def hostile_agenda() -> Agenda:
    start = datetime(2008, 7, 22, 9, tzinfo=ZONE)
    event = Event(id="evil", title=HOSTILE[0], kind=EventKind.SUMMIT, timezone=ZONE,
                  days=(Day(start.date()),), venue=Venue(name=HOSTILE[1], rooms=(HOSTILE[2],)),
                  description=HOSTILE[3])  # fmt: skip
    sessions = tuple(
        Session(
            id=f"s{n}",
            title=text,
            start=start.replace(hour=9 + n),
            end=start.replace(hour=10 + n),
            room=HOSTILE[2],
            topics=(Topic(text, note=text, children=(Topic(text),)),),
            minutes=text,
        )
        for n, text in enumerate(HOSTILE)
    )
    return Agenda(event=event, sessions=sessions)


def test_hostile_text_is_escaped_everywhere_and_never_evaluated() -> None:
    html = event_page(hostile_agenda(), feed_href="event.ics", minutes_url=lambda title: f"https://w.example/{title}")
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html
    assert ">49<" not in html
    assert "alert(1)" in html
    assert "{% raw %}x" in html
    assert 'href="https://w.example/&#34;&gt;&lt;img' in html  # the quote cannot close the attribute


def test_the_page_says_when_where_and_in_which_zone_and_links_the_feed() -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    html = event_page(agenda, feed_href="event.ics")
    assert "<h1>Containers mini-summit 2008</h1>" in html
    assert "<dd>22 July 2008</dd>" in html
    assert "Novotel Hotel, Ottawa, ON, Canada" in html
    assert "America/Toronto (UTC−04:00)" in html
    assert 'href="event.ics" type="text/calendar"' in html
    assert 'rel="alternate" type="text/calendar"' in html
    assert "<script" not in html  # no JavaScript needed, none sent


def test_each_session_is_once_in_the_grid_and_once_in_the_list_with_its_people_and_topics() -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    html = event_page(agenda, feed_href="event.ics")
    for session in agenda.sessions:
        uid = f'data-entry="containers-mini-summit-2008/{session.id}@summitbot"'
        assert html.count(uid) == 2, session.id
    assert html.count("Moderated by Serge Hallyn, Dave Hansen") == 2
    assert html.count("multiple namespaces in one process") == 2  # a subtopic, in the cell and the item
    assert 'headers="d1-r0 d1-t0"' in html


def test_minutes_are_linked_when_the_wiki_is_known_and_found_through_the_action_items() -> None:
    agenda = load_agenda(EXAMPLES / "xen-4.4-hackathon.yaml")
    assert not any(s.minutes for s in agenda.sessions)  # the Xen minutes are named by its action items
    plain = event_page(agenda, feed_href="event.ics")
    assert "Minutes: [Hackathon Minutes] Xen 4.4 Planning</p>" in plain
    linked = event_page(agenda, feed_href="event.ics", minutes_url=lambda title: "https://wiki.example/" + title)
    assert '<a href="https://wiki.example/[Hackathon Minutes] Xen 4.4 Planning">Minutes:' in linked
    own = replace(agenda, sessions=(replace(agenda.sessions[0], minutes="Xen/Minutes/1"),), actions=())
    assert "Minutes: Xen/Minutes/1" in event_page(own, feed_href="event.ics")
    pad = replace(agenda, sessions=(replace(agenda.sessions[0], minutes="https://pad.example/x"),), actions=())
    assert '<a href="https://pad.example/x">Minutes: https://pad.example/x</a>' in event_page(pad, feed_href="e.ics")


def test_an_action_from_another_session_lends_it_no_minutes() -> None:
    agenda = load_agenda(EXAMPLES / MINI_SUMMIT)
    action = ActionItem(id="A9", text="x", source=ActionSource(session="cgroups", minutes="Cgroups minutes"))
    html = event_page(replace(agenda, actions=(action,)), feed_href="event.ics")
    assert html.count("Minutes: Cgroups minutes") == 2  # the cgroups cell and list item, nowhere else


def test_dates_and_zones_read_as_people_write_them() -> None:
    xen = load_agenda(EXAMPLES / "xen-4.4-hackathon.yaml").event
    assert when(xen) == "15–16 May 2013"
    assert zone_line(xen) == "Europe/London (UTC+01:00)"
    assert when(replace(xen, days=())) is None
    assert zone_line(replace(xen, days=())) == "Europe/London"


def test_the_index_lists_the_events() -> None:
    html = index_page([EventLink("a/", "<A>", "1 May 2027"), EventLink("b/", "B", None)])
    assert '<a href="a/">&lt;A&gt;</a> (1 May 2027)' in html
    assert '<a href="b/">B</a></li>' in html


def test_the_templates_are_in_the_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"bot.site"' in pyproject
    assert '"site/*.j2", "site/*.css"' in pyproject
