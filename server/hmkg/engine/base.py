"""The query-engine contract: what every engine offers, what it answers, how it fails.

The web layer, the CLI's `hmkg query` and the tests program against this module only; which
engine stands behind it is the factory's choice (engine/__init__.py). It stays free of heavy
imports: query worker processes import it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class QueryError(ValueError):
    """The query is malformed or cannot be evaluated; the message says where (HTTP 400)."""


class QueryTooComplex(QueryError):
    """The query is over a size or nesting limit; the message names the limit (HTTP 400)."""


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


class QueryProcessDied(EngineUnavailable):
    """The query's worker process died (e.g. a crash in the store); it was replaced (HTTP 500)."""


def client_message(error: QueryError | QueryRefused) -> str:
    """Return what the endpoint (HTTP 400/403) and `hmkg query` say about a bad query."""
    if isinstance(error, QueryRefused):
        return f"Refused: {error}"
    return f"Malformed query: {error}"


@dataclass(frozen=True)
class Answer:
    """One serialised answer: the bytes to send and what they are."""

    form: str  # "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE"
    body: bytes
    media_type: str
    rows: int  # solutions (SELECT), triples (CONSTRUCT/DESCRIBE), 1 (ASK)
    capped: bool  # True when the answer stopped at the result cap


class Engine(Protocol):
    """What every query engine offers the web layer and the CLI."""

    # What a reader of the endpoint should know about this engine (the service description
    # lists them as comments); empty when it has nothing to add.
    limitations: tuple[str, ...]
    # What identifies the data answered from: answers are a pure function of it, so the web
    # layer may cache them under it. None when the data can change under the engine (a
    # remote store someone else loads).
    release_id: str | None

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
        """Answer one query; timeout/limit override the settings' for this call only."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Return the number of triples in each named graph."""
        ...

    def close(self) -> None:
        """Release the engine's processes or connections."""
        ...
