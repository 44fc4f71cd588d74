"""The embedded engine: the release's pyoxigraph store, queried in killable worker processes.

Which store: the release's on-disk store (store/, opened read-only by every worker, so all of
them share one copy through the page cache and start in milliseconds at any size) or the
N-Quads dump loaded into each worker's memory. Measured at 1x and 10x, memory answers the 25
CQs 5-10x faster (RocksDB reads cost more than in-memory lookups) and loads the 1x dump in
~30 ms, so QUERY_STORE=auto (the default) loads small releases into memory and opens large
ones from disk; "disk" and "memory" force one way.

Read-only by construction: workers only ever call Store.query (whose parser rejects SPARQL
Update); updates are refused before a worker sees them, and SERVICE outside the allow-list
by the worker before it runs the query (policy.py; the parse that reads the calls is slow
enough on a long query to belong where the time limit can kill it), and the workers cannot
open a socket anyway (sandbox.py). A query whose SERVICE
calls are all allow-listed runs in a second, one-process pool left outside the sandbox, opened
on the first such query.
Dataset: the default graph is the union of the served graphs (ontology, data, inferred, and
every claim graph), which the store holds as its own default graph (hmkg/default_graph.py: a
list of thousands of graphs made every pattern a lookup per graph); every graph in the
release, shapes included, is a named graph for GRAPH. The protocol's default-graph-uri /
named-graph-uri replace FROM / FROM NAMED when given.
Known difference from the files: pyoxigraph's store keeps numbers in canonical form, so
"3.0"^^xsd:decimal is answered as "3"^^xsd:decimal (same value; language tags lower-cased too).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from hmkg import layout
from hmkg.engine.base import (Answer, EngineUnavailable, NotAcceptable, QueryError, QueryRefused,
                              QueryTooLarge)
from hmkg.engine.explain import explain
from hmkg.engine.federation import spells_service
from hmkg.engine.policy import QueryLimits, check_query
from hmkg.engine.pool import WorkerPool
from hmkg.engine.worker import Request
from hmkg.settings import Settings

_ERRORS = {"QueryError": QueryError, "NotAcceptable": NotAcceptable,
           "EngineUnavailable": EngineUnavailable, "QueryTooLarge": QueryTooLarge,
           "QueryRefused": QueryRefused}
STORE_CHOICES = ("auto", "disk", "memory")
# auto: dumps from this size up are opened from the on-disk store. Below it a worker loads the
# dump in under a second (8.7 MB, the 10x graph: 0.4-0.8 s) and answers CQs 5-10x faster
# than from RocksDB; above it loading grows past the cold-start budget (bench/README.md).
DISK_FROM_BYTES = 16 * 1024 * 1024


class EmbeddedEngine:
    """Answer queries from the release's N-Quads dump with a time limit and a result cap."""

    limitations: tuple[str, ...] = ()

    def __init__(self, settings: Settings):
        nquads = settings.dist / layout.DATASET_FILE
        if not nquads.is_file():
            raise FileNotFoundError(f"no release dataset at {nquads}: run `hmkg build`")
        self.source = choose_source(settings.dist, settings.query_store)
        self.release_id = layout.release_id(settings.dist)
        self._workers, self._memory_mb = settings.query_workers, settings.query_memory_mb
        self._timeout, self._limit = settings.query_timeout, settings.result_cap
        self._allowlist = settings.service_allowlist
        self._limits, self._sandbox = QueryLimits.from_settings(settings), settings.query_sandbox
        self._lock = threading.Lock()
        self._pool = self._open_pool(self._workers, network=not self._sandbox)
        self._federating: WorkerPool | None = None  # allow-listed SERVICE calls, opened on demand

    def query(self, sparql: str, *, solutions_format: str | None, graph_format: str | None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              base_iri: str | None = None, timeout: float | None = None,
              limit: int | None = None) -> Answer:
        """Answer one query; timeout/limit override the settings' for this call only.

        The timeout covers the whole call, waiting for a free worker included.
        """
        shape = check_query(sparql, self._allowlist, self._limits, services=False)
        request = Request(sparql, solutions_format, graph_format,
                          *_dataset(default_graph_uris, named_graph_uris),
                          base_iri, self._limit if limit is None else max(0, limit),
                          self._allowlist if spells_service(sparql) else None)
        deadline = time.monotonic() + (self._timeout if timeout is None else timeout)
        reply = self._current_pool().call(request, deadline - time.monotonic())
        if reply[0] == "federate":  # every call allow-listed: run it where network is allowed
            reply = self._federating_pool().call(request, deadline - time.monotonic())
        if reply[0] == "error":
            kind, message = reply[1], reply[2]
            if kind == "QueryError" and message.startswith("syntax"):
                message = explain(sparql, message)
            raise _ERRORS[kind](message)
        _, kind, media_type, rows, capped, body = reply
        if kind == "GRAPH":
            kind = "DESCRIBE" if shape.form == "DESCRIBE" else "CONSTRUCT"
        return Answer(kind, body, media_type, rows, capped)

    def graph_sizes(self) -> dict[str, int]:
        """Return the triples in each named graph of the release."""
        return self._current_pool().graph_sizes()

    def close(self) -> None:
        """Stop the worker processes."""
        self._pool.close()
        if self._federating is not None:
            self._federating.close()

    def _open_pool(self, size: int, network: bool) -> WorkerPool:
        """Start a pool of query workers over the release."""
        return WorkerPool(str(self.source), size, self._memory_mb, network=network)

    def _current_pool(self) -> WorkerPool:
        """Return this process's pool; a forked child (a pre-forking server) starts its own."""
        if self._pool.owner_pid != os.getpid():
            with self._lock:
                if self._pool.owner_pid != os.getpid():
                    self._pool = self._open_pool(self._workers, network=not self._sandbox)
        return self._pool

    def _federating_pool(self) -> WorkerPool:
        """Return the pool allowed on the network (only allow-listed calls get this far)."""
        if not self._sandbox:
            return self._current_pool()
        with self._lock:
            if self._federating is None or self._federating.owner_pid != os.getpid():
                self._federating = self._open_pool(1, network=True)
        return self._federating


def choose_source(dist: Path, choice: str = "auto") -> Path:
    """Return what the workers open: the on-disk store folder or the N-Quads dump."""
    if choice not in STORE_CHOICES:
        raise ValueError(f"QUERY_STORE must be one of {', '.join(STORE_CHOICES)}, not {choice!r}")
    store, nquads = dist / layout.STORE_DIR, dist / layout.DATASET_FILE
    has_store = (store / "CURRENT").is_file()  # RocksDB's marker of a complete store
    if choice == "disk":
        if not has_store:
            raise FileNotFoundError(f"no query store at {store}: run `hmkg build`")
        return store
    if choice == "auto" and has_store and nquads.stat().st_size >= DISK_FROM_BYTES:
        return store
    return nquads


def _dataset(default_uris: Sequence[str], named_uris: Sequence[str]):
    """Return (default graphs, named graphs) for the worker: the protocol's parameters when
    given; else None, None, which leaves the query's FROM clauses or the store's dataset."""
    if default_uris or named_uris:
        return tuple(default_uris), tuple(named_uris)
    return None, None
