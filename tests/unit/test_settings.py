"""Settings: the environment, the config file, which one wins, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import __version__
from bot.errors import ConfigError
from bot.settings import PROJECT_URL, CalDavAccount, Settings, SlackAccount, WikiAccount, load_settings, user_agent

URL = "http://127.0.0.1:8080/api.php"
WIKI_ENV = {
    "SUMMITBOT_WIKI_URL": URL,
    "SUMMITBOT_WIKI_USER": "SummitBot@summitbot",
    "SUMMITBOT_WIKI_PASSWORD": "s3cret-bot-password",
}


def config(tmp_path: Path, text: str) -> dict[str, str]:
    """An environment pointing at a config file holding `text` (and at an empty home)."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {"HOME": str(tmp_path / "home"), "SUMMITBOT_CONFIG": str(path)}


def test_nothing_configured_means_no_wiki(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path)})

    assert settings == Settings(wiki=None, contact=PROJECT_URL, config_file=None)


def test_the_wiki_from_the_environment_only(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path), **WIKI_ENV})

    assert settings.wiki == WikiAccount(URL, "SummitBot@summitbot", "s3cret-bot-password")
    assert settings.config_file is None


def test_the_wiki_and_contact_from_the_file_only(tmp_path: Path) -> None:
    environ = config(
        tmp_path,
        f'[wiki]\nurl = "{URL}"\nuser = "SummitBot@summitbot"\npassword = "from-file"\n\n'
        '[bot]\ncontact = "ops@example.org"\n\n[matrix]\ntoken = "for a later version"\n',
    )

    settings = load_settings(environ)

    assert settings.wiki == WikiAccount(URL, "SummitBot@summitbot", "from-file")
    assert settings.contact == "ops@example.org"
    assert settings.config_file == tmp_path / "config.toml"


def test_slack_from_the_file_and_slacks_own_variables(tmp_path: Path) -> None:
    environ = config(tmp_path, '[slack]\nbot_token = "xoxb-file"\nsigning_secret = "file-secret"\n')

    settings = load_settings({**environ, "SLACK_SIGNING_SECRET": "env-secret", "SLACK_APP_TOKEN": "xapp-env",
                              "SUMMITBOT_SLACK_API_URL": "http://127.0.0.1:9/api/"})  # fmt: skip

    assert settings.slack == SlackAccount("xoxb-file", "env-secret", "xapp-env", "http://127.0.0.1:9/api/")
    assert "xoxb" not in repr(settings)
    assert "secret" not in repr(settings)


def test_the_environment_overrides_the_file_key_by_key(tmp_path: Path) -> None:
    environ = config(tmp_path, f'[wiki]\nurl = "{URL}"\nuser = "FileBot@app"\npassword = "from-file"\n')

    settings = load_settings({**environ, "SUMMITBOT_WIKI_PASSWORD": "from-env", "SUMMITBOT_WIKI_USER": ""})

    assert settings.wiki == WikiAccount(URL, "FileBot@app", "from-env")


def test_the_default_file_is_under_xdg_config_home(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "summitbot"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[bot]\ncontact = "xdg"\n')

    settings = load_settings({"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xdg")})

    assert (settings.contact, settings.config_file) == ("xdg", folder / "config.toml")


def test_the_default_file_is_under_the_home_folder(tmp_path: Path) -> None:
    folder = tmp_path / ".config" / "summitbot"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[bot]\ncontact = "home"\n')

    assert load_settings({"HOME": str(tmp_path)}).contact == "home"


def test_a_missing_file_named_by_summitbot_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere\.toml: no such config file \(named by SUMMITBOT_CONFIG\)"):
        load_settings({"HOME": str(tmp_path), "SUMMITBOT_CONFIG": str(tmp_path / "nowhere.toml")})


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"SUMMITBOT_WIKI_URL": URL}, "missing user, password"),
        ({"SUMMITBOT_WIKI_URL": URL, "SUMMITBOT_WIKI_PASSWORD": "x"}, "missing user"),
        ({"SUMMITBOT_WIKI_PASSWORD": "x"}, "missing url, user"),
    ],
)
def test_a_half_configured_wiki_names_what_is_missing(tmp_path: Path, given: dict[str, str], missing: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"HOME": str(tmp_path), **given})

    message = str(error.value)
    assert f"the wiki is only half configured: {missing}; set " in message
    assert "SUMMITBOT_WIKI_USER or [wiki] user in ~/.config/summitbot/config.toml" in message


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    environ = config(tmp_path, "[wiki]\nurl = http://unquoted\n")

    with pytest.raises(ConfigError, match=rf"{tmp_path}/config\.toml: not valid TOML: .*line 2"):
        load_settings(environ)


