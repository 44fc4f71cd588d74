"""Licences: MIT for the code, CC BY 4.0 for ontology, data and every published file."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from hmkg.namespaces import GRAPH_ONTOLOGY, ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = URIRef("https://w3id.org/hmkg/dataset")


def test_license_file_is_mit_and_names_cc_by_for_the_data():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert str(CC_BY) in text


def test_ontology_header_is_cc_by(dataset):
    assert list(dataset.graph(GRAPH_ONTOLOGY).objects(ONTOLOGY_IRI, DCTERMS.license)) == [CC_BY]


def test_void_dataset_and_every_distribution_are_cc_by(dist_dir):
    void = Graph().parse(data=(dist_dir / "void.ttl").read_bytes(), format="turtle")
    assert list(void.objects(DATASET, DCTERMS.license)) == [CC_BY]
    distributions = list(void.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 14  # every artefact (search index included) but void.ttl, which describes them
    assert all(void.value(d, DCTERMS.license) == CC_BY for d in distributions)
