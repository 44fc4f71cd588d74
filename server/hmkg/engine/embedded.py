"""The embedded engine: the release's pyoxigraph store, queried in killable worker processes.

Which store: the release's on-disk store (store/, opened read-only by every worker, so all of
them share one copy through the page cache and start in milliseconds at any size) or the
N-Quads dump loaded into each worker's memory. Measured at 1x and 10x, memory answers the 25
CQs 5-10x faster (RocksDB reads cost more than in-memory lookups) and loads the 1x dump in
~30 ms, so QUERY_STORE=auto (the default) loads small releases into memory and opens large
ones from disk; "disk" and "memory" force one way.

Read-only by construction: workers only ever call Store.query (whose parser rejects SPARQL
Update); updates, and SERVICE outside the allow-list, are refused before a worker sees them.
Dataset: the default graph is the union of the served graphs (ontology, data, inferred);
every graph in the release, shapes included, is a named graph for GRAPH. The protocol's
default-graph-uri / named-graph-uri replace FROM / FROM NAMED when given.
Known difference from the files: pyoxigraph's store keeps numbers in canonical form, so
"3.0"^^xsd:decimal is answered as "3"^^xsd:decimal (same value; language tags lower-cased too).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from hmkg import namespaces, paths
from hmkg.engine import (DEFAULTS, Answer, EngineUnavailable, NotAcceptable, QueryError,
                         QueryTooLarge)
from hmkg.engine.policy import check_query, parse_allowlist
from hmkg.engine.pool import WorkerPool
from hmkg.engine.shape import QueryShape
from hmkg.engine.worker import Request

SERVED_GRAPHS = tuple(str(graph) for graph in namespaces.SERVED_GRAPHS)
_ERRORS = {"QueryError": QueryError, "NotAcceptable": NotAcceptable,
           "EngineUnavailable": EngineUnavailable, "QueryTooLarge": QueryTooLarge}
STORE_CHOICES = ("auto", "disk", "memory")
# auto: dumps from this size up are opened from the on-disk store. Below it a worker loads the
# dump in under a second (8.7 MB, the 10x graph: 0.4-0.8 s) and answers CQs 5-10x faster
# than from RocksDB; above it loading grows past the cold-start budget (bench/README.md).
DISK_FROM_BYTES = 16 * 1024 * 1024


class EmbeddedEngine:
    """Answer queries from dist/hmkg.nq with a time limit and a result cap."""

    def __init__(self, dist: Path, *, workers: int = 2, timeout: float = 10.0,
                 limit: int = 10000, service_allowlist: Collection[str] = (),
                 memory_mb: int = 0, store: str = "auto"):
        nquads = Path(dist) / "hmkg.nq"
        if not nquads.is_file():
            raise FileNotFoundError(f"no release dataset at {nquads}: run `hmkg build`")
        self.source = choose_source(Path(dist), store)
        self.release_id = release_id(Path(dist))
        self._workers, self._timeout, self._limit = workers, timeout, limit
        self._memory_mb = memory_mb
        self._allowlist = frozenset(service_allowlist)
        self._lock = threading.Lock()
        self._pool = WorkerPool(str(self.source), workers, memory_mb)

    @classmethod
    def from_config(cls, config: Mapping) -> EmbeddedEngine:
        """Open the engine from app config keys (DIST, QUERY_WORKERS, QUERY_TIMEOUT, ...)."""
        settings = {**DEFAULTS, **{k: v for k, v in config.items() if v is not None}}
        return cls(
            Path(settings["DIST"]) if settings.get("DIST") else paths.default_dist(),
            workers=int(settings["QUERY_WORKERS"]),
            timeout=float(settings["QUERY_TIMEOUT"]),
            limit=int(settings["RESULT_CAP"]),
            service_allowlist=parse_allowlist(settings.get("SERVICE_ALLOWLIST")),
            memory_mb=int(settings["QUERY_MEMORY_MB"]),
            store=str(settings.get("QUERY_STORE") or "auto"),
        )

    def query(self, sparql: str, *, solutions_format: str | None, graph_format: str | None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              base_iri: str | None = None, timeout: float | None = None,
              limit: int | None = None) -> Answer:
        """Answer one query (timeout/limit None: the configured defaults).

        The timeout covers the whole call, waiting for a free worker included.
        """
        shape = check_query(sparql, self._allowlist)
        request = Request(sparql, solutions_format, graph_format,
                          *_dataset(shape, default_graph_uris, named_graph_uris),
                          base_iri, self._limit if limit is None else max(0, limit))
        reply = self._current_pool().call(request, self._timeout if timeout is None else timeout)
        if reply[0] == "error":
            raise _ERRORS[reply[1]](reply[2])
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

    def _current_pool(self) -> WorkerPool:
        """Return this process's pool; a forked child (gunicorn preload) starts its own."""
        if self._pool.owner_pid != os.getpid():
            with self._lock:
                if self._pool.owner_pid != os.getpid():
                    self._pool = WorkerPool(str(self.source), self._workers, self._memory_mb)
        return self._pool


def choose_source(dist: Path, choice: str = "auto") -> Path:
    """Return what the workers open: the on-disk store folder or the N-Quads dump."""
    if choice not in STORE_CHOICES:
        raise ValueError(f"QUERY_STORE must be one of {', '.join(STORE_CHOICES)}, not {choice!r}")
    store, nquads = dist / paths.STORE_DIR, dist / "hmkg.nq"
    has_store = (store / "CURRENT").is_file()  # RocksDB's marker of a complete store
    if choice == "disk":
        if not has_store:
            raise FileNotFoundError(f"no query store at {store}: run `hmkg build`")
        return store
    if choice == "auto" and has_store and nquads.stat().st_size >= DISK_FROM_BYTES:
        return store
    return nquads


def release_id(dist: Path) -> str:
    """Return what identifies the data served: the dump's SHA-256 as manifest.json records
    it, else (a release without a manifest) the dump's size and modification time."""
    try:
        manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
        return next(entry["sha256"] for entry in manifest["artefacts"]
                    if entry["file"] == "hmkg.nq")
    except (OSError, ValueError, KeyError, StopIteration, TypeError):
        stat = (dist / "hmkg.nq").stat()
        return f"{stat.st_size}-{stat.st_mtime_ns}"


def _dataset(shape: QueryShape, default_uris: Sequence[str], named_uris: Sequence[str]):
    """Return (default graphs, named graphs) for the worker; None lets the query decide."""
    if default_uris or named_uris:
        return tuple(default_uris), tuple(named_uris)
    if shape.has_dataset_clause:
        return None, None
    return SERVED_GRAPHS, None
