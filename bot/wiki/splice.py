"""Put a page back together: the fresh rendering's managed chunks, people's verbatim text in place.

`splice` builds the page to save from the page on the wiki and a fresh rendering (both cut by
`bot.wiki.page.read_page`): managed chunks come from the rendering, in its order; each verbatim
chunk stays after the managed chunk it followed, so a paragraph or a section someone added stays
where they put it.
"""

from __future__ import annotations

from bot.wiki.page import Chunk, Role, Section


def splice(current: tuple[Section, ...], fresh: tuple[Section, ...]) -> str:
    """The page to save: `fresh`'s managed parts, with `current`'s verbatim text kept in place.

    Sections come in `fresh`'s order; a section without a role stays after the section it
    followed; a section `fresh` no longer has keeps only its verbatim text, if any.
    """
    groups = _groups(current)
    fresh_roles = {section.role for section in fresh}
    out: list[str] = []
    for section in fresh:
        group = groups.get(section.role)
        if group is None:
            if out and not out[-1].endswith("\n\n"):
                out.append("\n")  # a new section gets the blank line the template puts before it
            out.append(section.heading + "".join(chunk.text for chunk in section.chunks))
            continue
        old, strays, gone = group
        out.append(old.heading + _splice_chunks(old.chunks, section.chunks))
        out.extend(strays)
        for vanished in gone:
            if vanished.role in fresh_roles:
                continue
            leftover = _splice_chunks(vanished.chunks, ())
            if leftover.strip():
                out.append(vanished.heading + leftover)
            out.extend(groups[vanished.role][1])
    return "".join(out)


def _groups(current: tuple[Section, ...]) -> dict[Role | None, tuple[Section, list[str], list[Section]]]:
    """For each section with a role: itself, the role-less sections after it, and the sections
    with a role that follow it (so one missing from the fresh page can be placed)."""
    groups: dict[Role | None, tuple[Section, list[str], list[Section]]] = {}
    previous: Role | None = None
    for section in current:
        if section.role is None or section.role in groups:
            if previous is not None:
                groups[previous][1].append(section.heading + "".join(chunk.text for chunk in section.chunks))
            continue
        if previous is not None:
            groups[previous][2].append(section)
        groups[section.role] = (section, [], [])
        previous = section.role
    return groups


def _splice_chunks(old: tuple[Chunk, ...], fresh: tuple[Chunk, ...]) -> str:
    """Fresh managed chunks in fresh order; each old verbatim chunk after the managed key it followed."""
    after: dict[str | None, list[str]] = {}
    last: str | None = None
    surviving = {chunk.key for chunk in fresh if chunk.key is not None}
    ending = old[-1].text if old and old[-1].key is None and not old[-1].text.strip() else ""
    for chunk in old[: len(old) - 1] if ending else old:
        if chunk.key is None:
            after.setdefault(last, []).append(chunk.text)
        elif chunk.key in surviving:
            last = chunk.key
    out = after.pop(None, [])
    emitted: set[str] = set()
    for chunk in fresh:
        if chunk.key is None or chunk.key in emitted:
            continue
        emitted.add(chunk.key)
        out.append("".join(c.text for c in fresh if c.key == chunk.key))
        out.extend(after.pop(chunk.key, []))
    for rest in after.values():
        out.extend(rest)
    return "".join(out) + ending  # the blank lines that close a section stay at its end
