"""Each ontology file parses to the same graph in rdflib and in pyoxigraph, a stricter parser."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic, graph_diff

from ontology_support import ROOT

ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("*.ttl"))


def oxigraph_graph(path) -> Graph:
    """Parse path with pyoxigraph and hand the triples to rdflib through N-Triples."""
    triples = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples, format="nt")


def test_there_are_ontology_files_to_check():
    assert [p.name for p in ONTOLOGY_FILES] == [
        "hmkg-core.ttl", "hmkg-knowledge.ttl", "hmkg-networks.ttl", "hmkg-studies.ttl",
        "hmkg.ttl"]


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_rdflib_and_pyoxigraph_read_the_same_graph(path):
    ours = Graph().parse(path, format="turtle")
    theirs = oxigraph_graph(path)
    assert len(ours) > 0
    if not isomorphic(ours, theirs):
        _, only_rdflib, only_oxigraph = graph_diff(to_isomorphic(ours), to_isomorphic(theirs))
        pytest.fail(f"rdflib only: {sorted(only_rdflib)[:5]}; oxigraph only: "
                    f"{sorted(only_oxigraph)[:5]}")


@pytest.mark.parametrize("fmt", ["xml", "nt"])
def test_serialisations_of_the_ontology_round_trip(ontology_graph, fmt):
    text = ontology_graph.serialize(format=fmt)
    assert isomorphic(Graph().parse(data=text, format=fmt), ontology_graph)


def test_pyoxigraph_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text((ROOT / "ontology" / "hmkg.ttl").read_text().replace(" .\n", " \n", 1))
    with pytest.raises(SyntaxError):
        oxigraph_graph(broken)
