"""The dataset a query sees: the served union by default, named graphs for GRAPH, and the
protocol's default-graph-uri / named-graph-uri replacing FROM / FROM NAMED."""

from __future__ import annotations

import io

import pytest
from engine_fixture import fixture_quads
from rdflib import Literal
from rdflib.query import Result

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES, SERVED_GRAPHS

JSON = "application/sparql-results+json"
LABELS = "SELECT ?o WHERE { ?s <http://example.org/label> ?o }"
GRAPH_LABELS = "SELECT ?g ?o WHERE { GRAPH ?g { ?s <http://example.org/label> ?o } }"


def rows(engine, query: str, **dataset) -> set[tuple]:
    """Run a query and return its rows as a set of tuples of rdflib terms."""
    answer = engine.query(query, solutions_format=JSON, graph_format=None, **dataset)
    return {tuple(row) for row in Result.parse(io.BytesIO(answer.body), format="json")}


def labels_in(*graphs) -> set[tuple]:
    """Return the label literals of the fixture's quads in the given graphs."""
    return {(o,) for s, p, o, g in fixture_quads() if g in graphs and str(p).endswith("label")}


def test_default_graph_is_the_union_of_served_graphs(engine):
    assert rows(engine, LABELS) == labels_in(*SERVED_GRAPHS)
    assert (Literal("shape"),) not in rows(engine, LABELS)


def test_every_graph_is_named_shapes_included(engine):
    found = rows(engine, GRAPH_LABELS)
    assert {g for g, _ in found} == {GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES}


def test_from_clauses_choose_the_dataset(engine):
    query = f"SELECT ?o FROM <{GRAPH_ONTOLOGY}> WHERE {{ ?s <http://example.org/label> ?o }}"
    assert rows(engine, query) == labels_in(GRAPH_ONTOLOGY)
    named_only = f"SELECT ?o FROM NAMED <{GRAPH_DATA}> WHERE {{ ?s ?p ?o }}"
    assert rows(engine, named_only) == set()  # FROM NAMED alone: an empty default graph


@pytest.mark.parametrize("query", [LABELS, LABELS.replace("WHERE", f"FROM <{GRAPH_DATA}> WHERE")])
def test_default_graph_uri_replaces_the_default_graph(engine, query):
    found = rows(engine, query, default_graph_uris=[str(GRAPH_SHAPES), str(GRAPH_ONTOLOGY)])
    assert found == labels_in(GRAPH_SHAPES, GRAPH_ONTOLOGY)


def test_named_graph_uri_replaces_the_named_graphs(engine):
    query = GRAPH_LABELS.replace("WHERE", f"FROM NAMED <{GRAPH_ONTOLOGY}> WHERE")
    found = rows(engine, query, named_graph_uris=[str(GRAPH_DATA)])
    assert {g for g, _ in found} == {GRAPH_DATA}
    assert rows(engine, LABELS, named_graph_uris=[str(GRAPH_DATA)]) == set()


def test_graph_sizes_count_every_named_graph(engine):
    expected = {}
    for *_, graph in fixture_quads():
        expected[str(graph)] = expected.get(str(graph), 0) + 1
    assert engine.graph_sizes() == expected
    assert set(expected) == {str(g) for g in (GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_INFERRED,
                                              GRAPH_SHAPES)}
