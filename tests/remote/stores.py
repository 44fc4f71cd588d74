"""Start and stop private triplestores on 127.0.0.1: Virtuoso Open Source and Oxigraph server.

Each runs from its own temporary folder on free ports and is killed (its whole process group)
when stopped, so tests and the bench never touch a system-wide instance.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VIRTUOSO = "virtuoso-t"
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
VIRTUOSO_VAD = Path("/usr/share/virtuoso-opensource-7/vad")
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # a fresh database's administrator
ROOT = Path(__file__).resolve().parents[2]
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


@dataclass
class Store:
    """A running store: where to query, update and load it, and how to log in."""

    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    process: subprocess.Popen
    user: str | None = None
    password: str | None = None
    log: Path | None = None
    extra: dict = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the server (its process group), forcefully if it lingers."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def virtuoso_available() -> bool:
    """Tell whether the Virtuoso server binary is installed (Debian: virtuoso-opensource)."""
    return shutil.which(VIRTUOSO) is not None and VIRTUOSO_VSP.is_dir()


def _virtuoso_ini(folder: Path, isql_port: int, http_port: int) -> str:
    """Return a virtuoso.ini keeping every file in folder and binding 127.0.0.1 only."""
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DirsAllowed = ., {VIRTUOSO_VAD}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VIRTUOSO_VSP}
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(folder: Path) -> Store:
    """Start a fresh Virtuoso in folder; return once its SPARQL endpoint answers."""
    folder.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(folder, isql_port, http_port))
    log = folder / "server.out"
    with log.open("wb") as out:
        process = subprocess.Popen([VIRTUOSO, "-c", str(ini), "-f"], cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http_port}"
    store = Store("virtuoso", f"{base}/sparql", f"{base}/sparql-auth",
                  f"{base}/sparql-graph-crud-auth", process, VIRTUOSO_USER, VIRTUOSO_PASSWORD,
                  log, {"isql_port": isql_port, "base": base})
    _wait_until_up(store, f"{base}/sparql?query=ASK%7B%7D")
    return store


def start_oxigraph(folder: Path) -> Store:
    """Start an Oxigraph server on a store in folder; return once it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "server.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(folder / "data"),
             "--bind", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    store = Store("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process,
                  log=log, extra={"base": base})
    _wait_until_up(store, f"{base}/query?query=ASK%7B%7D")
    return store


def _wait_until_up(store: Store, probe: str, seconds: float = 30.0) -> None:
    """Poll a URL until it answers 200; stop the server and fail if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if store.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    store.stop()
    log = store.log.read_text(errors="replace")[-2000:] if store.log else ""
    raise RuntimeError(f"{store.name} did not start within {seconds} s:\n{log}")
