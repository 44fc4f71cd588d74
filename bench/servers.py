"""Start and stop the servers the bench compares, all bound to 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from loadgen import Client

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PEERS_VENV = BENCH / ".venv-peers"
SHAPES_GRAPH = "<https://w3id.org/hmkg/graph/shapes>"
# HTTP worker processes for hmkg: one per core up to two (hmkg.web.serve.default_workers).
HMKG_WORKERS = 2
GUNICORN_THREADS = 8  # as hmkg.web.serve ran gunicorn (gthread) before granian
GRANIAN_THREADS = 8  # blocking threads per granian worker: requests wait on query processes
HMKG_SERVERS = ("serve", "gunicorn", "granian")
LOOKUP = ("SELECT ?label WHERE { <https://w3id.org/hmkg/id/report/hsdr-2-14> "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")


class Unavailable(RuntimeError):
    """A peer server cannot be started on this machine; the message says why."""


@dataclass
class Server:
    """A running server: its name, SPARQL endpoint URL and process."""

    name: str
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        """Stop the server and everything it started (its own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def rss_mb(self) -> float:
        """Return the resident memory of the server's whole process tree, in MB."""
        return tree_memory_kb(self.process.pid) / 1024

    def cpu_seconds(self) -> float:
        """Return the user + system CPU time used so far by the server's live process tree."""
        return sum(self.cpu_ticks().values()) / os.sysconf("SC_CLK_TCK")

    def cpu_ticks(self, argument: str = "") -> CpuTicks:
        """Return the CPU ticks of each process of the server's tree (tree_cpu_ticks)."""
        return tree_cpu_ticks(self.process.pid, argument)

    def pss_mb(self) -> float:
        """Return the proportional set size of the server's process tree, in MB."""
        return tree_memory_kb(self.process.pid, "Pss", "smaps_rollup") / 1024


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_pids(root: int) -> list[int]:
    """Return a process and its descendants (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_memory_kb(root: int, field: str = "VmRSS", source: str = "status") -> int:
    """Sum one /proc/<pid>/<source> field (kB) over a process tree.

    VmRSS (status) counts a page shared by several processes once per process; Pss
    (smaps_rollup) divides it between them, so it adds up to the memory really used.
    """
    total = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


CpuTicks = dict[tuple[int, int], int]  # (pid, start time) -> user + system clock ticks


def tree_cpu_ticks(root: int, argument: str = "") -> CpuTicks:
    """Return the user + system CPU ticks (/proc/<pid>/stat utime, stime) of each process of a
    tree, or of those with `argument` among their command-line arguments, keyed by pid and
    start time: a process that ended and a new one given its pid are told apart."""
    ticks: CpuTicks = {}
    for pid in tree_pids(root):
        try:
            if argument and argument.encode() not in \
                    Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks[(pid, int(fields[19]))] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks


def cpu_seconds_between(before: CpuTicks, after: CpuTicks) -> float | None:
    """Return the CPU seconds the processes used between two readings, or None when a process
    ended or started in between (the ended one's last ticks are unknown, and a new one's
    include its start-up, such as a query worker loading the store)."""
    if before.keys() != after.keys():
        return None
    return sum(after[key] - before[key] for key in after) / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 120.0) -> float:
    """Poll the lookup query until it is answered; return the seconds waited."""
    started, client = time.perf_counter(), Client(url, timeout=5)
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server at {url} exited with {process.returncode}")
        status, _ = client.query(LOOKUP)
        if status == 200:
            client.close()
            return time.perf_counter() - started
        time.sleep(0.01)
    raise RuntimeError(f"server at {url} not ready after {timeout} s")


def _spawn(args: list[str], env: dict | None = None, log: Path | None = None) -> subprocess.Popen:
    """Start a process in its own group, output to a log file."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    return subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)


def start_hmkg(dist: Path, env: dict | None = None, log: Path | None = None,
               server: str = "serve") -> tuple[Server, float]:
    """Start hmkg on the release; return it and its cold start (spawn to first answer).

    "serve" is `hmkg serve` as users run it (granian, default workers, engine opened before
    the first request). "gunicorn" and "granian" start the WSGI app (bench/hmkg_wsgi.py)
    directly, to compare the two HTTP servers on the same app: gunicorn is the "before" row.
    """
    port = free_port()
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "server"), str(BENCH),
                                               os.environ.get("PYTHONPATH")]))
    if server == "serve":
        args = [sys.executable, "-m", "hmkg", "serve", "--host", "127.0.0.1", "--port",
                str(port), "--dist", str(dist)]
    elif server == "gunicorn":
        args = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                "--workers", str(HMKG_WORKERS), "--worker-class", "gthread",
                "--threads", str(GUNICORN_THREADS), "--limit-request-line", "0",
                "--no-control-socket", "hmkg_wsgi:app"]
    elif server == "granian":
        args = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                "--port", str(port), "--workers", str(HMKG_WORKERS), "--blocking-threads",
                str(GRANIAN_THREADS), "--no-access-log", "--working-dir", str(BENCH),
                "hmkg_wsgi:app"]
    else:
        raise ValueError(f"unknown HTTP server {server!r}: {', '.join(HMKG_SERVERS)}")
    started = time.perf_counter()
    process = _spawn(args, {"PYTHONPATH": pythonpath, "HMKG_DIST": str(dist),
                            "HMKG_PUBLIC_URL": f"http://127.0.0.1:{port}", **(env or {})}, log)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ready(url, process)
    return Server(hmkg_name(server), url, process), time.perf_counter() - started


