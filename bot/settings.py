"""Configuration from the environment and an optional TOML file kept outside the repository.

The file is `$SUMMITBOT_CONFIG`, else `$XDG_CONFIG_HOME/summitbot/config.toml`, else
`~/.config/summitbot/config.toml`; its sections are `[wiki] url, user, password, timeout, tag`,
`[caldav] url, user, password, timeout`, `[slack] bot_token, signing_secret, app_token, api_url`,
`[bot] contact, public_url`. Each environment variable overrides the matching key of the file;
Slack's follow Slack's own conventions (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN).

Two keys shape how the bot presents itself to the wiki. `SUMMITBOT_CONTACT` (`[bot] contact`):
how a wiki's administrators reach the bot's operator (an e-mail address or a User: page), put in
the User-Agent of every request as API:Etiquette asks; without it the project's address stands
alone. `SUMMITBOT_WIKI_TAG` (`[wiki] tag`): a change tag sent with every edit (`tags=`), so the
wiki's recent changes can filter the bot's edits; it must be defined on the wiki (Special:Tags)
and the bot allowed to apply it. Unset, no tag is sent. `SUMMITBOT_WIKI_MAXLAG` (`[wiki] maxlag`,
5 by default): the replication lag in seconds above which the wiki is asked to refuse the bot and
say when to come back (tests set -2, which every wiki exceeds).
Sections this version does not know are left alone for the versions that do. A file holding a
password, token or secret that other users may read is still used, with a warning (as ssh warns
of a key file others can read): `chmod 600` it.
"""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot import __version__
from bot.errors import ConfigError

PROJECT_URL = "https://github.com/summitbot/summitbot"
# (section, key) -> the environment variable that overrides it
ENVIRONMENT = {
    ("wiki", "url"): "SUMMITBOT_WIKI_URL",
    ("wiki", "user"): "SUMMITBOT_WIKI_USER",
    ("wiki", "password"): "SUMMITBOT_WIKI_PASSWORD",
    ("wiki", "timeout"): "SUMMITBOT_WIKI_TIMEOUT",
    ("wiki", "tag"): "SUMMITBOT_WIKI_TAG",
    ("wiki", "maxlag"): "SUMMITBOT_WIKI_MAXLAG",
    ("caldav", "url"): "SUMMITBOT_CALDAV_URL",
    ("caldav", "user"): "SUMMITBOT_CALDAV_USER",
    ("caldav", "password"): "SUMMITBOT_CALDAV_PASSWORD",
    ("caldav", "timeout"): "SUMMITBOT_CALDAV_TIMEOUT",
    ("slack", "bot_token"): "SLACK_BOT_TOKEN",
    ("slack", "signing_secret"): "SLACK_SIGNING_SECRET",
    ("slack", "app_token"): "SLACK_APP_TOKEN",
    ("slack", "api_url"): "SUMMITBOT_SLACK_API_URL",
    ("bot", "contact"): "SUMMITBOT_CONTACT",
    ("bot", "public_url"): "SUMMITBOT_PUBLIC_URL",
}
WIKI_KEYS = ("url", "user", "password")
CALDAV_KEYS = ("url", "user", "password")
SLACK_KEYS = ("bot_token", "signing_secret", "app_token", "api_url")
DEFAULT_TIMEOUT = 30.0  # seconds a call to the wiki or the CalDAV server may take, retries included
DEFAULT_MAXLAG = 5  # seconds of replication lag after which a well-behaved bot waits (API:Etiquette)
SECRET_KEYS = {("wiki", "password"), ("caldav", "password"), ("slack", "bot_token"), ("slack", "signing_secret"),
               ("slack", "app_token")}  # fmt: skip


@dataclass(frozen=True)
class WikiAccount:
    """Where the bot edits and as whom: the api.php address and a bot-password login, how long
    one call may take in all (seconds, retries and maxlag waits included) before the wiki counts
    as down, the change tag its edits carry (None: none) and the `maxlag` its requests send."""

    url: str
    user: str
    password: str = field(repr=False)
    timeout: float = DEFAULT_TIMEOUT
    tag: str | None = None
    maxlag: int = DEFAULT_MAXLAG


