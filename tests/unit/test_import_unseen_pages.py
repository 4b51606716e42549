"""Shapes of real event pages the importer had not seen, each cut down to the lines that show it.

Every page is a short excerpt (or a page made up in the same shape); the comment above each test
names the public repository and file it comes from. What is asserted is what a careful reader
takes from those lines: the days, the hours, the blocks, the people, the zone of the place.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.agenda.load import parse_agenda
from bot.model import Agenda
from bot.wiki.import_dates import find_dates
from bot.wiki.import_kinds import section_kind
from bot.wiki.import_places import place_zone
from bot.wiki.import_venue import announced_place
from bot.wiki.importer import import_page

TODAY = date(2024, 5, 1)


def agenda_of(page: str, title: str) -> Agenda:
    result = import_page(page, title=title, imported_on=TODAY)
    return parse_agenda(result.yaml_text, "imported.yaml")


def days_of(agenda: Agenda) -> list[tuple[date, time | None, time | None]]:
    return [(day.date, _clock(day.start), _clock(day.end)) for day in agenda.event.days]


def blocks_of(agenda: Agenda) -> list[tuple[str, date, time, time]]:
    return [(s.title, s.start.date(), s.start.time(), s.end.time()) for s in agenda.sessions]


def _clock(moment: datetime | None) -> time | None:
    return moment.time() if moment else None


def dates_in(text: str, year: int | None) -> tuple[date, ...]:
    found = find_dates(text, year)
    return found.dates if found else ()


# OBF/wiki BOSC_Broad_Interoperability_Hackathon.mediawiki and Codefest_2013.mediawiki (month first,
# days joined by "and"); nexusformat/wiki Code_Camp_2015.mediawiki (day.month.year, as in Germany)
@pytest.mark.parametrize(
    ("text", "year", "dates"),
    [
        ("will take place Sunday and Monday, April 7th and 8th at the Broad", 2013, ((4, 7), (4, 8))),
        ("will take place July 17th and 18th, 2013 (the two days before", None, ((7, 17), (7, 18))),
        ("March 12, 13 and 2012", 2013, ((3, 12), (3, 13))),  # a year is not a day of the list
        ("takes place from 16.11.-18.11.2015 at the DESY campus", 2015, ((11, 16), (11, 17), (11, 18))),
        ("| 15.11.2015", 2015, ((11, 15),)),
        ("release 2.10.3 of the API", None, ()),  # a version number is no date
    ],
)
def test_days_as_pages_write_them(text: str, year: int | None, dates: tuple[tuple[int, int], ...]) -> None:
    assert dates_in(text, year) == tuple(date(year or 2013, month, day) for month, day in dates)


# nexusformat/wiki Code_Camp_2015.mediawiki: a table with a Date column, one row per day
CODE_CAMP = """This years Code Camp takes place from 16.11.-18.11.2015 at the DESY campus in Hamburg, Germany.

== Agenda ==
{|
! Day !! Date !! Time !! Activity !! Room
|-
| Sunday || 15.11.2015 || all day || arrival || --
|-
| Monday || 16.11.2015 || 9:00 - 18:00 || Code Camp || ???
|-
| Wednesday || 18.11.2015 || 9:00 - 13:00 || Code Camp || ???
|}
"""


def test_a_schedule_table_with_a_date_column_dates_each_row() -> None:
    agenda = agenda_of(CODE_CAMP, "Code Camp 2015")
    assert agenda.event.timezone.key == "Europe/Berlin"
    assert blocks_of(agenda) == [
        ("Code Camp", date(2015, 11, 16), time(9), time(18)),
        ("Code Camp", date(2015, 11, 18), time(9), time(13)),
    ]
    assert date(2015, 11, 15) not in [day.date for day in agenda.event.days]  # arrival is not a day of it


# nexusformat/wiki NIAC2010_CodeCamp.mediawiki: a date line over each day's table, no header row,
# start and end in columns of their own; the attendees' affiliations name other countries.
NIAC_2010 = """==Location==
Building 5200, Room 214 (Emory)
Oak Ridge National Laboratory

==Code Camp Attendees==
{| border="1"
! Name || Company/Institute || PAS status
|-
| [[User:Freddie Akeroyd|Frederick Akeroyd]]
|| ISIS Facility, Rutherford Appleton Laboratory, UK
|| awaiting approval
|-
| Peter Chang
|| Diamond Light Source, UK
|| awaiting approval
|-
| Michael Reuter
|| ORNL, USA
|| approved
|}

