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
from bot.wiki.import_places import place_zone
from bot.wiki.import_sections import section_kind
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
    assert section_kind("Travel and Accommodation") is None  # two things joined: not one kind
    assert section_kind("Not attending") is None
