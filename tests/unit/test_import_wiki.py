"""Adopting a hand-written event wiki page into a new agenda (`summitbot import-wiki`).

Two real-looking pages are imported: the 2008 containers mini-summit (one day, nested-list agenda,
a Moderators section) and a two-day hackathon (a wikitable per day, linked and struck-through
attendees, no time zone on the page). Then the phrases people write dates, times and attendee
lines in, each with its exact reading.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from bot.agenda.load import parse_agenda
from bot.errors import UserError
from bot.model import Agenda, AttendanceStatus, Session, Topic, Venue
from bot.wiki.import_dates import When, find_dates, find_range, read_when
from bot.wiki.import_model import DraftAttendee
from bot.wiki.import_people import read_attendee
from bot.wiki.import_text import ListItem
from bot.wiki.import_zones import find_zone
from bot.wiki.importer import Imported, import_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wiki"
MINI_SUMMIT = "containers-mini-summit-2008.wiki"
HACKATHON = "xen-hackathon-2013.wiki"
TODAY = date(2024, 5, 1)


def imported(name: str, title: str, timezone: str | None) -> Imported:
    """The import of one fixture page, as `summitbot import-wiki` would make it."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return import_page(text, title=title, timezone=timezone, source=name, imported_on=TODAY)


@pytest.fixture(scope="module")
def mini_summit() -> Imported:
    return imported(MINI_SUMMIT, "Containers/Mini-summit 2008", "America/Toronto")


@pytest.fixture(scope="module")
def hackathon() -> Imported:
    return imported(HACKATHON, "Xen Project Hackathon 2013", "Europe/Dublin")


def names(agenda: Agenda, ids: tuple[str, ...]) -> list[str]:
    people = {person.id: person.name for person in agenda.people}
    return [people[person_id] for person_id in ids]


def clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else "-"


def span(session: Session) -> tuple[str, str, str]:
    return str(session.start.date()), clock(session.start), clock(session.end)


def titles(topics: tuple[Topic, ...]) -> list[str]:
    return [topic.title for topic in topics]


# The containers mini-summit 2008 page ------------------------------------------------------------


def test_the_mini_summit_day_keeps_the_page_hours_widened_to_hold_the_last_block(mini_summit: Imported) -> None:
    agenda = parse_agenda(mini_summit.yaml_text, "imported.yaml")
    (day,) = agenda.event.days
    assert (day.date, clock(day.start), clock(day.end)) == (date(2008, 7, 22), "08:30", "17:00")
    assert "# the page says 8:30-16:30; widened to 8:30-17:00" in mini_summit.yaml_text
    assert agenda.event.timezone.key == "America/Toronto"
    assert "# given with --timezone: the page states no time zone" in mini_summit.yaml_text


def test_the_mini_summit_event_takes_its_title_venue_links_and_description_from_the_page(
    mini_summit: Imported,
) -> None:
    event = parse_agenda(mini_summit.yaml_text, "imported.yaml").event
    assert (event.id, event.title, event.kind.value) == (
        "containers-mini-summit-2008",
        "Containers Mini-summit 2008",
        "mini-summit",
    )
    assert event.wiki.page == "Containers/Mini-summit 2008"
    assert event.description == (
        "There will be a containers mini-summit at the OLS'08. This page is for organizing this mini-summit. "
        "Feel free to edit."
    )
    assert (event.venue.name, event.venue.address, event.venue.rooms) == (
        "Novotel Hotel",
        "Ottawa, ON, Canada",
        ("Albion A",),
    )
    assert event.proposal_url == "http://wiki.openvz.org/Containers/Mini-summit_2008/Proposal"
    assert [(link.title, link.url) for link in event.see_also] == [
        ("Checkpointing and live migration", "http://wiki.openvz.org/Checkpointing_and_live_migration"),
        ("LXC: Linux Containers", "http://lxc.sourceforge.net/"),
        ("Mini-summit notes", "https://wiki.openvz.org/Containers/Mini-summit_2008_notes"),
    ]


