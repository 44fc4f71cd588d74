"""A fast path to owlrl's OWL 2 RL closure: the same rules, run semi-naively over indexed ints.

owlrl re-scans every triple on every cycle, checking each rule against rdflib's store, which
grows worse than linearly with the data. This package applies the rule set of owlrl's
OWLRL_Semantics (axiomatic and datatype-axiom triples off, as hmkg's reason step runs it):
schema rules (scm-*) are evaluated in bulk over the few schema triples until they are closed,
and read into lookup tables; the instance rules then run on a worklist, each triple handled
once and joined against what is already indexed. It runs in two phases, ontology first, so the
data meets closed tables; whenever the data derives a new schema triple, the tables are
rebuilt and every triple is handled again, so speed never costs correctness.

The result equals owlrl's closure except for triples owlrl adds that carry no information a
published graph can hold: reflexive owl:sameAs for every term (eq-ref), triples with a literal
subject (internal datatype typing), triples with a blank-node predicate (owlrl removes those
itself) and its error-message nodes (returned as `errors`, worded as owlrl words them).
tests/perf proves the equality against owlrl on the real graph, a synthetic sample, and
randomised graphs over every OWL 2 RL construct.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL

from hmkg.pipeline.gc_pause import gc_paused

from .datatypes import datatype_facts
from .rules import InstanceReasoner
from .schema import is_schema_triple, schema_graph
from .schema_rules import apply_schema_rules, one_time_triples
from .store import TermTable, TripleIndex
from .tables import read_schema


@dataclass(frozen=True)
class Inference:
    """What the fast path derived: new triples (as rdflib terms) and owlrl-worded errors."""

    inferred: frozenset
    errors: tuple[str, ...]


def infer(ontology: Graph, data: Graph) -> Inference:
    """Return the OWL 2 RL consequences of ontology + data that neither states."""
    with gc_paused():
        ontology_triples, data_triples = set(ontology), set(data)
        terms, index = TermTable(), TripleIndex()
        reasoner = InstanceReasoner(terms, index)
        facts, datatype_errors = datatype_facts(_chain(ontology_triples, data_triples))
        first = ontology_triples | {t for t in data_triples if is_schema_triple(t)}
        asserted = _add_all(reasoner, first)
        _add_all(reasoner, _chain(one_time_triples(), facts))
        _saturate(reasoner)
        asserted |= _add_all(reasoner, data_triples - first)
        _saturate(reasoner)
        errors = reasoner.errors | datatype_errors
        inferred = frozenset(_published(index, terms, asserted))
    return Inference(inferred, tuple(sorted(errors)))


def _add_all(reasoner: InstanceReasoner, triples) -> set:
    """Intern and add triples (generalised RDF, as owlrl: no literal predicates); return ids."""
    i, added = reasoner.terms.id, set()
    for s, p, o in triples:
        if not isinstance(p, Literal):
            ids = (i(s), i(p), i(o))
            reasoner.add(*ids)
            added.add(ids)
    return added


def _saturate(reasoner: InstanceReasoner) -> None:
    """Run schema and instance rules until neither adds a triple."""
    while True:
        reasoner.run()
        apply_schema_rules(reasoner)
        if reasoner.queue:
            continue
        if not reasoner.schema_grew():
            return
        reasoner.use_schema(read_schema(schema_graph(reasoner), reasoner.terms))
        reasoner.requeue_all()


def _chain(*iterables):
    """Yield from each iterable in turn."""
    for iterable in iterables:
        yield from iterable


def _published(index: TripleIndex, terms: TermTable, asserted: set):
    """Yield the derived triples a graph can hold (see the module docstring)."""
    names, same = terms.terms, terms.get(OWL.sameAs)
    for s, p, o in index.triples():
        if (s, p, o) in asserted or (p == same and s == o):
            continue
        subject, predicate = names[s], names[p]
        if isinstance(subject, Literal) or isinstance(predicate, BNode):
            continue
        yield subject, predicate, names[o]
