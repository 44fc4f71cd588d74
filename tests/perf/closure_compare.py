"""Compute owlrl's closure and the fast path's, reduced to comparable sets (a test helper)."""

from __future__ import annotations

import owlrl
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import OWL

OWL_ERROR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def owlrl_reference(ontology: Graph, data: Graph) -> tuple[set, set[str]]:
    """Return owlrl's new triples (minus what fastreason documents it omits) and its errors."""
    closed = Graph()
    for graph in (ontology, data):
        for triple in graph:
            closed.add(triple)
    asserted = set(closed)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closed)
    errors = {str(m) for m in closed.objects(None, OWL_ERROR.error)}
    error_nodes = set(closed.subjects(OWL_ERROR.error, None))
    new = set()
    for s, p, o in set(closed) - asserted:
        if isinstance(s, Literal) or isinstance(p, BNode) or s in error_nodes:
            continue
        if p == OWL.sameAs and s == o:
            continue
        new.add((s, p, o))
    return new, errors
