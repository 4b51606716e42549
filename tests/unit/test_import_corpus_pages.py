"""Real event pages of other communities, imported with no options, give what a careful reader reads.

The pages are those of the shared corpus (`../shared/corpus/wiki/`, never copied here); the facts
asserted are the [high] ones of its EXPECTED.md, section 2. Each page goes through the real
command (`summitbot import-wiki FILE -o OUT`), and the file written is loaded by the agenda loader,
so it also passes `summitbot check`.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.cli import main
from bot.model import Agenda, AttendanceStatus, Session

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "wiki"
NIAC = "NIAC2011_CodeCamp.mediawiki"
PYCON = "Sprints:-PyCon2012.mediawiki"
CODEFEST = "EU_Codefest_2012.mediawiki"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Agenda, str, str]]:
    """Each page imported once: (the agenda, the YAML text, what the command said on stderr)."""
    out = tmp_path_factory.mktemp("corpus")
    results = {}
    for name in (NIAC, PYCON, CODEFEST):
        target = out / (Path(name).stem.replace(":", "") + ".yaml")
        said = io.StringIO()
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            assert main(["import-wiki", str(CORPUS / name), "-o", str(target)]) == 0
            assert main(["check", str(target)]) == 0
        results[name] = (load_agenda(target), target.read_text(encoding="utf-8"), said.getvalue())
    return results


def clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else "-"


def block(session: Session) -> tuple[str, str, str, str]:
    return (session.start.date().isoformat(), clock(session.start), clock(session.end), session.title)


def person_named(agenda: Agenda, person_id: str) -> str:
    return agenda.person(person_id).name


# NIAC 2011 Code Camp (Argonne) --------------------------------------------------------------------


def test_niac_title_dates_and_day_hours(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, _, _ = imported[NIAC]
    assert agenda.event.title == "NIAC2011 CodeCamp"
    days = [(day.date, clock(day.start), clock(day.end)) for day in agenda.event.days]
    assert days == [(date(2011, 10, day), "09:00", "18:00") for day in (20, 21, 22)]  # not the travel days 19, 23


def test_niac_zone_comes_from_argonne_illinois_with_its_evidence(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, text, said = imported[NIAC]
    assert agenda.event.timezone.key == "America/Chicago"
    assert "# inferred from 'Argonne, IL 60439' on line 262" in text
    assert "time zone America/Chicago: inferred from 'Argonne, IL 60439' on line 262" in said


def test_niac_venue_is_the_meeting_room_and_the_guest_house_is_the_hotel(
    imported: dict[str, tuple[Agenda, str, str]],
) -> None:
    event = imported[NIAC][0].event
    assert event.venue.name == "Building 401, Room B2100"  # "Meeting room is Building 401, Room B2100"
    assert "B2100" in event.venue.rooms
    assert event.hotel is not None
    assert event.hotel.name == "Argonne Guest House"
    assert event.hotel.address is not None
    assert "9700 S. Cass Avenue" in event.hotel.address
    assert "Guest House" not in (event.venue.describe() or "")


def test_niac_has_24_blocks_with_am_pm_written_once_per_range(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[NIAC][0]
    blocks = [block(session) for session in agenda.sessions]
    assert len(blocks) == 24
    thursday = [b[1:] for b in blocks if b[0] == "2011-10-20"]
    assert thursday == [
        ("09:00", "10:15", "meeting: organize slate of projects and tasks"),
        ("10:15", "10:45", "morning break"),
        ("10:45", "12:00", "meeting: work on projects and tasks"),
        ("12:00", "13:15", "Working lunch: Comparison of APS Data_Exchange+HDF5 for Tomography with NeXus+HDF5"),
        ("13:15", "15:15", "meeting: work on projects and tasks"),
        ("15:15", "15:30", "afternoon break"),
        ("15:30", "17:00", "meeting: work on projects and tasks"),
        ("17:00", "18:00", "meeting: daily summary (plenary)"),
    ]
    friday = [b[1:] for b in blocks if b[0] == "2011-10-21"]
    assert friday[:4] == [
        ("09:00", "10:15", "meeting: work on projects and tasks"),
        ("10:00", "10:30", "morning break"),  # overlaps the first block, as written
        ("10:30", "11:30", "The Current State of NeXus"),  # "10:30 AM - 11:30 PM" is a slip
        ("12:00", "13:15", "lunch: offsite, traveler's expense"),
    ]
    saturday = [b[1:] for b in blocks if b[0] == "2011-10-22"]
    assert saturday[3] == ("12:00", "13:15", "lunch: offsite, traveler's expense")
    assert saturday[-1] == ("17:00", "18:00", "meeting: Code Camp wrap-up (plenary)")


def test_niac_talks_keep_their_rooms_and_the_lunch_talk_its_speakers(
    imported: dict[str, tuple[Agenda, str, str]],
) -> None:
    agenda = imported[NIAC][0]
    by_title = {session.title: session for session in agenda.sessions}
    public = by_title["The Current State of NeXus"]
    assert public.room == "401/A1100"
    lunch_talk = by_title["Working lunch: Comparison of APS Data_Exchange+HDF5 for Tomography with NeXus+HDF5"]
    assert [person_named(agenda, p) for p in lunch_talk.required] == ["Chris Jacobsen", "Mark Könnecke"]
    assert agenda.person(lunch_talk.required[0]).affiliation == "APS"
    assert agenda.person(lunch_talk.required[1]).aliases == ("Mark Koennecke",)  # as the speakers' list spells him
    assert all(not session.moderators for session in agenda.sessions)


def test_niac_participants_table_gives_each_attendee_their_stay(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[NIAC][0]
    stays = [
        (person_named(agenda, a.person), a.arrives and a.arrives.isoformat(), a.departs and a.departs.isoformat())
        for a in agenda.attendees
    ]
    assert stays == [
        ("Pete Jemian", None, None),
        ("Mark Könnecke", "2011-10-18", "2011-10-24"),
        ("Tobias Richter", "2011-10-19", "2011-10-25"),
        ("Eugen Wintersberger", "2011-10-19", "2011-10-23"),
        ("Freddie Akeroyd", "2011-10-19", "2011-10-23"),
        ("Peter Peterson", "2011-10-19", "2011-10-22"),
        ("Ray Osborn", "2011-10-20", "2011-10-22"),
        ("Paul Kienzle", "2011-10-19", "2011-10-23"),
    ]
    assert agenda.person(agenda.attendees[1].person).wiki_user == "Mark Koennecke"
    statuses = {person_named(agenda, a.person): a.status for a in agenda.attendees}
    assert statuses["Paul Kienzle"] is AttendanceStatus.TENTATIVE
    assert [person_named(agenda, p) for p in agenda.event.organisers] == ["Pete Jemian"]  # the host


def test_niac_post_event_report_is_not_agenda(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, text, _ = imported[NIAC]
    assert "#   line 401: Final Report" in text
    assert agenda.event.description is None or "Dectris" not in agenda.event.description


# PyCon 2012 sprint (Santa Clara) -----------------------------------------------------------------


def test_pycon_title_kind_zone_and_dates(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, text, _ = imported[PYCON]
    event = agenda.event
    assert (event.title, event.kind.value) == ("Sprints: PyCon2012", "sprint")
    assert event.timezone.key == "America/Los_Angeles"
    assert "# inferred from 'Santa Clara' on line 3" in text
    assert [day.date for day in event.days] == [date(2012, 3, day) for day in (12, 13, 14, 15)]
    assert all(day.start is None and day.end is None for day in event.days)  # no hours invented
    assert agenda.sessions == ()


def test_pycon_attendees_with_affiliations_an_email_and_one_day(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[PYCON][0]
    people = [agenda.person(a.person) for a in agenda.attendees]
    assert [(p.name, p.affiliation) for p in people] == [
        ("Olivier Grisel", "scikit-learn"),
        ("Min Ragan-Kelley", "IPython"),
        ("Fernando Perez", "IPython"),
        ("Wes McKinney", "Pandas & statsmodels"),
        ("David Cournapeau", "SciPy"),
        ("Timmy Wilson", "scikit-learn"),
        ("Subhodeep Moitra", None),
        ("Clay Woolam", None),
        ("Jake Vanderplas", "scikit-learn"),
    ]
    assert people[6].email == "smoitra@cs.cmu.edu"
    assert agenda.attendees[-1].days == (date(2012, 3, 12),)
    assert all(a.days == () for a in agenda.attendees[:-1])


def test_pycon_task_owner_and_references(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[PYCON][0]
    (task,) = agenda.work_items
    assert task.title.startswith("Get ssh access to a small (~10-20 nodes) cluster for all participants")
    assert [person_named(agenda, p) for p in task.volunteers] == ["Fernando Perez"]
    assert [(link.title, link.url) for link in agenda.event.see_also] == [
        ("Hadoop AllReduce and Terascale Learning", "http://hunch.net/?p=2094"),
        ("Spark", "http://www.spark-project.org/"),
        (
            "Is Teaching MapReduce Healthy for Students?",
            "http://databeta.wordpress.com/2011/09/15/is-teaching-mapreduce-healthy-for-students/",
        ),
    ]


# EU Codefest 2012 (Lodi) -------------------------------------------------------------------------


def test_codefest_title_from_front_matter_and_dates(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, text, _ = imported[CODEFEST]
    event = agenda.event
    assert event.title == "EU Codefest 2012"
    assert "title: EU Codefest 2012\n---" not in (event.description or "")
    assert "---" not in (event.description or "")
    assert [day.date for day in event.days] == [date(2012, 7, 19), date(2012, 7, 20)]  # not the weekend after
    assert all(day.start is None for day in event.days)
    assert event.timezone.key == "Europe/Rome"
    assert "# inferred from 'Lodi" in text


def test_codefest_venue_organisers_and_no_attendee_names(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[CODEFEST][0]
    venue = agenda.event.venue
    assert venue.name == "Parco Tecnologico Padano"
    assert venue.address == "vie Einstein - Loc. Cascina Codazza, 26900 Lodi, Italy"
    assert [person_named(agenda, p) for p in agenda.event.organisers] == [
        "Francesco Strozzi",
        "Raoul Bonnal",
        "Pjotr Prins",
    ]
    assert agenda.attendees == ()


def test_codefest_topics_worked_on_are_proposals(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    proposals = imported[CODEFEST][0].proposals
    topics = [(p.title, p.description) for p in proposals if p.proposer is None]
    assert [title for title, _ in topics] == [
        "NGS and high performance parsers for OpenBio projects.",
        "RDF and semantic web for bioinformatics.",
        "Bioinformatics pipelines definition, execution and distribution.",
        "Service discovery and integration (Debian, BioMoby, biogems.info, BioLinux)",
        "Workflow (bio-ngs, Galaxy, Taverna)",
        "PBS (bio-ngs)",
        "Software",
    ]
    assert topics[-1][1] is not None
    for part in ("bio-ngs", "bio-maf", "gff3", "biogems.info", "bio-table", "biowsr"):
        assert part in topics[-1][1]


def test_codefest_talks_have_their_speakers_not_a_title_with_by(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda = imported[CODEFEST][0]
    talks = [(p.title, agenda.person(p.proposer)) for p in agenda.proposals if p.proposer]
    assert [(title, speaker.name) for title, speaker in talks] == [
        ("Semantic Web for the Integrated Genomic Data", "Toshiaki Katayama"),
        ("Writing the worlds fastest GFF3 parser", "Marjan Povolni"),
        ("Debian packaging", "Steffen Möller"),
        ("BioWSR Bioinformatic Web Services Registry project update", "José María Fernández González"),
        ("RNA-seq project introduction", "James Tojo"),
        ("Software resources for Bioinformatics, including http://biogems.info/", "Pjotr Prins"),
    ]
    affiliations = [speaker.affiliation or "" for _, speaker in talks]
    assert "Tokyo" in affiliations[0]
    assert "Novi Sad, Serbia" in affiliations[1]
    assert "University of Lübeck" in affiliations[2]
    assert "CNB-CSIC" in affiliations[3]
    assert affiliations[3].endswith("Madrid, Spain")  # "Spain" is on the next line of the page
    assert "Karolinska" in affiliations[4]
    assert "Wageningen" in affiliations[5]


def test_codefest_reports_are_not_agenda(imported: dict[str, tuple[Agenda, str, str]]) -> None:
    agenda, text, _ = imported[CODEFEST]
    assert "#   line 56: Reports" in text
    assert all("Brad" not in agenda.person(p).name for p in agenda.event.organisers)
