"""Minutes in other real shapes than the corpus' (made up, tests/fixtures/minutes/shapes/, shaped
like the real thing): IETF working group notes, an Apache board meeting, a HackMD team note with
checkboxes, a reply that quotes mailed notes, W3C RRSAgent minutes, team notes kept under the
agenda. The same rules read them all, with no options: no file, no name is special.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from bot.cli import main
from bot.minutes.dates import date_from_file_name
from bot.minutes.notes import read_notes_with_remarks
from tests.conftest import ROOT, Run

SHAPES = ROOT / "tests" / "fixtures" / "minutes" / "shapes"  # made up, each in a real shape


def shape(name: str) -> str:
    """The text of a made-up record."""
    return (SHAPES / name).read_text(encoding="utf-8")


def minutes_of(text: str, tmp_path: Path, name: str = "minutes.txt") -> tuple[dict[str, Any], str]:
    """`summitbot minutes FILE --json` with no options, in-process: the JSON and stderr."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["minutes", str(path), "--json"]) == 0, err.getvalue()
    return json.loads(out.getvalue()), err.getvalue()


def owned(minutes: dict[str, Any]) -> list[tuple[str, list[str | None]]]:
    return [(action["text"], [owner["person"] for owner in action["owners"]]) for action in minutes["actions"]]


def test_ietf_minutes_with_action_and_resolution_lines(tmp_path: Path) -> None:
    minutes, said = minutes_of(shape("ietf-wg-minutes.md"), tmp_path)
    assert (minutes["title"], minutes["start"][:10]) == ("HTTP WG Minutes - IETF 118", "2023-11-07")
    assert "the day 2023-11-07 from the Date: line on line 2" in said
    assert (minutes["chairs"], minutes["scribes"]) == (["Mark Nottingham", "Tommy Pauly"], ["Martin Thomson"])
    assert [p["name"] for p in minutes["present"]][-2:] == ["Lucas Pardue", "Julian Reschke"]
    assert [t["title"] for t in minutes["topics"]] == [
        "Agenda bashing",
        "draft-ietf-httpbis-retrofit",
        "Any other business",
    ]
    assert owned(minutes) == [
        ("Lucas to post a new revision with the ABNF fix.", ["Lucas Pardue"]),
        ("Chairs to send the call for adoption to the list.", [None]),  # written "Chairs": nobody by name
    ]
    assert [d["text"] for d in minutes["decisions"]] == [
        "Adopt draft-ietf-httpbis-retrofit as a working group document."
    ]
    assert minutes["notes"][1]["who"] == "Lucas Pardue"


def test_an_apache_board_meeting_roll_call_special_order_and_action_items(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("board-minutes.txt"), tmp_path, "board_minutes.txt")
    assert minutes["start"][:10] == "2019-06-19"
    assert [p["name"] for p in minutes["present"]] == [
        "Shane Curcuru",
        "Bertrand Delacretaz",
        "Roman Shaposhnik",
        "Daniel Gruno",
    ]
    assert minutes["regrets"] == ["Craig L Russell"]
    assert [d["text"] for d in minutes["decisions"]] == [
        "Special Order 7A, Establish the Apache Foo Project, was approved by Unanimous Vote of the directors present."
    ]
    assert owned(minutes) == [
        ("Roman: follow up with the Foo PMC about their report", ["Roman Shaposhnik"]),
        ("Shane: draft the new branding policy", ["Shane Curcuru"]),
    ]  # "5. Adjournment", less indented, is no action item


def test_a_hackmd_note_front_matter_checkboxes_and_an_action_items_section(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("infra-sync.md"), tmp_path, "notes.md")
    assert (minutes["title"], minutes["start"][:10]) == ("Infra sync", "2024-03-05")  # front matter is not text
    assert [p["name"] for p in minutes["present"]] == ["alice", "bob", "Carol Diaz"]
    assert [t["title"] for t in minutes["topics"]] == ["Updates"]
    assert [d["text"] for d in minutes["decisions"]] == ["we drop the old CI on April 1"]
    assert owned(minutes) == [  # the checkbox under Updates is the first of the list restated
        ("@alice move the nightly job to the new runners", ["alice"]),
        ("@bob rotate the deploy keys", ["bob"]),
        ("Carol to write the migration guide", ["Carol Diaz"]),
    ]
    assert [action["done"] for action in minutes["actions"]] == [False, True, False]
    assert "tags" not in json.dumps(minutes)


def test_a_reply_quoting_notes_the_forwarded_mail_and_the_reply_left_out(tmp_path: Path) -> None:
    minutes, said = minutes_of(shape("reply-quoting-notes.txt"), tmp_path)
    assert minutes["title"] == "Minutes of the release meeting"  # the reply's subject, without "Re:"
    assert minutes["start"][:10] == "2024-02-28"  # the notes say it, not the mails' dates
    assert "the day 2024-02-28 from line 8" in said
    assert [p["name"] for p in minutes["present"]] == ["Eve", "Dana", "Frank"]
    assert owned(minutes) == [("Frank to announce RC1 on the list", ["Frank"])]
    assert [d["text"] for d in minutes["decisions"]] == ["final release on March 15"]
    assert "Frank already did" not in json.dumps(minutes)