==Planned Agenda==

Tuesday  5th October 2010

{| border="1"
|-
|9:00||9:15 || Welcome
|-
|9:15||9:30 || Progress on tasks from last meeting
|-
|15:15||17:00 || Development work in Teams
|}

Wednesday 6th October 2010

{| border="1"
|-
|9:00||9:30 || Discussion on progress so far
|-
|15:15||17:00 || Wrap up and assign Actions
|}
"""


def test_a_date_line_over_a_table_without_header_whose_times_are_two_columns() -> None:
    agenda = agenda_of(NIAC_2010, "NIAC2010 CodeCamp")
    assert days_of(agenda) == [
        (date(2010, 10, 5), time(9), time(17)),
        (date(2010, 10, 6), time(9), time(17)),
    ]
    assert blocks_of(agenda)[:2] == [
        ("Welcome", date(2010, 10, 5), time(9), time(9, 15)),
        ("Progress on tasks from last meeting", date(2010, 10, 5), time(9, 15), time(9, 30)),
    ]
    assert blocks_of(agenda)[-1] == ("Wrap up and assign Actions", date(2010, 10, 6), time(15, 15), time(17))
    assert [a.person for a in agenda.attendees] == ["frederick-akeroyd", "peter-chang", "michael-reuter"]


def test_the_place_the_event_is_at_outweighs_where_its_people_come_from() -> None:
    found = place_zone(NIAC_2010)
    assert found is not None
    assert (found.name, found.written) == ("America/New_York", "Oak Ridge")


def test_headings_qualified_before_their_noun_keep_their_kind() -> None:
    assert section_kind("Planned Agenda") == "agenda"
    assert section_kind("Code Camp Attendees") == "attendees"
    assert section_kind("Main Organisers") == "organisers"
    assert section_kind("Local contact") == "organisers"
    assert section_kind("Not attending") is None
    assert section_kind("Dinner venue") is None  # not where the event meets
    assert section_kind("Previous attendees") is None  # not this event's


def test_a_heading_joining_two_things_is_the_first_it_knows() -> None:
    assert section_kind("Location and Accommodation") == "venue"
    assert section_kind("Travel and Accommodation") == "hotel"
    assert section_kind("Goals and Scope") is None


# nexusformat/wiki Code_Camp_2015.mediawiki: the place is in a subsection of "Location and
# Accommodation"; the local contact's mail and phone are details, not more organisers; "???" is no room.
CODE_CAMP_PLACES = """This years Code Camp takes place from 16.11.-18.11.2015.

== Location and Accommodation ==

=== The DESY campus ===

