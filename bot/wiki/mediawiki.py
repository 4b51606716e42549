"""The real wiki: MediaWiki's action API through mwclient, as the `Wiki` port describes it.

Reads are one `action=query` per BATCH titles; edits are one `action=edit` naming the revision
they were based on (`baserevid` with an empty `basetimestamp`, the only form that detects a
conflict within the same second and for the same user). Every failure leaves as one of the
`WikiError` family, never as a requests or mwclient exception.

Each call (`read`, `edit`) has one deadline, `timeout` seconds (the account's, 30 by default),
for everything it sends: the login, the token, mwclient's retries and its waits between them. A
wiki that takes the connection and never answers fails the call as WikiUnavailable on time.

Etiquette, as pywikibot practises it: every request carries `maxlag`, and a lagged wiki is given
the wait its Retry-After asks (at least 5 s) until the deadline; edits say `assert=bot` when the
account has the bot right (and `bot=1`, hiding them from recent changes), `assert=user` otherwise;
the account's change tag, when set, goes with every edit as `tags=`. A read-only or rate-limited
wiki fails as WikiReadOnly or WikiRateLimited: try again later.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import mwclient
import mwclient.client
import mwclient.errors
import requests

from bot.errors import (
    ConfigError,
    EditConflict,
    WikiError,
    WikiLoginFailed,
    WikiRateLimited,
    WikiUnavailable,
)
from bot.settings import WikiAccount
from bot.wiki.api_errors import RENEW_CODES, api_error
from bot.wiki.deadline import BoundedSleepers, DeadlineSession, StillLagged
from bot.wiki.port import BATCH, Page, Saved, saved_form


class MediaWiki:
    """A MediaWiki reached over its API as a bot-password account; logs in on first use."""

    def __init__(
        self,
        account: WikiAccount,
        *,
        user_agent: str,
        timeout: float | None = None,
        retries: int = 2,
        maxlag: int | None = None,
    ) -> None:
        """`timeout`: seconds a call may take in all (default: the account's); `retries`: how
        often mwclient sends a request again after a connection error or a server error;
        `maxlag`: the replication lag (seconds) above which the wiki should refuse and say when
        to come back (default: the account's; -2 provokes it, even on a wiki without replicas)."""
        self._account = account
        self._maxlag = str(account.maxlag if maxlag is None else maxlag)
        self._timeout = account.timeout if timeout is None else timeout
        scheme, host, path = split_api_url(account.url)
        self._session = DeadlineSession()
        # mwclient sets the User-Agent only on sessions it creates itself, so set it here.
        self._session.headers["User-Agent"] = f"{user_agent} {mwclient.client.USER_AGENT}"
        self._session.hooks["response"].append(self._count)
        self._requests_made = 0
        self._site: Any = mwclient.Site(
            host,
            path=path,
            scheme=scheme,
            pool=self._session,
            clients_useragent=user_agent,
            force_login=False,  # `assert` is ours to send: bot or user, as the account's rights say
            connection_options={"timeout": self._timeout},
            do_init=False,  # no request before the first real call
        )
        # mwclient's own policy (max_retries, retry_timeout) would sleep as long as the wiki asks,
        # past any deadline: replaced by one bounded by the call's deadline.
        self._site.sleepers = BoundedSleepers(retries, self._session.time_left)
        self._logged_in = False
        self._bot = False
        self._token: str | None = None

    @property
    def requests_made(self) -> int:
        """How many HTTP requests this adapter has had answered (logins and tokens included)."""
        return self._requests_made

    def _count(self, response: requests.Response, *args: object, **kwargs: object) -> requests.Response:
        self._requests_made += 1
        return response

    def close(self) -> None:
        """Close the HTTP connections."""
        self._session.close()

    def read(self, titles: Sequence[str]) -> dict[str, Page]:
        """The current text of each page, keyed by the title asked for; one query per BATCH titles."""
        unique = list(dict.fromkeys(titles))
        for title in unique:
            if not title or "|" in title:
                raise WikiError(f"{title!r} is not a valid page title on {self._account.url}")
        pages: dict[str, Page] = {}
        with self._session.within(self._timeout), self._translated("reading pages"):
            site = self._ready_site()
            for start in range(0, len(unique), BATCH):
                pages.update(self._read_batch(site, unique[start : start + BATCH]))
        return {title: pages[title] for title in titles}

    def _read_batch(self, site: Any, titles: list[str]) -> dict[str, Page]:
        """One query for up to BATCH titles (more only if the wiki splits a huge answer)."""
        query = {"prop": "revisions", "rvprop": "ids|content", "rvslots": "main", "titles": "|".join(titles)}
        found: dict[str, Page] = {}
        renamed = {title: title for title in titles}
        follow: dict[str, str] = {}
        while True:
            answer = site.post("query", formatversion="2", maxlag=self._maxlag, **query, **follow)
            body = answer.get("query", {})
            for change in body.get("normalized", []):
                renamed[change["from"]] = change["to"]
            for page in body.get("pages", []):
                if page.get("invalid"):
                    raise WikiError(f"{page['title']!r} is not a valid page title: {page.get('invalidreason')}")
                revisions = page.get("revisions") or [{}]
                content = revisions[0].get("slots", {}).get("main", {}).get("content")
                if page.get("missing") or "revid" in revisions[0]:
                    found[page["title"]] = Page(page["title"], content, revisions[0].get("revid"))
            if "continue" not in answer:  # the wiki splits answers larger than $wgAPIMaxResultSize
                break
            follow = answer["continue"]
        return {title: _retitled(found[renamed[title]], title) for title in titles}

    def edit(self, title: str, text: str, *, base_revision: int | None, summary: str) -> Saved:
        """Save `text` as a new revision of `title`, made from `base_revision` (None: a new page)."""
        edit: dict[str, str] = {"title": title, "text": text, "summary": summary, "maxlag": self._maxlag}
        edit |= {"formatversion": "2", "basetimestamp": ""}
        if self._account.tag:
            edit["tags"] = self._account.tag
        if base_revision is None:
            edit["createonly"] = "1"
        else:
            edit |= {"nocreate": "1", "baserevid": str(base_revision)}
        with self._session.within(self._timeout), self._translated(f"saving {title!r}", title):
            result = self._post_edit(edit)
            if result.get("result") != "Success":
                raise WikiError(f"{self._account.url} did not save {title!r}: {result}")
        if result.get("nochange"):
            # Nothing was saved; say which revision holds the text, and whether it is ours exactly.
            current = self.read([title])[title]
            if current.revision is None:
                raise EditConflict(f"{title!r} was deleted on {self._account.url} while we saved it")
            return Saved(current.revision, merged=current.text != saved_form(text))
        merged = base_revision is not None and result.get("oldrevid") != base_revision
        return Saved(int(result["newrevid"]), merged=merged)

    def _post_edit(self, edit: dict[str, str]) -> dict[str, Any]:
        """POST the edit; on a stale token or a lost session, log in again and retry once."""
        for attempt in (1, 2):
            site = self._ready_site()
            if self._token is None:
                self._token = site.get_token("csrf", force=True)
            flags = edit_flags(bot=self._bot)
            try:
                answer = site.post("edit", **edit, **flags, token=self._token)
            except mwclient.errors.APIError as error:
                if error.code not in RENEW_CODES or attempt == 2:
                    raise
                # A bot-password session cannot log in again: start a new session, with new tokens.
                self._session.cookies.clear()
                self._site.tokens.clear()
                self._logged_in, self._token = False, None
                continue
            result: dict[str, Any] = answer["edit"]
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _ready_site(self) -> Any:
        """The mwclient Site, logged in (once) with the bot password."""
        if not self._logged_in:
            self._site.login(self._account.user, self._account.password)
            self._bot = "bot" in self._site.rights  # edits are then hidden from recent changes
            self._logged_in = True
        return self._site

    def _read_only_reason(self) -> str:
        """Why the wiki is read-only ($wgReadOnly), from its siteinfo; empty when it does not say."""
        try:
            answer = self._site.get("query", meta="siteinfo", siprop="general", formatversion="2")
            return str(answer["query"]["general"].get("readonlyreason", ""))
        except (requests.RequestException, mwclient.errors.MwClientError, KeyError, TypeError, ValueError):
            return ""

    @contextmanager
    def _translated(self, doing: str, title: str = "") -> Iterator[None]:
        """Turn any requests or mwclient failure into the one WikiError that explains it."""
        try:
            yield
        except WikiError:
            raise
        except (requests.RequestException, mwclient.errors.MwClientError, KeyError, TypeError, ValueError) as error:
            raise self._wiki_error(error, doing, title) from error

    def _wiki_error(self, error: Exception, doing: str, title: str) -> WikiError | EditConflict:  # noqa: PLR0911
        """The WikiError for `error`, with a message naming the wiki and saying what to do.

        One return per kind of failure: a flat list reads better than a table of message templates.
        """
        url, user = self._account.url, self._account.user
        where = f"{doing} on {url}"
        if isinstance(error, mwclient.errors.LoginError):
            return WikiLoginFailed(
                f"{url} refused the login of {user!r} ({error.info}); check SUMMITBOT_WIKI_USER and "
                "SUMMITBOT_WIKI_PASSWORD: a bot password from Special:BotPasswords, the user written as Name@app"
            )
        if isinstance(error, mwclient.errors.APIError):
            reason = self._read_only_reason() if error.code == "readonly" else ""
            return api_error(error, where, title, reason)
        if isinstance(error, StillLagged):
            return WikiUnavailable(
                f"{where}: the wiki's database stayed lagged beyond maxlag {self._maxlag} s; the bot waited "
                f"{error.waited:g} s as the wiki asked (Retry-After {error.asked:g} s) within its "
                f"{self._timeout:g} s; try again later"
            )
        if isinstance(error, mwclient.errors.MaximumRetriesExceeded):
            return WikiUnavailable(f"{where}: the wiki stayed too busy (maxlag or server errors); try again later")
        if isinstance(error, requests.HTTPError) and error.response is not None:
            status = error.response.status_code
            if status == 429:
                return WikiRateLimited(f"{where}: the wiki asked the bot to slow down (HTTP 429); try again later")
            if status < 500:
                return WikiError(f"{where}: HTTP {status}; check that SUMMITBOT_WIKI_URL is the wiki's api.php")
            return WikiUnavailable(f"{where}: the wiki answered HTTP {status}; try again later")
        if isinstance(error, requests.Timeout):
            return WikiUnavailable(f"{where}: the wiki did not answer within {self._timeout:g} s; try again later")
        if isinstance(error, requests.ConnectionError):
            return WikiUnavailable(f"{where}: could not connect; check that the wiki is up and the URL is right")
        return WikiUnavailable(
            f"{where}: unexpected answer ({type(error).__name__}: {error}); "
            "check that SUMMITBOT_WIKI_URL is the wiki's api.php, then try again"
        )


def edit_flags(*, bot: bool) -> dict[str, str]:
    """What an edit asserts of its account: `assert=bot` (and `bot=1`, hidden from recent changes)
    for an account with the bot right, else `assert=user`; either fails if the session was lost."""
    return {"assert": "bot", "bot": "1"} if bot else {"assert": "user"}


def _retitled(page: Page, title: str) -> Page:
    """The page under the title it was asked for (the wiki answers with its normalized title)."""
    return Page(title, page.text, page.revision)


def split_api_url(url: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) for mwclient from an api.php address; `/w/api.php` gives `/w/`."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or not parts.path.endswith("/api.php"):
        raise ConfigError(
            f"the wiki URL must be the address of api.php, like https://wiki.example.org/w/api.php; got {url!r}"
        )
    return parts.scheme, parts.netloc, parts.path.removesuffix("api.php")
