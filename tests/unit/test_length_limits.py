"""Names and other short fields are bounded from every side, far above what a real event writes:
the agenda's check says where (file:line:col), chat says so, and the wiki's lines are not read
as a name or title (they stay on the page as written), so no sync is ever stuck on one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda, parse_agenda
from bot.errors import UserError
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.text import MAX_NAME, MAX_TEXT, MAX_TITLE
from bot.wiki.lines import parse_attendee, parse_block, parse_proposal, parse_topic
from bot.wiki.memory import MemoryWiki
from tests.conftest import EXAMPLES, MINI_SUMMIT, Run

TITLE = "Containers/Mini-summit 2008"
HUGE = "A" * 100_000


def replaced(old: str, new: str) -> str:
    text = (EXAMPLES / MINI_SUMMIT).read_text()
    assert old in text
    return text.replace(old, new, 1)


def problems(text: str) -> list[str]:
    with pytest.raises(UserError) as raised:
        parse_agenda(text, "a.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_check_refuses_a_100_kb_name_at_its_line_and_column(summitbot: Run, tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(replaced("  - Pavel Emelyanov\n", f"  - {HUGE}\n"))
    finished = summitbot("check", path)
    assert finished.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text == f"  - {HUGE}")
    first = finished.stderr.splitlines()[0]
    assert first == (
        f"{path}:{line}:5: attendee '{'A' * 40}…' is 100,000 characters long, more than the 200 it may have; shorten it"
    )
    assert len(finished.stderr) < 2_000  # the name is not printed whole


@pytest.mark.parametrize(
    ("old", "new", "limit"),
    [
        ("  - name: Kir Kolyshkin\n", f"  - name: {'K' * (MAX_NAME + 1)}\n", MAX_NAME),
        ("    aliases: [Kir]\n", f"    aliases: [Kir, {'K' * (MAX_NAME + 1)}]\n", MAX_NAME),
        ("    title: Namespaces/Containers\n", f"    title: {'N' * (MAX_TITLE + 1)}\n", MAX_TITLE),
        ("  venue:\n    name: Novotel Hotel\n", f"  venue:\n    name: {'V' * (MAX_NAME + 1)}\n", MAX_NAME),
        ("      - uevents/hotplug\n", f"      - {'u' * (MAX_TITLE + 1)}\n", MAX_TITLE),
        ("  title: Containers mini-summit 2008\n", f"  title: {'C' * (MAX_TITLE + 1)}\n", MAX_TITLE),
        ("moderators: [Serge Hallyn, Dave Hansen]", f"moderators: [Serge Hallyn, {'D' * (MAX_NAME + 1)}]", MAX_NAME),
    ],
)  # fmt: skip
def test_every_short_field_has_its_limit(old: str, new: str, limit: int) -> None:
    found = problems(replaced(old, new))
    assert any(f"more than the {limit} it may have" in problem for problem in found), found


DESCRIPTION = """  description: >-
    There will be a containers mini-summit at the OLS'08. This page is for
    organizing this mini-summit. Feel free to edit.
"""


def test_what_real_events_write_fits() -> None:
    text = replaced("  - Pavel Emelyanov\n", f"  - Pavel Emelyanov\n  - {'P' * MAX_NAME}\n")
    text = text.replace("    title: Namespaces/Containers\n", f"    title: {'N' * MAX_TITLE}\n", 1)
    agenda = parse_agenda(text.replace(DESCRIPTION, f"  description: {'x' * MAX_TEXT}\n"), "a.yaml")
    assert "P" * MAX_NAME in [agenda.person(a.person).name for a in agenda.attendees]
    assert agenda.sessions[0].title == "N" * MAX_TITLE
    assert agenda.event.description == "x" * MAX_TEXT


def test_a_long_description_is_refused_past_its_limit() -> None:
    text = replaced(DESCRIPTION, f"  description: {'x' * (MAX_TEXT + 1)}\n")
    assert any("more than the 100,000 it may have" in problem for problem in problems(text))


def test_chat_refuses_to_add_someone_by_a_100_kb_name(summitbot: Run, agendas: Path) -> None:
    path = agendas / MINI_SUMMIT
    finished = summitbot("chat", path, "--as", HUGE, "-c", "join", env={"SUMMITBOT_STATE": str(agendas / "s.db")})
    assert finished.returncode == 0
    assert finished.stdout == (
        "Your name here is too long for the agenda: at most 200 characters, please. "
        "Set a shorter display name (or full name) in your profile and try again.\n"
    )
    assert path.read_bytes() == (EXAMPLES / MINI_SUMMIT).read_bytes()


def test_the_wiki_lines_do_not_read_overlong_names_and_titles() -> None:
    assert parse_attendee(HUGE) is None
    assert parse_attendee("P" * MAX_NAME) is not None
    assert parse_attendee(f"[[User:{HUGE}|Ada]]") is None
    assert parse_proposal("T" * (MAX_TITLE + 1)) is None
    assert parse_topic("T" * (MAX_TITLE + 1)) is None
    assert parse_block(f"'''{'T' * (MAX_TITLE + 1)}''' (11:30–14:00, Albion A)") is None
    block = parse_block(f"'''Cgroups''' (11:30–14:00, Albion A) — moderators: Paul Menage, {HUGE}")
    assert block is not None
    assert block.moderators == ("Paul Menage",)
    line = parse_attendee(f"Ada Lovelace – {'n' * (MAX_TEXT + 10)}")
    assert line is not None
    assert line.note is not None
    assert len(line.note) == MAX_TEXT


def test_a_100_kb_name_on_the_wiki_stays_there_and_the_sync_goes_on(tmp_path: Path, store: StateStore) -> None:
    agenda = tmp_path / MINI_SUMMIT
    shutil.copy(EXAMPLES / MINI_SUMMIT, agenda)
    wiki = MemoryWiki()
    sync_wiki(agenda, wiki, store)
    text = wiki.read([TITLE])[TITLE].text or ""
    wiki.human_edit(TITLE, text.replace("# Pavel Emelyanov\n", f"# Pavel Emelyanov\n# {HUGE}\n# Ada Lovelace\n"))
    sync_wiki(agenda, wiki, store)
    names = [load_agenda(agenda).person(a.person).name for a in load_agenda(agenda).attendees]
    assert "Ada Lovelace" in names
    assert HUGE not in names
    assert f"# {HUGE}\n" in (wiki.read([TITLE])[TITLE].text or "")  # as its author wrote it
    assert not sync_wiki(agenda, wiki, store).edited