def test_the_mini_summit_attendees_are_all_34_in_the_page_order(mini_summit: Imported) -> None:
    agenda = parse_agenda(mini_summit.yaml_text, "imported.yaml")
    listed = names(agenda, tuple(attendee.person for attendee in agenda.attendees))
    assert len(listed) == 34
    assert listed[:3] == ["Pavel Emelyanov", "Denis Lunev", "Andrey Mirkin"]
    assert listed[15] == "Herbert Pötzl"
    assert listed[-1] == "Gyuil Cha"
    assert all(attendee.status is AttendanceStatus.CONFIRMED for attendee in agenda.attendees)


def test_the_mini_summit_topics_to_discuss_become_proposals_without_the_placeholder(mini_summit: Imported) -> None:
    agenda = parse_agenda(mini_summit.yaml_text, "imported.yaml")
    assert [(proposal.id, proposal.title) for proposal in agenda.proposals] == [
        ("T1", "Device accessibility cgroup (maybe with remap ability)"),
        ("T2", "TTYs"),
        ("T3", "Syslog"),
        ("T4", "Checkpoint/restart"),
        ("T5", "Memory controllers"),
    ]


def test_the_mini_summit_blocks_become_three_sessions_with_their_times(mini_summit: Imported) -> None:
    agenda = parse_agenda(mini_summit.yaml_text, "imported.yaml")
    assert [(session.id, session.title, *span(session)[1:], session.room) for session in agenda.sessions] == [
        ("namespaces-containers", "Namespaces/Containers", "08:30", "11:00", "Albion A"),
        ("cgroups-resource-management", "Cgroups+Resource management", "11:30", "14:00", "Albion A"),
        ("checkpoint-restart", "Checkpoint/Restart", "14:30", "17:00", "Albion A"),
    ]
    assert 'start: "8:30"' in mini_summit.yaml_text


def test_the_mini_summit_moderators_are_matched_to_blocks_by_loose_titles(mini_summit: Imported) -> None:
    agenda = parse_agenda(mini_summit.yaml_text, "imported.yaml")
    assert [names(agenda, session.moderators) for session in agenda.sessions] == [
        ["Serge Hallyn", "Dave Hansen"],
        ["Paul Menage", "Balbir Singh", "Dhaval Giani"],
        ["Daniel Lezcano", "Oren Laadan"],
    ]


def test_the_mini_summit_topics_nest_to_depth_three(mini_summit: Imported) -> None:
    namespaces, cgroups, checkpoint = parse_agenda(mini_summit.yaml_text, "imported.yaml").sessions
    assert titles(namespaces.topics) == [
        "sysfs issues (and any /proc issues)",
        "Network namespaces issues",
        "Device namespace design?",
        "User namespace",
        "Additional needed namespaces",
        "Handling filesystem/namespace synchronization (not sure what the issue is)",
        "Container design",
    ]
    assert titles(namespaces.topics[0].children) == ["uevents/hotplug"]
    small = namespaces.topics[4].children[0]
    assert small.title == "Small namespaces"
    assert small.note is not None
    assert small.note.startswith("What to do with small subsystem that might need virtualization.")
    assert titles(namespaces.topics[6].children) == [
        "How to enter a container",
        "Nature of a 'container' — kernel object or userspace fiction",
    ]
    assert len(cgroups.topics) == 4
    # The items after the paragraph in the middle of the list stay with the last block.
    assert titles(checkpoint.topics)[-4:] == [
        "Checkpointing / Restarting",
        "Determining the userspace API - Posix 1003.1m ?",
        "Passing the kernel internal state to/from userspace - coredump like file ? swap per container ? "
        "netlinks, CR filesystem ? army of different call for the CR (proc, existing syscalls, ...)",
        "Hopefully we can continue to discuss in the next days and get a bit of a hackfest going during OLS :)",
    ]
    assert len(checkpoint.topics[-4].children) == 4
    assert checkpoint.topics[0].title == 'Documentation : Look at "See Also" section below'