@dataclass(frozen=True)
class CalDavAccount:
    """The CalDAV server the bot publishes calendars to: its address (or the account's calendar
    home), a login (user and password may be empty for a server without authentication), and how
    long one request may wait for an answer (seconds)."""

    url: str
    user: str = ""
    password: str = field(default="", repr=False)
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class SlackAccount:
    """The Slack app: its bot token, the signing secret (HTTP mode), the app-level token (Socket
    Mode), and the Web API's address when it is not Slack's own (tests and the demo)."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything configurable: the wiki, CalDAV and Slack accounts (None when not set up), a
    contact, and the address people reach `serve` at (for feed links)."""

    wiki: WikiAccount | None = None
    caldav: CalDavAccount | None = None
    contact: str = PROJECT_URL
    config_file: Path | None = None
    slack: SlackAccount | None = None
    public_url: str | None = None


def load_settings(environ: Mapping[str, str] | None = None, warn: Callable[[str], None] | None = None) -> Settings:
    """Read the config file (if any) and the environment; raise ConfigError naming every mistake.

    `warn` is told about a config file holding a secret that others may read (default: stderr).
    """
    environ = os.environ if environ is None else environ
    home = Path(environ.get("HOME") or Path.home())
    path = _config_path(environ, home)
    shown = _shown(path, home)
    found = path.is_file()
    values = _read_file(path, shown) if found else {}
    if found and SECRET_KEYS & values.keys():
        _warn_if_readable(path, shown, warn or _on_stderr)
    for (section, key), variable in ENVIRONMENT.items():
        if environ.get(variable):  # an empty variable counts as unset, as in most tools
            values[section, key] = environ[variable]
    wiki = _wiki_account(values, environ, shown)
    caldav = _caldav_account(values, environ, shown)
    contact = values.get(("bot", "contact"), PROJECT_URL)
    slack = _slack_account(values)
    return Settings(
        wiki=wiki, caldav=caldav, contact=contact, config_file=path if found else None, slack=slack,
        public_url=values.get(("bot", "public_url")),
    )  # fmt: skip


def user_agent(settings: Settings) -> str:
    """The User-Agent for every request: the bot, its version and how to reach its operator."""
    contact = PROJECT_URL if settings.contact == PROJECT_URL else f"{PROJECT_URL}; {settings.contact}"
    return f"summitbot/{__version__} ({contact})"


