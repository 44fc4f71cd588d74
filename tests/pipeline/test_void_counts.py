"""VoID's counts from sorted triples in one merged pass, against counting with sets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from hmkg import layout
from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, is_claim_graph
from hmkg.pipeline.oxiwrite import sorted_triples
from hmkg.pipeline.void_counts import Counts, count

COPY = URIRef("https://example.org/graph/copy")  # shares triples with the data graph
UNIONS = {"every": lambda name: True, "claims": is_claim_graph,
          "asserted": lambda name: name in (GRAPH_ONTOLOGY, GRAPH_DATA) or is_claim_graph(name),
          "data and copy": lambda name: name in (GRAPH_DATA, COPY)}


@pytest.fixture(scope="module")
def graphs(dist_dir: Path) -> dict[URIRef, list]:
    """Return the release's graphs as sorted Triples, and a graph copying a third of the data
    graph (so that unions hold triples twice)."""
    found: dict[URIRef, list] = {}
    for quad in ox.parse(path=str(dist_dir / layout.DATASET_FILE), format=ox.RdfFormat.N_QUADS):
        found.setdefault(URIRef(quad.graph_name.value), []).append(
            ox.Triple(quad.subject, quad.predicate, quad.object))
    found[COPY] = found[GRAPH_DATA][::3]
    return {name: sorted_triples(triples) for name, triples in found.items()}


def _with_sets(triples: list) -> Counts:
    """Count the way VoID defines it, with a set for every figure."""
    unique = set(triples)
    subjects = {t.subject for t in unique}
    return Counts(triples=len(unique),
                  entities=sum(isinstance(s, ox.NamedNode) for s in subjects),
                  classes=len({t.object for t in unique
                               if t.predicate == ox.NamedNode(str(RDF.type))}),
                  properties=len({t.predicate for t in unique}),
                  subjects=len(subjects), objects=len({t.object for t in unique}))


def test_every_graph_and_union_is_counted_as_with_sets(graphs):
    per_graph, unions, used = count(graphs, UNIONS)

    assert per_graph == {name: _with_sets(triples) for name, triples in graphs.items()}
    for union, holds in UNIONS.items():
        members = [t for name, triples in graphs.items() if holds(name) for t in triples]
        assert unions[union] == _with_sets(members), union
        assert used[union] == {t.predicate.value for t in members} | {
            t.object.value for t in members
            if t.predicate == ox.NamedNode(str(RDF.type)) and isinstance(t.object, ox.NamedNode)}
    shared = unions["data and copy"]
    assert shared.triples == per_graph[GRAPH_DATA].triples < per_graph[GRAPH_DATA].triples \
        + per_graph[COPY].triples  # the copy's triples count once
    assert len(per_graph) > 10 and unions["claims"].triples > 0
