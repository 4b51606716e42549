"""summitbot as a user installs it: the wheel `python -m build` makes, installed in an empty venv
with nothing but its own dependencies, run from outside the checkout. `serve` answers a signed join
through the local Slack and syncs it to the real MediaWiki and Radicale, `sync` publishes an agenda
(its templates travel in the wheel), and `minutes` reads a real MeetBot log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.corpus import CORPUS
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.summit import EXAMPLE, environment
from tests.integration.conftest import SummitFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def summitbot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `summitbot` of a fresh venv that has only the wheel and what it depends on."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # what git tracks, so that building leaves nothing in the checkout
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(source)], work)
    _run([sys.executable, "-m", "venv", str(work / "venv")], work)
    (wheel,) = (work / "dist").glob("summitbot-*.whl")
    pip = [str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "-c", str(ROOT / "requirements.txt"), str(wheel)], work)
    return work / "venv" / "bin" / "summitbot"


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        command, check=False, cwd=cwd, capture_output=True, text=True, env={**clean, **(env or {})}, timeout=600
    )
    assert done.returncode == 0, (
        f"{command[:3]} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    return done


def test_the_installed_bot_is_not_this_checkout(summitbot: Path, tmp_path: Path) -> None:
    where = _run([str(summitbot.parent / "python"), "-c", "import bot; print(bot.__file__)"], tmp_path).stdout
    assert "site-packages" in where
    assert str(ROOT) not in where


def test_minutes_read_a_meetbot_log(summitbot: Path, tmp_path: Path) -> None:
    log = CORPUS / "meetbot" / "asbroker.2018-06-05-13.31.log.txt"
    minutes = json.loads(_run([str(summitbot), "minutes", str(log), "--json"], tmp_path).stdout)
    assert len(minutes["actions"]) == 12
    assert [o["name"] for o in minutes["actions"][7]["owners"]] == ["shurley", "jmrodri"]


def test_sync_publishes_with_the_templates_the_wheel_carries(
    summitbot: Path, tmp_path: Path, local_wiki: LocalWiki, local_radicale: LocalRadicale, wiki_page_title: str
) -> None:
    agenda = tmp_path / "containers.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("page: Containers/Mini-summit 2008", f"page: {wiki_page_title}")
    agenda.write_text(text, encoding="utf-8")
    _run([str(summitbot), "sync", str(agenda)], tmp_path, environment(local_wiki, local_radicale, tmp_path))
    page = local_wiki.human_site("Alice").pages[wiki_page_title].text()
    assert "== List of attendees ==" in page
    assert "Serge Hallyn" in page


def test_serve_answers_a_join_and_syncs_it(make_summit: SummitFactory, summitbot: Path) -> None:
    installed_summit = make_summit(program=str(summitbot))
    assert installed_summit.bot.command[:2] == [str(summitbot), "serve"]  # not this checkout's python -m bot
    reply = installed_summit.member("U0ADA", "Ada Lovelace").says("join")
    assert reply.startswith("Done")
    installed_summit.settled()
    assert "Ada Lovelace" in installed_summit.page_text()
    assert any(a.person == "ada-lovelace" for a in installed_summit.agenda().attendees)