def test_w3c_rrsagent_text_minutes_summaries_restate_the_items(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("rrsagent-minutes.txt"), tmp_path)
    assert minutes["start"][:10] == "2019-03-12"
    assert ([p["name"] for p in minutes["present"]], minutes["regrets"]) == (["Alice", "Bob", "Carol"], ["Dave"])
    assert (minutes["chairs"], minutes["scribes"]) == (["Alice"], ["Bob"])
    assert owned(minutes) == [("Carol to update the spec text", ["Carol"])]  # "[NEW] ACTION:" in the summary: the same
    assert [d["text"] for d in minutes["decisions"]] == ["close issue 12"]  # so is "Summary of Resolutions"
    assert "End of minutes" not in json.dumps(minutes["present"])


def test_team_notes_with_decisions_and_ai_lines_under_the_agenda(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("team-notes.md"), tmp_path, "notes.md")
    assert minutes["start"][:10] == "2024-03-05"  # the heading; not "Next meeting: March 19, 2024"
    assert [p["name"] for p in minutes["present"]] == ["Alice Smith", "Bob Jones"]
    assert [t["title"] for t in minutes["topics"]] == ["[alice] KEP-1234 review", "Release planning"]
    assert [(d["text"], d["topic"]) for d in minutes["decisions"]] == [("move to beta", "[alice] KEP-1234 review")]
    assert owned(minutes) == [("bob: update the docs", ["Bob Jones"]), ("Alice to cut the branch", ["Alice Smith"])]


def test_wiki_minutes_with_attendees_and_action_items_sections(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("developer-meeting.mediawiki"), tmp_path, "Dev_meeting.mediawiki")
    assert (minutes["title"], minutes["start"][:10]) == ("Developer meeting, 3 May 2015", "2015-05-03")
    assert [p["name"] for p in minutes["present"]] == ["Alice Smith", "Bob Jones"]  # "(remote)" is no name
    assert [d["text"] for d in minutes["decisions"]] == ["move to the new farm"]  # wiki bold: '''Decision:'''
    assert owned(minutes) == [
        ("Bob: restart the build farm", ["Bob Jones"]),
        ("Alice Smith to write the release notes", ["Alice Smith"]),
    ]


def test_a_table_of_action_items_owners_from_its_owner_column(tmp_path: Path) -> None:
    minutes, _ = minutes_of(shape("docs-sync-table.md"), tmp_path, "notes.md")
    assert (minutes["title"], minutes["start"][:10]) == ("Docs sync 2024-04-02", "2024-04-02")
    assert owned(minutes) == [
        ("Update the install guide (due 2024-04-09)", ["Alice Smith"]),
        ("Fix search on mobile", ["Bob Jones", "Alice Smith"]),  # "@bob, Alice Smith"
    ]
    assert minutes["actions"][0]["due"] == "2024-04-09"
    assert [note["text"] for note in minutes["notes"]] == ["Search | slow on mobile"]  # header and rule: nothing


def test_mailed_minutes_numbered_items_and_an_actions_list(tmp_path: Path) -> None:
    minutes, said = minutes_of(shape("mailed-minutes.txt"), tmp_path)
    assert minutes["title"] == "Minutes: weekly sync 2024-02-01"
    assert minutes["start"][:10] == "2024-02-01"  # the subject's day, not the day the mail was sent
    assert "from the subject on line 1" in said
    assert ([p["name"] for p in minutes["present"]], minutes["regrets"]) == (["Ann", "Ben", "Cy"], ["Dee"])
    assert owned(minutes) == [  # "Ben to post the job ad by Friday." is the first of the list restated
        ("Ben: post the job ad (Friday)", ["Ben"]),
        ("Cy: book the room", ["Cy"]),
    ]
    assert "Ann" not in [note["text"] for note in minutes["notes"]]  # the signature is left out


def test_the_day_from_the_file_name_only_when_the_text_gives_none(tmp_path: Path) -> None:
    notes = "= Roadmap =\n* talked\n= Other =\nACTION: Ann to write it up\n"
    minutes, said = minutes_of(notes, tmp_path, "2021-04-06-sync.txt")
    assert minutes["start"][:10] == "2021-04-06"
    assert "from the file name 2021-04-06-sync.txt" in said
    minutes, _ = minutes_of("# Sync, 7 April 2021\n* talked\n", tmp_path, "2021-04-06-sync.txt")
    assert minutes["start"][:10] == "2021-04-07"  # the text wins
    assert date_from_file_name(Path("01-08-minutes.md")) is None  # which year? January 8 or August 1?


def test_no_day_anywhere_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    minutes, said = minutes_of("= Roadmap =\n* talked\n= Other =\n* more\n", tmp_path, "notes.txt")
    assert minutes["start"] is None
    assert "warning: the notes say nowhere on which day the meeting was" in said
    assert "--day" not in said


def test_only_publishing_insists_on_a_day(summitbot: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("= Roadmap =\n* talked\n= Other =\n* more\n")
    agenda = Path(__file__).resolve().parents[2] / "agendas" / "xen-4.4-hackathon.yaml"
    wiki = {
        "SUMMITBOT_WIKI_URL": "http://127.0.0.1:9/api.php",
        "SUMMITBOT_WIKI_USER": "u",
        "SUMMITBOT_WIKI_PASSWORD": "p",
    }
    result = summitbot(
        "minutes", notes, "--agenda", agenda, "--publish", env={"XDG_CONFIG_HOME": str(tmp_path), **wiki}
    )
    assert result.returncode == 1
    assert "--publish needs the day of the meeting" in result.stderr


def test_the_library_reads_the_same_without_the_command() -> None:
    read = read_notes_with_remarks(shape("infra-sync.md"))
    assert [action.text for action in read.minutes.actions][:1] == ["@alice move the nightly job to the new runners"]
    assert read.remarks == ("the day 2024-03-05 from the heading on line 5 ('2024-03-05')",)
