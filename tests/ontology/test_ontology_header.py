"""The aggregate imports every module; all share one version, equal to hmkg.__version__."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

import hmkg
from hmkg.namespaces import HMK, ONTOLOGY_IRI, ONTOLOGY_VERSION_IRI

from ontology_support import HMK_NS, MODULES, ROOT, ontology_iris

MODULE_IRIS = {URIRef(f"{ONTOLOGY_IRI}/{m}") for m in MODULES}


def test_the_namespace_constant_matches_the_ontology():
    assert str(HMK) == HMK_NS


def test_each_file_holds_exactly_one_ontology(ontology_files):
    found = {}
    for path in ontology_files:
        iris = ontology_iris(Graph().parse(path, format="turtle"))
        assert len(iris) == 1, path.name
        found[path.name] = iris.pop()
    assert found == {"hmkg.ttl": ONTOLOGY_IRI,
                     **{f"hmkg-{m}.ttl": URIRef(f"{ONTOLOGY_IRI}/{m}") for m in MODULES}}


def test_the_aggregate_imports_every_module(ontology_graph):
    assert set(ontology_graph.objects(ONTOLOGY_IRI, OWL.imports)) == MODULE_IRIS


def test_modules_import_only_hmkg_modules(ontology_graph):
    for module in MODULE_IRIS:
        assert set(ontology_graph.objects(module, OWL.imports)) <= MODULE_IRIS - {module}


def test_every_ontology_carries_the_package_version(ontology_graph):
    for iri in ontology_iris(ontology_graph):
        assert list(ontology_graph.objects(iri, OWL.versionInfo)) == [Literal(hmkg.__version__)]
        assert list(ontology_graph.objects(iri, OWL.versionIRI)) == [
            URIRef(f"{iri}/{hmkg.__version__}")]


def test_the_aggregate_version_iri_is_the_published_one(ontology_graph):
    assert ontology_graph.value(ONTOLOGY_IRI, OWL.versionIRI) == ONTOLOGY_VERSION_IRI
    assert str(ONTOLOGY_VERSION_IRI) == "https://w3id.org/hmkg/ontology/0.2.0"
    assert ontology_graph.value(ONTOLOGY_IRI, OWL.priorVersion) == URIRef(
        "https://w3id.org/hmkg/ontology/0.1.0")


def test_every_ontology_names_its_prior_version(ontology_graph):
    for iri in ontology_iris(ontology_graph):
        assert list(ontology_graph.objects(iri, OWL.priorVersion)) == [URIRef(f"{iri}/0.1.0")]


def test_no_turtle_under_ontology_is_anything_but_an_ontology_module():
    names = sorted(p.name for p in (ROOT / "ontology").rglob("*.ttl"))
    assert names == sorted(["hmkg.ttl", *(f"hmkg-{m}.ttl" for m in MODULES)])
