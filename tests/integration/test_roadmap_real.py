"""The roadmap page through the real command line, against a real MediaWiki on 127.0.0.1.

`summitbot sync` publishes `<event page>/Roadmap` from the Xen agenda; a second sync edits
nothing; a status changed in the YAML is one edit; a hand edit is replaced and kept in the history.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.agenda.load import load_agenda
from bot.wiki.roadmap_page import render_roadmap
from tests.conftest import EXAMPLES, ROOT
from tests.fixtures.mediawiki import LocalWiki

XEN = "xen-4.4-hackathon.yaml"
GPU_STATUS = "        status: planned\n      - id: qemu-stubdom"  # the status of GPU passthrough, the item before


@pytest.fixture
def agenda(tmp_path: Path, wiki_page_title: str) -> Path:
    """The Xen agenda, published to a page of its own (and its roadmap to that page's /Roadmap)."""
    path = tmp_path / XEN
    path.write_text((EXAMPLES / XEN).read_text().replace("page: Xen 4.4 Hackathon", f"page: {wiki_page_title}"))
    return path


def sync(wiki: LocalWiki, agenda: Path) -> subprocess.CompletedProcess[str]:
    """`summitbot sync AGENDA` with this wiki (and no calendar) in its environment."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("SUMMITBOT_")}
    environment = inherited | {
        "SUMMITBOT_WIKI_URL": wiki.api_url,
        "SUMMITBOT_WIKI_USER": wiki.bot_account.user,
        "SUMMITBOT_WIKI_PASSWORD": wiki.bot_account.password,
        "SUMMITBOT_STATE": str(agenda.parent / "state.sqlite3"),
        "XDG_CONFIG_HOME": str(agenda.parent / "no-config"),
    }
    command = [sys.executable, "-m", "bot", "sync", str(agenda)]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False)


def text_of(wiki: LocalWiki, title: str) -> str:
    return str(wiki.revisions(title)[-1]["slots"]["main"]["content"])


def test_sync_publishes_the_roadmap_once_and_again_only_when_it_changes(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    roadmap = f"{wiki_page_title}/Roadmap"

    first = sync(local_wiki, agenda)
    assert first.returncode == 0, first.stderr
    assert f"{agenda} -> {roadmap}: roadmap saved" in first.stdout
    [revision] = local_wiki.revisions(roadmap)
    assert revision["user"] == "SummitBot"
    assert revision["comment"].startswith("summitbot: publish the roadmap of Xen 4.4 Hackathon from its agenda")
    assert text_of(local_wiki, roadmap) == render_roadmap(load_agenda(agenda)).rstrip("\n")
    assert f"* [[{wiki_page_title}/Roadmap|Roadmap]]" in text_of(local_wiki, wiki_page_title)

    second = sync(local_wiki, agenda)
    assert second.returncode == 0, second.stderr
    assert f"{agenda} -> {roadmap}: roadmap in step: nothing to do" in second.stdout
    assert (local_wiki.revision_count(roadmap), local_wiki.revision_count(wiki_page_title)) == (1, 1)

    agenda.write_text(agenda.read_text().replace(GPU_STATUS, GPU_STATUS.replace("planned", "landed")))
    third = sync(local_wiki, agenda)
    assert third.returncode == 0, third.stderr
    assert f"{agenda} -> {roadmap}: roadmap saved" in third.stdout
    assert (local_wiki.revision_count(roadmap), local_wiki.revision_count(wiki_page_title)) == (2, 1)
    assert "| GPU passthrough || — || '''landed'''" in text_of(local_wiki, roadmap)


def test_a_hand_edit_of_the_roadmap_is_replaced_and_stays_in_the_history(
    agenda: Path, local_wiki: LocalWiki, wiki_page_title: str
) -> None:
    roadmap = f"{wiki_page_title}/Roadmap"
    assert sync(local_wiki, agenda).returncode == 0
    published = text_of(local_wiki, roadmap)
    local_wiki.human_edit("Alice", roadmap, published.replace("(planned there)", "(landed, honest!)"))

    result = sync(local_wiki, agenda)

    assert result.returncode == 0, result.stderr
    assert text_of(local_wiki, roadmap) == published
    assert [(r["user"], "honest!" in r["slots"]["main"]["content"]) for r in local_wiki.revisions(roadmap)] == [
        ("SummitBot", False),
        ("Alice", True),
        ("SummitBot", False),
    ]


def test_the_page_shows_hostile_titles_as_text(tmp_path: Path, local_wiki: LocalWiki) -> None:
    item = "        title: GPU passthrough\n"  # the roadmap item (the block is "GPU passthrough BoF")
    text = (EXAMPLES / XEN).read_text().replace(item, '        title: "[[x]] {{y}} <s>GPU</s> ~~~~"\n')
    path = tmp_path / XEN
    path.write_text(text)

    answer = local_wiki.api_get(action="parse", text=render_roadmap(load_agenda(path)), contentmodel="wikitext")
    rendered = answer["parse"]["text"]

    assert "<td>[[x]] {{y}} <s>GPU</s> ~~~~</td>" in html.unescape(rendered)  # shown as typed
    assert "<s>" not in rendered  # no strike-through, no link, no template, no signature
    assert '<span id="4.3"></span>Xen 4.3 (release, 9 July 2013)' in rendered
    assert '<a href="#4.4">Xen 4.4</a>' in rendered
