"""The real release (dist_dir): every artefact exists, parses, agrees with the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, VOID

from hmkg import __version__
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg.pipeline.publish import ARTEFACTS
from hmkg.pipeline.reason import GRAPH_RULE_KINDS
from pipeline_support import read_artefact

DATASET = URIRef("https://w3id.org/hmkg/dataset")
GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES)
# Files that serialise the same graph must agree with each other.
SAME_GRAPH = {"asserted": ["asserted.ttl", "asserted.nt.gz", "asserted.jsonld", "asserted.rdf"],
              "ontology": ["ontology.ttl", "ontology.rdf", "ontology.jsonld", "ontology.nt"]}
FORMATS = {a.file: a.format for a in ARTEFACTS}


def _read(dist: Path, name: str):
    return read_artefact(dist / name, FORMATS[name])


@pytest.fixture(scope="module")
def manifest(dist_dir: Path) -> dict:
    return json.loads((dist_dir / "manifest.json").read_text())


def test_every_manifest_entry_exists_with_its_size(dist_dir, manifest):
    assert len(manifest["artefacts"]) == 14
    for entry in manifest["artefacts"]:
        assert (dist_dir / entry["file"]).stat().st_size == entry["bytes"], entry["file"]
    assert (dist_dir / "ontology" / "index.html").is_file()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_rdf_artefact_parses_to_its_manifest_count(dist_dir, manifest, name):
    parsed = _read(dist_dir, name)
    listed = {e["file"]: e["triples"] for e in manifest["artefacts"]}
    count = sum(len(g) for g in parsed.graphs()) if isinstance(parsed, Dataset) else len(parsed)
    assert count == listed[name] > 0


@pytest.mark.parametrize("view", sorted(SAME_GRAPH))
def test_serialisations_of_one_graph_are_isomorphic(dist_dir, view):
    first, *others = [_read(dist_dir, name) for name in SAME_GRAPH[view]]
    for other in others:
        assert isomorphic(first, other)


def test_trig_and_nquads_hold_the_same_graphs(dist_dir, dataset):
    quads = _read(dist_dir, "hmkg.nq")
    for name in GRAPHS:
        assert len(dataset.graph(name)) > 0, name
        assert isomorphic(dataset.graph(name), quads.graph(name)), name


def test_asserted_is_ontology_plus_data_and_inferred_is_apart(dist_dir, dataset):
    asserted = _read(dist_dir, "asserted.ttl")
    assert len(asserted) == len(dataset.graph(GRAPH_ONTOLOGY) + dataset.graph(GRAPH_DATA))
    inferred = _read(dist_dir, "inferred.ttl")
    assert isomorphic(inferred, dataset.graph(GRAPH_INFERRED))
    assert not set(inferred) & set(asserted)


def test_void_counts_match_the_dataset(dist_dir, dataset):
    void = Graph().parse(dist_dir / "void.ttl")
    for name in GRAPHS:
        assert void.value(name, VOID.triples) == Literal(len(dataset.graph(name))), name
    assert void.value(DATASET, OWL.versionInfo) == Literal(__version__)
    assert set(void.objects(DATASET, DCTERMS.source)) == {
        URIRef("https://doi.org/10.3310/hsdr02120"), URIRef("https://doi.org/10.3310/hsdr02140")}
    assert URIRef("https://w3id.org/hmkg/ontology#") in set(void.objects(DATASET, VOID.vocabulary))
