"""Mutation tests: each breakage of the real data is caught by exactly the rule it targets."""

from __future__ import annotations

import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from hmkg.namespaces import ONTOLOGY_IRI
from shacl_support import prepared_queries, results_of, shacl
from shape_mutations import MUTATIONS, Mutation

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def mutate(graph: Graph, mutation: Mutation) -> Graph:
    """Return a copy of graph with the mutation's changes; fail if a change does not apply."""
    copy = Graph()
    copy += graph
    for change in mutation.changes:
        if change.drop:
            matches = list(copy.triples((change.s, change.p, change.old)))
            assert matches, f"{mutation.name!r} does not apply: no ({change.s}, {change.p}, {change.old})"
            for triple in matches:
                copy.remove(triple)
        if change.new is not None:
            copy.add((change.s, change.p, change.new))
    return copy


def owner(shapes: Graph, shape):
    """Return the named shape a result's source shape belongs to (itself if named)."""
    while isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        if parent is None:
            return shape
        shape = parent
    return shape


def component_name(component: URIRef) -> str:
    """Return 'MinCount' for sh:MinCountConstraintComponent."""
    return str(component).removeprefix(str(SH)).removesuffix("ConstraintComponent")


@pytest.fixture(scope="module", autouse=True)
def shared_query_parsing():
    """Parse each shape's SPARQL once for all mutations (results are unchanged)."""
    with prepared_queries():
        yield


def shapes_for(mutation: Mutation, shapes: Graph, own: Graph) -> Graph:
    """Return all shapes if the mutation touches the ontology, else this project's own.

    The ontology term template (shapes/ontology-shape.ttl) targets hmk: terms and the ontology
    headers only, so a change
    to instance data cannot alter its results; leaving it out makes each run several times
    faster.
    """
    touches_ontology = any(str(c.s).startswith(str(ONTOLOGY_IRI)) for c in mutation.changes)
    return shapes if touches_ontology else own


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_mutation_is_caught_by_its_rule_only(mutation, asserted, shapes_graph, own_shapes_graph):
    """The broken copy yields exactly the expected results: focus, path, component, shape, value."""
    shapes = shapes_for(mutation, shapes_graph, own_shapes_graph)
    report, _, _ = shacl(mutate(asserted, mutation), shapes)
    found = {(r.focus, r.path, component_name(r.component), owner(shapes, r.shape), r.value,
              r.severity) for r in results_of(report)}
    expected = {(e.focus, e.path, e.component, e.shape, e.value, e.severity) for e in mutation.expect}
    assert found == expected, f"unexpected: {found - expected}\nmissing: {expected - found}"


def test_mutation_names_are_unique():
    """Each row has its own name, so a failure points at one row."""
    names = [m.name for m in MUTATIONS]
    assert len(names) == len(set(names))


def rules_to_cover(shapes: Graph, own: Graph) -> set:
    """Return every targeted node shape, and every named rule of this project's own files."""
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None) if isinstance(s, URIRef)}
    named = {s for s in own.subjects(SH.path, None) if isinstance(s, URIRef)}
    helpers = {o for o in own.objects(None, SH.node) if isinstance(o, URIRef)}
    sparql = set(own.subjects(RDF.type, SH.SPARQLConstraint))
    return targeted | named | helpers | sparql


def rules_covered(shapes: Graph) -> set:
    """Return the rules some mutation trips, with the node shapes holding them."""
    covered = set()
    for mutation in MUTATIONS:
        for e in mutation.expect:
            covered.add(e.shape)
            covered.update(shapes.subjects(SH.property, e.shape))
            if e.component == "Node":
                covered.update(shapes.objects(e.shape, SH.node))
            if e.component == "SPARQL":
                covered.update(shapes.objects(e.shape, SH.sparql))
    return covered


def test_every_shape_is_tripped_by_a_mutation(shapes_graph, own_shapes_graph):
    """An untested shape fails the suite: every rule appears in some mutation's expectations."""
    required = rules_to_cover(shapes_graph, own_shapes_graph)
    assert len(required) > 60
    assert required - rules_covered(shapes_graph) == set()
