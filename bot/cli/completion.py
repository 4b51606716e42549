"""`summitbot completion SHELL`: print a tab-completion script for bash or zsh.

The script is generated from the command's own argparse parser by shtab, once, when this command
runs; it is static, so pressing TAB never starts Python. Subcommands and options complete by name,
AGENDA arguments to YAML files (and directories to reach them), other file arguments to any file.
shtab is imported only here, so no other command pays for it.
"""

from __future__ import annotations

import argparse
from typing import Any

Subcommands = Any  # argparse's _SubParsersAction is private
SHELLS = ("bash", "zsh")
_INSTALL = """\
Install for bash (each new shell, or once for the user):
  eval "$(summitbot completion bash)"                  # in ~/.bashrc
  summitbot completion bash > ~/.local/share/bash-completion/completions/summitbot
Install for zsh (a directory on $fpath, then compinit):
  summitbot completion zsh > ~/.zfunc/_summitbot        # with fpath+=(~/.zfunc) before compinit in ~/.zshrc"""


def add_completion_commands(commands: Subcommands) -> None:
    """Register completion."""
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh) for summitbot",
        description="Print a tab-completion script for SHELL on stdout: subcommands and options complete by "
        "name, AGENDA arguments to *.yaml and *.yml files. The script is static: TAB never runs summitbot.",
        epilog=_INSTALL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash or zsh")
    completion.set_defaults(run=_completion)


def _completion(arguments: argparse.Namespace) -> int:
    import shtab

    from bot.cli import build_parser

    parser = build_parser()
    agendas, files, folders = shtab.glob("*.yaml", "*.yml"), shtab.FILE, shtab.DIRECTORY
    for action in _actions(parser):
        if action.metavar == "AGENDA":
            action.complete = agendas  # type: ignore[attr-defined]
        elif action.metavar == "DIR":
            action.complete = folders  # type: ignore[attr-defined]
        elif action.type is not None and getattr(action.type, "__name__", "") == "Path":
            action.complete = files  # type: ignore[attr-defined]
    print(shtab.complete(parser, shell=arguments.shell))
    return 0


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of `parser` and of its subcommands."""
    found: list[argparse.Action] = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found.extend(_actions(child))
    return found
