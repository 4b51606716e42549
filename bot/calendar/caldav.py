"""The real calendar server: CalDAV through the caldav library's client, as the `CalendarServer` port says.

caldav finds the calendar home (the principal's calendar-home-set, RFC 4791 6.2.1) and creates
collections (MKCALENDAR with a display name and the component set); it does the HTTP and the
login. The calls on items are one request each, with small fixed XML (`bot.calendar.dav_xml`):
`changes` a sync-collection REPORT from the last sync-token (RFC 6578), or a Depth 0 PROPFIND of
the CTag, or else a Depth 1 PROPFIND of every ETag; `get` one calendar-multiget REPORT; `put` a
conditional PUT; `delete` a conditional DELETE. The quoting of hrefs stays in our hands.
`put` and `delete` may be called from several threads at once: each thread has its own client
(HTTP connections are not shared). Every failure leaves as a `CalendarError` or `ItemChanged`;
a server that takes the connection and never answers is CalendarUnavailable after the account's
timeout (a timeout is never retried).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from caldav.collection import CalendarSet
from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from caldav.lib.http_sync import requests as http
from caldav.response import DAVResponse

from bot.calendar.dav_xml import (
    CALDAV,
    CALSERVER,
    DAV,
    ETAG_QUERY,
    LISTING_QUERY,
    Multistatus,
    item_etags,
    multiget_query,
    path_of,
    read_multistatus,
    stale_token,
    sync_query,
)  # fmt: skip
from bot.calendar.port import Changes, Item
from bot.errors import CalendarError, CalendarLoginFailed, CalendarUnavailable, ItemChanged
from bot.settings import CalDavAccount
from bot.text import printable

ICALENDAR = "text/calendar; charset=utf-8"
LOGIN_HINT = "check SUMMITBOT_CALDAV_USER and SUMMITBOT_CALDAV_PASSWORD"
LATER = "try again later (changes not yet sent stay queued)"
SYNC, CTAG = "sync ", "ctag "  # how a token says what it is


class CalDav:
    """One CalDAV account; its collections are the children of its calendar home, named by path segment."""

    def __init__(self, account: CalDavAccount, *, user_agent: str, timeout: float | None = None) -> None:
        """`timeout`: seconds each request may wait for the connection and for each answer
        (default: the account's)."""
        self._account = account
        self._user_agent = user_agent
        self._timeout = account.timeout if timeout is None else timeout
        self._server = _without_login(account.url)  # the URL shown in messages: never a password
        self._clients: list[DAVClient] = []
        self._local = threading.local()  # this thread's client
        self._lock = threading.Lock()
        self._home: str | None = None
        self._requests_made = 0

    @property
    def requests_made(self) -> int:
        """How many HTTP requests this adapter has sent (discovery and login included)."""
        return self._requests_made

    def close(self) -> None:
        """Close the HTTP connections of every thread's client."""
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        self._local = threading.local()

    def etags(self, collection: str) -> dict[str, str] | None:
        """href -> etag of every item in the collection (one PROPFIND); None when it does not exist."""
        listing = self._listing(collection)
        return None if listing is None else listing.etags

    def changes(self, collection: str, since: str | None) -> Changes | None:
        """What changed since the token `since` (None: list everything); None when the collection does
        not exist. One request, two when a token is refused or the CTag moved."""
        if since and since.startswith(SYNC):
            return self._synced(collection, since.removeprefix(SYNC))
        if since and since.startswith(CTAG):
            url = self.address(collection)
            doing = f"checking {collection!r} for changes"
            answer = self._multistatus("PROPFIND", url, LISTING_QUERY, {"Depth": "0"}, doing)
            itself = path_of(url)
            if answer is None or itself in answer.gone:
                return None
            if answer.text(itself, f"{CALSERVER}getctag") == since.removeprefix(CTAG):
                return Changes(since, {}, frozenset(), complete=False)
        return self._listing(collection)

    def _listing(self, collection: str) -> Changes | None:
        """Every item's etag and the collection's token, in one Depth 1 PROPFIND."""
        url = self.address(collection)
        answer = self._multistatus("PROPFIND", url, LISTING_QUERY, {"Depth": "1"}, f"listing {collection!r}")
        itself = path_of(url)
        if answer is None or itself in answer.gone or (answer.gone and not answer.found):
            return None  # Radicale: HTTP 404; Xandikos: 207 with a 404 for the collection itself
        token = answer.text(itself, f"{DAV}sync-token")
        ctag = answer.text(itself, f"{CALSERVER}getctag")
        kept = SYNC + token if token else CTAG + ctag if ctag else ""
        return Changes(kept, item_etags(answer, itself), frozenset(), complete=True)

    def _synced(self, collection: str, token: str) -> Changes | None:
        """The changes since a sync-token (RFC 6578); a token the server no longer knows (403 or 412
        naming valid-sync-token, or 409) means listing everything again."""
        url = self.address(collection)
        doing = f"reading the changes of {collection!r}"
        try:
            response = self._send("REPORT", url, sync_query(token), {"Depth": "1"}, doing, {403, 404, 409, 412})
        except CalendarError as error:  # caldav raises a 403 itself, naming the precondition
            if "valid-sync-token" not in str(error):
                raise
            return self._listing(collection)
        if response.status == 404:
            return None
        if response.status in {403, 409, 412}:
            if response.status == 412 and not stale_token(response.raw):
                raise CalendarError(f"{doing} on {self._server}: the server refused (HTTP 412)")
            return self._listing(collection)
        answer = read_multistatus(response.tree)
        itself = path_of(url)
        if itself in answer.gone:
            return None
        removed = frozenset(path.rsplit("/", 1)[-1] for path in answer.gone if not path.endswith("/"))
        return Changes(SYNC + (answer.sync_token or token), item_etags(answer, itself), removed, complete=False)

    def get(self, collection: str, hrefs: Sequence[str]) -> list[Item]:
        """The items at these hrefs, in one calendar-multiget REPORT; hrefs that are gone are left out."""
        wanted = list(dict.fromkeys(hrefs))
        if not wanted:
            return []
        url = self.address(collection)
        base = urlsplit(url).path
        query = multiget_query(base + quote(href, safe="") for href in wanted)
        answer = self._multistatus("REPORT", url, query, {}, f"reading {collection!r}")
        if answer is None:
            return []
        found: dict[str, Item] = {}
        for path in answer.found:
            etag, data = answer.text(path, f"{DAV}getetag"), answer.text(path, f"{CALDAV}calendar-data")
            if etag is not None and data:
                # XML turns the CRLF line ends of iCalendar into LF; put them back.
                name = path.rsplit("/", 1)[-1]
                found[name] = Item(name, etag, data.replace("\r\n", "\n").replace("\n", "\r\n"))
        return [found[href] for href in wanted if href in found]

    def create_collection(self, collection: str, *, title: str, component: str) -> None:
        """MKCALENDAR a collection for one kind of component with a display name (caldav's
        make_calendar); fine if it exists."""
        home = CalendarSet(client=self._connected(), url=self._calendar_home())
        doing = f"creating {collection!r}"
        try:
            with self._translated(doing):
                home.make_calendar(
                    name=printable(title),
                    cal_id=quote(collection, safe=""),
                    supported_calendar_component_set=[component],
                )
        except CalendarError as error:
            if isinstance(error, CalendarUnavailable) or self.etags(collection) is None:
                raise
            # it exists already (405 or 409): nothing to do

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
        answer = self._multistatus("PROPFIND", url, ETAG_QUERY, {"Depth": "0"}, f"reading the etag of {href!r}")
        for path in answer.found if answer is not None else ():
            found = answer.text(path, f"{DAV}getetag") if answer is not None else None
            if found is not None:
                return found
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
        """The account's calendar home, found by caldav: the URL itself, or the calendar-home-set of the
        principal it names (RFC 4791 6.2.1) when the URL is a folder above that home."""
        with self._lock:
            if self._home is not None:
                return self._home
        url = self._server if self._server.endswith("/") else self._server + "/"
        with self._translated("finding the calendar home (SUMMITBOT_CALDAV_URL)"):
            found = str(self._connected().principal().calendar_home_set.url)  # type: ignore[no-untyped-call]
        # A server root (or any folder above the home) leads to the home; another URL is the home.
        home = found if path_of(found).startswith(urlsplit(url).path) else url
        home = urljoin(url, urlsplit(home).path)  # the account's URL, with its login taken out
        with self._lock:
            self._home = home if home.endswith("/") else home + "/"
            return self._home

    def _multistatus(
        self, method: str, url: str, body: str, headers: Mapping[str, str], doing: str
    ) -> Multistatus | None:
        """A request answered by a multistatus; None when the server answers 404."""
        response = self._send(method, url, body, headers, doing, {404})
        return None if response.status == 404 else read_multistatus(response.tree)

    def _connected(self) -> DAVClient:
        """This thread's client (made on first use: caldav's clients share no state between threads)."""
        client: DAVClient | None = getattr(self._local, "client", None)
        if client is None:
            user = self._account.user or None
            client = DAVClient(
                url=self._account.url,
                username=user,
                password=self._account.password if user else None,
                timeout=math.ceil(self._timeout),
                headers={"User-Agent": self._user_agent},
                enable_rfc6764=False,  # the URL is given: no DNS or .well-known lookups
            )
            client.session.hooks["pre_request"].append(self._count)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def _count(self, request: object, *args: object, **kwargs: object) -> None:
        with self._lock:
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
        except caldav_error.DAVError as error:  # caldav's own calls (discovery, MKCALENDAR) raise for a status
            status = error.status or _status_in(error.reason)
            if status >= 500:
                raise CalendarUnavailable(f"{where}: the server answered HTTP {status}; {LATER}") from error
            if status == 412:
                raise ItemChanged(f"{where}: the server's precondition failed (HTTP 412)") from error
            raise CalendarError(f"{where}: unexpected answer ({type(error).__name__}: {error})") from error
        except (http.RequestException, SyntaxError, NotImplementedError) as error:
            # SyntaxError: lxml's XMLSyntaxError, an answer that is not the XML it claims to be.
            raise CalendarError(f"{where}: unexpected answer ({type(error).__name__}: {error})") from error


def _status_in(reason: str) -> int:
    """The status at the start of a caldav error's reason ('500 Internal Server Error'), else 0."""
    first = reason.strip().split(" ", 1)[0]
    return int(first) if first.isdigit() else 0


def _without_login(url: str) -> str:
    """`url` without any user:password@ in it, to show in messages."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
