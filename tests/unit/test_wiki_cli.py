"""The wiki commands through the real command line: render, sync without a wiki, import-wiki."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MINI_SUMMIT, ROOT, Run

PAGES = ROOT / "tests" / "fixtures" / "wiki"


def test_render_prints_the_event_page(summitbot: Run, agendas: Path) -> None:
    result = summitbot("render", agendas / MINI_SUMMIT)
    assert result.returncode == 0, result.stderr
    assert "== List of attendees ==\n" in result.stdout
    assert "# Joseph Ruscio (tentative)\n" in result.stdout
    assert "'''Cgroups+Resource management''' (11:30–14:00, Albion A)" in result.stdout


def test_an_event_can_name_its_own_template(summitbot: Run, agendas: Path) -> None:
    (agendas / "short.wiki.j2").write_text(
        "Attendees of {{ event.title }}:\n{% for a in attendees %}# {{ a }}\n{% endfor %}"
    )
    agenda = agendas / MINI_SUMMIT
    agenda.write_text(
        agenda.read_text().replace("    page: Containers/Mini-summit 2008", "    page: X\n    template: short.wiki.j2")
    )
    result = summitbot("render", agenda)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Attendees of Containers mini-summit 2008:\n# Pavel Emelyanov\n")


def test_sync_without_a_wiki_says_how_to_configure_one(summitbot: Run, agendas: Path, tmp_path: Path) -> None:
    result = summitbot("sync", agendas / MINI_SUMMIT, env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "SUMMITBOT_WIKI_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_wiki_writes_an_agenda_that_checks(summitbot: Run, tmp_path: Path) -> None:
    output = tmp_path / "mini-summit.yaml"
    page = PAGES / "containers-mini-summit-2008.wiki"
    result = summitbot("import-wiki", page, "-o", output, "--timezone", "America/Toronto")
    assert result.returncode == 0, result.stderr
    assert "not understood" in result.stderr
    assert summitbot("check", output).returncode == 0


def test_import_wiki_infers_the_time_zone_from_the_city_and_says_so(summitbot: Run, tmp_path: Path) -> None:
    result = summitbot("import-wiki", PAGES / "xen-hackathon-2013.wiki", "-o", tmp_path / "xen.yaml")
    assert result.returncode == 0, result.stderr
    assert "time zone Europe/Dublin: inferred from 'Dublin' on line 6" in result.stderr
    assert "timezone: Europe/Dublin" in (tmp_path / "xen.yaml").read_text()


def test_import_wiki_of_a_file_that_is_not_utf8_says_where_and_writes_nothing(summitbot: Run, tmp_path: Path) -> None:
    page = tmp_path / "latin1.wiki"
    page.write_bytes("== Attendees ==\n* Mark K\xf6nnecke\n".encode("latin-1"))
    output = tmp_path / "out.yaml"
    result = summitbot("import-wiki", page, "-o", output)
    assert result.returncode == 1
    assert f"{page}:2:9: not UTF-8 text" in result.stderr
    assert "internal error" not in result.stderr
    assert not output.exists()
