"""A fast path to owlrl's OWL 2 RL closure: owlrl closes the schema once, Python closes the rest.

owlrl re-scans every triple on every cycle, which grows worse than linearly with the data. Here
owlrl runs only on the schema-level triples (the ontology, plus any schema triple in the data);
the instance-level rules of its OWLRL_Semantics are then applied to the data with a semi-naive
worklist over integer-indexed triples. The result equals owlrl's closure of the whole graph,
except for the triples owlrl adds that carry no information a published graph can hold:
reflexive owl:sameAs (eq-ref), triples with a literal subject, and triples with a blank-node
predicate (owlrl removes those itself). tests/perf proves the equality.

If the data ever derives a new schema-level triple, the schema grew: it is closed again with
owlrl and the instance rules rerun, so the fast path never trades correctness for speed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL

from .datatypes import datatype_facts
from .rules import InstanceReasoner
from .schema import close_schema, is_schema_triple
from .store import TermTable, TripleIndex
from .tables import read_schema


@dataclass(frozen=True)
class Inference:
    """What the fast path derived: new triples (as rdflib terms) and owlrl-worded errors."""

    inferred: frozenset
    errors: tuple[str, ...]


def infer(ontology: Graph, data: Graph) -> Inference:
    """Return the OWL 2 RL consequences of ontology + data that neither states."""
    asserted = set(ontology) | set(data)
    schema_part = frozenset(ontology) | frozenset(t for t in data if is_schema_triple(t))
    while True:
        closed_schema, schema_errors = close_schema(schema_part)
        index, terms, reasoner, datatype_errors = _run(closed_schema, asserted)
        grown = _new_schema_triples(index, terms, closed_schema)
        if not grown:
            break
        schema_part = schema_part | grown
    errors = set(schema_errors) | reasoner.errors | datatype_errors
    return Inference(frozenset(_published(index, terms, asserted)), tuple(sorted(errors)))


def _run(closed_schema: Graph, asserted: set):
    """Index the closed schema and the asserted triples, then apply the instance rules."""
    terms, index = TermTable(), TripleIndex()
    schema = read_schema(closed_schema, terms)
    reasoner = InstanceReasoner(schema, terms, index)
    i = terms.id
    for s, p, o in closed_schema:
        index.add(i(s), i(p), i(o))
        reasoner.predicates.add(i(p))
    facts, datatype_errors = datatype_facts(asserted)
    for s, p, o in _chain(asserted, facts):
        if not isinstance(p, Literal):
            reasoner.add(i(s), i(p), i(o))
    reasoner.run()
    return index, terms, reasoner, datatype_errors


def _chain(*iterables):
    """Yield from each iterable in turn."""
    for iterable in iterables:
        yield from iterable


def _new_schema_triples(index: TripleIndex, terms: TermTable, closed_schema: Graph) -> frozenset:
    """Return the schema-level triples the instance rules derived that the schema lacks."""
    found = set()
    for s, p, o in index.triples():
        triple = (terms.terms[s], terms.terms[p], terms.terms[o])
        if is_schema_triple(triple) and triple not in closed_schema:
            found.add(triple)
    return frozenset(found)


def _published(index: TripleIndex, terms: TermTable, asserted: set):
    """Yield the derived triples a graph can hold (see the module docstring)."""
    names, same = terms.terms, terms.get(OWL.sameAs)
    for s, p, o in index.triples():
        subject, predicate = names[s], names[p]
        if isinstance(subject, Literal) or isinstance(predicate, BNode):
            continue
        if p == same and s == o:
            continue
        triple = (subject, predicate, names[o])
        if triple not in asserted:
            yield triple
