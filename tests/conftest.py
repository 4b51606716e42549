"""Shared fixtures: copies of the example agendas, a state store, and the real `summitbot` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.sync.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "agendas"
MINI_SUMMIT = "containers-mini-summit-2008.yaml"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def agendas(tmp_path: Path) -> Path:
    """A folder holding fresh copies of the example agendas (and their schema)."""
    folder = tmp_path / "agendas"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    """An empty state store in the test's folder."""
    return StateStore(tmp_path / "state.sqlite3")


@pytest.fixture
def summitbot() -> Run:
    """Runs the real command line (`python -m bot ...`) and returns the finished process."""

    def run(
        *arguments: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", *map(str, arguments)]
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SUMMITBOT_")} | (env or {})
        return subprocess.run(
            command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=60, check=False
        )

    return run
