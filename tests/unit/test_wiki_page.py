"""A page cut into what the bot manages and what it keeps, and spliced back together."""

from __future__ import annotations

from bot.agenda.load import load_agenda
from bot.wiki.page import Role, read_page
from bot.wiki.render import render_page
from bot.wiki.splice import splice
from tests.conftest import EXAMPLES, MINI_SUMMIT

PAGE = """Intro.

'''When:''' today<br />
'''Where:''' here

== List of attendees ==
Add your name.

# Ada
<!-- a comment
# Not A Name
-->
# Bob
{{Template that is not a name}}

== Agenda ==
* <span id="a"></span>'''A''' (09:00–10:00)
** topic
Notes about A.
* <span id="b"></span>'''B''' (10:00–11:00)

== Travel ==
Take the bus.
"""


def test_sections_get_their_role_from_the_heading() -> None:
    assert [section.role for section in read_page(PAGE)] == [Role.LEAD, Role.ATTENDEES, Role.AGENDA, None]


def test_only_understood_lines_are_managed() -> None:
    attendees = read_page(PAGE)[1]
    assert [chunk.key for chunk in attendees.chunks] == [None, "attendees", None, "attendees", None]
    assert "# Not A Name" in attendees.chunks[2].text  # inside a comment: kept as it is


def test_splice_keeps_verbatim_text_after_what_it_followed() -> None:
    fresh = read_page(
        """Intro.

'''When:''' tomorrow<br />
'''Where:''' there

== List of attendees ==
# Ada
# Bob
# Cy

== Agenda ==
* <span id="b"></span>'''B''' (10:00–11:30)
* <span id="a"></span>'''A''' (11:30–12:00)
"""
    )
    text = splice(read_page(PAGE), fresh)
    assert "'''When:''' tomorrow" in text
    assert "Intro." in text
    assert "Add your name.\n\n# Ada\n# Bob\n# Cy\n<!-- a comment" in text
    assert "{{Template that is not a name}}" in text
    assert "(10:00–11:30)\n* <span id=\"a\"></span>'''A''' (11:30–12:00)\nNotes about A." in text
    assert text.endswith("== Travel ==\nTake the bus.\n")


def test_a_rendered_page_splices_into_itself_unchanged() -> None:
    rendered = render_page(load_agenda(EXAMPLES / MINI_SUMMIT))
    assert splice(read_page(rendered), read_page(rendered)) == rendered


def test_a_section_new_to_the_page_is_added_after_the_one_before_it() -> None:
    fresh = read_page("Intro.\n\n== List of attendees ==\n# Ada\n\n== Open action items ==\n* '''A1''' Ada: do it\n")
    current = read_page("Intro.\n\n== List of attendees ==\n# Ada\n\n== Travel ==\nBus.\n")
    assert splice(current, fresh).endswith("== Travel ==\nBus.\n\n== Open action items ==\n* '''A1''' Ada: do it\n")


def test_a_second_section_of_the_same_kind_is_the_writers_own_text() -> None:
    page = "== List of attendees ==\n# Ada Lovelace\n\n== Attendees ==\n# Grace Hopper\n"
    first, second = read_page(page)[1:]
    assert (first.role, second.role) == (Role.ATTENDEES, None)
    assert [chunk.key for chunk in first.chunks if chunk.key] == ["attendees"]
    fresh = read_page("== List of attendees ==\n# Ada Lovelace\n# Alan Kay\n")
    assert splice(read_page(page), fresh).endswith("== Attendees ==\n# Grace Hopper\n")  # kept as written