def test_the_mini_summit_reports_the_paragraphs_it_could_not_place(mini_summit: Imported) -> None:
    assert mini_summit.not_understood == (
        "line 15: more?..",
        "line 18: Please fill in your name here if you are going to attend, or email kir at openvz dot org if "
        "you are too lazy. Surely the list is not final, so put your name even if you are not sure you can make "
        "it.",
        "line 20: This list is in no particular order.",
        "line 88: The following technical points can be discussed during the mini-summit if we have time or "
        "later at the OLS.",
        "line 109: [[Category:Events]]",
    )
    assert "# 5 things on the page were not understood and left out" in mini_summit.yaml_text
    assert "#   line 20: This list is in no particular order." in mini_summit.yaml_text


def test_the_header_says_which_page_and_file_it_came_from_and_when(mini_summit: Imported) -> None:
    header = " ".join(line.lstrip("# ") for line in mini_summit.yaml_text.split("\nevent:")[0].splitlines())
    assert 'the wiki page "Containers/Mini-summit 2008"' in header
    assert "(containers-mini-summit-2008.wiki)" in header
    assert "2024-05-01" in header


# The two-day hackathon page ----------------------------------------------------------------------


def test_a_page_without_a_time_zone_takes_its_city_s_zone_and_says_so() -> None:
    result = imported(HACKATHON, "Xen Project Hackathon 2013", None)
    assert parse_agenda(result.yaml_text, "imported.yaml").event.timezone.key == "Europe/Dublin"
    assert "# inferred from 'Dublin' on line 6: the page states no time zone" in result.yaml_text
    assert any("Europe/Dublin" in note and "line 6" in note for note in result.notes)


def test_an_unknown_time_zone_option_is_refused() -> None:
    with pytest.raises(UserError, match="unknown time zone 'Europe/Dublinn'"):
        imported(HACKATHON, "Xen Project Hackathon 2013", "Europe/Dublinn")


def test_the_hackathon_has_a_day_per_heading_and_a_session_per_table_row(hackathon: Imported) -> None:
    agenda = parse_agenda(hackathon.yaml_text, "imported.yaml")
    assert agenda.event.kind.value == "hackathon"
    assert [(day.date, clock(day.start), clock(day.end), day.venue) for day in agenda.event.days] == [
        (date(2013, 10, 14), "09:00", "17:30", None),
        (date(2013, 10, 15), "09:00", "16:00", "Trinity College, Dublin"),
    ]
    assert [(session.id, *span(session), session.room) for session in agenda.sessions] == [
        ("welcome-and-introductions", "2013-10-14", "09:00", "09:30", "Ballroom"),
        ("xen-4-4-release-planning", "2013-10-14", "09:30", "11:00", "Ballroom"),
        ("coffee-break", "2013-10-14", "11:00", "11:30", None),  # breaks are blocks of the schedule too
        ("pvh-status-and-next-steps", "2013-10-14", "11:30", "13:00", "Library"),
        ("lunch", "2013-10-14", "13:00", "14:00", None),
        ("arm-port", "2013-10-14", "14:00", "15:30", "Ballroom"),
        ("hacking", "2013-10-14", "15:30", "17:30", "Ballroom"),
        ("xen-on-arm-hackfest", "2013-10-15", "09:00", "10:30", None),
        ("disaggregation-and-security", "2013-10-15", "10:30", "12:00", None),
        ("lunch-2", "2013-10-15", "12:00", "13:00", None),
        ("hacking-and-wrap-up", "2013-10-15", "13:00", "16:00", None),
    ]
    assert agenda.event.venue.rooms == ("Ballroom", "Library")
    planning = agenda.sessions[1]
    assert titles(planning.topics) == ["Release cycle length", "Patch tracking"]
    assert titles(planning.topics[1].children) == ["patchwork", "bugs.xenproject.org"]


def test_the_hackathon_chairs_become_moderators_and_strangers_join_people(hackathon: Imported) -> None:
    agenda = parse_agenda(hackathon.yaml_text, "imported.yaml")
    by_id = {session.id: names(agenda, session.moderators) for session in agenda.sessions}
    assert by_id["pvh-status-and-next-steps"] == ["Konrad Rzeszutek Wilk", "Mukesh Rathor"]
    assert by_id["hacking-and-wrap-up"] == ["Lars Kurth"]  # "Lars" in the table
    assert by_id["hacking"] == []
    assert "# moderates 'PVH: status and next steps'; not on the attendee list" in hackathon.yaml_text


