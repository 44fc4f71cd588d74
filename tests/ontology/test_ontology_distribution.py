"""The released ontology as a reuser loads it: ontology.ttl alone, each module with its imports
resolved through the shipped catalog, all OWL 2 DL (declarations) and consistent under HermiT."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from hmkg import layout
from hmkg.namespaces import ONTOLOGY_IRI

from ontology_support import MODULES, is_hmk, ontology_iris
from test_ontology_dl_reasoning import run_hermit, unsatisfiable

CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Values of header fields and of the creator's description: links, not vocabulary terms.
LINKS = ("https://doi.org/", "https://creativecommons.org/", "https://w3id.org/hmkg/id/",
         "https://w3id.org/hmkg/ontology/")
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.NamedIndividual, OWL.Ontology}


def modules_dir(dist_dir: Path) -> Path:
    return dist_dir / layout.ONTOLOGY_MODULES_DIR


def catalog(dist_dir: Path) -> dict[str, Path]:
    """Return the catalog's IRI -> file mapping."""
    root = ET.parse(modules_dir(dist_dir) / layout.ONTOLOGY_CATALOG_FILE).getroot()
    return {uri.get("name"): modules_dir(dist_dir) / uri.get("uri")
            for uri in root.iter(CATALOG_NS + "uri")}


def with_imports(path: Path, mapping: dict[str, Path]) -> Graph:
    """Return a module file merged with everything it imports, resolved through the catalog."""
    graph, seen, todo = Graph(), set(), [path]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        part = Graph().parse(current, format="turtle")
        graph += part
        todo += [mapping[str(iri)] for iri in part.objects(None, OWL.imports)]
    return graph


def undeclared(graph: Graph) -> list[str]:
    """Return the vocabulary IRIs a graph uses without declaring them (OWL 2 DL needs them)."""
    return sorted({str(n) for triple in graph for n in triple
                   if isinstance(n, URIRef) and not str(n).startswith(BUILT_IN + LINKS)
                   and n != ONTOLOGY_IRI
                   and not set(graph.objects(n, RDF.type)) & DECLARATIONS})


def test_ontology_ttl_is_one_document_with_one_header(dist_dir):
    graph = Graph().parse(dist_dir / "ontology.ttl", format="turtle")
    assert ontology_iris(graph) == {ONTOLOGY_IRI}
    assert list(graph.objects(ONTOLOGY_IRI, OWL.imports)) == []
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.2.0")
    assert graph.value(ONTOLOGY_IRI, OWL.priorVersion) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert undeclared(graph) == []


def test_ontology_ttl_alone_is_consistent_under_hermit(dist_dir, tmp_path):
    graph = Graph().parse(dist_dir / "ontology.ttl", format="turtle")
    world = run_hermit(graph, tmp_path)
    assert unsatisfiable(world) == []
    assert len([c for c in world.classes() if is_hmk(URIRef(c.iri))]) == len(
        {c for c in graph.subjects(RDF.type, OWL.Class) if is_hmk(c)})


def test_the_catalog_maps_every_ontology_and_version_iri_to_its_file(dist_dir):
    mapping = catalog(dist_dir)
    files = sorted(p.name for p in modules_dir(dist_dir).glob("*.ttl"))
    assert files == sorted(["hmkg.ttl", *(f"{m}.ttl" for m in MODULES)])
    for name in files:
        graph = Graph().parse(modules_dir(dist_dir) / name, format="turtle")
        (iri,) = ontology_iris(graph)
        version = graph.value(iri, OWL.versionIRI)
        assert mapping[str(iri)].name == mapping[str(version)].name == name
        for imported in graph.objects(iri, OWL.imports):
            assert str(imported).endswith("/0.2.0"), imported  # imports are versioned
            assert mapping[str(imported)].is_file()


@pytest.mark.parametrize("module", ["hmkg", *MODULES])
def test_each_module_loads_alone_through_the_catalog(dist_dir, tmp_path, module):
    graph = with_imports(modules_dir(dist_dir) / f"{module}.ttl", catalog(dist_dir))
    assert undeclared(graph) == []
    # OWL 2 DL forbids one IRI as two kinds of property, or as a class and a property.
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    punned = sorted(str(n) for n in set(graph.subjects(RDF.type, None))
                    if len(set(graph.objects(n, RDF.type)) & kinds) > 1)
    assert punned == []
    graph.remove((None, OWL.imports, None))  # resolved above; HermiT must not fetch them
    world = run_hermit(graph, tmp_path)
    assert unsatisfiable(world) == []


def test_knowledge_loads_without_core(dist_dir):
    """The knowledge taxonomy needs no other module: importing it brings nothing else."""
    knowledge = Graph().parse(modules_dir(dist_dir) / "knowledge.ttl", format="turtle")
    assert list(knowledge.objects(None, OWL.imports)) == []
    defined = {s for s in knowledge.subjects(RDFS.isDefinedBy, None)}
    assert {knowledge.value(s, RDFS.isDefinedBy) for s in defined} == {
        URIRef(f"{ONTOLOGY_IRI}/knowledge")}
    used = {n for triple in knowledge for n in triple if is_hmk(n)}
    assert used <= defined


def test_no_module_file_states_anything_but_declarations_about_external_terms(dist_dir):
    for path in modules_dir(dist_dir).glob("*.ttl"):
        graph = Graph().parse(path, format="turtle")
        for s, p, o in graph:
            if isinstance(s, URIRef) and not is_hmk(s) and not isinstance(s, BNode) \
                    and not str(s).startswith(LINKS) and s not in ontology_iris(graph):
                assert p == RDF.type and o in DECLARATIONS, (path.name, s, p, o)
        assert not any(isinstance(o, Literal) and o.datatype == XSD.gYearMonth
                       for o in graph.objects())


def test_a_missing_term_list_folder_stops_the_build(tmp_path):
    """Without the term lists, ontology.ttl would not declare its external terms (not DL)."""
    from hmkg.pipeline.errors import PipelineError
    from hmkg.pipeline.ontology_dist import external_kinds

    with pytest.raises(PipelineError, match="no term lists"):
        external_kinds(tmp_path / "vocab")
