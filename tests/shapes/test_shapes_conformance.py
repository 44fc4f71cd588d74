"""The real data conforms to the shapes, and the shapes themselves are complete and well formed."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import OWL, SH

from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, HMK
from pyshacl.entrypoints import meta_validate

from shacl_support import results_of, shacl

SHAPES_NS = "https://w3id.org/hmkg/shapes#"
# Types that say what kind of term a node is rather than what it is about: no shape needed.
TERM_KINDS = {OWL.NamedIndividual}
SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)


@pytest.mark.parametrize("fixture", ["asserted", "asserted_and_inferred"])
def test_real_data_has_no_results(fixture, request, shapes_graph, own_shapes_graph):
    """Validate as the build does; the real data yields no violation and no warning."""
    data = request.getfixturevalue(fixture)
    for label, shapes in (("all shapes", shapes_graph), ("data shapes only", own_shapes_graph)):
        report, wall, cpu = shacl(data, shapes)
        found = results_of(report)
        print(f"\nSHACL validation, {fixture}, {label}: {wall:.3f} s wall, {cpu:.3f} s CPU, "
              f"{len(found)} results")
        assert found == set(), report.serialize(format="turtle")


def test_every_instantiated_class_has_a_shape(sources, shapes_graph):
    """Every class with instances in data/ is targeted by a node shape, itself or a superclass."""
    ontology = sources.graph(GRAPH_ONTOLOGY)
    targeted = set(shapes_graph.objects(None, SH.targetClass))
    assert targeted, "no shape has a sh:targetClass"
    classes = set(sources.graph(GRAPH_DATA).objects(None, RDF.type)) - TERM_KINDS
    assert classes, "data/ has no typed instances"
    unguarded = {c for c in classes
                 if not targeted & set(ontology.transitive_objects(c, RDFS.subClassOf))}
    assert unguarded == set()


def shapes_in(graph: Graph) -> set:
    """Return every shape node: typed shapes, property shapes and shapes nested in others."""
    found = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    found |= set(graph.subjects(SH.path, None))
    for link in SHAPE_LINKS:
        found |= {o for o in graph.objects(None, link) if isinstance(o, (URIRef, BNode))}
    for link in SHAPE_LISTS:
        for head in graph.objects(None, link):
            found |= set(graph.items(head))
    return found


def alternatives_in(graph: Graph) -> set:
    """Return the blank-node members of sh:or / sh:and / sh:xone lists."""
    members = set()
    for link in SHAPE_LISTS:
        for head in graph.objects(None, link):
            members |= {m for m in graph.items(head) if isinstance(m, BNode)}
    return members


def test_every_shape_and_constraint_explains_itself(own_shapes_graph):
    """Each shape and SPARQL constraint has a name, a description and an English message.

    Anonymous alternatives inside sh:or / sh:xone lists are exempt: SHACL reports their failure
    against the shape holding the list, whose name and message are the ones a reader sees.
    """
    graph = own_shapes_graph
    nodes = shapes_in(graph) - alternatives_in(graph)
    nodes |= set(graph.subjects(RDF.type, SH.SPARQLConstraint))
    assert len(nodes) > 50
    lacking = {(graph.namespace_manager.normalizeUri(n) if isinstance(n, URIRef) else str(n), p.fragment)
               for n in nodes for p in (SH.name, SH.description, SH.message)
               if graph.value(n, p) is None}
    assert lacking == set()
    untagged = {str(m) for m in graph.objects(None, SH.message) if m.language != "en"}
    assert untagged == set()


def test_named_shapes_live_under_the_shapes_namespace(own_shapes_graph):
    """Every named shape has a dereferenceable IRI in https://w3id.org/hmkg/shapes#."""
    named = {n for n in shapes_in(own_shapes_graph) if isinstance(n, URIRef)}
    assert named, "no named shapes"
    assert {n for n in named if not n.startswith(SHAPES_NS)} == set()


def test_shapes_are_valid_shacl(own_shapes_graph):
    """The shapes graph conforms to the W3C SHACL-for-SHACL shapes."""
    conforms, _, text = meta_validate(own_shapes_graph, inference="none")
    assert conforms, text


def test_sparql_in_shapes_names_only_declared_terms(own_shapes_graph, sources):
    """Every hmk: term inside the shapes' SPARQL text is declared by the ontology."""
    ontology = sources.graph(GRAPH_ONTOLOGY)
    texts = [str(t) for t in own_shapes_graph.objects(None, SH.select)]
    assert texts, "no SPARQL in the shapes"
    used = {HMK[name] for text in texts for name in re.findall(r"\bhmk:(\w+)", text)}
    assert used
    assert {t for t in used if (t, RDF.type, None) not in ontology} == set()


def test_sparql_results_carry_one_message(own_shapes_graph):
    """A shape holding a SPARQL constraint repeats its message, so pyshacl reports it once."""
    graph = own_shapes_graph
    holders = list(graph.subject_objects(SH.sparql))
    assert holders
    differing = {(str(shape), str(constraint)) for shape, constraint in holders
                 if set(graph.objects(shape, SH.message)) != set(graph.objects(constraint, SH.message))}
    assert differing == set()
