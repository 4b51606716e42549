"""The WebDAV XML the CalDAV adapter writes and reads itself, where caldav's objects would cost too much
on a collection of a thousand items: the listing PROPFIND, the sync-collection REPORT (RFC 6578)
and calendar-multiget, and the reading of their multistatus answers.

A multistatus names each resource by href with either propstats (the properties found, each with
a status) or one status of its own. Servers differ in how they say "not there": Radicale answers
a PROPFIND of a missing collection with HTTP 404, Xandikos with a 207 whose only response is the
collection's href with status 404; a sync-collection answer lists a deleted item the same way.
`read_multistatus` keeps both apart: `found` (properties with status 200) and `gone` (status 404).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

DAV, CALDAV, CALSERVER = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}", "{http://calendarserver.org/ns/}"
XML = '<?xml version="1.0" encoding="utf-8"?>\n'
NAMESPACES = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"'
ETAG_QUERY = f'{XML}<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
# On the collection itself: its sync-token (RFC 6578) and CTag (calendarserver.org), where offered.
LISTING_QUERY = f"{XML}<d:propfind {NAMESPACES}><d:prop><d:getetag/><d:sync-token/><cs:getctag/></d:prop></d:propfind>"
VALID_SYNC_TOKEN = f"{DAV}valid-sync-token"


@dataclass
class Multistatus:
    """A multistatus answer: the properties of each resource (by its path, unquoted), the paths gone,
    the sync-token of a sync-collection answer."""

    found: dict[str, dict[str, Any]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    sync_token: str | None = None

    def text(self, href: str, tag: str) -> str | None:
        """The text of one property of the resource at `href` (a path), or None when it was not found."""
        prop = self.found.get(href, {}).get(tag)
        return None if prop is None or prop.text is None else str(prop.text)


def read_multistatus(tree: Any) -> Multistatus:
    """Read a multistatus tree (lxml) into found and gone hrefs."""
    answer = Multistatus()
    if tree is None:
        return answer
    for response in tree.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href")
        if not href:
            continue
        path = unquote(urlsplit(href.strip()).path)
        if _code(response.findtext(f"{DAV}status")) == "404":
            answer.gone.add(path)
            continue
        props = answer.found.setdefault(path, {})
        for propstat in response.iterfind(f"{DAV}propstat"):
            if _code(propstat.findtext(f"{DAV}status")) == "200":
                props.update((prop.tag, prop) for prop in propstat.iterfind(f"{DAV}prop/*"))
    token = tree.findtext(f"{DAV}sync-token")
    answer.sync_token = token.strip() if token else None
    return answer


def _code(status: str | None) -> str:
    """'404' from 'HTTP/1.1 404 Not Found'; '' when there is none."""
    parts = (status or "").split()
    return parts[1] if len(parts) > 1 else ""


def sync_query(token: str) -> str:
    """A sync-collection REPORT for the changes since `token`: each changed item's etag."""
    return (
        f'{XML}<d:sync-collection xmlns:d="DAV:"><d:sync-token>{escape(token)}</d:sync-token>'
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget_query(paths: Iterable[str]) -> str:
    """A calendar-multiget REPORT for the items at these (quoted) paths: etag and text."""
    body = "".join(f"<d:href>{escape(path)}</d:href>" for path in paths)
    query = f"{XML}<c:calendar-multiget {NAMESPACES}><d:prop><d:getetag/><c:calendar-data/></d:prop>"
    return f"{query}{body}</c:calendar-multiget>"


def stale_token(body: bytes | str | None) -> bool:
    """Whether an error answer says the sync-token is no longer valid (RFC 6578 3.2)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    return "valid-sync-token" in text


def path_of(url: str) -> str:
    """The path of a URL, unquoted, as `read_multistatus` names resources."""
    return unquote(urlsplit(url).path)


def item_etags(answer: Multistatus, itself: str) -> dict[str, str]:
    """href (the item's name) -> etag of every item in a listing, leaving out the collection and any
    collection inside it."""
    found: dict[str, str] = {}
    for path in answer.found:
        etag = answer.text(path, f"{DAV}getetag")
        if path.endswith("/") or path.rstrip("/") == itself.rstrip("/") or etag is None:
            continue
        found[path.rsplit("/", 1)[-1]] = etag
    return found
