"""A directory copied to be extended leaves the original as it was."""

from __future__ import annotations

from bot.agenda.people import Directory
from bot.model import Person

GEORGE = Person("george", "George Dunlap", ("George",))
PAVEL = Person("pavel-emelyanov", "Pavel Emelyanov", listed=False)


def original() -> Directory:
    directory = Directory()
    directory.add(GEORGE)
    directory.add(PAVEL)
    return directory


def test_a_person_added_to_a_copy_is_not_in_the_original() -> None:
    base = original()
    copied = base.copy()

    copied.add(Person("george-smith", "George Smith", ("George",)))

    assert [p.id for p in copied.find("George")] == ["george", "george-smith"]
    assert [p.id for p in base.find("George")] == ["george"]
    assert len(base.people) == 2


def test_a_replaced_person_is_replaced_in_the_copy_alone() -> None:
    base = original()
    copied = base.copy()
    listed = Person("pavel-emelyanov", "Pavel Emelyanov", ("xemul",), chat_id="U0PAVEL")

    copied.replace(listed)

    assert copied.find("xemul") == [listed]
    assert copied.find("Pavel Emelyanov") == [listed]
    assert base.find("Pavel Emelyanov") == [PAVEL]
    assert base.find("xemul") == []
    assert [p.id for p in copied.people].count("pavel-emelyanov") == 1