def _config_path(environ: Mapping[str, str], home: Path) -> Path:
    """The config file to read (the default one need not exist; one named by the user must)."""
    named = environ.get("SUMMITBOT_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(f"{_shown(path, home)}: no such config file (named by SUMMITBOT_CONFIG)")
        return path
    base = Path(environ["XDG_CONFIG_HOME"]) if environ.get("XDG_CONFIG_HOME") else home / ".config"
    return base / "summitbot" / "config.toml"


def _read_file(path: Path, shown: str) -> dict[tuple[str, str], str]:
    """The known keys of the file as (section, key) -> text; every mistake in one ConfigError."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: not valid TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{shown}: cannot be read: {error}") from error
    known = {"wiki": (*WIKI_KEYS, "timeout", "tag", "maxlag"), "caldav": (*CALDAV_KEYS, "timeout"), "slack": SLACK_KEYS,
             "bot": ("contact", "public_url")}  # fmt: skip
    values: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for section, keys in known.items():
        table: Any = document.get(section, {})
        if not isinstance(table, dict):
            problems.append(f"{shown}: [{section}] must be a section (a table), not a single value")
            continue
        for key, value in table.items():
            if key not in keys:
                problems.append(f"{shown}: [{section}] {key} is not a known key; expected {', '.join(keys)}")
            elif key in {"timeout", "maxlag"} and isinstance(value, int | float) and not isinstance(value, bool):
                values[section, key] = str(value)
            elif not isinstance(value, str):
                problems.append(f"{shown}: [{section}] {key} must be text")
            else:
                values[section, key] = value
    if problems:
        raise ConfigError("\n".join(problems))
    return values


def _wiki_account(values: Mapping[tuple[str, str], str], environ: Mapping[str, str], shown: str) -> WikiAccount | None:
    """The wiki account when url, user and password are all given; None when none of them is."""
    given = {key: values[("wiki", key)] for key in WIKI_KEYS if ("wiki", key) in values}
    if not given:
        return None
    missing = [key for key in WIKI_KEYS if key not in given]
    if missing:
        advice = "; ".join(f"{ENVIRONMENT['wiki', key]} or [wiki] {key} in {shown}" for key in missing)
        raise ConfigError(f"the wiki is only half configured: missing {', '.join(missing)}; set {advice}")
    url = given["url"]
    parts = urlsplit(url)
    source = "SUMMITBOT_WIKI_URL" if environ.get("SUMMITBOT_WIKI_URL") else f"{shown}: [wiki] url"
    if parts.scheme not in {"http", "https"} or not parts.netloc or not parts.path.endswith("/api.php"):
        raise ConfigError(f"{source} must be the address of api.php, like http://127.0.0.1:8080/api.php; got {url!r}")
    timeout = _timeout(values, "wiki", shown)
    tag = values.get(("wiki", "tag"), "").strip() or None
    maxlag = _maxlag(values, shown)
    user, password = given["user"], given["password"]
    return WikiAccount(url=url, user=user, password=password, timeout=timeout, tag=tag, maxlag=maxlag)


def _caldav_account(
    values: Mapping[tuple[str, str], str], environ: Mapping[str, str], shown: str
) -> CalDavAccount | None:
    """The CalDAV account when its url is given (a user needs a password, and the other way round)."""
    given = {key: values[("caldav", key)] for key in CALDAV_KEYS if ("caldav", key) in values}
    if not given:
        return None
    if "url" not in given:
        raise ConfigError(f"CalDAV is only half configured: set SUMMITBOT_CALDAV_URL or [caldav] url in {shown}")
    if ("user" in given) != ("password" in given):
        missing = "password" if "user" in given else "user"
        raise ConfigError(
            f"CalDAV is only half configured: missing {missing}; set {ENVIRONMENT['caldav', missing]} "
            f"or [caldav] {missing} in {shown}"
        )
    url = given["url"]
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        source = "SUMMITBOT_CALDAV_URL" if environ.get("SUMMITBOT_CALDAV_URL") else f"{shown}: [caldav] url"
        raise ConfigError(f"{source} must be an http(s) address, like http://127.0.0.1:5232/; got {url!r}")
    timeout = _timeout(values, "caldav", shown)
    return CalDavAccount(url=url, user=given.get("user", ""), password=given.get("password", ""), timeout=timeout)


def _timeout(values: Mapping[tuple[str, str], str], section: str, shown: str) -> float:
    """The section's timeout in seconds (DEFAULT_TIMEOUT when not given); above 0."""
    text = values.get((section, "timeout"))
    if text is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise ConfigError(
            f"{ENVIRONMENT[section, 'timeout']} or [{section}] timeout in {shown} must be a number of seconds "
            f"above 0, like 30; got {text!r}"
        )
    return seconds


def _maxlag(values: Mapping[tuple[str, str], str], shown: str) -> int:
    """The wiki's maxlag in whole seconds (DEFAULT_MAXLAG when not given)."""
    text = values.get(("wiki", "maxlag"))
    if text is None:
        return DEFAULT_MAXLAG
    try:
        return int(text)
    except ValueError:
        raise ConfigError(
            f"SUMMITBOT_WIKI_MAXLAG or [wiki] maxlag in {shown} must be a whole number of seconds, like 5; got {text!r}"
        ) from None


def _slack_account(values: Mapping[tuple[str, str], str]) -> SlackAccount | None:
    """The Slack app when a bot token is given (what `serve` needs beyond it, it checks itself)."""
    token = values.get(("slack", "bot_token"))
    if not token:
        return None
    return SlackAccount(
        bot_token=token, signing_secret=values.get(("slack", "signing_secret")),
        app_token=values.get(("slack", "app_token")), api_url=values.get(("slack", "api_url")),
    )  # fmt: skip


def _warn_if_readable(path: Path, shown: str, warn: Callable[[str], None]) -> None:
    """Warn when users other than the owner may read (or change) a file that holds a secret."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        warn(f"{shown} holds a password or token and other users may read it (mode {mode:04o}): run chmod 600 {shown}")


def _on_stderr(message: str) -> None:
    print(f"summitbot: warning: {message}", file=sys.stderr)


def _shown(path: Path, home: Path) -> str:
    """The path as people write it: under the home folder it starts with ~."""
    try:
        return f"~/{path.resolve().relative_to(home.resolve())}"
    except ValueError:
        return str(path)
