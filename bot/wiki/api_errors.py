"""The API's error codes in the words of summitbot's errors: which mean "try again later", which
"you may not", which "read the page again"; and the message for each, naming what to do."""

from __future__ import annotations

from typing import Any

from bot.errors import (
    EditConflict,
    WikiError,
    WikiLoginFailed,
    WikiPermissionDenied,
    WikiRateLimited,
    WikiReadOnly,
    WikiUnavailable,
)

CONFLICT_CODES = {"editconflict", "articleexists", "missingtitle"}
DENIED_CODES = {
    *("protectedpage", "cascadeprotected", "permissiondenied", "blocked", "autoblocked"),
    *("protectedtitle", "protectednamespace", "protectednamespace-interface", "cantcreate", "noedit"),
    *("writeapidenied", "sitejsprotected", "sitecssprotected", "customjsprotected", "customcssprotected"),
}
TAG_CODES = {"tags-apply-not-allowed-one", "tags-apply-not-allowed-multi", "badtags"}
UNAVAILABLE_CODES = {"maxlag", "internal_api_error_DBConnectionError", "internal_api_error_DBQueryError"}
RENEW_CODES = {"badtoken", "assertuserfailed", "assertbotfailed", "notloggedin"}


def api_error(error: Any, where: str, title: str, read_only_reason: str = "") -> WikiError | EditConflict:  # noqa: PLR0911
    """The WikiError (or EditConflict) for an error code from the API, in words saying what to do;
    `read_only_reason`: why a read-only wiki is, as its administrators put it."""
    code, info = str(error.code), str(error.info)
    if code in CONFLICT_CODES:
        return EditConflict(f"{where}: {title!r} changed since it was read ({info}); read it again and retry")
    if code == "readonly":
        reason = f": {read_only_reason}" if read_only_reason else f" ({info})"
        return WikiReadOnly(f"{where}: the wiki is read-only for now{reason}; try again later")
    if code in TAG_CODES:
        return WikiError(
            f"{where}: the wiki refused the change tag ({code}: {info}); define it on Special:Tags and let the "
            "bot apply it, or unset SUMMITBOT_WIKI_TAG"
        )
    if code in DENIED_CODES:
        return WikiPermissionDenied(
            f"{where}: the bot may not edit {title!r} ({code}: {info}); ask a wiki administrator to "
            "unprotect the page or give the bot account the rights it needs"
        )
    if code == "ratelimited":
        return WikiRateLimited(f"{where}: the wiki asked the bot to slow down ({info}); try again later")
    if code in UNAVAILABLE_CODES:
        return WikiUnavailable(f"{where}: the wiki is overloaded ({code}: {info}); try again later")
    if code in RENEW_CODES:
        return WikiLoginFailed(f"{where}: the wiki dropped the bot's session twice ({code}); check the bot password")
    return WikiError(f"{where}: the wiki refused ({code}: {info})")
