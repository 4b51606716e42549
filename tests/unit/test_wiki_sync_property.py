"""Properties of the sync, over arbitrary edits on both sides: nobody's edit is lost, and a
second sync changes nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agenda.edits import add_attendee
from bot.agenda.load import load_agenda
from bot.agenda.people import name_key
from bot.agenda.write import edit_agenda
from bot.model import AttendanceStatus
from bot.sync.state import StateStore
from bot.sync.wiki_sync import sync_wiki
from bot.wiki.lines import AttendeeLine, format_attendee
from bot.wiki.memory import MemoryWiki
from bot.wiki.port import saved_form
from tests.conftest import EXAMPLES, MINI_SUMMIT

TITLE = "Containers/Mini-summit 2008"
NAMES = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=30).map(str.strip)
USABLE = NAMES.filter(
    lambda name: len(name_key(name)) > 0 and not name.endswith("?") and not name.startswith(("-", "'"))
)
STATUS = st.sampled_from([AttendanceStatus.CONFIRMED, AttendanceStatus.TENTATIVE])


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[tuple[str, AttendanceStatus]], list[tuple[str, AttendanceStatus]]]:
    """Sign-ups made on the wiki and in the YAML, with distinct names."""
    names = draw(st.lists(USABLE, max_size=6, unique_by=name_key))
    split = draw(st.integers(0, len(names)))
    statuses = [draw(STATUS) for _ in names]
    pairs = list(zip(names, statuses, strict=True))
    return pairs[:split], pairs[split:]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_edits_on_either_side_survive_and_a_second_sync_is_a_no_op(
    changes: tuple[list[tuple[str, AttendanceStatus]], list[tuple[str, AttendanceStatus]]],
) -> None:
    on_wiki, in_yaml = changes
    with tempfile.TemporaryDirectory() as folder:
        agenda = Path(folder) / MINI_SUMMIT
        shutil.copy(EXAMPLES / MINI_SUMMIT, agenda)
        wiki, store = MemoryWiki(), StateStore(Path(folder) / "state.sqlite3")
        sync_wiki(agenda, wiki, store)
        known = {name_key(load_agenda(agenda).person(a.person).name) for a in load_agenda(agenda).attendees}
        on_wiki = [(name, status) for name, status in on_wiki if name_key(name) not in known]
        in_yaml = [(name, status) for name, status in in_yaml if name_key(name) not in known]

        text = wiki.read([TITLE])[TITLE].text or ""
        added = "".join(f"# {format_attendee(AttendeeLine(name, status))}\n" for name, status in on_wiki)
        wiki.human_edit(TITLE, text.replace("# Poornima Nayak\n", "# Poornima Nayak\n" + added))
        with edit_agenda(agenda) as document:
            for name, status in in_yaml:
                add_attendee(document, name, status=status)

        sync_wiki(agenda, wiki, store)
        signed_up = {
            name_key(load_agenda(agenda).person(a.person).name): a.status for a in load_agenda(agenda).attendees
        }
        for name, status in on_wiki + in_yaml:
            assert signed_up.get(name_key(name)) == status, name
        page = wiki.read([TITLE])[TITLE].text or ""
        for name, status in on_wiki + in_yaml:
            assert saved_form(format_attendee(AttendeeLine(name, status))) in page  # MediaWiki stores NFC

        revisions, yaml_text = len(wiki.revisions(TITLE)), agenda.read_text()
        again = sync_wiki(agenda, wiki, store)
        assert again.plan is not None
        assert again.plan.is_empty
        assert (len(wiki.revisions(TITLE)), agenda.read_text()) == (revisions, yaml_text)
