"""owlrl's schema rules (scm-*) and one-time axioms, evaluated in bulk over the schema triples.

Schema triples are few (the ontology's axioms), so each call simply evaluates every scm rule
over all of them; the caller repeats until a call adds nothing.
"""

from __future__ import annotations

from collections import defaultdict

from owlrl.OWLRL import OWLRL_Annotation_properties
from rdflib.namespace import OWL, RDF, RDFS

from .rules import InstanceReasoner

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)


def one_time_triples():
    """Yield owlrl's cls-thing, cls-nothing and prp-ap axioms."""
    yield OWL.Thing, RDF.type, OWL.Class
    yield OWL.Nothing, RDF.type, OWL.Class
    for annotation in OWLRL_Annotation_properties:
        yield annotation, RDF.type, OWL.AnnotationProperty


def items(r: InstanceReasoner, head: int) -> list[int]:
    """Return an rdf:List's members as rdflib's Graph.items reads them."""
    first, rest = r.terms.id(RDF.first), r.terms.id(RDF.rest)
    found, seen, node = [], {head}, head
    while node is not None:
        value = next(iter(r.index.objects(node, first)), None)
        if value is not None:
            found.append(value)
        node = next(iter(r.index.objects(node, rest)), None)
        if node in seen:
            break
        seen.add(node)
    return found


def apply_schema_rules(r: InstanceReasoner) -> None:
    """Evaluate every scm rule once over the current schema triples, adding what follows."""
    i = r.terms.id
    by = defaultdict(list)
    for s, p, o in list(r.schema_triples):
        by[p].append((s, o))
    types = defaultdict(list)
    for s, o in by[r.type]:
        types[o].append(s)
    _classes(r, i, by, types)
    _properties(r, i, by, types)
    _domains_ranges(r, i, by)
    _restrictions(r, i, by)
    for c, head in by[i(OWL.intersectionOf)]:
        for member in items(r, head):
            r.add(c, i(RDFS.subClassOf), member)
    for c, head in by[i(OWL.unionOf)]:
        for member in items(r, head):
            r.add(member, i(RDFS.subClassOf), c)


def _classes(r: InstanceReasoner, i, by, types) -> None:
    """scm-cls, scm-sco, scm-eqc1, scm-eqc2."""
    sub, eq, has = i(RDFS.subClassOf), i(OWL.equivalentClass), r.index.has
    for c in types[i(OWL.Class)]:
        r.add(c, sub, c)
        r.add(c, eq, c)
        r.add(c, sub, r.thing)
        r.add(r.nothing, sub, c)
    for c1, c2 in by[sub]:
        if c1 != c2:
            for c3 in list(r.index.objects(c2, sub)):
                if c1 != c3:
                    r.add(c1, sub, c3)
        if has(c2, sub, c1):
            r.add(c1, eq, c2)
    for c1, c2 in by[eq]:
        if c1 != c2:
            r.add(c1, sub, c2)
            r.add(c2, sub, c1)


def _properties(r: InstanceReasoner, i, by, types) -> None:
    """scm-op, scm-dp, scm-spo, scm-eqp1, scm-eqp2."""
    sub, eq = i(RDFS.subPropertyOf), i(OWL.equivalentProperty)
    for kind in PROPERTY_TYPES:
        for p in types[i(kind)]:
            r.add(p, sub, p)
            r.add(p, eq, p)
    for p1, p2 in by[sub]:
        if p1 == p2:
            continue
        for p3 in list(r.index.objects(p2, sub)):
            if p1 != p3:
                r.add(p1, sub, p3)
        if r.index.has(p2, sub, p1):
            r.add(p1, eq, p2)
    for p1, p2 in by[eq]:
        if p1 != p2:
            r.add(p1, sub, p2)
            r.add(p2, sub, p1)


def _domains_ranges(r: InstanceReasoner, i, by) -> None:
    """scm-dom1, scm-dom2, scm-rng1, scm-rng2."""
    sub_class, sub_prop = i(RDFS.subClassOf), i(RDFS.subPropertyOf)
    for key in (i(RDFS.domain), i(RDFS.range)):
        for p, c1 in by[key]:
            for c2 in list(r.index.objects(c1, sub_class)):
                if c1 != c2:
                    r.add(p, key, c2)
            for p1 in list(r.index.subjects(sub_prop, p)):
                if p1 != p:
                    r.add(p1, key, c1)


def _restrictions(r: InstanceReasoner, i, by) -> None:
    """scm-hv, scm-svf1, scm-svf2, scm-avf1, scm-avf2."""
    index, on = r.index, i(OWL.onProperty)
    sub_class, sub_prop = i(RDFS.subClassOf), i(RDFS.subPropertyOf)
    hv = i(OWL.hasValue)
    for c1, value in by[hv]:
        for p1 in list(index.objects(c1, on)):
            for c2 in list(index.subjects(hv, value)):
                for p2 in list(index.objects(c2, on)):
                    if index.has(p1, sub_prop, p2):
                        r.add(c1, sub_class, c2)
    for key, upward in ((i(OWL.someValuesFrom), True), (i(OWL.allValuesFrom), False)):
        for c1, y1 in by[key]:
            for p in list(index.objects(c1, on)):
                for c2 in list(index.subjects(on, p)):
                    for y2 in list(index.objects(c2, key)):
                        if index.has(y1, sub_class, y2):
                            r.add(c1, sub_class, c2)
            for p1 in list(index.objects(c1, on)):
                for c2 in list(index.subjects(key, y1)):
                    for p2 in list(index.objects(c2, on)):
                        if index.has(p1, sub_prop, p2):
                            r.add(*((c1, sub_class, c2) if upward else (c2, sub_class, c1)))
