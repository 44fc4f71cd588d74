"""The ontology shape's narrowed shared-label target selects exactly what the plain join does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from hmkg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, HMK
from hmkg.pipeline.load import asserted_data, load_sources, merged_graph
from hmkg.pipeline.reason import reason

ROOT = Path(__file__).resolve().parents[2]
SHARED_LABEL = URIRef("https://w3id.org/hmkg/shapes/ontology#SharedLabelShape")
PREFIXES = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The target as first written: join every label with every equal label, then keep hmk terms.
PLAIN_JOIN = PREFIXES + """SELECT DISTINCT ?this WHERE {
    FILTER EXISTS { ?defined a owl:ObjectProperty ; skos:definition ?definition .
                    FILTER (STRSTARTS(STR(?defined), "https://w3id.org/hmkg/ontology#")) }
    ?this rdfs:label ?label .
    ?other rdfs:label ?label .
    FILTER (?other != ?this && isIRI(?this) && isIRI(?other)
            && STRSTARTS(STR(?this), "https://w3id.org/hmkg/ontology#")
            && STRSTARTS(STR(?other), "https://w3id.org/hmkg/ontology#"))
}"""


def _target_query() -> str:
    """Return the SharedLabelShape target query of shapes/ontology-shape.ttl."""
    shapes = Graph().parse(ROOT / "shapes" / "ontology-shape.ttl")
    target = shapes.value(SHARED_LABEL, SH.target)
    return PREFIXES + str(shapes.value(target, SH.select))


def _validation_graph(root: Path) -> Graph:
    """Return the graph the build validates: data + inferred + ontology."""
    ds = load_sources(root)
    reason(ds, engine="fast")
    return merged_graph(ds, *asserted_data(ds), GRAPH_INFERRED, GRAPH_ONTOLOGY)


def _synthetic_root(tmp_path: Path) -> Path:
    """Generate a 3x synthetic source tree (bench/generate.py)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(3, tmp_path / "x3", ROOT)
    return tmp_path / "x3"


@pytest.mark.parametrize("source", ["real", "synthetic"])
def test_narrowed_target_equals_the_plain_join(tmp_path, source):
    graph = _validation_graph(ROOT if source == "real" else _synthetic_root(tmp_path))
    query = _target_query()
    assert {r[0] for r in graph.query(query)} == {r[0] for r in graph.query(PLAIN_JOIN)} == set()
    # Give a new hmk term the label of an existing one, and a data resource the same label.
    label = graph.value(HMK.Manager, RDFS.label)
    assert label is not None
    graph.add((HMK.Twin, RDFS.label, label))
    graph.add((URIRef("https://w3id.org/hmkg/id/twin"), RDFS.label, label))
    found = {r[0] for r in graph.query(query)}
    assert found == {r[0] for r in graph.query(PLAIN_JOIN)} == {HMK.Manager, HMK.Twin}
