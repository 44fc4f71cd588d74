"""The OWL 2 RL instance rules, run to a fixpoint over a worklist of new triples.

Each triple is handled once, when it leaves the worklist; a rule with several data premises
joins the new triple against everything already indexed, so every combination of premises is
seen when its last member arrives (semi-naive evaluation). Schema premises come from the
closed schema's tables and never change during a run.
"""

from __future__ import annotations

from itertools import product

from rdflib.namespace import OWL, RDF

from .schema import LIST_PREDICATES, META_CLASSES, SCHEMA_PREDICATES, Schema
from .store import TermTable, TripleIndex

DISJOINT = "Disjoint classes %s and %s have a common individual %s"


class InstanceReasoner:
    """Apply owlrl's instance-level rules to a triple index until nothing new follows."""

    def __init__(self, terms: TermTable, index: TripleIndex) -> None:
        self.terms, self.index = terms, index
        self.type, self.same = terms.id(RDF.type), terms.id(OWL.sameAs)
        self.different, self.thing = terms.id(OWL.differentFrom), terms.id(OWL.Thing)
        self.nothing = terms.id(OWL.Nothing)
        self.queue: list = []
        self.errors: set[str] = set()
        self.predicates: set[int] = set()
        self.schema_predicates = {terms.id(p) for p in SCHEMA_PREDICATES | LIST_PREDICATES}
        self.meta_classes = {terms.id(c) for c in META_CLASSES}
        self.schema_triples: set = set()
        self.use_schema(Schema())

    def use_schema(self, schema: Schema) -> None:
        """Switch to the rule tables of a (re)closed schema."""
        self.schema = schema
        self.tables_cover = len(self.schema_triples)
        k = schema.kinds
        self.functional, self.inverse_functional = k["functional"], k["inverse_functional"]
        self.symmetric, self.transitive = k["symmetric"], k["transitive"]
        self.irreflexive, self.asymmetric = k["irreflexive"], k["asymmetric"]
        self.disjoint_back = _reverse(schema.disjoint)
        self.complement_back = _reverse(schema.complements)
        self.pdisjoint_back = _reverse(schema.property_disjoint)
        self.negatives = {(a, p, b): kind for a, p, b, kind in schema.negative_assertions}
        self.different_pairs = set(schema.all_different)

    def schema_grew(self) -> bool:
        """Tell whether schema-level triples arrived since the tables were read."""
        return len(self.schema_triples) != self.tables_cover

    def requeue_all(self) -> None:
        """Queue every triple again, so each meets the current tables."""
        self.queue.extend(self.index.triples())

    def add(self, s: int, p: int, o: int) -> None:
        """Index a triple and queue it when new (reflexive sameAs is implicit and skipped)."""
        if p == self.same and s == o:
            return
        if self.index.add(s, p, o):
            self.predicates.add(p)
            self.queue.append((s, p, o))
            if p in self.schema_predicates or (p == self.type and o in self.meta_classes):
                self.schema_triples.add((s, p, o))

    def run(self) -> None:
        """Fire rules until the worklist is empty."""
        queue, fire = self.queue, self.fire
        while queue:
            fire(*queue.pop())

    def fire(self, s: int, p: int, o: int) -> None:
        """Apply every rule for which (s, p, o) is a premise."""
        if p == self.type:
            self.on_type(s, o)
        elif p == self.same:
            self.on_same(s, o)
        elif p == self.different:
            self.on_different(s, o)
        self.on_property(s, p, o)
        self.replace_equals(s, p, o)
        if self.schema.keys_by_prop.get(p):
            for c in self.schema.keys_by_prop[p]:
                self.check_keys(s, c)

    def error(self, template: str, *ids) -> None:
        """Record an inconsistency message worded exactly as owlrl words it."""
        self.errors.add(template % tuple(self.terms.terms[n] for n in ids))

    # -- properties (prp-*, and the property side of cls-* rules) ------------------------------

    def on_property(self, s: int, p: int, o: int) -> None:
        """Apply domain/range, hierarchy, inverse and characteristic rules to one triple."""
        sc, add, t = self.schema, self.add, self.type
        for c in sc.domains.get(p, ()):
            add(s, t, c)
        for c in sc.ranges.get(p, ()):
            add(o, t, c)
        for q in sc.superprops.get(p, ()):
            add(s, q, o)
        for q in sc.inverses.get(p, ()):
            add(o, q, s)
        if p in self.symmetric:
            add(o, p, s)
        if p in self.transitive:
            self.on_transitive(s, p, o)
        if p in self.functional:
            self.equate_all(o, self.index.objects(s, p))
        if p in self.inverse_functional:
            self.equate_all(s, self.index.subjects(p, o))
        if p in sc.chains:
            self.on_chain_link(s, p, o)
        self.on_restricted_property(s, p, o)
        self.check_property(s, p, o)

    def on_transitive(self, s: int, p: int, o: int) -> None:
        """Join a transitive triple with its neighbours on both sides (prp-trp)."""
        index = self.index
        for z in list(index.objects(o, p)):
            self.add(s, p, z)
        for w in list(index.subjects(p, s)):
            self.add(w, p, o)

    def equate_all(self, node: int, others) -> None:
        """State node sameAs each other distinct node, both ways (prp-fp, prp-ifp, cls-maxc2)."""
        for other in list(others):
            if other != node:
                self.add(node, self.same, other)
                self.add(other, self.same, node)

    def on_chain_link(self, s: int, p: int, o: int) -> None:
        """Complete every property chain that (s, p, o) is a link of (prp-spo2)."""
        index = self.index
        for q, chain, position in self.schema.chains[p]:
            starts = {s}
            for link in reversed(chain[:position]):
                starts = {w for x in starts for w in index.subjects(link, x)}
            ends = {o}
            for link in chain[position + 1:]:
                ends = {z for x in ends for z in index.objects(x, link)}
            for start, end in product(starts, ends):
                self.add(start, q, end)

    def on_restricted_property(self, s: int, p: int, o: int) -> None:
        """Apply the restriction rules whose property premise is (s, p, o)."""
        sc, index, t = self.schema, self.index, self.type
        for xx, y in sc.some_by_prop.get(p, ()):
            if y == self.thing or index.has(o, t, y):
                self.add(s, t, xx)
        for xx in sc.has_value_by_pair.get((p, o), ()):
            self.add(s, t, xx)
        for xx, y in sc.all_by_prop.get(p, ()):
            if index.has(s, t, xx):
                self.add(o, t, y)
        for xx in sc.max_one_by_prop.get(p, ()):
            if index.has(s, t, xx):
                self.equate_all(o, index.objects(s, p))
        for xx, cc in sc.maxq_one_by_prop.get(p, ()):
            if index.has(s, t, xx) and (cc == self.thing or index.has(o, t, cc)):
                self.equate_all(o, self.typed(index.objects(s, p), cc))

    def typed(self, nodes, cls: int) -> list:
        """Return the nodes having type cls (all of them for owl:Thing)."""
        if cls == self.thing:
            return list(nodes)
        return [n for n in nodes if self.index.has(n, self.type, cls)]

    def check_property(self, s: int, p: int, o: int) -> None:
        """Record owlrl's property inconsistency messages for one triple."""
        sc, index, t = self.schema, self.index, self.type
        if p in self.irreflexive and s == o:
            self.error("Irreflexive property used on %s with %s", s, p)
        if p in self.asymmetric and index.has(o, p, s):
            template = "Erroneous usage of asymmetric property %s on %s and %s"
            self.error(template, p, s, o)
            self.error(template, p, o, s)
        template = "Erroneous usage of disjoint properties %s and %s on %s and %s"
        for q in sc.property_disjoint.get(p, ()):
            if index.has(s, q, o):
                self.error(template, p, q, s, o)
        for q in self.pdisjoint_back.get(p, ()):
            if index.has(s, q, o):
                self.error(template, q, p, s, o)
        self.check_property_lists(s, p, o)
        for xx in sc.max_zero_by_prop.get(p, ()):
            if index.has(s, t, xx):
                self.error("Erroneous usage of maximum cardinality with %s and %s", xx, o)
        for xx, cc in sc.maxq_zero_by_prop.get(p, ()):
            if index.has(s, t, xx) and (cc == self.thing or index.has(o, t, cc)):
                self.error(MAXQ_ZERO, xx, cc, o)

    def check_property_lists(self, s: int, p: int, o: int) -> None:
        """Record AllDisjointProperties and negative property assertion violations."""
        for first, second in self.schema.all_disjoint_props:
            if p in (first, second) and self.index.has(s, first, o) and self.index.has(s, second, o):
                self.error(ALL_DISJOINT_PROPS, s, first, o, s, second, o)
        kind = self.negatives.get((s, p, o))
        if kind is not None:
            self.error(f"Negative ({kind}) property assertion violated for: (%s, %s, %s)", s, p, o)

    # -- classes (cax-*, cls-*) ----------------------------------------------------------------

    def on_type(self, s: int, c: int) -> None:
        """Apply the class rules to (s rdf:type c)."""
        sc, add, t = self.schema, self.add, self.type
        for d in sc.supers.get(c, ()):
            add(s, t, d)
        for members in sc.intersections.get(c, ()):
            for member in members:
                add(s, t, member)
        for x, members in sc.intersections_with.get(c, ()):
            if all(self.index.has(s, t, m) for m in members):
                add(s, t, x)
        for x in sc.unions_with.get(c, ()):
            add(s, t, x)
        for p, y in sc.has_value.get(c, ()):
            add(s, p, y)
        self.on_restriction_member(s, c)
        self.on_filler_member(s, c)
        self.check_class(s, c)
        for keys in sc.keys.get(c, ()):
            self.check_keys(s, c)
            break

    def on_restriction_member(self, s: int, c: int) -> None:
        """Apply allValuesFrom and cardinality rules when s enters restriction class c."""
        sc, index, t = self.schema, self.index, self.type
        for p, y in sc.all_by_class.get(c, ()):
            for v in list(index.objects(s, p)):
                self.add(v, t, y)
        for p in sc.max_one.get(c, ()):
            values = list(index.objects(s, p))
            for value in values:
                self.equate_all(value, values)
        for p, cc in sc.maxq_one.get(c, ()):
            values = self.typed(index.objects(s, p), cc)
            for value in values:
                self.equate_all(value, values)

    def on_filler_member(self, v: int, y: int) -> None:
        """Apply someValuesFrom and qualified cardinality rules when v enters filler class y."""
        sc, index, t = self.schema, self.index, self.type
        for xx, p in sc.some_by_filler.get(y, ()):
            for u in list(index.subjects(p, v)):
                self.add(u, t, xx)
        for xx, p in sc.maxq_one_by_filler.get(y, ()):
            for u in list(index.subjects(p, v)):
                if index.has(u, t, xx):
                    self.equate_all(v, self.typed(index.objects(u, p), y))
        for xx, p in sc.maxq_zero_by_filler.get(y, ()):
            for u in list(index.subjects(p, v)):
                if index.has(u, t, xx):
                    self.error(MAXQ_ZERO, xx, y, v)

    def check_class(self, s: int, c: int) -> None:
        """Record owlrl's class inconsistency messages for (s rdf:type c)."""
        sc, index, t = self.schema, self.index, self.type
        if c == self.nothing:
            self.error("%s is defined of type 'Nothing'", s)
        for d in sc.disjoint.get(c, ()):
            if index.has(s, t, d):
                self.error(DISJOINT, c, d, s)
        for d in self.disjoint_back.get(c, ()):
            if index.has(s, t, d):
                self.error(DISJOINT, d, c, s)
        template = "Violation of complementarity for classes %s and %s on element %s"
        for d in sc.complements.get(c, ()):
            if index.has(s, t, d):
                self.error(template, c, d, d)  # owlrl names the second class as the element
        for d in self.complement_back.get(c, ()):
            if index.has(s, t, d):
                self.error(template, d, c, c)
        for p in sc.max_zero.get(c, ()):
            for y in index.objects(s, p):
                self.error("Erroneous usage of maximum cardinality with %s and %s", c, y)
        for p, cc in sc.maxq_zero.get(c, ()):
            for y in self.typed(index.objects(s, p), cc):
                self.error(MAXQ_ZERO, c, cc, y)

    def check_keys(self, node: int, c: int) -> None:
        """Apply prp-key for class c around one node, in both roles of owlrl's check."""
        members = list(self.index.subjects(self.type, c))
        if not self.index.has(node, self.type, c):
            return
        for keys in self.schema.keys[c]:
            for other in members:
                if self.key_matches(node, other, keys):
                    self.add(node, self.same, other)
                if self.key_matches(other, node, keys):
                    self.add(other, self.same, node)

    def key_matches(self, x: int, y: int, keys: list) -> bool:
        """Tell whether owlrl's prp-key equates x with y (it compares all keys but the last)."""
        if x == y or self.index.has(x, self.same, y) or self.index.has(y, self.same, x):
            return False
        value_sets = [self.index.objects(x, p) for p in keys]
        if not all(value_sets):
            return False
        for values in product(*value_sets):
            if all(self.index.has(y, p, v) for p, v in zip(keys[:-1], values)):
                return True
        return False

    # -- equality (eq-*) -----------------------------------------------------------------------

    def on_same(self, s: int, o: int) -> None:
        """Apply symmetry, transitivity and replacement for (s sameAs o)."""
        index, same = self.index, self.same
        self.add(o, same, s)
        for z in list(index.objects(o, same)):
            self.add(s, same, z)
        for w in list(index.subjects(same, s)):
            self.add(w, same, o)
        for p, objects in list(index.spo.get(s, {}).items()):
            for z in list(objects):
                self.add(o, p, z)
        if s in self.predicates:
            for x, z in list(index.with_predicate(s)):
                self.add(x, o, z)
        for p, subjects in list(index.ops.get(o, {}).items()):
            for x in list(subjects):
                self.add(x, p, s)
        self.check_same(s, o)

    def replace_equals(self, s: int, p: int, o: int) -> None:
        """Copy a new triple onto the sameAs-equals of its subject, predicate and object."""
        index, same = self.index, self.same
        for z in list(index.objects(s, same)):
            self.add(z, p, o)
        for z in list(index.objects(p, same)):
            self.add(s, z, o)
        for z in list(index.objects(o, same)):
            self.add(s, p, z)

    def on_different(self, s: int, o: int) -> None:
        """Record eq-diff1 for a differentFrom triple against existing equalities."""
        if s == o or self.index.has(s, self.same, o):
            self.error(SAME_DIFFERENT, s, o)
            self.error(SAME_DIFFERENT, o, s)

    def check_same(self, s: int, o: int) -> None:
        """Record eq-diff1..3 messages for a new (s sameAs o)."""
        index = self.index
        if index.has(s, self.different, o) or index.has(o, self.different, s):
            self.error(SAME_DIFFERENT, s, o)
            self.error(SAME_DIFFERENT, o, s)
        for pair in ((s, o), (o, s)):
            if pair in self.different_pairs:
                self.error("'sameAs' and 'AllDifferent' cannot be used on the same "
                           "subject-object pair: (%s, %s)", *pair)


MAXQ_ZERO = "Erroneous usage of maximum qualified cardinality with %s, %s and %s"
SAME_DIFFERENT = ("'sameAs' and 'differentFrom' cannot be used on the same subject-object "
                  "pair: (%s, %s)")
ALL_DISJOINT_PROPS = ("Disjoint properties in an 'AllDisjointProperties' are not really "
                      "disjoint: (%s, %s,%s) and (%s,%s,%s)")


def _reverse(table: dict) -> dict:
    """Return {b: {a}} for a table {a: {b}}."""
    back: dict = {}
    for a, bs in table.items():
        for b in bs:
            back.setdefault(b, set()).add(a)
    return back