def start_flask_floor() -> Server:
    """Start bench/flask_floor.py under granian with hmkg serve's workers and threads."""
    port = free_port()
    process = _spawn([sys.executable, "-m", "granian", "--interface", "wsgi", "--host",
                      "127.0.0.1", "--port", str(port), "--workers", str(HMKG_WORKERS),
                      "--blocking-threads", str(GRANIAN_THREADS), "--no-access-log",
                      "--working-dir", str(BENCH), "flask_floor:app"])
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ready(url, process)
    return Server("flask-floor", url, process)


def hmkg_name(server: str) -> str:
    """Name hmkg's row for the HTTP server it runs under: "hmkg" for `hmkg serve` (what users
    run), "hmkg-gunicorn" / "hmkg-granian" for the bare WSGI app under that server."""
    return "hmkg" if server == "serve" else f"hmkg-{server}"


def served_dump(dist: Path, work: Path) -> Path:
    """Write the release's N-Quads without the shapes graph (hmkg does not serve it)."""
    work.mkdir(parents=True, exist_ok=True)
    dump = work / "served.nq"
    with (dist / "hmkg.nq").open(encoding="utf-8") as src, dump.open("w", encoding="utf-8") as out:
        for line in src:
            if not line.rstrip().endswith(SHAPES_GRAPH + " ."):
                out.write(line)
    return dump


def start_oxigraph(dump: Path, work: Path, log: Path | None = None) -> Server:
    """Load the dump into an Oxigraph store and serve it read-only, union default graph."""
    binary = str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).is_file():
        raise Unavailable(f"no Oxigraph server binary at {binary} (PyPI package oxigraph, "
                          "in the bench extra)")
    location = work / "oxigraph-store"
    if location.exists():
        subprocess.run(["rm", "-rf", str(location)], check=True)
    subprocess.run([binary, "load", "--location", str(location), "--file", str(dump)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    process = _spawn([binary, "serve-read-only", "--location", str(location), "--bind",
                      f"127.0.0.1:{port}", "--union-default-graph"], log=log)
    url = f"http://127.0.0.1:{port}/query"
    wait_ready(url, process)
    return Server("oxigraph", url, process)


def ensure_peers_venv() -> Path:
    """Create bench/.venv-peers with rdflib-endpoint (pip, from PyPI) unless it exists."""
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import rdflib_endpoint, uvicorn"],
                           capture_output=True)
    if probe.returncode != 0:
        pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "rdflib-endpoint",
                              "uvicorn"], capture_output=True, text=True)
        if pip.returncode != 0:
            last = (pip.stderr.strip().splitlines() or ["no output"])[-1]
            raise Unavailable(f"pip could not install rdflib-endpoint into {PEERS_VENV}: {last}")
    return python


def start_rdflib_endpoint(dump: Path, log: Path | None = None) -> Server:
    """Serve the dump with rdflib-endpoint from the peers' own environment."""
    python = ensure_peers_venv()
    port = free_port()
    process = _spawn([str(python), str(BENCH / "peer_rdflib.py"), str(dump), str(port)], log=log)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ready(url, process)
    return Server("rdflib-endpoint", url, process)
