"""Seeded random ontologies and data over every OWL 2 RL construct (a test helper)."""

from __future__ import annotations

import random

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

T = Namespace("https://w3id.org/hmkg/test#")
CLASSES = [T[f"C{n}"] for n in range(8)]
PROPS = [T[f"p{n}"] for n in range(7)]
NODES = [T[f"x{n}"] for n in range(7)]
LITERALS = [Literal(1), Literal("a"), Literal("2", datatype=XSD.integer), Literal("b", lang="en"),
            Literal("x", datatype=XSD.integer), Literal("3", datatype=XSD.positiveInteger)]
CHARACTERISTICS = [OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                   OWL.InverseFunctionalProperty, OWL.IrreflexiveProperty,
                   OWL.AsymmetricProperty, OWL.ObjectProperty, OWL.DatatypeProperty]


def _list(graph: Graph, members: list) -> BNode:
    """Add an rdf:List and return its head."""
    head = BNode()
    Collection(graph, head, members)
    return head


def _restriction(graph: Graph, rnd: random.Random) -> BNode:
    """Add a random property restriction and return it."""
    node = BNode()
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, rnd.choice(PROPS)))
    kind = rnd.randrange(5)
    if kind == 0:
        graph.add((node, OWL.hasValue, rnd.choice(NODES)))
    elif kind == 1:
        graph.add((node, OWL.someValuesFrom, rnd.choice(CLASSES + [OWL.Thing, XSD.integer])))
    elif kind == 2:
        graph.add((node, OWL.allValuesFrom, rnd.choice(CLASSES)))
    elif kind == 3:
        graph.add((node, OWL.maxCardinality, Literal(rnd.choice([0, 1]))))
    else:
        graph.add((node, OWL.maxQualifiedCardinality, Literal(rnd.choice([0, 1]))))
        graph.add((node, OWL.onClass, rnd.choice(CLASSES + [OWL.Thing])))
    return node


def random_ontology(seed: int) -> Graph:
    """Return a small random OWL 2 RL ontology."""
    rnd, graph = random.Random(seed), Graph()
    for c in CLASSES:
        graph.add((c, RDF.type, OWL.Class))
    for _ in range(rnd.randint(4, 14)):
        _random_axiom(graph, rnd)
    return graph


def _random_axiom(graph: Graph, rnd: random.Random) -> None:
    """Add one random class or property axiom."""
    c1, c2, p1, p2 = rnd.choice(CLASSES), rnd.choice(CLASSES), rnd.choice(PROPS), rnd.choice(PROPS)
    axioms = [
        lambda: graph.add((c1, RDFS.subClassOf, c2)),
        lambda: graph.add((c1, OWL.equivalentClass, c2)),
        lambda: graph.add((c1, OWL.equivalentClass, _restriction(graph, rnd))),
        lambda: graph.add((_restriction(graph, rnd), RDFS.subClassOf, c1)),
        lambda: graph.add((c1, RDFS.subClassOf, _restriction(graph, rnd))),
        lambda: graph.add((c1, OWL.disjointWith, c2)),
        lambda: graph.add((c1, OWL.intersectionOf, _list(graph, rnd.sample(CLASSES, 2)))),
        lambda: graph.add((c1, OWL.unionOf, _list(graph, rnd.sample(CLASSES, 2)))),
        lambda: graph.add((c1, OWL.hasKey, _list(graph, rnd.sample(PROPS, rnd.randint(1, 2))))),
        lambda: graph.add((p1, RDFS.subPropertyOf, p2)),
        lambda: graph.add((p1, OWL.equivalentProperty, p2)),
        lambda: graph.add((p1, OWL.inverseOf, p2)),
        lambda: graph.add((p1, RDFS.domain, c1)),
        lambda: graph.add((p1, RDFS.range, rnd.choice(CLASSES + [XSD.string]))),
        lambda: graph.add((p1, RDF.type, rnd.choice(CHARACTERISTICS))),
        lambda: graph.add((p1, OWL.propertyChainAxiom, _list(graph, [p2, rnd.choice(PROPS)]))),
        lambda: graph.add((p1, OWL.propertyDisjointWith, p2)),
    ]
    rnd.choice(axioms)()


def random_data(seed: int, classes: list, props: list, size: tuple[int, int] = (4, 20)) -> Graph:
    """Return random instance data over the given classes and properties."""
    rnd, graph = random.Random(seed), Graph()
    for _ in range(rnd.randint(*size)):
        roll, s = rnd.random(), rnd.choice(NODES)
        if roll < 0.3:
            graph.add((s, RDF.type, rnd.choice(classes)))
        elif roll < 0.75:
            graph.add((s, rnd.choice(props), rnd.choice(NODES)))
        elif roll < 0.87:
            graph.add((s, rnd.choice(props), rnd.choice(LITERALS)))
        elif roll < 0.95:
            graph.add((s, rnd.choice([OWL.sameAs, OWL.differentFrom]), rnd.choice(NODES)))
        else:
            graph.add(rnd.choice([(rnd.choice(classes), RDFS.subClassOf, rnd.choice(classes)),
                                  (rnd.choice(props), RDFS.domain, rnd.choice(classes)),
                                  (rnd.choice(props), RDF.type, OWL.TransitiveProperty),
                                  (s, RDF.type, OWL.Class),
                                  (rnd.choice(props), OWL.sameAs, rnd.choice(props))]))
    return graph