def test_the_hackathon_attendees_keep_links_status_marks_notes_and_letters(hackathon: Imported) -> None:
    agenda = parse_agenda(hackathon.yaml_text, "imported.yaml")
    people = {person.id: person for person in agenda.people}
    seen = [
        (people[a.person].name, a.status.value, a.remote, a.note, people[a.person].wiki_user) for a in agenda.attendees
    ]
    assert people["lars-kurth"].affiliation == "Citrix"  # "(Citrix)": in parentheses, an affiliation
    assert seen == [
        ("Lars Kurth", "confirmed", False, None, "Larsk"),
        ("George Dunlap", "confirmed", False, None, "Gdunlap"),
        ("Konrad Rzeszutek Wilk", "confirmed", False, "Oracle - arriving late", None),
        ("Stefano Stabellini", "confirmed", True, None, None),
        ("Roger Pau Monné", "confirmed", False, None, None),
        ("Jürgen Groß", "tentative", False, None, None),
        ("Zoltán Kiss", "tentative", False, None, None),
        ("Ian Jackson", "declined", False, None, None),
        ("Tim Deegan", "declined", False, None, None),
        ("Julien Grall", "tentative", False, None, None),
        ("Daniel De Graaf", "tentative", False, None, None),
        ("王小明", "confirmed", False, "Wang Xiaoming", None),
        ("Łukasz Hawryłko", "confirmed", False, None, None),
    ]


def test_the_hackathon_reports_rows_prose_and_sections_it_could_not_place(hackathon: Imported) -> None:
    assert parse_agenda(hackathon.yaml_text, "imported.yaml").event.hotel == Venue("Maldron Hotel")  # Accommodation
    assert hackathon.not_understood == (
        "line 49: Later | Dinner in town",
        "line 54: Add yourself below; strike yourself out if you cannot come after all.",
        "line 74: add more...",
        "line 82: Xen Project Hackathon 2012 (a link to a wiki page: write its full address)",
    )


@pytest.mark.parametrize(
    ("name", "title", "timezone"),
    [(MINI_SUMMIT, "Containers/Mini-summit 2008", "America/Toronto"), (HACKATHON, None, "Europe/Dublin")],
)
def test_the_imported_agenda_passes_the_checker(name: str, title: str | None, timezone: str) -> None:
    agenda = parse_agenda(imported(name, title or "", timezone).yaml_text, "imported.yaml")
    assert agenda.sessions
    assert agenda.attendees


# Smaller pages: other ways people write an agenda ------------------------------------------------


def test_a_page_stating_its_zone_uses_it_and_the_option_overrides_it() -> None:
    page = "When: 3 May 2019, 9:00-17:00 (UTC+2)\n\n== Agenda ==\n* Opening (9:00-10:00)\n"
    result = import_page(page, title="Sprint", imported_on=TODAY)
    agenda = parse_agenda(result.yaml_text, "imported.yaml")
    assert agenda.event.timezone.key == "Etc/GMT-2"
    assert agenda.event.kind.value == "sprint"
    assert '# the page says "UTC+2"' in result.yaml_text
    result = import_page(page, title="Sprint", timezone="America/Toronto", imported_on=TODAY)
    assert parse_agenda(result.yaml_text, "imported.yaml").event.timezone.key == "America/Toronto"
    assert '# given with --timezone: the page says "UTC+2"' in result.yaml_text


