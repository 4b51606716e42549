"""An ElementTree element as indented XML text, as `ET.indent` and `ET.tostring` would write it.

The standard library serialises in pure Python and, being general, slowly: 0.2 s of the 0.6 s a
FOSDEM-sized schedule.xml took. Our trees are plain (no namespaces, comments or mixed content: an
element holds text or elements), so this writer does the same in one short recursion: two spaces
a level, `<tag />` for an empty element, text escaped as `&amp; &lt; &gt;`, attribute values also
`&quot;` and line breaks and tabs as character references, in the order the attributes were set.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)


def xml_text(root: ET.Element) -> str:
    """`root` and everything in it as text, indented (without the XML declaration)."""
    out: list[str] = []
    _write(root, "\n", out)
    return "".join(out)


def _write(element: ET.Element, pad: str, out: list[str]) -> None:
    tag = element.tag
    attributes = "".join(f' {name}="{value.translate(_ATTRIBUTE)}"' for name, value in element.attrib.items())
    if len(element):
        out.append(f"<{tag}{attributes}>")
        inner = pad + "  "
        for child in element:
            out.append(inner)
            _write(child, inner, out)
        out.append(f"{pad}</{tag}>")
    elif element.text:
        out.append(f"<{tag}{attributes}>{element.text.translate(_TEXT)}</{tag}>")
    else:
        out.append(f"<{tag}{attributes} />")
