"""Fixtures for the data tests: the summary, the data files, and query stores over the release.

The competency questions run with pyoxigraph (as the endpoint does) over two stores loaded from
the release's hmkg.trig (the session `dist_dir` fixture of tests/conftest.py):
- `reasoned`: every graph but the shapes; the default graph is the union of the served graphs
  (ontology, data, inferred, every claim graph), the inference-rule labels stay a named graph;
- `asserted`: the ontology, data and claim graphs only, as if no reasoner had run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from data_support import CLAIMS, QueryStore, load_release
from hmkg import layout, paths
from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, SERVED_GRAPHS
from hmkg.namespaces import GRAPH_RULE_KINDS

# The served graphs plus the graph labelling each inferred triple with its rule kind (CQ25);
# every claim graph is kept too.
ALL_BUT_SHAPES = {str(g) for g in SERVED_GRAPHS} | {str(GRAPH_RULE_KINDS), CLAIMS}
# The asserted graphs: ontology, data and every claim graph.
ASSERTED = {str(GRAPH_ONTOLOGY), str(GRAPH_DATA), CLAIMS}


@pytest.fixture(scope="session")
def reasoned(dist_dir: Path) -> QueryStore:
    """Return the release as the endpoint serves it: every graph but the shapes."""
    store = load_release(dist_dir / "hmkg.trig", ALL_BUT_SHAPES)
    inferred = store.query(f"ASK {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }}")
    assert bool(inferred), "the release has no inferred triples"
    return QueryStore(store, layout.served_graphs(g.value for g in store.named_graphs()))


@pytest.fixture(scope="session")
def asserted(dist_dir: Path) -> QueryStore:
    """Return the release's ontology and data graphs only: the asserted triples."""
    store = load_release(dist_dir / "hmkg.trig", ASSERTED)
    graphs = (str(GRAPH_ONTOLOGY), str(GRAPH_DATA),
              *layout.claim_graphs(g.value for g in store.named_graphs()))
    return QueryStore(store, graphs)


@pytest.fixture(scope="session")
def summary_text() -> str:
    """Return the summary exactly as kept in data/sources/summary.txt."""
    return (paths.data_dir() / "sources" / "summary.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_files() -> list[Path]:
    """Return every Turtle and TriG file of data/ (asserted non-empty)."""
    files = sorted(p for p in paths.data_dir().rglob("*") if p.suffix in (".ttl", ".trig"))
    assert files, "data/ holds no *.ttl or *.trig file"
    return files


@pytest.fixture(scope="session")
def data_dataset(data_files) -> Dataset:
    """Return the data files parsed straight from the sources, each graph kept apart."""
    dataset = Dataset()
    for path in data_files:
        with rdflib_internals():  # rdflib's own TriG parsing trips its deprecation warnings
            dataset.parse(data=path.read_text(encoding="utf-8"), publicID=path.as_uri(),
                          format="trig" if path.suffix == ".trig" else "turtle")
    return dataset


@pytest.fixture(scope="session")
def data_graph(data_dataset) -> Graph:
    """Return the union of every graph of the data files (claim graphs included)."""
    graph = Graph()
    for quad in data_dataset.quads():
        graph.add(quad[:3])
    return graph

