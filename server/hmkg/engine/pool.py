"""A supervised pool of query worker processes that a caller can kill on overrun.

Each worker is a fresh interpreter (`python -m hmkg.engine.worker`: like multiprocessing's
'spawn', no inherited threads or locks, but without re-importing the caller's __main__, which
breaks under scripts and servers) holding its own store, reached through one reusable pair
of pipes wrapped in multiprocessing Connections (length-prefixed frames). A caller borrows
an idle worker, sends one request and waits at most until its deadline; past it the worker
gets SIGKILL (pyoxigraph cannot be interrupted any other way), a replacement starts in the
background, and the other workers go on serving. A worker that dies on its own (a crash in
the store, say a parser stack overflow) is reported as such, never as a time or memory
overrun, and logged with the query's hash. Thread-safe: request threads share one pool.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import queue
import select
import signal
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection

from hmkg.engine.base import EngineUnavailable, QueryProcessDied, QueryTimeout, QueryTooLarge
from hmkg.engine.worker import GRAPH_SIZES

STARTUP_LIMIT = 120.0  # seconds a worker may take to load the store
WORKER_MODULE = "hmkg.engine.worker"  # run as `python -m`: on every query process's command line
log = logging.getLogger("hmkg.engine")


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    connection: _Duplex


class WorkerPool:
    """A fixed number of query workers over one store (a store folder or an N-Quads file)."""

    def __init__(self, source: str, size: int, memory_mb: int = 0, network: bool = False):
        """Start `size` workers; network=True leaves them outside the sandbox (SERVICE pool)."""
        self._path, self._memory_mb, self._network = source, memory_mb, network
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # LIFO: warm workers first
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._failure: str | None = None
        self._graph_sizes: dict[str, int] | None = None
        self._sizes_lock = threading.Lock()
        self._ready = threading.Event()
        self.owner_pid = os.getpid()
        weakref.finalize(self, _kill_all, self._live)  # no orphans when the server exits
        # One long-lived thread forks every worker: a worker's parent-death signal fires when
        # the thread that forked it ends, so that thread must last as long as the pool.
        self._spawn_requests: queue.SimpleQueue[bool] = queue.SimpleQueue()
        threading.Thread(target=self._spawn_loop, name="hmkg-worker-spawner", daemon=True).start()
        for _ in range(max(1, size)):
            self._start_in_background()

    def call(self, request, timeout: float) -> tuple:
        """Send one request to a free worker; return its reply or raise QueryTimeout."""
        deadline = time.monotonic() + timeout
        while True:
            worker = self._acquire(deadline)
            try:
                worker.connection.send_bytes(pickle.dumps(request, pickle.HIGHEST_PROTOCOL))
            except OSError:  # it died while idle: the query never started, try another
                self._replace(worker)
                continue
            return self._await_reply(worker, deadline, request)

    def graph_sizes(self, timeout: float = STARTUP_LIMIT) -> dict[str, int]:
        """Return the triples per named graph, counted by one worker on first use."""
        if not self._ready.wait(timeout):
            raise EngineUnavailable(self._failure or "no query worker became ready")
        with self._sizes_lock:  # the first callers wait for one count, not one each
            if self._graph_sizes is None:
                reply = self.call(GRAPH_SIZES, timeout)  # ("sizes", counts) or ("error", ...)
                if reply[0] != "sizes":
                    raise EngineUnavailable("a query worker could not count the graphs: "
                                            + ": ".join(map(str, reply[1:])))
                self._graph_sizes = reply[1]
        return dict(self._graph_sizes)

    def close(self) -> None:
        """Kill every worker; later calls fail."""
        with self._lock:
            self._closed = True
        self._spawn_requests.put(False)
        _kill_all(self._live)

    def _await_reply(self, worker: _Worker, deadline: float, request) -> tuple:
        """Wait for the worker's reply until the deadline; kill it past that."""
        try:
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                reply = pickle.loads(worker.connection.recv_bytes())
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            raise self._death(worker, request) from None
        self._replace(worker)
        raise QueryTimeout("the query passed the time limit and was stopped")

    def _death(self, worker: _Worker, request) -> Exception:
        """Replace a worker that died answering; return the error that says how it died."""
        try:
            status = worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # its pipe broke but it lives on: kill it
            status = None
        self._replace(worker)
        cause = _exit_cause(status)
        digest = query_hash(getattr(request, "sparql", ""))
        log.warning("query process %d died (%s) answering query %s", worker.process.pid,
                    cause, digest)
        # Rust aborts (SIGABRT) when an allocation fails: under the cap that is the cap.
        if self._memory_mb and status == -signal.SIGABRT:
            return QueryTooLarge(f"the query needed more than {self._memory_mb} MB of "
                                 "memory and was stopped")
        return QueryProcessDied(f"query process died ({cause}) while answering query {digest}; "
                                "it was replaced. Retrying the same query will fail the same way.")

    def _acquire(self, deadline: float) -> _Worker:
        """Borrow an idle worker, waiting no later than the deadline."""
        while True:
            if self._closed:
                raise EngineUnavailable("the query engine is closed")
            if self._failure is not None and not self._live:
                raise EngineUnavailable(f"no query worker could start: {self._failure}")
            remaining = deadline - time.monotonic()
            try:
                return self._idle.get(timeout=max(0.0, min(remaining, 0.25)))
            except queue.Empty:
                if remaining <= 0:
                    raise QueryTimeout("no query worker became free within the time limit")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        with self._lock:
            self._live.discard(worker)
        _kill(worker)
        if not self._closed:
            self._start_in_background()

    def _start_in_background(self) -> None:
        """Ask for one more worker without making the caller wait for its store to load."""
        self._spawn_requests.put(True)

    def _spawn_loop(self) -> None:
        """Fork workers on request; each one's loading is awaited on a thread of its own."""
        while self._spawn_requests.get() and not self._closed:
            try:
                worker = _spawn(self._path, self._memory_mb, self._network)
            except OSError as error:
                self._failure = f"cannot start a query worker: {error}"
                self._ready.set()
                continue
            threading.Thread(target=self._admit, args=(worker,), name="hmkg-worker-admit",
                             daemon=True).start()

    def _admit(self, worker: _Worker) -> None:
        """Wait until a new worker's store is loaded, then offer it to callers."""
        status, payload = _first_message(worker.connection)
        if status != "ready":
            self._failure = payload
            _kill(worker)
            self._ready.set()
            return
        with self._lock:
            if self._closed:
                _kill(worker)
                return
            self._live.add(worker)
        self._failure = None
        self._ready.set()
        self._idle.put(worker)