def test_blocks_as_headings_with_chair_lines_and_a_start_time_only() -> None:
    page = (
        "When: July 22, 2008\n"
        "== Agenda ==\n"
        "=== Kernel (9:00-10:30) ===\n"
        "* Scheduler\n"
        "* Moderator: Jane Doe\n"
        "=== Lunch (12-1pm) ===\n"
        "* 1:30 Storage\n"
        "** Chair: Bob Smith, Alice Jones\n"
        "** Block layer\n"
    )
    result = import_page(page, title="Demo", timezone="Europe/Brussels", imported_on=TODAY)
    agenda = parse_agenda(result.yaml_text, "imported.yaml")
    kernel, storage = agenda.sessions
    assert (kernel.title, *span(kernel)[1:], titles(kernel.topics)) == ("Kernel", "09:00", "10:30", ["Scheduler"])
    assert names(agenda, kernel.moderators) == ["Jane Doe"]
    # After the 12-1pm lunch a bare 1:30 is in the afternoon; with no end it runs to the day's end.
    assert (storage.title, *span(storage)[1:]) == ("Storage", "13:30", "14:30")
    assert names(agenda, storage.moderators) == ["Bob Smith", "Alice Jones"]
    assert titles(storage.topics) == ["Block layer"]
    assert "# the page gives no end time" in result.yaml_text
    assert result.not_understood == ()


# Dates and times as people write them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        ("(8:30am-11am)", None, (time(8, 30), time(11, 0))),
        ("2:30pm-5pm", None, (time(14, 30), time(17, 0))),
        ("11:30-2pm", None, (time(11, 30), time(14, 0))),
        ("11:30-2", None, (time(11, 30), time(14, 0))),
        ("9:00 - 10:30", None, (time(9, 0), time(10, 30))),
        ("9:30 – 11:00", None, (time(9, 30), time(11, 0))),
        ("9h-10h30", None, (time(9, 0), time(10, 30))),
        ("8:30-16:30", None, (time(8, 30), time(16, 30))),
        ("1:30", time(11, 30), (time(13, 30), None)),
        ("1:30-3:00", time(12, 30), (time(13, 30), time(15, 0))),
        ("10am-12", None, (time(10, 0), time(12, 0))),
        ("08:30 a.m. to 12:00", None, (time(8, 30), time(12, 0))),
        ("Namespaces/Containers (8:30am-11am)", None, (time(8, 30), time(11, 0))),
    ],
)
def test_time_ranges_are_read_as_people_mean_them(
    text: str, after: time | None, expected: tuple[time, time | None]
) -> None:
    found = find_range(text, after)
    assert found is not None
    assert (found.start, found.end) == expected


@pytest.mark.parametrize("text", ["Day 1", "TTYs", "Posix 1003.1m", "2008-07-22", "14–15 October"])
def test_numbers_that_are_not_times_are_not_read_as_times(text: str) -> None:
    assert find_range(text) is None


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("22nd of July 2008, 8:30-16:30", None, (date(2008, 7, 22),)),
        ("Day 1: Monday 14 October", 2013, (date(2013, 10, 14),)),
        ("Tuesday, 15 Oct 2013", None, (date(2013, 10, 15),)),
        ("July 22, 2008", None, (date(2008, 7, 22),)),
        ("14–15 October 2013", None, (date(2013, 10, 14), date(2013, 10, 15))),
        ("2008-07-22", None, (date(2008, 7, 22),)),
    ],
)
def test_dates_are_read_as_people_write_them(text: str, year: int | None, expected: tuple[date, ...]) -> None:
    found = find_dates(text, year)
    assert found is not None
    assert found.dates == expected


def test_a_date_without_a_year_needs_one_from_elsewhere() -> None:
    assert find_dates("Monday 14 October", None) is None


def test_a_when_line_gives_the_day_and_its_hours() -> None:
    assert read_when("22nd of July 2008, 8:30-16:30", None) == When((date(2008, 7, 22),), time(8, 30), time(16, 30))
    assert read_when("14-15 October 2013", None) == When((date(2013, 10, 14), date(2013, 10, 15)))


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("9:00-17:00 (UTC+2)", "Etc/GMT-2"),
        ("all times CEST", "Europe/Berlin"),
        ("times are Europe/Berlin", "Europe/Berlin"),
        ("10am EDT", "America/New_York"),
        ("UTC-4", "Etc/GMT+4"),
        ("9am CST", None),  # US Central or China: not unambiguous
        ("UTC+5:30", None),
        ("See Containers/Mini-summit 2008", None),
    ],
)
def test_a_stated_time_zone_is_taken_only_when_unambiguous(text: str, zone: str | None) -> None:
    found = find_zone(text)
    assert (found.name if found else None) == zone


