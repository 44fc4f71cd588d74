"""Throughput with wrk (Debian package `wrk`): a C load generator, so the client is not the
bottleneck (the Python generator in loadgen.py tops out near 2,600 requests/s here).

A Lua script cycles through the given queries as GET ?query=...; with bust_cache each request
appends a unique SPARQL comment, so every request is a different query text and hmkg's
answer cache never answers it (engine figures); without, repeated queries may be cached.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

ACCEPT = "application/sparql-results+json"
THREADS = 2  # one per core: wrk's threads share the machine with the servers


def ensure_wrk() -> str:
    """Return the wrk binary, installing the Debian package when it is missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)
    return shutil.which("wrk") or "/usr/bin/wrk"


@dataclass
class WrkResult:
    """One wrk run: answered (2xx) requests per second, errors, latency percentiles (ms)."""

    rps: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float

    @property
    def answered(self) -> int:
        """Return how many requests were answered (2xx or 3xx, no socket error)."""
        return max(0, self.requests - self.errors)


def run_wrk(url: str, queries: list[str], *, connections: int = 8, duration: float = 10.0,
            bust_cache: bool = True) -> WrkResult:
    """Run wrk against a SPARQL endpoint URL with the queries, round robin."""
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"wrk only talks to loopback here, not {url}")
    paths = [f"{parts.path}?query={quote(q, safe='')}" for q in queries]
    script = _script(paths, bust_cache)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        done = subprocess.run(
            [ensure_wrk(), f"-t{min(THREADS, connections)}", f"-c{connections}",
             f"-d{max(1, round(duration))}s", "--latency", "-s", handle.name,
             f"{parts.scheme}://{parts.netloc}"],
            capture_output=True, text=True, timeout=duration + 60)
    finally:
        Path(handle.name).unlink()
    return _parse(done.stdout)


def _script(paths: list[str], bust_cache: bool) -> str:
    """Return the Lua script: round robin over the paths, optionally with a unique comment."""
    table = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    bust = "true" if bust_cache else "false"
    return f"""
local paths = {{ {table} }}
local bust = {bust}
local n = 0
local tag = 0
function init(args)
  math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
  tag = math.random(1, 1000000000)
end
function request()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if bust then path = path .. "%0A%23" .. tag .. "-" .. n end
  return wrk.format("GET", path, {{ ["Accept"] = "{ACCEPT}" }})
end
"""


def _parse(output: str) -> WrkResult:
    """Read requests/s, non-2xx and socket errors, and latency percentiles from wrk's text."""
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", output) or "nan")
    requests = int(_find(r"(\d+) requests in", output) or 0)
    errors = int(_find(r"Non-2xx or 3xx responses:\s+(\d+)", output) or 0)
    socket = _find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                   output, group=None)
    if socket:
        errors += sum(int(n) for n in socket)
    answered = max(0, requests - errors)
    return WrkResult(rps * answered / requests if requests else 0.0,  # errors do not count
                     requests, errors, _latency("50%", output), _latency("99%", output))


def _find(pattern: str, text: str, group: int | None = 1):
    """Return the first match's group (or all groups when group is None), else None."""
    match = re.search(pattern, text)
    if not match:
        return None
    return match.groups() if group is None else match.group(group)


def _latency(label: str, output: str) -> float:
    """Return a latency percentile in ms from wrk's --latency table."""
    match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
