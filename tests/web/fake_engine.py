"""FakeEngine: the Engine contract over a small in-process pyoxigraph store, for protocol tests.

A module of its own, not conftest.py: test modules import it by name, and `from conftest import`
picks whichever conftest.py pytest loaded last (tests/engine's when run together).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from hmkg import engine as engines

EX = "http://example.org/"
# Literals with quotes, commas, newlines, tabs, language tags, datatypes, non-ASCII; blank nodes.
FAKE_TRIG = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:g1 {
  ex:a ex:name "Alpha, \\"the first\\"\\nline two"@en ; ex:size 3 ; ex:knows ex:b , _:x .
  _:x ex:name "Ωmega\\tτ" .
}
ex:g2 {
  ex:b ex:name "Bravo" ; ex:when "2014-06-01"^^xsd:date ; ex:ratio 0.5 .
}
"""
FAKE_GRAPHS = (EX + "g1", EX + "g2")


@dataclass(frozen=True)
class FakeAnswer:
    """The engine contract's Answer (duck-typed, so the fake needs nothing from the engine)."""

    form: str
    body: bytes
    media_type: str
    rows: int
    capped: bool


class FakeEngine:
    """An in-process pyoxigraph engine with the Engine contract, for protocol tests only."""

    limitations: tuple[str, ...] = ()
    release_id: str | None = None  # answers may change: never cached

    def __init__(self, settings):
        self.store = ox.Store()
        self.store.load(FAKE_TRIG.encode(), format=ox.RdfFormat.TRIG)
        self.calls: list[dict] = []
        self.closed = False

    def query(self, sparql: str, *, solutions_format, graph_format, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = (), base_iri=None, timeout=None, limit=None):
        """Run a query in process; "#slow" in the text stands for a query over the time limit."""
        self.calls.append({"query": sparql, "solutions_format": solutions_format, "graph_format": graph_format,
                           "default": tuple(default_graph_uris), "named": tuple(named_graph_uris),
                           "base": base_iri, "timeout": timeout, "limit": limit})
        if "#slow" in sparql:
            raise engines.QueryTimeout("stopped")
        if "SERVICE" in sparql.upper():
            raise engines.QueryRefused("SERVICE is not allowed")
        result = self._run(sparql, default_graph_uris, named_graph_uris, base_iri)
        answer = self._serialise(result, solutions_format, graph_format)
        if answer.form == "SELECT":  # count the solutions on a second run (the first was consumed)
            rows = sum(1 for _ in self._run(sparql, default_graph_uris, named_graph_uris, base_iri))
            answer = FakeAnswer("SELECT", answer.body, answer.media_type, rows, limit is not None and rows > limit)
        return answer

    def _run(self, sparql, default_graph_uris, named_graph_uris, base_iri):
        kwargs = {"base_iri": base_iri}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(iri) for iri in default_graph_uris]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in named_graph_uris]
        try:
            return self.store.query(sparql, **kwargs)
        except SyntaxError as error:
            raise engines.QueryError(str(error)) from error

    def _serialise(self, result, solutions_format, graph_format):
        if isinstance(result, ox.QueryTriples):
            if graph_format is None:
                raise engines.NotAcceptable("no graph format")
            body = result.serialize(format=ox.RdfFormat.from_media_type(graph_format))
            return FakeAnswer("CONSTRUCT", body, graph_format, body.count(b"\n"), False)
        if solutions_format is None:
            raise engines.NotAcceptable("no results format")
        fmt = ox.QueryResultsFormat.from_media_type(solutions_format)
        if isinstance(result, ox.QueryBoolean):
            return FakeAnswer("ASK", result.serialize(format=fmt), solutions_format, 1, False)
        return FakeAnswer("SELECT", result.serialize(format=fmt), solutions_format, 0, False)

    def graph_sizes(self) -> dict[str, int]:
        """Count the triples of each named graph."""
        return {iri: len(list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))))
                for iri in FAKE_GRAPHS}

    def close(self) -> None:
        self.closed = True
