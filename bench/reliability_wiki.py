"""bench/reliability.py's wiki scenarios, and what all its scenarios share.

Removals: Alice deletes random attendee lines of the published mini-summit, `summitbot sync` runs,
and the trial is right when exactly the removable ones left the YAML (and the page), those other
records depend on stayed with a conflict recorded, and every sync exited 0; a vandal striking
every name changes nothing. Concurrency: chat sign-ups to `summitbot serve`, `summitbot sync`
loops and wiki users at once; nothing acknowledged or saved is lost, no sync crashes.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.agenda.load import load_agenda, parse_agenda
from bot.agenda.references import roles_of
from bot.model import Agenda
from bot.sync.merge import record_of
from bot.sync.state import StateStore
from bot.wiki.facts import fact_name
from bot.wiki.lines import parse_attendee
from tests.fixtures.mediawiki import LocalWiki
from tests.fixtures.radicale import LocalRadicale
from tests.fixtures.serve import Member
from tests.fixtures.slack_api import LocalSlack
from tests.fixtures.summit import Summit, environment
from tests.integration.test_concurrent_syncers_real import add_name, careful_edit

ROOT = Path(__file__).resolve().parents[1]
MINI_SUMMIT = ROOT / "agendas" / "containers-mini-summit-2008.yaml"
MOST_REMOVED = 17  # half of the 34 attendees: more than half at once is held as a mass change


@dataclass(frozen=True)
class Result:
    """One scenario's line: what it counts, its figures, whether it is on target, and what went wrong."""

    label: str
    figures: str
    on_target: bool
    wrong: tuple[str, ...] = ()


