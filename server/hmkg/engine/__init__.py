"""The query-engine seam: what the web layer calls to answer a SPARQL query.

Two implementations stand behind it: the embedded pyoxigraph store run in killable worker
processes (embedded.py, the default) and a remote SPARQL 1.1 store (remote.py, optional).
This module stays free of heavy imports: query worker processes import it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class QueryError(ValueError):
    """The query is malformed or cannot be evaluated; the message says where (HTTP 400)."""


class QueryRefused(Exception):
    """The query asks for something this read-only endpoint never does (HTTP 403)."""


class QueryTimeout(Exception):
    """The time limit passed and the work was really stopped (HTTP 503)."""


class QueryTooLarge(QueryTimeout):
    """The query needed more memory than a worker may use, and was stopped (HTTP 503)."""


class NotAcceptable(Exception):
    """No acceptable result format for this query form (HTTP 406)."""


class EngineUnavailable(RuntimeError):
    """The engine cannot answer at all, e.g. its store failed to load (HTTP 500)."""


@dataclass(frozen=True)
class Answer:
    """One serialised answer: the bytes to send and what they are."""

    form: str  # "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE"
    body: bytes
    media_type: str
    rows: int  # solutions (SELECT), triples (CONSTRUCT/DESCRIBE), 1 (ASK)
    capped: bool  # True when the answer stopped at the result cap


class Engine(Protocol):
    """What every query engine offers the web layer."""

    def query(
        self,
        sparql: str,
        *,
        solutions_format: str | None,
        graph_format: str | None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        base_iri: str | None = None,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Answer one query (timeout/limit None: the engine's configured defaults)."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Return the number of triples in each named graph."""
        ...

    def close(self) -> None:
        """Release the engine's processes or connections."""
        ...


# QUERY_MEMORY_MB caps each query worker's address space (an idle worker uses ~200 MB).
# QUERY_STORE: auto | disk | memory, where the embedded workers' store lives (embedded.py).
DEFAULTS = {"QUERY_TIMEOUT": 10.0, "RESULT_CAP": 10000, "QUERY_WORKERS": 2,
            "QUERY_MEMORY_MB": 2048, "QUERY_STORE": "auto"}


def open_engine(config: Mapping) -> Engine:
    """Open the remote engine when STORE is set, else the embedded one over DIST."""
    if config.get("STORE"):
        from hmkg.engine import remote  # the remote helper's module: open_remote(config)

        return remote.open_remote(config)
    from hmkg.engine.embedded import EmbeddedEngine

    return EmbeddedEngine.from_config(config)
