"""owlrl's one-time datatype rules (dt-type1, dt-type2, dt-not-type), run by owlrl itself."""

from __future__ import annotations

from owlrl import OWLRL_Semantics
from owlrl.XsdDatatypes import OWL_RL_Datatypes
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

_HOLDER = URIRef("urn:x-hmkg:fastreason:literal-holder")

_RL_DATATYPES = frozenset(OWL_RL_Datatypes)


def datatype_facts(asserted) -> tuple[set, set[str]]:
    """Return the datatype triples and lexical-error messages owlrl derives once, up front.

    These rules read only the literals typed with an OWL 2 RL datatype, the datatype typings
    and the sameAs links of the input, so owlrl runs them on a small graph holding each such
    literal once.
    """
    graph = Graph()
    literals = set()
    for s, p, o in asserted:
        if isinstance(o, Literal):
            if o.datatype in _RL_DATATYPES:  # owlrl's rules ignore every other literal
                literals.add(o)
        elif (p == RDF.type and o in _RL_DATATYPES) or p == OWL.sameAs:
            graph.add((s, p, o))
    for literal in literals:
        graph.add((_HOLDER, _HOLDER, literal))
    semantics = OWLRL_Semantics(graph, False, False)
    semantics._one_time_rules_datatypes()  # the rule set itself, not a reimplementation
    return set(semantics.added_triples), set(semantics.error_messages)
