"""bot.calendar.xml_text writes what ElementTree's indent and tostring write, for any plain tree."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar.xml_text import xml_text

TEXT = st.lists(st.sampled_from([*"ab é&<>\"'\n\t\r;#€", "&amp;", "]]>"]), max_size=8).map("".join)
TAGS = st.sampled_from(["event", "room", "title", "person", "links", "x-y", "a_b"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> ET.Element:
    element = ET.Element(draw(TAGS), draw(st.dictionaries(st.sampled_from(["id", "name", "href", "guid"]), TEXT)))
    children = draw(st.lists(trees(depth - 1), max_size=3)) if depth > 0 else []
    if children:
        element.extend(children)
    else:
        element.text = draw(st.none() | TEXT)
    return element


@settings(max_examples=200, deadline=None)
@given(trees())
def test_the_text_is_what_elementtree_writes(root: ET.Element) -> None:
    expected = copy.deepcopy(root)
    ET.indent(expected)
    assert xml_text(root) == ET.tostring(expected, encoding="unicode")
