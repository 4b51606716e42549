"""bot.progress: a line on a terminal, nothing on a pipe or with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading

from bot import console
from bot.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_on_a_pipe() -> None:
    stream = io.StringIO()
    with progress("Publishing", total=3, stream=stream) as step:
        for _ in range(3):
            step()
    assert stream.getvalue() == ""


def test_nothing_with_quiet() -> None:
    stream = _Terminal()
    console.set_level(console.QUIET)
    try:
        with progress("Publishing", total=3, stream=stream) as step:
            step(3)
    finally:
        console.set_level(console.NORMAL)
    assert stream.getvalue() == ""


def test_counts_from_many_threads_and_clears_the_line() -> None:
    stream = _Terminal()
    with progress("Publishing", total=400, stream=stream) as step:
        threads = [threading.Thread(target=lambda: [step() for _ in range(100)]) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    text = stream.getvalue()
    assert "Publishing: 400/400 (100%)" in text
    assert text.endswith("\r")  # the last draw is wiped, so the report starts on a clean line
    assert text.split("\r")[-2].strip() == ""


def test_on_a_real_terminal() -> None:
    """Through a pseudo-terminal, as a user at a shell sees it."""
    code = (
        "from bot.progress import progress\n"
        "with progress('Writing', total=2) as step:\n"
        "    step(); step()\n"
        "print('done')\n"
    )
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=follower, stdout=follower, stderr=follower, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    seen = b"".join(chunks).decode()
    assert "Writing: 2/2 (100%)" in seen
    assert seen.rstrip().endswith("done")
