"""The read-only policy and the query limits every engine applies before a query runs.

Read-only: pyoxigraph's Store.query parses queries only, so an update cannot run whatever its
spelling; the token check below only gives an update its own message. No federation: every
SERVICE call is read from a real parse (federation.py) and must name an allow-listed IRI.
Limits: the query's size and nesting are bounded before any parser sees it, since a deep
enough query kills pyoxigraph's parser (a stack overflow) and ties up rdflib's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from hmkg.engine.base import QueryRefused, QueryTooComplex
from hmkg.engine.federation import UnreadableService, service_endpoints
from hmkg.engine.shape import QueryShape, query_shape
from hmkg.settings import DEFAULTS, Settings

UPDATE_REFUSAL = (
    "SPARQL Update is not accepted: this endpoint is read-only; "
    "the data is rebuilt from the source files (hmkg build)."
)


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on a query's text, checked before it is parsed (settings HMKG_QUERY_MAX_*)."""

    max_tokens: int = DEFAULTS["QUERY_MAX_TOKENS"]
    max_depth: int = DEFAULTS["QUERY_MAX_DEPTH"]

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        """Take the limits the settings give."""
        return cls(settings.query_max_tokens, settings.query_max_depth)


def check_query(sparql: str, service_allowlist: Collection[str] = (),
                limits: QueryLimits = QueryLimits(), *, services: bool = True) -> QueryShape:
    """Return the query's shape; raise QueryTooComplex over a limit, QueryRefused for an
    update or a SERVICE call that is not to an allow-listed IRI.

    services=False leaves the SERVICE check to the caller: the embedded engine runs it in
    its query worker processes, where rdflib's parse (seconds for a long query) is killed at
    the time limit instead of holding the web process's lock and interpreter.
    """
    shape = query_shape(sparql)
    if shape.tokens > limits.max_tokens:
        raise QueryTooComplex(
            f"the query has {shape.tokens} tokens; the limit is {limits.max_tokens} "
            "(HMKG_QUERY_MAX_TOKENS). Split it, or move long VALUES lists into several queries.")
    if shape.depth > limits.max_depth:
        raise QueryTooComplex(
            f"the query nests brackets {shape.depth} deep; the limit is {limits.max_depth} "
            "(HMKG_QUERY_MAX_DEPTH).")
    if shape.update_keyword is not None:
        raise QueryRefused(f"{UPDATE_REFUSAL} (found {shape.update_keyword})")
    if services:
        check_services(sparql, service_allowlist)
    return shape


def check_services(sparql: str, service_allowlist: Collection[str]) -> tuple[str, ...]:
    """Return the allow-listed endpoints the query calls; raise QueryRefused for any other."""
    try:
        endpoints = service_endpoints(sparql)
    except UnreadableService as error:
        raise QueryRefused(
            "the query spells SERVICE but cannot be parsed as SPARQL 1.1 to read its "
            f"federated calls, so it is refused ({error})") from None
    for endpoint in endpoints:
        if endpoint is None:
            raise QueryRefused(
                "SERVICE (federated query) is refused: its endpoint must be a literal "
                "absolute IRI on the allow-list, not a variable or relative IRI."
            )
        if endpoint not in service_allowlist:
            raise QueryRefused(
                f"SERVICE <{endpoint}> is refused: federated queries are limited to the "
                "allow-list (HMKG_SERVICE_ALLOWLIST), which does not include it."
            )
    return endpoints

