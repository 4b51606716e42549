"""Several syncers on one agenda at once, against the real MediaWiki, Radicale and a real
`summitbot serve`: 200 people sign up in chat while `summitbot sync` runs in a loop from the
command line, twice at once (the same agenda, the same state file) and wiki users keep adding their names by
hand. Nobody told "Done" and nobody who saved a line on the page is lost, and no sync crashes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mwclient
import mwclient.errors

from bot.agenda.load import load_agenda
from tests.conftest import ROOT
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.summit import Summit, environment

SIGN_UPS = 200
WIKI_NAMES = 12


def careful_edit(site: mwclient.Site, title: str, change: Callable[[str], str]) -> None:
    """Save a change as a person's browser does: based on the revision read, again on a conflict."""
    for _ in range(20):
        page = site.pages[title]
        text = page.text(cache=False)
        try:
            page.edit(change(text), summary="adding myself", baserevid=page.revision, basetimestamp="")
            return
        except mwclient.errors.EditError:
            time.sleep(0.05)  # somebody saved in between: read it again
    raise AssertionError(f"could not save {title} in 20 tries")


def add_name(name: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        head, found, rest = text.partition("\n== Agenda ==")
        assert found, "the page lost its agenda section"
        return f"{head.rstrip()}\n# {name}\n{found}{rest}"

    return change


def cli_sync_loop(summit: Summit, workdir: Path, stop: threading.Event, codes: list[tuple[int, str]]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMITBOT_")}
    env |= environment(summit.wiki, summit.radicale, workdir) | {"XDG_CONFIG_HOME": str(workdir / "no-config")}
    while not stop.is_set():
        done = subprocess.run([sys.executable, "-m", "bot", "sync", str(summit.path)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        codes.append((done.returncode, done.stderr))


def wiki_users(wiki: LocalWiki, title: str, names: list[str], saved: list[str]) -> None:
    for number, name in enumerate(names):
        careful_edit(wiki.human_site("Alice" if number % 2 else "Bob"), title, add_name(name))
        saved.append(name)
        time.sleep(0.3)


def test_chat_sign_ups_cli_syncs_and_wiki_edits_at_once_lose_nothing(summit: Summit, tmp_path: Path) -> None:
    stop, codes, saved = threading.Event(), list[tuple[int, str]](), list[str]()
    wiki_names = [f"Wiki Person {n}" for n in range(WIKI_NAMES)]
    syncers = [threading.Thread(target=cli_sync_loop, args=(summit, tmp_path, stop, codes)) for _ in range(2)]
    editor = threading.Thread(target=wiki_users, args=(summit.wiki, summit.page, wiki_names, saved))
    members = [summit.member(f"U1{n:05d}", f"Chat Person {n}") for n in range(SIGN_UPS)]
    for syncer in syncers:
        syncer.start()
    editor.start()
    with ThreadPoolExecutor(16) as pool:
        replies = list(pool.map(lambda member: member.says("join", timeout=60), members))
    editor.join()
    stop.set()
    for syncer in syncers:
        syncer.join()

    acknowledged = [member.name for member, reply in zip(members, replies, strict=True) if reply.startswith("Done")]
    assert len(acknowledged) == SIGN_UPS, [reply for reply in replies if not reply.startswith("Done")][:3]
    assert len(codes) >= 3, "the command-line syncs did not overlap the burst"
    summit.settled()
    summit.bot.wait_idle()

    agenda = load_agenda(summit.path)
    names = {agenda.person(a.person).name for a in agenda.attendees}
    assert set(acknowledged) - names == set(), "acknowledged sign-ups lost from the YAML"
    assert set(saved) - names == set(), "names saved on the wiki lost from the YAML"
    text = summit.page_text()
    lost = [name for name in acknowledged + saved if f"# {name}\n" not in text]
    assert lost == [], f"lost from the page: {lost[:5]}"
    assert load_agenda(summit.path).attendees == agenda.attendees  # settled: nothing moves any more
    assert [(code, err) for code, err in codes if code not in (0, 75)] == []  # never a crash (75: try later)