def test_wrong_types_and_unknown_keys_are_all_reported(tmp_path: Path) -> None:
    environ = config(tmp_path, '[wiki]\nurl = 8080\nusr = "x"\n\n[bot]\ncontact = ["a"]\n')

    with pytest.raises(ConfigError) as error:
        load_settings(environ)

    assert str(error.value).splitlines() == [
        f"{tmp_path}/config.toml: [wiki] url must be text",
        f"{tmp_path}/config.toml: [wiki] usr is not a known key; expected url, user, password, timeout, tag, maxlag",
        f"{tmp_path}/config.toml: [bot] contact must be text",
    ]


def test_a_file_under_home_is_shown_with_a_tilde(tmp_path: Path) -> None:
    folder = tmp_path / ".config" / "summitbot"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("[wiki]\nurl = 1\n")

    with pytest.raises(ConfigError, match=r"^~/\.config/summitbot/config\.toml: \[wiki\] url must be text$"):
        load_settings({"HOME": str(tmp_path)})


def test_a_url_that_is_not_api_php_is_an_error(tmp_path: Path) -> None:
    environ = {"HOME": str(tmp_path), **WIKI_ENV, "SUMMITBOT_WIKI_URL": "https://wiki.example.org/wiki/Main_Page"}

    with pytest.raises(ConfigError, match=r"SUMMITBOT_WIKI_URL must be the address of api\.php"):
        load_settings(environ)


def test_the_password_never_reaches_a_repr(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path), **WIKI_ENV})

    assert "s3cret-bot-password" not in repr(settings)
    assert "s3cret-bot-password" not in repr(settings.wiki)
    assert "SummitBot@summitbot" in repr(settings.wiki)


def test_the_user_agent_names_the_bot_its_version_and_contact() -> None:
    assert user_agent(Settings()) == f"summitbot/{__version__} ({PROJECT_URL})"
    assert (
        user_agent(Settings(contact="ops@example.org")) == f"summitbot/{__version__} ({PROJECT_URL}; ops@example.org)"
    )


def test_caldav_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "HOME": str(tmp_path),
            "SUMMITBOT_CALDAV_URL": "http://127.0.0.1:5232/",
            "SUMMITBOT_CALDAV_USER": "summitbot",
            "SUMMITBOT_CALDAV_PASSWORD": "s3cret",
        }
    )

    assert settings.caldav == CalDavAccount("http://127.0.0.1:5232/", "summitbot", "s3cret")
    assert "s3cret" not in repr(settings)


def test_caldav_from_the_file_without_a_login(tmp_path: Path) -> None:
    environ = config(tmp_path, '[caldav]\nurl = "https://dav.example.org/calendars/summitbot/"\n')

    assert load_settings(environ).caldav == CalDavAccount("https://dav.example.org/calendars/summitbot/")


def test_caldav_half_configured_names_what_is_missing(tmp_path: Path) -> None:
    environ = config(tmp_path, '[caldav]\nurl = "http://127.0.0.1:5232/"\nuser = "summitbot"\n')

    with pytest.raises(ConfigError, match=r"missing password; set SUMMITBOT_CALDAV_PASSWORD or \[caldav\] password"):
        load_settings(environ)


def test_caldav_url_must_be_http(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SUMMITBOT_CALDAV_URL must be an http"):
        load_settings({"HOME": str(tmp_path), "SUMMITBOT_CALDAV_URL": "caldav.example.org"})


def test_each_server_gets_thirty_seconds_a_call_unless_told_otherwise(tmp_path: Path) -> None:
    environ = config(tmp_path, '[caldav]\nurl = "http://127.0.0.1:5232/"\ntimeout = 7.5\n')

    settings = load_settings({**environ, **WIKI_ENV, "SUMMITBOT_CALDAV_TIMEOUT": "", "SUMMITBOT_WIKI_TIMEOUT": "4"})

    assert settings.wiki == WikiAccount(URL, "SummitBot@summitbot", "s3cret-bot-password", timeout=4.0)
    assert settings.caldav == CalDavAccount("http://127.0.0.1:5232/", timeout=7.5)
    default = load_settings({"HOME": str(tmp_path), **WIKI_ENV}).wiki
    assert default is not None
    assert default.timeout == 30.0


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan", "inf"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused_naming_the_key(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=f"SUMMITBOT_WIKI_TIMEOUT or \\[wiki\\] timeout .* got '{value}'"):
        load_settings({"HOME": str(tmp_path), **WIKI_ENV, "SUMMITBOT_WIKI_TIMEOUT": value})
