"""Count VoID's statistics of every graph and of unions of graphs, holding no triple.

VoID counts triples and distinct subjects, predicates, objects and classes. Counted as sets
of triples and terms, the unions held every triple of the release once more: at 1000x the
data as rdflib rows, the copy the publish step kept for them (0.9 GB), or 1.5 GB as sets of
pyoxigraph terms, which are copied as they are read. Here each graph's triples come sorted in
line order (oxiwrite.sorted_triples), so the graphs merge into one stream in that order: a
triple in two graphs, and all the triples of one subject, arrive next to each other, and
only the distinct predicates, objects and classes are kept as sets (of their N-Triples text).

The query store cannot count them: it stores some literals by value ("1"^^xsd:positiveInteger
comes back as "1"^^xsd:integer, oxigraph issue #526), so its counts are not the release's.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDF

_RDF_TYPE = f"<{RDF.type}>"


@dataclass(frozen=True)
class Counts:
    """What VoID counts of a graph: its triples, and its distinct terms by position."""

    triples: int = 0
    entities: int = 0  # distinct IRI subjects
    classes: int = 0  # distinct objects of rdf:type
    properties: int = 0
    subjects: int = 0
    objects: int = 0


class Tally:
    """Counts triples given as the (subject, predicate, object) texts of their N-Triples
    lines, in line order: a triple or a subject seen again is the one just seen."""

    def __init__(self) -> None:
        self.triples = self.subjects = self.entities = 0
        self.last: tuple | None = None
        self.predicates: set[str] = set()
        self.objects: set[str] = set()
        self.classes: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        """Count one triple, once."""
        last, self.last = self.last, (s, p, o)
        if last == self.last:
            return
        self.triples += 1
        if last is None or last[0] != s:
            self.subjects += 1
            self.entities += s.startswith("<")
        self.predicates.add(p)
        self.objects.add(o)
        if p == _RDF_TYPE:
            self.classes.add(o)

    def counts(self) -> Counts:
        """Return what was counted."""
        return Counts(self.triples, self.entities, len(self.classes), len(self.predicates),
                      self.subjects, len(self.objects))


def count(graphs: Mapping[URIRef, list],
          unions: Mapping[str, Callable[[URIRef], bool]]) -> tuple[dict, dict, dict]:
    """Count every graph (pyoxigraph Triples in line order) and every union (a name and which
    graphs it holds) in one pass. Return the graphs' Counts, the unions' Counts, and the
    predicates and classes each union uses (IRI texts without <>), by union name."""
    tallies = {name: Tally() for name in graphs}
    union_tallies = {union: Tally() for union in unions}
    members = {name: [union_tallies[u] for u, holds in unions.items() if holds(name)]
               for name in graphs}
    for s, p, o, name in heapq.merge(*(_texts(triples, name)
                                       for name, triples in graphs.items())):
        tallies[name].add(s, p, o)
        for tally in members[name]:
            tally.add(s, p, o)
    used = {union: {term[1:-1] for term in tally.predicates | tally.classes
                    if term.startswith("<")} for union, tally in union_tallies.items()}
    return ({name: tally.counts() for name, tally in tallies.items()},
            {union: tally.counts() for union, tally in union_tallies.items()}, used)


def _texts(triples: list, name: URIRef) -> Iterator[tuple[str, str, str, URIRef]]:
    """Yield each triple's terms as N-Triples text, then its graph: tuples that sort as the
    lines do (see oxiwrite._line_order)."""
    for triple in triples:
        s, p, o = map(str, triple)
        yield s, p, o, name
