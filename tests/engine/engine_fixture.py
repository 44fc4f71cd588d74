"""The tiny release the engine tests run on: quads, and rdflib views of it as the oracle.

It has the four hmkg graphs (so the default-graph union and the shapes exclusion are exercised)
and literals that break naive writers: quotes, commas, CR/LF, tabs, language tags, datatypes,
non-ASCII, the empty string, and blank nodes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES, SERVED_GRAPHS

EX = Namespace("http://example.org/")
TRICKY = Literal('He said "no", then left;\r\nnew line\tand tab', lang="en-GB")
UNICODE = Literal("Ωmega — ünïcode 𝄞 and a comma,")


def fixture_quads() -> list[tuple]:
    """Return the tiny release's quads (subject, predicate, object, graph)."""
    blank = BNode("b1")
    data = [
        (EX.a, EX.label, TRICKY),
        (EX.a, EX.note, UNICODE),
        (EX.a, EX["count"], Literal("42", datatype=XSD.integer)),
        (EX.a, EX.when, Literal("2014-06", datatype=XSD.gYearMonth)),
        (EX.a, EX.custom, Literal("x y", datatype=EX.myType)),
        (EX.a, EX.empty, Literal("")),
        (EX.a, EX.links, blank),
        (blank, EX.label, Literal("a blank node", lang="fr")),
    ]
    return (
        [(*t, GRAPH_DATA) for t in data]
        + [(EX.Thing, EX.label, Literal("thing"), GRAPH_ONTOLOGY),
           (EX.a, EX.kind, EX.Thing, GRAPH_INFERRED),
           (EX.shape, EX.label, Literal("shape"), GRAPH_SHAPES)]
    )


def fixture_dataset() -> Dataset:
    """Return the tiny release as an rdflib Dataset."""
    dataset = Dataset()
    for subject, predicate, obj, graph in fixture_quads():
        dataset.graph(graph).add((subject, predicate, obj))
    return dataset


def write_release(out: Path) -> None:
    """Write the tiny release's hmkg.nq and hmkg.trig (pyoxigraph writers: exact N-Quads)."""
    quads = [ox.Quad(*(_to_oxigraph(term) for term in quad)) for quad in fixture_quads()]
    ox.serialize(quads, str(out / "hmkg.nq"), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(out / "hmkg.trig"), ox.RdfFormat.TRIG)


def _to_oxigraph(term):
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def served_union() -> Graph:
    """Return the default graph a query sees: the union of the served graphs (shapes left out)."""
    union = Graph()
    for subject, predicate, obj, graph in fixture_quads():
        if graph in SERVED_GRAPHS:
            union.add((subject, predicate, obj))
    return union


def bnode_free(term):
    """Return a term with any blank node replaced by one marker (labels differ by engine)."""
    return "BNODE" if isinstance(term, BNode) else term
