"""The SHACL ontology shape passes on the ontology and pins down exactly what a mutation breaks."""

from __future__ import annotations

import owlrl
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from ontology_support import HMK_NS, ROOT, copy_graph

ONTOLOGY = URIRef("https://w3id.org/hmkg/ontology")
MANAGER = URIRef(HMK_NS + "Manager")


@pytest.fixture(scope="module")
def ontology_shape() -> Graph:
    """Return the ontology shape graph."""
    return Graph().parse(ROOT / "shapes" / "ontology-shape.ttl", format="turtle")


def violations(graph: Graph, shape: Graph) -> set[tuple]:
    """Validate graph and return (focus, path, component) for every result."""
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shape, advanced=True,
                                           inference="none")
    results = {(report.value(r, SH.focusNode), report.value(r, SH.resultPath),
                report.value(r, SH.sourceConstraintComponent))
               for r in report.subjects(SH.resultSeverity, SH.Violation)}
    assert conforms == (not results)
    return results


def test_the_ontology_conforms_to_its_shape(ontology_graph, ontology_shape):
    assert violations(ontology_graph, ontology_shape) == set()


def test_shape_nodes_carry_names_descriptions_and_messages(ontology_shape):
    for shape in ontology_shape.subjects(SH.path, None):
        assert ontology_shape.value(shape, SH.message) is not None, shape
        assert ontology_shape.value(shape, SH.name) is not None, shape
    for shape in (URIRef("https://w3id.org/hmkg/shapes/ontology#TermShape"),
                  URIRef("https://w3id.org/hmkg/shapes/ontology#SharedLabelShape"),
                  URIRef("https://w3id.org/hmkg/shapes/ontology#HeaderShape")):
        assert ontology_shape.value(shape, SH.description) is not None


def test_a_dropped_label_fails_on_exactly_that_term(ontology_graph, ontology_shape):
    mutated = copy_graph(ontology_graph)
    mutated.remove((MANAGER, RDFS.label, None))
    assert violations(mutated, ontology_shape) == {
        (MANAGER, RDFS.label, SH.MinCountConstraintComponent)}


def test_a_label_in_another_language_fails(ontology_graph, ontology_shape):
    mutated = copy_graph(ontology_graph)
    mutated.set((MANAGER, RDFS.label, Literal("Führungskraft", lang="de")))
    assert violations(mutated, ontology_shape) == {
        (MANAGER, RDFS.label, SH.LanguageInConstraintComponent)}


def test_a_dropped_definition_fails_on_exactly_that_term(ontology_graph, ontology_shape):
    term = URIRef(HMK_NS + "affiliatedWith")
    mutated = copy_graph(ontology_graph)
    mutated.remove((term, SKOS.definition, None))
    assert violations(mutated, ontology_shape) == {
        (term, SKOS.definition, SH.MinCountConstraintComponent)}


def test_a_foreign_is_defined_by_fails(ontology_graph, ontology_shape):
    term = URIRef(HMK_NS + "TacitKnowledge")
    mutated = copy_graph(ontology_graph)
    mutated.set((term, RDFS.isDefinedBy, URIRef("http://example.org/other")))
    assert violations(mutated, ontology_shape) == {
        (term, RDFS.isDefinedBy, SH.InConstraintComponent)}


def test_a_shared_label_fails_on_both_terms(ontology_graph, ontology_shape):
    region, sector = URIRef(HMK_NS + "Region"), URIRef(HMK_NS + "Sector")
    mutated = copy_graph(ontology_graph)
    mutated.set((sector, RDFS.label, Literal("region", lang="en")))
    assert violations(mutated, ontology_shape) == {
        (region, None, SH.SPARQLConstraintComponent),
        (sector, None, SH.SPARQLConstraintComponent)}


@pytest.mark.parametrize("predicate", [DCTERMS.license, OWL.versionIRI, DCTERMS.source])
def test_a_missing_header_field_fails_on_the_ontology(ontology_graph, ontology_shape, predicate):
    mutated = copy_graph(ontology_graph)
    mutated.remove((ONTOLOGY, predicate, None))
    results = violations(mutated, ontology_shape)
    assert {(focus, path) for focus, path, _ in results} == {(ONTOLOGY, predicate)}


