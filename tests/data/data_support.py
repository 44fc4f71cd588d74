"""Helpers for the data tests: pyoxigraph query stores over the release, comparable values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pathlib import Path

import pyoxigraph as ox

from hmkg.namespaces import is_claim_graph


XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "positiveInteger", "nonNegativeInteger", "int")}
CLAIMS = "every claim graph"  # stands for the claim graphs in a set of graph IRIs to keep
SHORT_FORMS = (("https://w3id.org/hmkg/ontology#", "hmk:"), ("https://w3id.org/hmkg/id/", "id:"))


@dataclass(frozen=True)
class QueryStore:
    """A pyoxigraph store and the graphs that form its default graph."""

    store: ox.Store
    default_graphs: tuple[str, ...]

    def select(self, sparql: str) -> list[tuple]:
        """Run a SELECT query; return its rows as tuples of plain Python values."""
        graphs = [ox.NamedNode(g) for g in self.default_graphs]
        solutions = self.store.query(sparql, default_graph=graphs)
        names = [v.value for v in solutions.variables]
        return [tuple(plain(row[name]) for name in names) for row in solutions]

    def ask(self, sparql: str) -> bool:
        """Run an ASK query and return its boolean answer."""
        graphs = [ox.NamedNode(g) for g in self.default_graphs]
        return bool(self.store.query(sparql, default_graph=graphs))


def plain(term):
    """Turn a pyoxigraph term into a comparable value: short IRI, int, Decimal, bool or str."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype == XSD + "boolean":
            return term.value == "true"
        return term.value
    return str(term)


def short(iri: str) -> str:
    """Abbreviate hmkg ontology and instance IRIs as hmk: and id:."""
    for long_form, prefix in SHORT_FORMS:
        if iri.startswith(long_form):
            return prefix + iri[len(long_form):]
    return iri


def load_release(trig: Path, graphs: set[str]) -> ox.Store:
    """Load a release's TriG file into a pyoxigraph store, keeping only the given graphs
    (CLAIMS among them keeps every claim graph)."""
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    for graph in list(store.named_graphs()):
        if graph.value not in graphs and not (CLAIMS in graphs and is_claim_graph(graph.value)):
            store.remove_graph(graph)
    return store
