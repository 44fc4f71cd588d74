"""An in-memory triple set over interned term ids, indexed by subject and by object."""

from __future__ import annotations

from collections import defaultdict


class TermTable:
    """Map RDF terms to small integers and back, so rules hash ints, not rdflib terms."""

    def __init__(self) -> None:
        self.ids: dict = {}
        self.terms: list = []

    def id(self, term) -> int:
        """Return the id of a term, minting one on first sight."""
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return found

    def get(self, term) -> int | None:
        """Return the id of a term already seen, else None."""
        return self.ids.get(term)


class TripleIndex:
    """Hold triples as spo[s][p] -> {o} and ops[o][p] -> {s}; add() reports novelty."""

    def __init__(self) -> None:
        self.spo: defaultdict = defaultdict(lambda: defaultdict(set))
        self.ops: defaultdict = defaultdict(lambda: defaultdict(set))

    def add(self, s: int, p: int, o: int) -> bool:
        """Add a triple; return True when it was not there before."""
        objects = self.spo[s][p]
        if o in objects:
            return False
        objects.add(o)
        self.ops[o][p].add(s)
        return True

    def has(self, s: int, p: int, o: int) -> bool:
        """Tell whether the triple is present."""
        by_p = self.spo.get(s)
        return by_p is not None and o in by_p.get(p, ())

    def objects(self, s: int, p: int):
        """Return the objects of (s, p, ?)."""
        by_p = self.spo.get(s)
        return by_p.get(p, ()) if by_p is not None else ()

    def subjects(self, p: int, o: int):
        """Return the subjects of (?, p, o)."""
        by_p = self.ops.get(o)
        return by_p.get(p, ()) if by_p is not None else ()

    def triples(self):
        """Yield every triple."""
        for s, by_p in self.spo.items():
            for p, objects in by_p.items():
                for o in objects:
                    yield s, p, o

    def with_predicate(self, p: int):
        """Yield (s, o) for every triple with predicate p (a full scan: for rare rules only)."""
        for s, by_p in self.spo.items():
            for o in by_p.get(p, ()):
                yield s, o
