"""Which triples are schema-level, and the rule tables read from them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

# Predicates (and rdf:type objects) that OWL 2 RL rules read as schema premises. A triple using
# one of them changes the rule tables, so the instance engine must never be the one to derive it.
SCHEMA_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass,
    OWL.equivalentProperty, OWL.inverseOf, OWL.propertyChainAxiom, OWL.hasKey, OWL.onProperty,
    OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.maxCardinality,
    OWL.maxQualifiedCardinality, OWL.onClass, OWL.intersectionOf, OWL.unionOf, OWL.complementOf,
    OWL.oneOf, OWL.disjointWith, OWL.propertyDisjointWith, OWL.members, OWL.distinctMembers,
    OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
})
META_CLASSES = frozenset({
    OWL.Class, RDFS.Class, OWL.Restriction, OWL.ObjectProperty, OWL.DatatypeProperty,
    RDF.Property, OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
    OWL.IrreflexiveProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty,
    OWL.TransitiveProperty, OWL.AllDisjointProperties, OWL.AllDisjointClasses, OWL.AllDifferent,
})
LIST_PREDICATES = frozenset({RDF.first, RDF.rest})
PROPERTY_KINDS = {
    "functional": OWL.FunctionalProperty, "inverse_functional": OWL.InverseFunctionalProperty,
    "irreflexive": OWL.IrreflexiveProperty, "symmetric": OWL.SymmetricProperty,
    "asymmetric": OWL.AsymmetricProperty, "transitive": OWL.TransitiveProperty,
}


def is_schema_triple(triple) -> bool:
    """Tell whether a triple is a premise of some schema-level rule."""
    _, p, o = triple
    return p in SCHEMA_PREDICATES or (p == RDF.type and o in META_CLASSES)


def rdf_list(graph: Graph, head) -> list:
    """Return the members of an rdf:List the way owlrl reads them."""
    return list(graph.items(head))


@dataclass
class Schema:
    """Rule tables of a closed schema, over term ids."""

    supers: dict = field(default_factory=lambda: defaultdict(set))
    superprops: dict = field(default_factory=lambda: defaultdict(set))
    domains: dict = field(default_factory=lambda: defaultdict(set))
    ranges: dict = field(default_factory=lambda: defaultdict(set))
    inverses: dict = field(default_factory=lambda: defaultdict(set))
    kinds: dict = field(default_factory=lambda: defaultdict(set))  # kind -> {property}
    chains: dict = field(default_factory=lambda: defaultdict(list))  # link -> [(p, chain, i)]
    intersections: dict = field(default_factory=dict)  # class -> member classes
    intersections_with: dict = field(default_factory=lambda: defaultdict(set))
    unions_with: dict = field(default_factory=lambda: defaultdict(set))
    has_value: dict = field(default_factory=lambda: defaultdict(set))  # xx -> {(p, y)}
    has_value_by_pair: dict = field(default_factory=lambda: defaultdict(set))
    some_by_prop: dict = field(default_factory=lambda: defaultdict(set))  # p -> {(xx, y)}
    some_by_filler: dict = field(default_factory=lambda: defaultdict(set))  # y -> {(xx, p)}
    all_by_class: dict = field(default_factory=lambda: defaultdict(set))  # xx -> {(p, y)}
    all_by_prop: dict = field(default_factory=lambda: defaultdict(set))  # p -> {(xx, y)}
    max_one: dict = field(default_factory=lambda: defaultdict(set))  # xx -> {p}
    max_one_by_prop: dict = field(default_factory=lambda: defaultdict(set))
    max_zero: dict = field(default_factory=lambda: defaultdict(set))
    max_zero_by_prop: dict = field(default_factory=lambda: defaultdict(set))
    maxq_one: dict = field(default_factory=lambda: defaultdict(set))  # xx -> {(p, cc)}
    maxq_one_by_prop: dict = field(default_factory=lambda: defaultdict(set))
    maxq_one_by_filler: dict = field(default_factory=lambda: defaultdict(set))
    maxq_zero: dict = field(default_factory=lambda: defaultdict(set))
    maxq_zero_by_prop: dict = field(default_factory=lambda: defaultdict(set))
    maxq_zero_by_filler: dict = field(default_factory=lambda: defaultdict(set))
    keys: dict = field(default_factory=lambda: defaultdict(list))  # class -> [[p...]]
    keys_by_prop: dict = field(default_factory=lambda: defaultdict(set))  # p -> {class}
    disjoint: dict = field(default_factory=lambda: defaultdict(set))  # c1 -> {c2} (as stated)
    all_disjoint: list = field(default_factory=list)  # [[c...]]
    complements: dict = field(default_factory=lambda: defaultdict(set))
    property_disjoint: dict = field(default_factory=lambda: defaultdict(set))
    all_disjoint_props: list = field(default_factory=list)
    negative_assertions: list = field(default_factory=list)  # (i1, p, i2 or value)
    all_different: list = field(default_factory=list)


def schema_graph(reasoner) -> Graph:
    """Return the reasoner's schema-level and list triples as an rdflib Graph of terms."""
    graph, names = Graph(), reasoner.terms.terms
    for s, p, o in reasoner.schema_triples:
        graph.add((names[s], names[p], names[o]))
    return graph