The event will take place at the [https://www.openstreetmap.org/ DESY Campus] in Hamburg.

=== Local contact ===

Eugen Wintersberger

Mail: [mailto:eugen.wintersberger@desy.de eugen.wintersberger@desy.de]

Tel: +49 40 8998 1917

== Agenda ==
{|
! Date !! Time !! Activity !! Room
|-
| 16.11.2015 || 9:00 - 18:00 || Code Camp || ???
|}
"""


def test_the_place_of_a_subsection_under_location_and_the_local_contact() -> None:
    result = import_page(CODE_CAMP_PLACES, title="Code Camp 2015", imported_on=TODAY)
    agenda = parse_agenda(result.yaml_text, "imported.yaml")
    assert agenda.event.venue is not None
    assert (agenda.event.venue.name, agenda.event.venue.address) == ("DESY Campus", "Hamburg")
    assert agenda.event.venue.rooms == ()
    assert [person.name for person in agenda.people] == ["Eugen Wintersberger"]
    assert any("Tel: +49 40 8998 1917" in line for line in result.not_understood)


# OBF/wiki BOSC_Broad_Interoperability_Hackathon.mediawiki; nexusformat/wiki NIAC2006LBL.mediawiki
@pytest.mark.parametrize(
    ("sentence", "name", "address"),
    [
        (
            "The Hackathon will take place in the Broad Institute auditorium at 7 Cambridge Center, Cambridge MA",
            "Broad Institute auditorium",
            "7 Cambridge Center, Cambridge MA",
        ),
        (
            "The next meeting will be held at the Lawrence Berkeley National Laboratory near San Francisco.",
            "Lawrence Berkeley National Laboratory",
            None,
        ),
        ("The event will take place at the DESY Campus in Hamburg.", "DESY Campus", "Hamburg"),
    ],
)
def test_the_place_a_sentence_says_the_event_is_held_at(sentence: str, name: str, address: str | None) -> None:
    place = announced_place(sentence)
    assert place is not None
    assert (place.name, place.address) == (name, address)


def test_no_place_from_a_sentence_that_names_none() -> None:
    assert announced_place("OpenBio Codefest 2013 will take place July 17th and 18th, 2013") is None


# nexusformat/wiki NIAC2006LBL.mediawiki: the page opens with a heading of its own over the
# announcement; each day a heading over "* 08:30 Welcome" items; the proposed agenda items are topics.
NIAC_2006 = """==NIAC Meeting - October 2006==
The next meeting will be held at the [http://www.lbl.gov Lawrence Berkeley National Laboratory] near
San Francisco, California, USA. The meeting will be held from October 5 to 6, 2006.

===Agenda===
====Proposed Agenda Items====
* SCAN definition similar to TOFRAW definition
* NXcharacterization needs to be formalized

====October 5====
* 08:30 Welcome and Introduction
* 09:45 Ratify instrument definitions
* 12:00 break for lunch

== Photos ==
* [[NIAC2006LBL_photos | Group photos]]
"""


def test_a_first_heading_over_the_announcement_is_the_lead() -> None:
    agenda = agenda_of(NIAC_2006, "NIAC2006LBL")
    assert agenda.event.description is not None
    assert agenda.event.description.startswith("The next meeting will be held at")
    assert agenda.event.venue is not None
    assert agenda.event.venue.name == "Lawrence Berkeley National Laboratory"
    assert agenda.event.timezone.key == "America/Los_Angeles"
    assert [proposal.title for proposal in agenda.proposals] == [
        "SCAN definition similar to TOFRAW definition",
        "NXcharacterization needs to be formalized",
    ]
    assert blocks_of(agenda)[0][:3] == ("Welcome and Introduction", date(2006, 10, 5), time(8, 30))


# sbgn/old-sbgn-wiki-archive Events_SBGN_4.xml (the SBGN-4 workshop, a MediaWiki export): day
# headings without a year under a lead that has one, "(Mod.: N. Le Novère)" cells, speakers written
# with an initial who are on the participants table in full, and the hotel that is also the venue.
SBGN_4 = """The fourth SBGN workshop will be held on <big>October 16 and 17, 2008, in Warnemunde, Germany</big>,
at the [http://www.hotel-neptun.de/ Neptun Hotel].

== Agenda ==

=== Thursday, October 16 ===

{| border="1"
! Time !! Topic !! Speaker(s) !! Slides
|-
| 09:00&nbsp;&ndash;&nbsp;09:25 || Introductions || N. Le&nbsp;Nov&egrave;re &amp; M. Hucka || (none)
|-
| 16:00&nbsp;&ndash;&nbsp;17:30 || Towards SBGN Entity Relationships Level 1 || (Mod.: N. Le Nov&egrave;re) || slides
|}

==Workshop Participants==
{| border="1"
! Name !! Affiliation
|-
| Nicolas Le Novère || EMBL-EBI (UK)
|-
| Michael Hucka || Caltech (USA)
|}

== Accommodation ==

A block of rooms has been reserved at the [http://www.hotel-neptun.de/ Neptun Hotel] in Warnemünde, which
is also the hotel where the meeting will take place.
"""


def test_a_moderator_in_brackets_and_speakers_written_with_an_initial() -> None:
    agenda = agenda_of(SBGN_4, "Events/SBGN-4")
    assert agenda.event.timezone.key == "Europe/Berlin"
    assert days_of(agenda) == [(date(2008, 10, 16), time(9), time(17, 30))]
    assert [session.moderators for session in agenda.sessions] == [
        ("nicolas-le-novere", "michael-hucka"),
        ("nicolas-le-novere",),
    ]


def test_the_hotel_where_the_meeting_takes_place_is_the_venue_too() -> None:
    agenda = agenda_of(SBGN_4, "Events/SBGN-4")
    assert agenda.event.venue is not None
    assert agenda.event.venue.name == "Neptun Hotel"
    assert agenda.event.hotel is not None
    assert agenda.event.hotel.name == "Neptun Hotel"
