"""The real calendar server: CalDAV through the caldav library's client, as the `CalendarServer` port says.

Each port call is one HTTP request: `etags` a PROPFIND (Depth 1, getetag only), `get` one
calendar-multiget REPORT, `put` a conditional PUT, `delete` a conditional DELETE. The first call
also finds the calendar home (one or two PROPFINDs), and the client logs in when the server first
asks (one refused request). caldav does the HTTP and the login; the request bodies are small
fixed XML written here, and the answers are read straight from the multistatus, so the quoting of
hrefs stays in our hands. Every failure leaves as a `CalendarError` or `ItemChanged`; a server
that takes the connection and never answers is CalendarUnavailable after the account's timeout
(a timeout is never retried).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from caldav.lib.http_sync import requests as http
from caldav.response import DAVResponse

from bot.calendar.port import Item
from bot.errors import CalendarError, CalendarLoginFailed, CalendarUnavailable, ItemChanged
from bot.settings import CalDavAccount
from bot.text import printable

DAV, CALDAV = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}"
XML = '<?xml version="1.0" encoding="utf-8"?>\n'
NAMESPACES = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"'
HOME_QUERY = (
    f"{XML}<d:propfind {NAMESPACES}><d:prop><d:current-user-principal/><c:calendar-home-set/></d:prop></d:propfind>"
)
ETAG_QUERY = f'{XML}<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
ICALENDAR = "text/calendar; charset=utf-8"
LOGIN_HINT = "check SUMMITBOT_CALDAV_USER and SUMMITBOT_CALDAV_PASSWORD"
LATER = "try again later (changes not yet sent stay queued)"


class CalDav:
    """One CalDAV account; its collections are the children of its calendar home, named by path segment."""

    def __init__(self, account: CalDavAccount, *, user_agent: str, timeout: float | None = None) -> None:
        """`timeout`: seconds each request may wait for the connection and for each answer
        (default: the account's)."""
        self._account = account
        self._user_agent = user_agent
        self._timeout = account.timeout if timeout is None else timeout
        self._server = _without_login(account.url)  # the URL shown in messages: never a password
        self._client: DAVClient | None = None
        self._home: str | None = None
        self._requests_made = 0

    @property
    def requests_made(self) -> int:
        """How many HTTP requests this adapter has sent (discovery and login included)."""
        return self._requests_made

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()

    def etags(self, collection: str) -> dict[str, str] | None:
        """href -> etag of every item in the collection (one PROPFIND); None when it does not exist."""
        url = self.address(collection)
        response = self._send("PROPFIND", url, ETAG_QUERY, {"Depth": "1"}, f"listing {collection!r}", {404})
        if response.status == 404:
            return None
        itself = unquote(urlsplit(url).path).rstrip("/")
        found: dict[str, str] = {}
        for href, props in _members(response).items():
            path = unquote(href)
            if path.endswith("/") or path.rstrip("/") == itself or props.get(f"{DAV}getetag") is None:
                continue  # the collection itself, or a collection inside it
            found[path.rsplit("/", 1)[-1]] = str(props[f"{DAV}getetag"].text)
        return found

    def get(self, collection: str, hrefs: Sequence[str]) -> list[Item]:
        """The items at these hrefs, in one calendar-multiget REPORT; hrefs that are gone are left out."""
        wanted = list(dict.fromkeys(hrefs))
        if not wanted:
            return []
        url = self.address(collection)
        base = urlsplit(url).path
        body = "".join(f"<d:href>{escape(base + quote(href, safe=''))}</d:href>" for href in wanted)
        query = f"{XML}<c:calendar-multiget {NAMESPACES}><d:prop><d:getetag/><c:calendar-data/></d:prop>{body}"
        response = self._send("REPORT", url, f"{query}</c:calendar-multiget>", {}, f"reading {collection!r}", {404})
        found: dict[str, Item] = {}
        for href, props in _members(response).items():
            name = unquote(href).rsplit("/", 1)[-1]
            etag, data = props.get(f"{DAV}getetag"), props.get(f"{CALDAV}calendar-data")
            if etag is not None and data is not None and data.text:
                # XML turns the CRLF line ends of iCalendar into LF; put them back.
                text = str(data.text).replace("\r\n", "\n").replace("\n", "\r\n")
                found[name] = Item(name, str(etag.text), text)
        return [found[href] for href in wanted if href in found]

    def create_collection(self, collection: str, *, title: str, component: str) -> None:
        """MKCALENDAR a collection for one kind of component with a display name; fine if it exists."""
        url = self.address(collection)
        body = (
            f"{XML}<c:mkcalendar {NAMESPACES}><d:set><d:prop><d:displayname>{escape(printable(title))}</d:displayname>"
            f'<c:supported-calendar-component-set><c:comp name="{escape(component)}"/>'
            "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"
        )
        doing = f"creating {collection!r}"
        response = self._send("MKCALENDAR", url, body, {}, doing, {405, 409})
        if response.status in {405, 409} and self.etags(collection) is None:
            raise CalendarError(f"{doing} on {self._server}: the server refused (HTTP {response.status})")

    def put(self, collection: str, href: str, text: str, *, etag: str | None) -> str:
        """Create (`etag` None) or replace (`etag` given) an item, conditionally; returns its new etag."""
        url = self._item_url(collection, href)
        condition = {"If-Match": etag} if etag is not None else {"If-None-Match": "*"}
        headers = {"Content-Type": ICALENDAR, **condition}
        response = self._send("PUT", url, text, headers, f"saving {href!r} in {collection!r}")
        new_etag = response.headers.get("ETag")
        if new_etag:
            return str(new_etag)
        # The server may leave the ETag out (it changed the text, RFC 4791 5.3.4): ask for it.
        answer = self._send("PROPFIND", url, ETAG_QUERY, {"Depth": "0"}, f"reading the etag of {href!r}")
        for props in _members(answer).values():
            if props.get(f"{DAV}getetag") is not None:
                return str(props[f"{DAV}getetag"].text)
        raise CalendarError(f"{self._server} saved {href!r} in {collection!r} but gives no etag for it")

    def delete(self, collection: str, href: str, *, etag: str) -> None:
        """Delete an item if it still has `etag`; an item already gone is fine."""
        url = self._item_url(collection, href)
        self._send("DELETE", url, "", {"If-Match": etag}, f"deleting {href!r} from {collection!r}", {404})

    def address(self, collection: str) -> str:
        """The collection's URL, with a trailing slash (finds the calendar home on first use)."""
        return f"{self._calendar_home()}{quote(collection, safe='')}/"

    def _item_url(self, collection: str, href: str) -> str:
        return self.address(collection) + quote(href, safe="")

    def _calendar_home(self) -> str:
        """The account's calendar home: the URL itself, or what its principal names (RFC 4791 6.2.1)."""
        if self._home is not None:
            return self._home
        url = self._server if self._server.endswith("/") else self._server + "/"
        doing = "finding the calendar home (SUMMITBOT_CALDAV_URL)"
        props = _first(_members(self._send("PROPFIND", url, HOME_QUERY, {"Depth": "0"}, doing)))
        home = _href_in(props.get(f"{CALDAV}calendar-home-set"))
        principal = _href_in(props.get(f"{DAV}current-user-principal"))
        if home is None and principal is not None:
            answer = self._send("PROPFIND", urljoin(url, principal), HOME_QUERY, {"Depth": "0"}, doing)
            found = _href_in(_first(_members(answer)).get(f"{CALDAV}calendar-home-set"))
            # A server root (or any folder above the home) leads to the home; another URL is the home.
            if found is not None and urlsplit(urljoin(url, found)).path.startswith(urlsplit(url).path):
                home = found
        home_url = urljoin(url, home) if home is not None else url
        self._home = home_url if home_url.endswith("/") else home_url + "/"
        return self._home

    def _connected(self) -> DAVClient:
        if self._client is None:
            user = self._account.user or None
            self._client = DAVClient(
                url=self._account.url,
                username=user,
                password=self._account.password if user else None,
                timeout=math.ceil(self._timeout),
                headers={"User-Agent": self._user_agent},
                enable_rfc6764=False,  # the URL is given: no DNS or .well-known lookups
            )
            self._client.session.hooks["pre_request"].append(self._count)
        return self._client

    def _count(self, request: object, *args: object, **kwargs: object) -> None:
        self._requests_made += 1

    def _send(
        self, method: str, url: str, body: str, headers: Mapping[str, str], doing: str, allowed: Collection[int] = ()
    ) -> DAVResponse:
        """One request; a status that is neither 2xx nor `allowed` raises the error that explains it."""
        with self._translated(doing):
            response = self._request(method, url, body, headers)
        status = response.status
        if 200 <= status < 300 or status in allowed:
            return response
        where = f"{doing} on {self._server}"
        if status == 412:
            raise ItemChanged(
                f"{where}: the item changed since it was read (its etag no longer matches); read it again"
            )
        if status >= 500:
            raise CalendarUnavailable(f"{where}: the server answered HTTP {status} {response.reason}; {LATER}")
        raise CalendarError(f"{where}: the server refused with HTTP {status} {response.reason}")

    def _request(self, method: str, url: str, body: str, headers: Mapping[str, str]) -> DAVResponse:
        """Send once more, at once, if the connection broke (a server closing an idle kept-alive one)."""
        try:
            return self._connected().request(url, method, body, dict(headers))
        except http.Timeout:
            raise  # waiting again would double a long wait
        except http.ConnectionError:
            return self._connected().request(url, method, body, dict(headers))

    @contextmanager
    def _translated(self, doing: str) -> Iterator[None]:
        """Turn a failure inside caldav or the HTTP library into the CalendarError that explains it."""
        where = f"{doing} on {self._server}"
        try:
            yield
        except caldav_error.AuthorizationError as error:
            status = error.status or 401
            preconditions = ", ".join(error.preconditions or ()) or "no reason given"
            if status == 403 and error.preconditions:  # a 403 naming a precondition is no login problem
                raise CalendarError(f"{where}: the server refused ({preconditions})") from error
            user = self._account.user or "(no user)"
            raise CalendarLoginFailed(
                f"{where}: the server refused the login of {user!r} (HTTP {status}); {LOGIN_HINT}, and that "
                "the account may use its calendar home"
            ) from error
        except caldav_error.RateLimitError as error:
            raise CalendarUnavailable(f"{where}: the server asked us to slow down (HTTP 429/503); {LATER}") from error
        except http.Timeout as error:
            raise CalendarUnavailable(f"{where}: no answer within {self._timeout:g} s; {LATER}") from error
        except http.ConnectionError as error:
            raise CalendarUnavailable(f"{where}: could not connect; check that the server is up; {LATER}") from error
        except (http.RequestException, caldav_error.DAVError, SyntaxError, NotImplementedError) as error:
            # SyntaxError: lxml's XMLSyntaxError, an answer that is not the XML it claims to be.
            raise CalendarError(f"{where}: unexpected answer ({type(error).__name__}: {error})") from error


def _members(response: DAVResponse) -> dict[str, dict[str, Any]]:
    """A multistatus answer as href (a path, still quoted) -> the properties found (status 200) by tag."""
    members: dict[str, dict[str, Any]] = {}
    tree: Any = response.tree
    if tree is None:
        return members
    for answer in tree.iter(f"{DAV}response"):
        href = answer.findtext(f"{DAV}href")
        if not href:
            continue
        props = members.setdefault(urlsplit(href.strip()).path, {})
        for propstat in answer.iterfind(f"{DAV}propstat"):
            status = (propstat.findtext(f"{DAV}status") or "").split()
            if len(status) > 1 and status[1] == "200":
                props.update((prop.tag, prop) for prop in propstat.iterfind(f"{DAV}prop/*"))
    return members


def _first(members: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The properties of the only (or first) resource in a Depth 0 answer."""
    return next(iter(members.values()), {})


def _href_in(prop: Any) -> str | None:
    """The href inside a property like calendar-home-set, or None when there is none."""
    if prop is None:
        return None
    href = prop.findtext(f"{DAV}href")
    return str(href).strip() if href else None


def _without_login(url: str) -> str:
    """`url` without any user:password@ in it, to show in messages."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
