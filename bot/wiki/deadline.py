"""The time one wiki call may take: a requests session with a deadline, and mwclient's retry
policy bounded by it.

mwclient retries a request after a connection error, a timeout or a server error, and after a
`maxlag` answer (the `X-Database-Lag` header) it sleeps as long as the wiki's Retry-After says;
with a per-request timeout alone a silent wiki costs (retries + 1) times the timeout and more.
Here the requests of one call share its deadline, and a retry that could not finish in time is
not begun. Server errors get a few short waits; a lagged wiki gets the wait it asks for, at
least LAG_WAIT seconds (API:Etiquette), as often as the deadline allows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import mwclient.errors
import requests

LONGEST_WAIT = 1.0  # seconds between two tries after a server error or a connection error
LAG_WAIT = 5.0  # the least wait after a maxlag answer (API:Etiquette: "at least 5 seconds")
MOST_LAG_WAITS = 20  # a bound even outside a deadline: a lagged wiki is not asked forever


class StillLagged(mwclient.errors.MaximumRetriesExceeded):  # type: ignore[misc]  # mwclient is untyped
    """The wiki's database stayed lagged (maxlag) for as long as the call could wait."""

    def __init__(self, waited: float, asked: float, args: object) -> None:
        super().__init__(waited, asked, args)
        self.waited = waited  # seconds spent waiting in all
        self.asked = asked  # the wait the wiki asked for last (Retry-After)


class DeadlineSession(requests.Session):
    """A requests session whose requests, inside `within`, share one deadline: each waits at most
    the time left, and none is sent once it has passed (requests.Timeout, as for a silent server)."""

    def __init__(self) -> None:
        super().__init__()
        self._deadline = threading.local()  # the sync loop and the minutes' publisher share the adapter

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Give the requests sent in the block `seconds` in all (an enclosing block's deadline stays)."""
        outer: float | None = getattr(self._deadline, "at", None)
        self._deadline.at = time.monotonic() + seconds if outer is None else outer
        try:
            yield
        finally:
            self._deadline.at = outer

    def time_left(self) -> float:
        """Seconds until the deadline (infinity outside `within`)."""
        at: float | None = getattr(self._deadline, "at", None)
        return float("inf") if at is None else at - time.monotonic()

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> requests.Response:
        """Send, waiting at most the time left for the connection and for each read."""
        left = self.time_left()
        if left <= 0:
            raise requests.Timeout(f"the call's time ran out before {method} {url}")
        if left != float("inf"):
            given = kwargs.get("timeout")
            kwargs["timeout"] = min(left, given) if isinstance(given, int | float) else left
        return super().request(method, url, *args, **kwargs)


class BoundedSleepers:
    """mwclient's retry policy with short waits: it would sleep as long as the wiki's Retry-After."""

    def __init__(self, retries: int, time_left: Callable[[], float]) -> None:
        self._retries = retries
        self._time_left = time_left

    def make(self, args: object = None) -> BoundedSleeper:
        """A fresh retry counter for one request."""
        return BoundedSleeper(self._retries, args, self._time_left)


class BoundedSleeper:
    """Counts the retries of one request and waits between them, never past the call's deadline:
    at most LONGEST_WAIT after an error, the wiki's Retry-After (at least LAG_WAIT) after maxlag."""

    def __init__(self, retries: int, args: object, time_left: Callable[[], float]) -> None:
        self._retries_left = retries
        self._lag_waits_left = MOST_LAG_WAITS
        self._args = args
        self._time_left = time_left
        self._waited = 0.0  # the last wait after an error
        self._lagged = 0.0  # the waits after maxlag, in all

    def sleep(self, min_time: float = 0) -> None:
        """Wait before the next try, or raise MaximumRetriesExceeded (StillLagged after maxlag)
        when no try is left. mwclient passes the Retry-After as `min_time` only after maxlag."""
        if float(min_time) > 0:
            self._sleep_lagged(float(min_time))
            return
        wait = min(self._waited * 2 or 0.25, LONGEST_WAIT)
        if self._retries_left <= 0 or wait >= self._time_left():
            raise mwclient.errors.MaximumRetriesExceeded(self, self._args)
        self._retries_left -= 1
        self._waited = wait
        time.sleep(wait)

    def _sleep_lagged(self, asked: float) -> None:
        wait = max(asked, LAG_WAIT)
        if self._lag_waits_left <= 0 or wait >= self._time_left():
            raise StillLagged(self._lagged, asked, self._args)
        self._lag_waits_left -= 1
        self._lagged += wait
        time.sleep(wait)
