"""Run `hmkg serve` (granian) in a child process for real-HTTP tests, and stop it afterwards.

Shared by tests/web, tests/face and tests/remote, which import it by name (tests/ is on
sys.path because tests/conftest.py lives there).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def hmkg_serve(options: list[str], log: Path, env: Mapping[str, str] | None = None,
               limit: float = 90) -> Iterator[str]:
    """Run `hmkg serve OPTIONS` on a free port; yield its base URL once /sparql answers."""
    port = free_port()
    command = [sys.executable, "-m", "hmkg", "serve", "--port", str(port), *options]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log, limit)
        yield url
    finally:
        _stop(process)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, limit: float) -> None:
    """Poll the server with ASK {} until it answers, failing loudly if it dies or stalls."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"hmkg serve exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"hmkg serve did not answer within {limit} s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    """Stop granian, its workers and their query processes (one process group), killing them if
    they linger."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
