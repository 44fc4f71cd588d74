"""Fixtures for the shapes tests: sources parsed once per session, mutated copies per test."""

from __future__ import annotations

import pytest
from rdflib import Graph

from hmkg import paths
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg.pipeline import load, reason
from shacl_support import union

# The ontology helper's term-template shape; it guards ontology/ and is tested in tests/ontology.
ONTOLOGY_SHAPE_FILE = "ontology-shape.ttl"


@pytest.fixture(scope="session")
def sources():
    """Return ontology, data and shapes loaded by the pipeline's load step."""
    return load.load_sources()


@pytest.fixture(scope="session")
def shapes_graph(sources) -> Graph:
    """Return every shape in shapes/, as the pipeline loads them."""
    graph = union(sources.graph(GRAPH_SHAPES))
    assert len(graph) > 0, "shapes/ holds no triples"
    return graph


@pytest.fixture(scope="session")
def asserted(sources) -> Graph:
    """Return ontology + data (every claim graph included), asserted triples only."""
    graph = union(sources.graph(GRAPH_ONTOLOGY),
                  *(sources.graph(name) for name in load.asserted_data(sources)))
    assert len(sources.graph(GRAPH_DATA)) > 0, "data/ holds no triples"
    return graph


@pytest.fixture(scope="session")
def asserted_and_inferred() -> Graph:
    """Return ontology + data + the pipeline's OWL 2 RL inferences."""
    ds = load.load_sources()
    reason.reason(ds)
    assert len(ds.graph(GRAPH_INFERRED)) > 0, "the reason step inferred nothing"
    return union(ds.graph(GRAPH_ONTOLOGY), *(ds.graph(name) for name in load.asserted_data(ds)),
                 ds.graph(GRAPH_INFERRED))


@pytest.fixture(scope="session")
def own_shapes_graph() -> Graph:
    """Return the shapes of this project's shape files, without the ontology term template."""
    files = [f for f in sorted(paths.shapes_dir().glob("*.ttl")) if f.name != ONTOLOGY_SHAPE_FILE]
    assert files, "shapes/ holds no *.ttl file"
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph
