"""The read-only policy every engine applies before a query runs."""

from __future__ import annotations

from collections.abc import Collection

from hmkg.engine.base import QueryRefused
from hmkg.engine.shape import QueryShape, query_shape

UPDATE_REFUSAL = (
    "SPARQL Update is not accepted: this endpoint is read-only; "
    "the data is rebuilt from the source files (hmkg build)."
)


def check_query(sparql: str, service_allowlist: Collection[str] = ()) -> QueryShape:
    """Return the query's shape; raise QueryRefused for update, LOAD or a foreign SERVICE."""
    shape = query_shape(sparql)
    if shape.update_keyword is not None:
        raise QueryRefused(f"{UPDATE_REFUSAL} (found {shape.update_keyword})")
    for endpoint in shape.services:
        if endpoint is None:
            raise QueryRefused(
                "SERVICE (federated query) is refused: its endpoint must be a literal "
                "absolute IRI on the allow-list."
            )
        if endpoint not in service_allowlist:
            raise QueryRefused(
                f"SERVICE <{endpoint}> is refused: federated queries are limited to the "
                "allow-list (SERVICE_ALLOWLIST), which does not include it."
            )
    return shape