# Attendee lines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pavel Emelyanov", DraftAttendee("Pavel Emelyanov")),
        ("Pavel Emelyanov, OpenVZ - arriving late", DraftAttendee("Pavel Emelyanov", note="OpenVZ - arriving late")),
        ("Herbert Pötzl (IBM)", DraftAttendee("Herbert Pötzl", note="IBM")),
        ("[[User:Xemul|Pavel Emelyanov]] (remote)", DraftAttendee("Pavel Emelyanov", "Xemul", remote=True)),
        ("[[User:Kir]]", DraftAttendee("Kir", "Kir")),
        ("<s>Jane Doe</s>", DraftAttendee("Jane Doe", status="declined")),
        ("<strike>Jane Doe</strike> - sorry", DraftAttendee("Jane Doe", status="declined", note="sorry")),
        ("Joseph Ruscio (TBC)", DraftAttendee("Joseph Ruscio", status="tentative")),
        ("maybe Jane Doe", DraftAttendee("Jane Doe", status="tentative")),
        ("Jane Doe?", DraftAttendee("Jane Doe", status="tentative")),
        # the bot's own line (bot.wiki.lines), read as the bot reads it
        ("Jane Doe (tentative, remote)", DraftAttendee("Jane Doe", status="tentative", remote=True)),
        ("Jane Doe (tentative) (remote)", DraftAttendee("Jane Doe", status="tentative", remote=True)),
        ("Roger Pau Monn&eacute;", DraftAttendee("Roger Pau Monné")),
        ("Jane Doe --[[User:Jdoe|Jdoe]] 12:05, 18 July 2008 (UTC)", DraftAttendee("Jane Doe", "Jdoe")),
    ],
)
def test_attendee_lines_are_read_into_name_status_and_note(text: str, expected: DraftAttendee) -> None:
    assert read_attendee(ListItem(text, 1)) == expected


def test_an_attendee_line_that_is_a_sentence_is_not_a_name() -> None:
    item = ListItem("Please add your name below this line if you are coming to the summit.", 1)
    assert read_attendee(item) is None


def test_a_block_without_an_end_runs_until_the_next_break() -> None:
    page = "When: 14-15 October 2013, 9am-5pm\n== Schedule ==\n* 9:00 Opening\n* 9:30 Talk\n* 12:00-13:00 Lunch\n"
    result = import_page(page, title="Demo", timezone="Europe/Dublin", imported_on=TODAY)
    agenda = parse_agenda(result.yaml_text, "imported.yaml")
    assert [span(session) for session in agenda.sessions] == [
        ("2013-10-14", "09:00", "09:30"),
        ("2013-10-14", "09:30", "12:00"),
    ]
    assert "# the page does not say which day: put on the first" in result.yaml_text


def test_parallel_rows_keep_their_times_and_clashes_are_left_out_with_a_comment() -> None:
    page = (
        'When: 1 June 2020\n== Agenda ==\n{| class="wikitable"\n! Time !! Session !! Room !! Chair\n'
        "|-\n| 9:00-10:00 || Alpha || R1 || Ann\n"
        "|-\n| 9:00-10:00 || Beta || R2 || Ann, Bob\n"
        "|-\n| 9:30-10:30 || Gamma || R1 || Cy\n|}\n"
    )
    result = import_page(page, title="Demo", timezone="Europe/Paris", imported_on=TODAY)
    agenda = parse_agenda(result.yaml_text, "imported.yaml")
    assert [(s.title, *span(s)[1:], s.room, names(agenda, s.moderators)) for s in agenda.sessions] == [
        ("Alpha", "09:00", "10:00", "R1", ["Ann"]),
        ("Beta", "09:00", "10:00", "R2", ["Bob"]),
        ("Gamma", "09:30", "10:30", None, ["Cy"]),
    ]
    assert "also moderates 'Alpha' at the same time" in result.yaml_text
    assert "# the page puts it in R1 too, at the same time as 'Alpha'" in result.yaml_text


def test_a_bad_event_id_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UserError) as caught:
        import_page("Hello", timezone="UTC", event_id="Mini Summit 2008")
    assert caught.value.problems[0].hint == "try 'mini-summit-2008'"
