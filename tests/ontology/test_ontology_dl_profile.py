"""OWL 2 DL profile checks that HermiT does not make: declarations, punning, simple properties."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ontology_support import KINDS, is_hmk

DECLARATIONS = set(KINDS.values()) | {OWL.NamedIndividual}
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
# Datatypes of the OWL 2 datatype map that hmk ranges may use.
OWL2_DATATYPES = {XSD.string, XSD.decimal, XSD.integer, XSD.nonNegativeInteger,
                  XSD.positiveInteger, XSD.dateTime, XSD.anyURI, XSD.boolean}


def declared_kinds(graph, node) -> set[URIRef]:
    """Return the OWL declaration kinds node is typed with."""
    return set(graph.objects(node, RDF.type)) & DECLARATIONS


def hmk_nodes(graph) -> set[URIRef]:
    """Return every hmk IRI used anywhere in graph."""
    return {n for triple in graph for n in triple if is_hmk(n)}


def test_every_hmk_term_has_exactly_one_declaration(ontology_graph):
    wrong = {str(n): sorted(declared_kinds(ontology_graph, n))
             for n in hmk_nodes(ontology_graph) if len(declared_kinds(ontology_graph, n)) != 1}
    assert wrong == {}


def test_the_ontology_declares_every_kind_of_term_but_annotation_properties(ontology_graph):
    # hmk:memberKind, once the only annotation property, is an object property since 0.2.0.
    kinds = {kind for n in hmk_nodes(ontology_graph) for kind in declared_kinds(ontology_graph, n)}
    assert kinds == DECLARATIONS - {OWL.AnnotationProperty}


def test_classes_are_only_used_as_classes(ontology_graph):
    classes = {n for n in hmk_nodes(ontology_graph) if OWL.Class in declared_kinds(ontology_graph, n)}
    misused = set()
    for s, p, o in ontology_graph:
        # The ontology itself never uses a class as an individual; data may (hmk:memberKind puns).
        if is_hmk(p) and OWL.ObjectProperty in declared_kinds(ontology_graph, p):
            misused |= {s, o} & classes
    assert misused == set()


def test_individuals_and_properties_are_never_used_as_classes(ontology_graph):
    class_positions = set(ontology_graph.objects(None, RDF.type)) | \
        set(ontology_graph.objects(None, RDFS.subClassOf)) | \
        set(ontology_graph.objects(None, RDFS.domain))
    not_classes = {n for n in hmk_nodes(ontology_graph)
                   if declared_kinds(ontology_graph, n) & (PROPERTY_KINDS | {OWL.NamedIndividual})}
    assert class_positions & not_classes == set()


def test_transitive_and_symmetric_properties_are_object_properties(ontology_graph):
    for characteristic in (OWL.TransitiveProperty, OWL.SymmetricProperty):
        for prop in ontology_graph.subjects(RDF.type, characteristic):
            assert declared_kinds(ontology_graph, prop) == {OWL.ObjectProperty}, prop


def test_functional_properties_are_simple(ontology_graph):
    """OWL 2 DL: a functional property may not be transitive, a chain or a chain's super."""
    complex_props = set(ontology_graph.subjects(RDF.type, OWL.TransitiveProperty)) | \
        set(ontology_graph.subjects(OWL.propertyChainAxiom, None))
    for prop in ontology_graph.subjects(RDF.type, OWL.FunctionalProperty):
        supers_of = set(ontology_graph.transitive_subjects(RDFS.subPropertyOf, prop))
        assert not supers_of & complex_props, prop


def test_datatype_ranges_are_in_the_owl2_datatype_map(ontology_graph):
    ranges = {o for s in ontology_graph.subjects(RDF.type, OWL.DatatypeProperty)
              if is_hmk(s) for o in ontology_graph.objects(s, RDFS.range)}
    assert ranges and ranges <= OWL2_DATATYPES


def test_object_properties_have_iri_values_and_datatype_properties_literals(ontology_graph):
    for s, p, o in ontology_graph:
        kinds = declared_kinds(ontology_graph, p)
        if OWL.ObjectProperty in kinds:
            assert not isinstance(o, Literal), (s, p, o)
        if OWL.DatatypeProperty in kinds:
            assert isinstance(o, Literal), (s, p, o)
