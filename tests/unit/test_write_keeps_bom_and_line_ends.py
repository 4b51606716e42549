"""An agenda written with a UTF-8 byte-order mark, or with CRLF line ends (as Windows editors
do), stays so when the bot writes to it: from chat, from the wiki, or any other edit."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.write import edit_agenda
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.memory import MemoryWiki
from tests.conftest import EXAMPLES, MINI_SUMMIT, Run

BOM = codecs.BOM_UTF8
STYLES = {"bom": (BOM, b"\n"), "crlf": (b"", b"\r\n"), "bom+crlf": (BOM, b"\r\n")}


def written(path: Path, style: str) -> bytes:
    """The example agenda at `path` in the style named."""
    mark, newline = STYLES[style]
    data = mark + (EXAMPLES / MINI_SUMMIT).read_bytes().replace(b"\n", newline)
    path.write_bytes(data)
    return data


def assert_in_style(data: bytes, style: str, before: bytes) -> None:
    mark, newline = STYLES[style]
    assert data.startswith(mark)
    assert data[len(mark) :][:3] != BOM  # one mark, not two
    if newline == b"\r\n":
        assert data.count(b"\n") == data.count(b"\r\n")
    else:
        assert b"\r" not in data
    remaining = iter(data.removeprefix(mark).split(newline))
    assert all(line in remaining for line in before.removeprefix(mark).split(newline))  # every line, in order


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_edit_keeps_the_mark_and_the_line_ends(tmp_path: Path, style: str) -> None:
    path = tmp_path / MINI_SUMMIT
    before = written(path, style)
    with edit_agenda(path) as document:
        add_attendee(document, "Zoë Ångström", note="arrives 10am")
    after = path.read_bytes()
    assert_in_style(after, style, before)
    assert "Zoë Ångström" in [load_agenda(path).person(a.person).name for a in load_agenda(path).attendees]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_no_change_writes_nothing(tmp_path: Path, style: str) -> None:
    path = tmp_path / MINI_SUMMIT
    before = written(path, style)
    with edit_agenda(path):
        pass
    assert path.read_bytes() == before


def test_a_chat_sign_up_keeps_a_windows_file_as_it_was(summitbot: Run, tmp_path: Path) -> None:
    path = tmp_path / MINI_SUMMIT
    before = written(path, "bom+crlf")
    finished = summitbot("chat", path, "--as", "Ada Lovelace", "-c", "join maybe", env={
        "SUMMITBOT_STATE": str(tmp_path / "state.sqlite3")})  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert_in_style(path.read_bytes(), "bom+crlf", before)
    assert b"  - name: Ada Lovelace\r\n    status: tentative\r\n" in path.read_bytes()


def test_a_name_from_the_wiki_keeps_a_windows_file_as_it_was(tmp_path: Path, store: StateStore) -> None:
    path = tmp_path / MINI_SUMMIT
    before = written(path, "bom+crlf")
    wiki = MemoryWiki()
    sync_wiki(path, wiki, store)
    title = "Containers/Mini-summit 2008"
    text = wiki.read([title])[title].text or ""
    wiki.human_edit(title, text.replace("# Pavel Emelyanov\n", "# Pavel Emelyanov\n# Ada Lovelace\n"))
    report = sync_wiki(path, wiki, store)
    assert report.agenda_changes == ["attendee added: Ada Lovelace"]
    assert_in_style(path.read_bytes(), "bom+crlf", before)
