"""Fixtures for the data tests: the summary, the data files, and query stores over the release.

The competency questions run with pyoxigraph (as the endpoint does) over two stores loaded from
the release's hmkg.trig (the session `dist_dir` fixture of tests/conftest.py):
- `reasoned`: every graph but the shapes; the default graph is the union of the served graphs
  (ontology, data, inferred), the inference-rule labels stay a named graph;
- `asserted`: the ontology and data graphs only, as if no reasoner had run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from data_support import QueryStore, load_release
from hmkg import paths
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, SERVED_GRAPHS
from hmkg.namespaces import GRAPH_RULE_KINDS

# The served graphs plus the graph labelling each inferred triple with its rule kind (CQ25).
ALL_BUT_SHAPES = {str(g) for g in SERVED_GRAPHS} | {str(GRAPH_RULE_KINDS)}


@pytest.fixture(scope="session")
def reasoned(dist_dir: Path) -> QueryStore:
    """Return the release as the endpoint serves it: every graph but the shapes."""
    store = load_release(dist_dir / "hmkg.trig", ALL_BUT_SHAPES)
    inferred = store.query(f"ASK {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }}")
    assert bool(inferred), "the release has no inferred triples"
    return QueryStore(store, tuple(str(g) for g in SERVED_GRAPHS))


@pytest.fixture(scope="session")
def asserted(dist_dir: Path) -> QueryStore:
    """Return the release's ontology and data graphs only: the asserted triples."""
    store = load_release(dist_dir / "hmkg.trig", {str(GRAPH_ONTOLOGY), str(GRAPH_DATA)})
    return QueryStore(store, (str(GRAPH_ONTOLOGY), str(GRAPH_DATA)))


@pytest.fixture(scope="session")
def summary_text() -> str:
    """Return the summary exactly as kept in data/sources/summary.txt."""
    return (paths.data_dir() / "sources" / "summary.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_files() -> list[Path]:
    """Return every Turtle file of data/ (asserted non-empty)."""
    files = sorted(paths.data_dir().rglob("*.ttl"))
    assert files, "data/ holds no *.ttl file"
    return files


@pytest.fixture(scope="session")
def data_graph(data_files) -> Graph:
    """Return the union of the data files, parsed straight from the sources."""
    graph = Graph()
    for path in data_files:
        graph.parse(path, format="turtle")
    return graph