def _first_message(connection) -> tuple[str, object]:
    """Read the worker's ready/failed message."""
    try:
        if connection.poll(STARTUP_LIMIT):
            return pickle.loads(connection.recv_bytes())
        return "failed", f"the worker did not load the store within {STARTUP_LIMIT:.0f} s"
    except (EOFError, OSError):
        return "failed", "the worker exited while loading the store"


class _Duplex:
    """A request pipe and a reply pipe seen as one connection."""

    def __init__(self, reader: Connection, writer: Connection):
        self.reader, self.writer = reader, writer
        self.recv_bytes, self.send_bytes = reader.recv_bytes, writer.send_bytes
        # One poll object for the worker's life: Connection.poll builds a selector per call.
        self._poller = select.poll()
        self._poller.register(reader.fileno(), select.POLLIN)

    def poll(self, timeout: float) -> bool:
        """Wait up to timeout seconds for a reply (or the pipe's end) to be readable."""
        return bool(self._poller.poll(math.ceil(max(0.0, timeout) * 1000)))

    def close(self) -> None:
        """Close both pipes."""
        self.reader.close()
        self.writer.close()


def query_hash(sparql: str) -> str:
    """Name a query in logs without copying it there: sha256: and 16 hex digits."""
    return "sha256:" + hashlib.sha256(sparql.encode("utf-8", "replace")).hexdigest()[:16]


def _exit_cause(status: int | None) -> str:
    """Describe a worker's exit status (negative: the signal that ended it)."""
    if status is None:
        return "pipe closed"
    if status < 0:
        try:
            return f"signal {signal.Signals(-status).name}"
        except ValueError:
            return f"signal {-status}"
    return f"exit status {status}"


def _spawn(source: str, memory_mb: int, network: bool) -> _Worker:
    """Start `python -m WORKER_MODULE` with a request pipe and a reply pipe."""
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE, str(request_read), str(reply_write),
             source, str(os.getpid()), str(memory_mb),
             "network" if network else "sandboxed"],
            pass_fds=(request_read, reply_write), stdin=subprocess.DEVNULL, env=env)
    finally:
        os.close(request_read)
        os.close(reply_write)
    duplex = _Duplex(Connection(reply_read, writable=False),
                     Connection(request_write, readable=False))
    return _Worker(process, duplex)


def _kill(worker: _Worker) -> None:
    """SIGKILL a worker process, reap it and close its pipes."""
    worker.connection.close()
    if worker.process.poll() is None:
        worker.process.kill()
    worker.process.wait(timeout=5)


def _kill_all(workers: set[_Worker]) -> None:
    """Kill every worker in the set and empty it."""
    while workers:
        _kill(workers.pop())
