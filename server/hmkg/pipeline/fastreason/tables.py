"""Read a closed schema graph into the lookup tables the instance rules consult."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from .schema import PROPERTY_KINDS, Schema, rdf_list
from .store import TermTable


def read_schema(graph: Graph, terms: TermTable) -> Schema:
    """Return the rule tables of a closed schema, with terms interned in `terms`."""
    schema = Schema()
    i = terms.id
    _read_hierarchy(graph, schema, i)
    _read_property_axioms(graph, schema, i)
    _read_boolean_classes(graph, schema, i)
    _read_restrictions(graph, schema, i)
    _read_cardinalities(graph, schema, i)
    _read_disjointness(graph, schema, i)
    _read_negatives(graph, schema, i)
    return schema


def _read_hierarchy(graph: Graph, schema: Schema, i) -> None:
    """Fill sub-class, sub-property, domain and range tables (equivalence counts both ways)."""
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if sub != sup:
            schema.supers[i(sub)].add(i(sup))
    for a, b in graph.subject_objects(OWL.equivalentClass):
        if a != b:
            schema.supers[i(a)].add(i(b))
            schema.supers[i(b)].add(i(a))
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        if sub != sup:
            schema.superprops[i(sub)].add(i(sup))
    for a, b in graph.subject_objects(OWL.equivalentProperty):
        if a != b:
            schema.superprops[i(a)].add(i(b))
            schema.superprops[i(b)].add(i(a))
    for p, c in graph.subject_objects(RDFS.domain):
        schema.domains[i(p)].add(i(c))
    for p, c in graph.subject_objects(RDFS.range):
        schema.ranges[i(p)].add(i(c))


def _read_property_axioms(graph: Graph, schema: Schema, i) -> None:
    """Fill inverse, characteristic (functional, transitive...) and chain tables."""
    for a, b in graph.subject_objects(OWL.inverseOf):
        schema.inverses[i(a)].add(i(b))
        schema.inverses[i(b)].add(i(a))
    for kind, owl_class in PROPERTY_KINDS.items():
        for p in graph.subjects(RDF.type, owl_class):
            schema.kinds[kind].add(i(p))
    for p, head in graph.subject_objects(OWL.propertyChainAxiom):
        chain = tuple(i(link) for link in rdf_list(graph, head))
        for position, link in enumerate(chain):
            schema.chains[link].append((i(p), chain, position))
    for c, head in graph.subject_objects(OWL.hasKey):
        keys = [i(p) for p in rdf_list(graph, head)]
        if keys:
            schema.keys[i(c)].append(keys)
            for p in keys:
                schema.keys_by_prop[p].add(i(c))


def _read_boolean_classes(graph: Graph, schema: Schema, i) -> None:
    """Fill intersection and union tables."""
    for c, head in graph.subject_objects(OWL.intersectionOf):
        members = tuple(i(m) for m in rdf_list(graph, head))
        schema.intersections.setdefault(i(c), []).append(members)
        if members:
            for member in members:
                schema.intersections_with[member].add((i(c), members))
    for c, head in graph.subject_objects(OWL.unionOf):
        for member in rdf_list(graph, head):
            schema.unions_with[i(member)].add(i(c))


def _read_restrictions(graph: Graph, schema: Schema, i) -> None:
    """Fill hasValue, someValuesFrom and allValuesFrom tables."""
    for xx, y in graph.subject_objects(OWL.hasValue):
        for p in graph.objects(xx, OWL.onProperty):
            schema.has_value[i(xx)].add((i(p), i(y)))
            schema.has_value_by_pair[(i(p), i(y))].add(i(xx))
    for xx, y in graph.subject_objects(OWL.someValuesFrom):
        for p in graph.objects(xx, OWL.onProperty):
            schema.some_by_prop[i(p)].add((i(xx), i(y)))
            schema.some_by_filler[i(y)].add((i(xx), i(p)))
    for xx, y in graph.subject_objects(OWL.allValuesFrom):
        for p in graph.objects(xx, OWL.onProperty):
            schema.all_by_class[i(xx)].add((i(p), i(y)))
            schema.all_by_prop[i(p)].add((i(xx), i(y)))


def _cardinality(value) -> int | None:
    """Return a cardinality literal's value, or None when it is not 0 or 1."""
    number = value.value if isinstance(value, Literal) else None
    return number if number in (0, 1) else None


def _read_cardinalities(graph: Graph, schema: Schema, i) -> None:
    """Fill max (qualified) cardinality 0/1 tables."""
    for xx, n in graph.subject_objects(OWL.maxCardinality):
        for p in graph.objects(xx, OWL.onProperty):
            if _cardinality(n) == 1:
                schema.max_one[i(xx)].add(i(p))
                schema.max_one_by_prop[i(p)].add(i(xx))
            elif _cardinality(n) == 0:
                schema.max_zero[i(xx)].add(i(p))
                schema.max_zero_by_prop[i(p)].add(i(xx))
    for xx, n in graph.subject_objects(OWL.maxQualifiedCardinality):
        one = _cardinality(n) == 1
        if _cardinality(n) is None:
            continue
        for p in graph.objects(xx, OWL.onProperty):
            for cc in graph.objects(xx, OWL.onClass):
                prefix = "maxq_one" if one else "maxq_zero"
                getattr(schema, prefix)[i(xx)].add((i(p), i(cc)))
                getattr(schema, prefix + "_by_prop")[i(p)].add((i(xx), i(cc)))
                getattr(schema, prefix + "_by_filler")[i(cc)].add((i(xx), i(p)))


def _read_disjointness(graph: Graph, schema: Schema, i) -> None:
    """Fill the tables behind owlrl's inconsistency messages for classes and properties."""
    for a, b in graph.subject_objects(OWL.disjointWith):
        schema.disjoint[i(a)].add(i(b))
    for x in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in graph.objects(x, OWL.members):
            classes = [i(c) for c in rdf_list(graph, head)]
            for n, first in enumerate(classes[:-1]):
                for second in classes[n + 1:]:
                    schema.disjoint[first].add(second)
    for a, b in graph.subject_objects(OWL.complementOf):
        schema.complements[i(a)].add(i(b))
    for a, b in graph.subject_objects(OWL.propertyDisjointWith):
        schema.property_disjoint[i(a)].add(i(b))
    for x in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        for head in graph.objects(x, OWL.members):
            props = [i(p) for p in rdf_list(graph, head)]
            # owlrl pairs i < j < len - 1 (its loop stops one short); mirror it exactly
            for n in range(len(props) - 1):
                for m in range(n + 1, len(props) - 1):
                    schema.all_disjoint_props.append((props[n], props[m]))


def _read_negatives(graph: Graph, schema: Schema, i) -> None:
    """Fill negative property assertions and AllDifferent pairs."""
    for x, i1 in graph.subject_objects(OWL.sourceIndividual):
        for p in graph.objects(x, OWL.assertionProperty):
            for i2 in graph.objects(x, OWL.targetIndividual):
                schema.negative_assertions.append((i(i1), i(p), i(i2), "object"))
            for i2 in graph.objects(x, OWL.targetValue):
                schema.negative_assertions.append((i(i1), i(p), i(i2), "datatype"))
    for x in graph.subjects(RDF.type, OWL.AllDifferent):
        heads = list(graph.objects(x, OWL.members)) + list(graph.objects(x, OWL.distinctMembers))
        for head in heads:
            zs = [i(z) for z in rdf_list(graph, head)]
            for n in range(len(zs) - 1):
                for m in range(n + 1, len(zs) - 1):
                    if zs[n] != zs[m]:
                        schema.all_different.append((zs[n], zs[m]))
