"""Made-up event pages in shapes the corpus does not have: the importer's rules are general.

Other cities and zone abbreviations, schedule tables with other column names, dates and
participants written otherwise; and the agenda format's days without hours, read and used.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.agenda.load import parse_agenda
from bot.calendar.export import frab_xml, schedule_json
from bot.errors import UserError
from bot.model import Agenda, AttendanceStatus
from bot.wiki.import_places import place_zone
from bot.wiki.import_zones import find_zone
from bot.wiki.importer import import_page
from bot.wiki.render import render_page

TODAY = date(2024, 5, 1)


def agenda_of(page: str, title: str = "Demo 2019") -> tuple[Agenda, str]:
    result = import_page(page, title=title, imported_on=TODAY)
    return parse_agenda(result.yaml_text, "imported.yaml"), result.yaml_text


@pytest.mark.parametrize(
    ("page", "zone", "evidence"),
    [
        ("== Venue ==\nMasaryk University, Brno, Czech Republic\n", "Europe/Prague", "Brno, Czech Republic"),
        ("* '''Where''': Convention Center, Portland, Oregon\n", "America/Los_Angeles", "Portland, Oregon"),
        ("We meet at a lab near Chicago.\n", "America/Chicago", "Chicago"),
        ("The sprint is in Santa Clara, California.\n", "America/Los_Angeles", "Santa Clara, California"),
        ("Hosted in Lodi, Italy.\n", "Europe/Rome", "Lodi, Italy"),
        ("Location: Argonne, IL 60439\n", "America/Chicago", "Argonne, IL 60439"),
    ],
)
def test_the_zone_of_the_place_a_page_names(page: str, zone: str, evidence: str) -> None:
    found = place_zone(page)
    assert found is not None
    assert (found.name, found.written) == (zone, evidence)


def test_a_city_many_places_share_is_settled_by_the_country_of_a_link_on_its_line() -> None:
    found = place_zone("* Where: [http://us.pycon.org/2012 PyCon], Santa Clara\n")
    assert found is not None
    assert found.name == "America/Los_Angeles"  # not Santa Clara, Cuba, the most populous one


def test_a_stated_abbreviation_wins_over_the_place() -> None:
    agenda, text = agenda_of("When: 3 May 2019, 9:00-17:00 CEST\nWhere: Brno, Czech Republic\n")
    assert agenda.event.timezone.key == "Europe/Berlin"
    assert '# the page says "CEST"' in text


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Call at 10:00 -0400 on 3 May", "Etc/GMT+4"), ("at 21:00 GMT", "UTC"), ("9am EDT", "America/New_York")],
)
def test_zones_stated_as_offsets_and_abbreviations(text: str, zone: str) -> None:
    found = find_zone(text)
    assert found is not None
    assert found.name == zone


def test_a_forwarded_mail_s_date_header_and_words_that_are_towns_somewhere_say_no_zone() -> None:
    page = "[Date Prev][Date Next]\nDate: Fri, 21 Sep 2007 01:37:27 -0400\nSee you at the Main Hall.\n"
    assert find_zone(page) is None
    assert place_zone(page) is None


def test_a_page_that_names_no_place_gets_utc_and_a_warning() -> None:
    result = import_page("When: 3 May 2019\n\nLet us hack.\n", title="Hack day", imported_on=TODAY)
    assert parse_agenda(result.yaml_text, "x.yaml").event.timezone.key == "UTC"
    assert "WARNING" in result.notes[0]
    assert "# WARNING: the page names no time zone and no place" in result.yaml_text


def test_a_schedule_table_with_other_column_names_and_am_pm_once() -> None:
    page = (
        "Where: Brno, Czech Republic\n== Monday, 2019 May 6 ==\n"
        '{| class="wikitable"\n! Slot || Happening || Remarks\n'
        "|-\n| 9:00 - 10:15 AM || Kick-off || room 5\n"
        "|-\n| 10:45 AM - 12:00 PM || Hacking || bring laptops\n"
        "|-\n| 12:00 - 1:15 PM || Lunch || downstairs\n"
        "|-\n| 1:15 || Demos ||\n"
        "|-\n| 5:00 - 6:00 PM || Wrap-up ||\n|}\n"
    )
    agenda, _ = agenda_of(page)
    blocks = [(s.title, f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.description) for s in agenda.sessions]
    assert blocks == [
        ("Kick-off", "09:00", "10:15", "room 5"),
        ("Hacking", "10:45", "12:00", "bring laptops"),
        ("Lunch", "12:00", "13:15", "downstairs"),
        ("Demos", "13:15", "17:00", None),  # a start only: until the next row
        ("Wrap-up", "17:00", "18:00", None),
    ]
    assert agenda.event.venue.rooms == ("5",)  # "room 5" in the remarks; the only room holds every block
    (day,) = agenda.event.days
    assert (day.date, f"{day.start:%H:%M}", f"{day.end:%H:%M}") == (date(2019, 5, 6), "09:00", "18:00")


def test_dates_as_a_list_of_days_and_travel_days_left_out() -> None:
    page = (
        "Where: Berlin, Germany\n== Dates ==\n* 24, 25, 26 September 2007\n"
        "* arrive the day before (Sunday, 2007-09-23)\n"
    )
    agenda, _ = agenda_of(page, "NIAC 2007")
    assert [day.date for day in agenda.event.days] == [date(2007, 9, 24), date(2007, 9, 25), date(2007, 9, 26)]
    assert agenda.event.timezone.key == "Europe/Berlin"


def test_a_participants_table_with_other_columns_and_a_bold_who_label() -> None:
    page = (
        "When: 6-8 May 2019\nWhere: Portland, Oregon\n== Participants ==\n"
        '{| class="wikitable"\n! Name || Institution || Arrival || Departure || Confirmed?\n'
        "|-\n| Ana Ruiz || CERN || 2019-05-05 || 2019-05-08 || yes\n"
        "|-\n| Bo Chen || MIT || 2019-05-06 || 2019-05-07 || ?\n|}\n"
        "Organised by: Ana Ruiz and Carl Berg\n"
    )
    agenda, _ = agenda_of(page)
    seen = [
        (agenda.person(a.person).name, agenda.person(a.person).affiliation, a.arrives, a.status)
        for a in agenda.attendees
    ]
    assert seen == [
        ("Ana Ruiz", "CERN", date(2019, 5, 5), AttendanceStatus.CONFIRMED),
        ("Bo Chen", "MIT", date(2019, 5, 6), AttendanceStatus.TENTATIVE),
    ]
    assert [agenda.person(p).name for p in agenda.event.organisers] == ["Ana Ruiz", "Carl Berg"]


def test_who_items_with_details_in_parentheses() -> None:
    page = (
        "* '''When''': 6-8 May 2019\n* '''Where''': Brno, Czech Republic\n* '''Registered''':\n"
        "** Jana Nováková (Red Hat - 7 May only)\n** Petr Dvořák (petr@example.org)\n** <s>Eva Malá</s>\n"
    )
    agenda, _ = agenda_of(page)
    jana, petr, eva = agenda.attendees
    assert (agenda.person(jana.person).affiliation, jana.days) == ("Red Hat", (date(2019, 5, 7),))
    assert agenda.person(petr.person).email == "petr@example.org"
    assert eva.status is AttendanceStatus.DECLINED


def test_a_hotel_section_is_the_hotel_and_front_matter_is_not_text() -> None:
    page = (
        "---\ntitle: Brno Hack 2019\n---\n\nWhen: 6 May 2019\n"
        "== Location ==\nRed Hat Czech\nPurkyňova 111\n612 00 Brno - CZECH REPUBLIC\n"
        "== Accommodation ==\nHotel Avanti\nStřední 61, Brno\n"
    )
    agenda, _ = agenda_of(page, "Brno")
    event = agenda.event
    assert event.title == "Brno Hack 2019"
    assert event.description is None
    assert (event.venue.name, event.venue.address) == ("Red Hat Czech", "Purkyňova 111, 612 00 Brno, Czech Republic")
    assert event.hotel is not None
    assert event.hotel.name == "Hotel Avanti"
    assert event.timezone.key == "Europe/Prague"


def test_talks_by_speakers_and_tasks_with_volunteers() -> None:
    page = (
        "When: 6 May 2019\nWhere: Lyon, France\nWho:\n* Marie Curie\n* Paul Langevin\n"
        "== Talks ==\n* ''Radium'' by Marie Curie, Sorbonne, Paris\n"
        "== Tasks ==\n* Book the room. Paul will take care of it.\n* Order pizza (Marie)\n"
    )
    agenda, _ = agenda_of(page)
    (talk,) = agenda.proposals
    assert (talk.title, agenda.person(talk.proposer or "").name) == ("Radium", "Marie Curie")
    assert agenda.person(talk.proposer or "").affiliation == "Sorbonne, Paris"
    assert [(w.title, [agenda.person(v).name for v in w.volunteers]) for w in agenda.work_items] == [
        ("Book the room.", ["Paul Langevin"]),
        ("Order pizza", ["Marie Curie"]),
    ]


AGENDA = """\
event:
  id: demo
  title: Demo
  timezone: Europe/Rome
  days:
    - date: 2012-07-19
    - date: 2012-07-20
