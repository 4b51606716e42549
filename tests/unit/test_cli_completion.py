"""`summitbot completion bash|zsh`: a static script that completes commands, options and agendas.

The bash script is sourced into a real bash, and its completion function is driven the way bash
drives it on TAB (COMP_WORDS, COMP_CWORD), so what is checked is what a user at a shell gets.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

_DRIVE = """\
source "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_shtab_summitbot summitbot "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "${COMPREPLY[@]}"
"""


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = subprocess.run(
        [sys.executable, "-m", "bot", "completion", "bash"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    path = tmp_path_factory.mktemp("completion") / "summitbot.bash"
    path.write_text(made.stdout)
    return path


def _offered(script: Path, *words: str, cwd: Path = ROOT) -> list[str]:
    """What bash offers on TAB after `words` (the last one is being typed)."""
    bash = shutil.which("bash")
    assert bash, "bash is needed to test its completion"
    done = subprocess.run(
        [bash, "-c", _DRIVE, "drive", str(script), "summitbot", *words],
        cwd=cwd, capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if line]


def test_bash_offers_every_command(bash_script: Path) -> None:
    offered = _offered(bash_script, "")
    assert {"check", "show", "sync", "conflicts", "ics", "export", "minutes", "completion"} <= set(offered)
    assert _offered(bash_script, "co") == ["conflicts", "completion"]


def test_bash_offers_the_options_of_a_command_and_the_global_ones(bash_script: Path) -> None:
    assert {"--dry-run", "--json", "--help"} <= set(_offered(bash_script, "sync", "--"))
    assert {"--quiet", "--verbose", "--version", "--debug"} <= set(_offered(bash_script, "--"))
    assert _offered(bash_script, "ics", "a.yaml", "--pe") == ["--person"]


def test_bash_offers_the_choices_of_an_option(bash_script: Path) -> None:
    assert _offered(bash_script, "export", "a.yaml", "--format", "") == ["frab", "json"]
    assert _offered(bash_script, "completion", "") == ["bash", "zsh"]


def test_an_agenda_argument_completes_to_yaml_files_and_folders(bash_script: Path, tmp_path: Path) -> None:
    for name in ("xen.yaml", "kvm.yml", "notes.txt"):
        (tmp_path / name).write_text("")
    (tmp_path / "older").mkdir()
    assert sorted(_offered(bash_script, "check", "", cwd=tmp_path)) == ["kvm.yml", "older", "xen.yaml"]
    assert _offered(bash_script, "sync", "x", cwd=tmp_path) == ["xen.yaml"]


def test_zsh_gets_a_compdef_script_with_agenda_globs(summitbot: Run) -> None:
    made = summitbot("completion", "zsh")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("#compdef summitbot")
    assert "_files -g '(*.yaml|*.yml)'" in made.stdout
    zsh = shutil.which("zsh")
    if zsh:  # not installed on every machine; the script must at least parse where it is
        subprocess.run([zsh, "-n", "-c", made.stdout], check=True, timeout=30)


def test_an_unknown_shell_is_a_usage_error(summitbot: Run) -> None:
    wrong = summitbot("completion", "fish-and-chips")
    assert wrong.returncode == 2
    assert "invalid choice" in wrong.stderr


def test_other_commands_do_not_load_shtab() -> None:
    code = "import sys; from bot.cli import build_parser; build_parser(); print('shtab' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_every_json_flag_and_the_completion_command_are_documented() -> None:
    from bot.cli import build_parser  # noqa: PLC0415 - the parser, as `summitbot` builds it

    readme = (ROOT / "README.md").read_text()
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    with_json = [name for name, parser in commands.choices.items() if "--json" in parser._option_string_actions]
    assert sorted(with_json) == ["check", "conflicts", "minutes", "roadmap", "show", "sync"]
    for name in with_json:
        assert f"`{name} --json`" in readme, name
        assert "JSON" in (commands.choices[name]._option_string_actions["--json"].help or ""), name
        assert name in (build_parser().epilog or ""), name
    assert "summitbot completion bash" in readme
    assert "summitbot completion zsh" in readme
    assert "completion" in build_parser().format_help()