def test_external_terms_are_not_checked(ontology_graph, ontology_shape):
    """Declaring an unlabelled external class (as OWL RL inference does) is not a violation."""
    mutated = copy_graph(ontology_graph)
    mutated.add((URIRef("http://www.w3.org/ns/prov#Entity"), RDFS.subClassOf, OWL.Thing))
    mutated.add((URIRef("http://www.w3.org/ns/prov#Entity"),
                 URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), OWL.Class))
    assert violations(mutated, ontology_shape) == set()


def test_the_shape_is_inert_when_only_ontology_axioms_are_mixed_into_data(
        ontology_graph, ontology_shape):
    """pyshacl's ont_graph brings axioms but not class definitions: the shape must stay quiet."""
    axioms_only = copy_graph(ontology_graph)
    axioms_only.remove((None, SKOS.definition, None))
    assert violations(axioms_only, ontology_shape) == set()


def test_every_term_follows_the_template_even_where_the_shape_is_inert(ontology_graph):
    """The same template, checked in Python, so the shape's guard cannot hide a gap."""
    terms = {s for s in ontology_graph.subjects(RDFS.isDefinedBy, None)}
    declared = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                               OWL.AnnotationProperty, OWL.NamedIndividual)
                for s in ontology_graph.subjects(RDF.type, kind) if str(s).startswith(HMK_NS)}
    assert declared and declared == terms
    for term in declared:
        labels = list(ontology_graph.objects(term, RDFS.label))
        definitions = list(ontology_graph.objects(term, SKOS.definition))
        assert [lit.language for lit in labels] == ["en"], term
        assert [lit.language for lit in definitions] == ["en"], term
    for path in sorted((ROOT / "ontology").glob("hmkg-*.ttl")):
        module = Graph().parse(path, format="turtle")
        module_iri = URIRef(f"{ONTOLOGY}/{path.stem.removeprefix('hmkg-')}")
        for term in module.subjects(RDFS.isDefinedBy, None):
            assert list(module.objects(term, RDFS.isDefinedBy)) == [module_iri], term


def data_graph() -> Graph:
    """Return the instance data merged into one graph (asserted non-empty)."""
    files = sorted((ROOT / "data").rglob("*.ttl"))
    assert files, "no data/*.ttl files (data helper's)"
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def union_with_inferences(*graphs: Graph) -> Graph:
    """Return the union of graphs expanded with OWL 2 RL, as the build validates it."""
    union = Graph()
    for graph in graphs:
        for triple in graph:
            union.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(union)
    return union


def test_the_shape_holds_over_data_ontology_and_inferences(ontology_graph, ontology_shape):
    """The build validates data + inferred + ontology as one graph: the template still holds."""
    assert violations(union_with_inferences(data_graph(), ontology_graph), ontology_shape) == set()


def test_the_build_style_union_still_catches_a_dropped_label(ontology_graph, ontology_shape):
    mutated = copy_graph(ontology_graph)
    mutated.remove((MANAGER, RDFS.label, None))
    assert violations(union_with_inferences(data_graph(), mutated), ontology_shape) == {
        (MANAGER, RDFS.label, SH.MinCountConstraintComponent)}


def test_module_headers_do_not_point_back_to_the_aggregate(ontology_graph):
    """A module -> aggregate -> module cycle of headers made tools that deep-copy what an
    ontology points to (pyshacl's ont_graph) explode; the headers stay acyclic. SKOS schemes and
    their top concepts do point at each other (skos:hasTopConcept / skos:topConceptOf), as SKOS
    requires, so the ontology is unioned into the data graph (as hmkg validate does), never
    passed as pyshacl's ont_graph, whose deep copy has no cycle guard."""
    modules = {URIRef(f"{ONTOLOGY}/{m}") for m in ("core", "knowledge", "networks", "studies")}
    for module in modules:
        assert ONTOLOGY not in set(ontology_graph.objects(module, None)), module
