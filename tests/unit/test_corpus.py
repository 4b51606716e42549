"""The real records of ../shared/corpus, read with no options, give every [bot] and [high] fact
EXPECTED.md lists (tests/fixtures/corpus*.py; bench/corpus.py prints the same as a table).

Each fact is its own test, so a miss names the file and the fact. The [medium] facts (the time
zones a reader infers from the place a page names) are asserted too: the importer infers them."""

from __future__ import annotations

import pytest

from tests.fixtures.corpus import CORPUS, Fact, all_facts, read

FACTS = all_facts()


def test_the_corpus_is_beside_the_repository() -> None:
    assert (CORPUS / "EXPECTED.md").is_file(), f"../shared/corpus is missing: {CORPUS}"


@pytest.mark.parametrize("fact", FACTS, ids=[f"{fact.file}: {fact.what}"[:150] for fact in FACTS])
def test_fact(fact: Fact) -> None:
    reading = read(fact.file)
    assert fact.holds(), f"[{fact.label}] {fact.file}: {fact.what}\nexit {reading.code}\n{reading.stderr[-2000:]}"


def test_every_file_of_the_corpus_has_facts() -> None:
    # MeetBot's own minutes (meetbot/NAME.txt beside NAME.log.txt) are what the facts come from
    records = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.glob("*/*")
        if not (path.parent.name == "meetbot" and ".log." not in path.name)
    }
    assert records == {fact.file for fact in FACTS}