def mini_summit(folder: Path, name: str, *, organiser_chat_id: str | None = None) -> Path:
    """A copy of the containers mini-summit in `folder` with its own page and calendar collection
    (`Bench/Reliability <name>`, `reliability-<name>`) and, if given, Kir's chat id."""
    folder.mkdir(parents=True, exist_ok=True)
    text = MINI_SUMMIT.read_text(encoding="utf-8")
    text = text.replace("page: Containers/Mini-summit 2008", f"page: Bench/Reliability {name}")
    text = text.replace("collection: containers", f"collection: reliability-{name}")
    if organiser_chat_id:
        text = text.replace("    id: kir\n", f"    id: kir\n    chat_id: {organiser_chat_id}\n")
    path = folder / "containers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cli_env(wiki: LocalWiki, radicale: LocalRadicale | None, folder: Path) -> dict[str, str]:
    """The command line's environment: this wiki (and Radicale), the folder's state file, no config file."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(("SUMMITBOT_", "SLACK_"))}
    state = str(folder / "state.sqlite3")
    account = wiki.bot_account
    wiki_only = {"SUMMITBOT_WIKI_URL": wiki.api_url, "SUMMITBOT_WIKI_USER": account.user,
                 "SUMMITBOT_WIKI_PASSWORD": account.password, "SUMMITBOT_STATE": state}  # fmt: skip
    settings = wiki_only if radicale is None else environment(wiki, radicale, folder)
    return inherited | settings | {"XDG_CONFIG_HOME": str(folder / "no-config")}


def summitbot(env: dict[str, str], *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command line, `python -m bot ARGUMENTS`; what it said is added to summitbot.log beside
    the state file."""
    command = [sys.executable, "-m", "bot", *map(str, arguments)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    said = f"$ summitbot {' '.join(map(str, arguments))}\n{done.stdout}{done.stderr}exit {done.returncode}\n\n"
    with (Path(env["SUMMITBOT_STATE"]).parent / "summitbot.log").open("a", encoding="utf-8") as log:
        log.write(said)  # one write: the sync loops of the concurrency scenario append at once
    return done


def failed(done: subprocess.CompletedProcess[str]) -> str:
    """'' for a command that exited 0, else its exit status and the end of what it said."""
    said = (done.stderr or done.stdout).strip().splitlines()
    return "" if done.returncode == 0 else f"exited {done.returncode}: {said[-1][:200] if said else ''}"


def page_text(wiki: LocalWiki, title: str) -> str:
    """The page's wikitext now (its newest revision alone: the API lists revisions 50 at a time)."""
    found = wiki.api_get(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    return str(found["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"])


def attendee_lines(text: str) -> dict[str, str]:
    """The lines of "List of attendees", by the name each gives."""
    section = text.partition("== List of attendees ==")[2].partition("\n==")[0]
    lines = [line for line in section.splitlines() if line.startswith("# ")]
    return {parsed.name: line for line in lines if (parsed := parse_attendee(line[2:])) is not None}


def attendee_names(agenda: Agenda) -> list[str]:
    """The attendees' names, in the file's order."""
    return [agenda.person(attendee.person).name for attendee in agenda.attendees]


@dataclass(frozen=True)
class Removals:
    """The published agenda of the removal trials, its text as the organiser wrote it, its state."""

    wiki: LocalWiki
    path: Path
    page: str
    env: dict[str, str]
    original: str
    store: StateStore


def removals(wiki: LocalWiki, folder: Path, trials: int, seed: int) -> Result:
    """Scenario 1: `trials` random removals of 1 to 17 lines, each restored after, then a vandal. A
    trial after one that could not be restored runs on a fresh copy (its own page and state)."""
    label, rng, wrong = "removals right / tried", random.Random(seed), []
    try:
        stage = published(wiki, folder, "removals")
        for number in range(1, trials + 1):
            why = removal_trial(stage, rng)
            restored = restore(stage)
            if why or restored:
                wrong.append(f"trial {number}: {why or restored}")
            if restored:
                stage = published(wiki, folder / f"copy-{number}", f"removals {number}")
        if why := strike_trial(stage):
            wrong.append(f"strike-through: {why}")
    except RuntimeError as error:
        return Result(label, f"? / {trials + 1}", False, (*wrong, str(error)))
    return Result(label, f"{trials + 1 - len(wrong)} / {trials + 1}", not wrong, tuple(wrong))


def published(wiki: LocalWiki, folder: Path, name: str) -> Removals:
    """A copy of the mini-summit published with the command line; RuntimeError when it was not."""
    path, env = mini_summit(folder, name), cli_env(wiki, None, folder)
    if why := failed(summitbot(env, "sync", path)):
        raise RuntimeError(f"the first publish of {path} {why}")
    page = load_agenda(path).event.wiki.page or ""
    return Removals(wiki, path, page, env, path.read_text(), StateStore(folder / "state.sqlite3"))


def removal_trial(stage: Removals, rng: random.Random) -> str:
    """Alice deletes some attendee lines in one edit and the command line syncs; '' when exactly the
    removable ones are gone, else what went wrong."""
    agenda = load_agenda(stage.path)
    stage.store.clear_conflicts(agenda.event.id)  # the organiser dealt with the last trial's
    text = page_text(stage.wiki, stage.page)
    lines = attendee_lines(text)
    gone = rng.sample(sorted(lines), rng.randint(1, MOST_REMOVED))
    held = [name for name in gone if depended_on(agenda, name)]
    for name in gone:
        text = text.replace(lines[name] + "\n", "", 1)
    stage.wiki.human_edit("Alice", stage.page, text)
    synced = failed(summitbot(stage.env, "sync", stage.path))
    why = synced or removal_wrong(stage, agenda, gone, held)
    return f"{len(gone)} removed ({len(held)} of them depended on): {why}" if why else ""


def depended_on(agenda: Agenda, name: str) -> bool:
    """Whether other records name this attendee, whom the agenda knows only from the attendee list."""
    people = [agenda.person(a.person) for a in agenda.attendees if agenda.person(a.person).name == name]
    return any(not person.listed and roles_of(agenda, person.id) for person in people)


def removal_wrong(stage: Removals, before: Agenda, gone: list[str], held: list[str]) -> str:
    """What the sync got wrong ('' when nothing): the YAML, the conflicts, the page."""
    expected = [name for name in attendee_names(before) if name not in gone or name in held]
    now = attendee_names(load_agenda(stage.path))
    if now != expected:
        return f"the YAML lost {sorted(set(expected) - set(now))} and kept {sorted(set(now) - set(expected))}"
    recorded = {record_of(c.key) for c in stage.store.conflicts(before.event.id)}
    if unrecorded := [name for name in held if f"attendee/{fact_name(name)}" not in recorded]:
        return f"no conflict recorded for {unrecorded}"
    shown = set(attendee_lines(page_text(stage.wiki, stage.page)))
    return (
        ""
        if shown == set(expected)
        else f"the page lacks {sorted(set(expected) - shown)}, shows {sorted(shown - set(expected))}"
    )


def restore(stage: Removals) -> str:
    """The organiser puts the file back as it was and syncs; '' when the page lists everyone again."""
    stage.path.write_text(stage.original)
    synced = failed(summitbot(stage.env, "sync", stage.path))
    if synced:
        return f"restoring: the sync {synced}"
    names, shown = set(attendee_names(load_agenda(stage.path))), set(attendee_lines(page_text(stage.wiki, stage.page)))
    everyone = set(attendee_names(parse_agenda(stage.original, str(stage.path))))
    if names != everyone:
        return f"restoring: the YAML lost {sorted(everyone - names)}"
    return f"restoring: the page lacks {sorted(names - shown)}, shows {sorted(shown - names)}" if names != shown else ""


def strike_trial(stage: Removals) -> str:
    """Bob strikes every name through; '' when the YAML is unchanged and the page restored."""
    before, text = stage.path.read_text(), page_text(stage.wiki, stage.page)
    stage.wiki.human_edit("Bob", stage.page, re.sub(r"(?m)^# (.*)$", r"# <s>\1</s>", text), summary="lol")
    synced = failed(summitbot(stage.env, "sync", stage.path))
    if synced:
        return f"the sync {synced}"
    if stage.path.read_text() != before:
        return "the YAML changed"
    after = page_text(stage.wiki, stage.page)
    listed = set(attendee_lines(after)) == set(attendee_names(load_agenda(stage.path)))
    return "" if listed and "<s>" not in after else "the page was not restored"


@dataclass
class Crowd:
    """What the people of the concurrency scenario did: the replies to the sign-ups, the names saved
    on the wiki (and the people who gave up after 20 edit conflicts), the command-line syncs' exits."""

    replies: list[str]
    saved: list[str]
    gave_up: list[str]
    exits: list[tuple[int, str]]


def concurrency(wiki: LocalWiki, radicale: LocalRadicale, folder: Path, sign_ups: int, wiki_names: int,
                loops: int) -> Result:  # fmt: skip
    """Scenario 2: `sign_ups` people join in chat while `loops` `summitbot sync` loops run on the same
    agenda and state file and wiki users add `wiki_names` names by careful edits."""
    folder.mkdir(parents=True)
    with LocalSlack.start() as slack:
        summit = Summit.create(
            folder, wiki, radicale, slack, "Bench/Reliability concurrency", "reliability-concurrency"
        )
        try:
            members = [summit.member(f"U1{n:05d}", f"Chat Person {n}") for n in range(sign_ups)]
            crowd = crowd_at_once(summit, folder, members, [f"Wiki Person {n}" for n in range(wiki_names)], loops)
            settled = ""
            try:
                summit.settled()
            except AssertionError:
                settled = "serve did not settle in 30 s after the burst"
            return kept(summit, members, crowd, settled)
        finally:
            summit.bot.stop()


def crowd_at_once(summit: Summit, folder: Path, members: list[Member], names: list[str], loops: int) -> Crowd:
    """The sign-ups (16 at a time), the wiki users and the sync loops, all at once; what each did."""
    stop, crowd = threading.Event(), Crowd([], [], [], [])
    env = cli_env(summit.wiki, summit.radicale, folder)

    def sync_loop() -> None:
        while not stop.is_set():
            done = summitbot(env, "sync", summit.path)
            crowd.exits.append((done.returncode, done.stderr.strip()[-300:]))

    def wiki_users() -> None:
        for number, name in enumerate(names):
            try:
                careful_edit(summit.wiki.human_site("Alice" if number % 2 else "Bob"), summit.page, add_name(name))
            except AssertionError:  # 20 edit conflicts in a row: the person gave up
                crowd.gave_up.append(name)
            else:
                crowd.saved.append(name)
            stop.wait(0.3)

    threads = [threading.Thread(target=sync_loop) for _ in range(loops)] + [threading.Thread(target=wiki_users)]
    for thread in threads:
        thread.start()
    with ThreadPoolExecutor(16) as pool:
        crowd.replies = list(pool.map(sign_up, members))
    threads[-1].join()
    stop.set()
    for thread in threads:
        thread.join()
    return crowd


def sign_up(member: Member) -> str:
    """`/summit join` and the bot's reply ('no reply ...' when none came in a minute)."""
    try:
        return member.says("join", timeout=60)
    except AssertionError as error:
        return f"no reply: {str(error)[:200]}"


def kept(summit: Summit, members: list[Member], crowd: Crowd, settled: str) -> Result:
    """The concurrency scenario's figures: who was told "Done" or saved a line, and is still there."""
    names, text = set(attendee_names(load_agenda(summit.path))), summit.page_text()
    acknowledged = [m.name for m, reply in zip(members, crowd.replies, strict=True) if reply.startswith("Done")]
    unanswered = [reply for reply in crowd.replies if not reply.startswith("Done")]
    lost = [name for name in acknowledged + crowd.saved if name not in names or f"# {name}\n" not in text]
    crashed = [f"a sync exited {code}: {said}" for code, said in crowd.exits if code not in (0, 75)]
    figures = (
        f"{len(acknowledged)} / {len(set(acknowledged) - set(lost))} (of {len(members)}); wiki lines saved / kept "
        f"{len(crowd.saved)} / {len(set(crowd.saved) - set(lost))}; CLI syncs run / crashed {len(crowd.exits)} / "
        f"{len(crashed)} ({sum(code == 75 for code, _ in crowd.exits)} exited 75: try later)"
    )
    wrong = [f"lost: {', '.join(lost[:10])}"] if lost else []
    wrong += [f"not told Done: {len(unanswered)}, e.g. {unanswered[0][:200]}"] if unanswered else []
    wrong += crashed[:3]
    wrong += [f"gave up after 20 edit conflicts: {', '.join(crowd.gave_up)}"] if crowd.gave_up else []
    wrong += [settled] if settled else []
    return Result("sign-ups acknowledged / kept", figures, not wrong, tuple(wrong))