attendees:
  - name: Ada
    days: [2012-07-20]
    arrives: 2012-07-19
    departs: 2012-07-21
"""


def test_days_without_hours_are_read_rendered_and_exported() -> None:
    agenda = parse_agenda(AGENDA, "demo.yaml")
    assert [(day.start, day.end) for day in agenda.event.days] == [(None, None), (None, None)]
    assert agenda.attendees[0].days == (date(2012, 7, 20),)
    assert "19–20 July 2012" in render_page(agenda)
    assert 'start="2012-07-19T00:00:00+02:00"' in frab_xml(agenda)
    assert "2012-07-20" in schedule_json(agenda)


def test_an_attendee_s_days_must_be_days_of_the_event_within_their_stay() -> None:
    bad = AGENDA.replace("days: [2012-07-20]", "days: [2012-07-22]").replace(
        "departs: 2012-07-21", "departs: 2012-07-18"
    )
    with pytest.raises(UserError) as caught:
        parse_agenda(bad, "demo.yaml")
    messages = [problem.message for problem in caught.value.problems]
    assert any("departs on 2012-07-18, before arriving on 2012-07-19" in m for m in messages)
    assert any("2012-07-22 is not a day of the event" in m for m in messages)


def test_a_day_needs_both_hours_or_neither() -> None:
    with pytest.raises(UserError, match="'end' is required"):
        parse_agenda(
            AGENDA.replace("    - date: 2012-07-20\n", '    - date: 2012-07-20\n      start: "9:00"\n'), "d.yaml"
        )


def test_front_matter_gives_the_title_and_a_date() -> None:
    agenda, _ = agenda_of("---\ntitle: Sprint in Brno\ndate: 2019-05-06\n---\n\nWe hack in Brno.\n", "x")
    assert (agenda.event.title, [day.date for day in agenda.event.days]) == ("Sprint in Brno", [date(2019, 5, 6)])
    assert agenda.event.description == "We hack in Brno."
