"""Reason step: OWL 2 RL closure (owlrl) over ontology + data, new triples in their own graph.

owlrl computes the closure of GRAPH_ONTOLOGY + GRAPH_DATA + every claim graph (no axiomatic or
datatype-axiom triples requested); ``engine="fast"`` computes the same closure with
hmkg.pipeline.fastreason (owlrl's rules run semi-naively; after the filter below both give
identical graphs). Of the triples it adds, GRAPH_INFERRED keeps only those that say something
new about hmkg's own resources. Dropped as noise, and why:

1. Triples whose subject is not an hmkg resource: a literal (owlrl types every literal with its
   datatype and its supertypes, e.g. ``"1"^^xsd:integer rdf:type xsd:decimal``), a term of a
   built-in vocabulary (rdf:, rdfs:, owl:, xsd: ``rdfs:Datatype``/``AnnotationProperty``
   typing, ``owl:Nothing rdfs:subClassOf X``) or of any external vocabulary (foaf:, prov:...).
   hmkg never adds axioms to terms it does not own. An hmkg resource is an IRI under
   ``https://w3id.org/hmkg/`` or a resource of the data graph: a subject, or an object other
   than a class it is typed with (so a user's own resources count when ``hmkg validate``
   checks their file).
2. Reflexive ``owl:sameAs``, ``rdfs:subClassOf``, ``owl:equivalentClass``,
   ``rdfs:subPropertyOf``, ``owl:equivalentProperty`` (``X owl:sameAs X`` for every term): true
   of everything, so they say nothing.
3. ``rdf:type``, ``rdfs:subClassOf``, ``rdfs:domain``, ``rdfs:range`` whose object is
   ``owl:Thing``, ``rdfs:Resource`` or ``owl:NamedIndividual``: true of every individual,
   class or property.
4. Triples whose object is a blank node outside the data graph: typing with the ontology's
   anonymous class expressions (restrictions, lists), meaningless once cut from the axiom.
5. Literal re-typing: a literal value that equals a literal already asserted for the same
   subject and property (owlrl's canonical form of the same value).
6. owlrl's inconsistency reports (``err:ErrorMessage`` nodes): not kept in any graph; they are
   returned in ReasoningReport.inconsistencies and make the build fail.

Each kept triple is labelled with the kind of OWL 2 RL rule that yields it, derived from its
shape against the closure (see ``rule_kind``), and recorded in ``ds.rule_kinds``; the release
publishes each label as a reified statement in GRAPH_RULE_KINDS (``rdf:subject/predicate/
object`` + ``dcterms:type`` a rule-kind IRI; rule_kinds.statements), so a SPARQL query (CQ25)
can ask "inferred by which kind of rule".
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import owlrl
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from hmkg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY
from hmkg.pipeline.gc_pause import gc_paused
from hmkg.pipeline.load import asserted_data
from hmkg.pipeline import rule_kinds
from hmkg.prefixes import BASE

# owlrl reports an inconsistency as a node with this property holding the message.
OWL_ERROR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#").error
REFLEXIVE_NOISE = {OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf,
                   OWL.equivalentProperty}
TRIVIAL_CLASSES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}
CLASS_POSITION = {RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range}


@dataclass(frozen=True)
class ReasoningReport:
    """What the reasoner added: counts, counts by rule kind, inconsistencies."""

    asserted: int
    inferred: int
    dropped: int
    by_kind: dict[str, int] = field(default_factory=dict)
    inconsistencies: tuple[str, ...] = ()
    seconds: float = 0.0


@gc_paused()
def reason(ds: Dataset, engine: str = "owlrl") -> ReasoningReport:
    """Add the filtered OWL 2 RL closure of ontology + data to GRAPH_INFERRED."""
    start = time.perf_counter()
    # The data graph and every claim graph: a claim's assertion is reasoned over like any data.
    data = {triple for name in asserted_data(ds) for triple in ds.graph(name)}
    asserted = set(ds.graph(GRAPH_ONTOLOGY)) | data
    closed, errors = CLOSURES[engine](ds, asserted)
    new = set(closed) - asserted
    data_nodes = _data_nodes(data)
    kept = sorted(t for t in new if _keep(t, closed, asserted, data_nodes))
    kinds = {t: rule_kind(t, closed) for t in kept}
    _write(ds, kinds)
    return ReasoningReport(asserted=len(asserted), inferred=len(kept),
                           dropped=len(new) - len(kept),
                           by_kind=dict(sorted(Counter(kinds.values()).items())),
                           inconsistencies=errors,
                           seconds=time.perf_counter() - start)


def owl_rl_closure(ds: Dataset, asserted: set) -> tuple[Graph, tuple[str, ...]]:
    """Return owlrl's OWL 2 RL closure of the asserted triples and its inconsistencies."""
    closed = Graph()
    for triple in asserted:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closed)
    return closed, tuple(sorted(str(m) for m in closed.objects(None, OWL_ERROR)))


def fast_closure(ds: Dataset, asserted: set) -> tuple[TripleIndex, tuple[str, ...]]:
    """Return the same closure from hmkg.pipeline.fastreason (owlrl's rules, run semi-naively)."""
    from hmkg.pipeline.fastreason import infer

    result = infer(ds.graph(GRAPH_ONTOLOGY), asserted - set(ds.graph(GRAPH_ONTOLOGY)))
    return TripleIndex(asserted | set(result.inferred)), tuple(sorted(result.errors))


class TripleIndex:
    """The part of rdflib's Graph API the noise filter and rule_kind use, over a set of triples.

    Copying the closure into an rdflib Graph cost more than computing it (three indexes and
    an event per triple); lookups here are by (subject, predicate) or (predicate, object).
    """

    def __init__(self, triples: set) -> None:
        self.triples = triples
        self.by_sp, self.by_po = {}, {}
        for s, p, o in triples:
            self.by_sp.setdefault((s, p), []).append(o)
            self.by_po.setdefault((p, o), []).append(s)

    def __iter__(self):
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        if s is None:
            return (p, o) in self.by_po
        if o is None:
            return (s, p) in self.by_sp
        return triple in self.triples

    def objects(self, subject, predicate):
        """Yield the objects of (subject, predicate, ?)."""
        return iter(self.by_sp.get((subject, predicate), ()))

    def subjects(self, predicate, obj):
        """Yield the subjects of (?, predicate, obj)."""
        return iter(self.by_po.get((predicate, obj), ()))


# Both give the same GRAPH_INFERRED after filtering (tests/pipeline/test_reason.py).
CLOSURES = {"owlrl": owl_rl_closure, "fast": fast_closure}


def _data_nodes(data: set) -> set:
    """Return the data's resources: its subjects and objects, but not the classes it types with."""
    return {s for s, _, _ in data} | {o for s, p, o in data
                                      if p != RDF.type and not isinstance(o, Literal)}


def _ours(node, data_nodes: set) -> bool:
    """Tell whether node is an hmkg IRI or a resource of the data."""
    if isinstance(node, URIRef) and str(node).startswith(BASE):
        return True
    return node in data_nodes


def _keep(triple, closed: Graph, asserted: set, data_nodes: set) -> bool:
    """Tell whether an owlrl triple is a real inference rather than noise."""
    s, p, o = triple
    if not _ours(s, data_nodes):
        return False
    if s == o and p in REFLEXIVE_NOISE:
        return False
    if p in CLASS_POSITION and o in TRIVIAL_CLASSES:
        return False
    if isinstance(o, BNode) and o not in data_nodes:
        return False
    if isinstance(o, Literal):
        return not any(isinstance(x, Literal) and _same_value(x, o)
                       for x in closed.objects(s, p) if (s, p, x) in asserted)
    return True


def _same_value(a: Literal, b: Literal) -> bool:
    """Tell whether two literals denote the same value (owlrl re-types literals)."""
    if a.value is not None and b.value is not None:
        return a.value == b.value
    return str(a) == str(b)


def rule_kind(triple, closed: Graph) -> str:
    """Name the kind of OWL 2 RL rule that derives triple from the closure."""
    s, p, o = triple
    if p in rule_kinds.SCHEMA_PREDICATES:
        return "schema"
    if p == OWL.sameAs:
        return "same-as"
    if p == RDF.type:
        return _type_kind(s, o, closed)
    return _property_kind(s, p, o, closed)


def _type_kind(s, cls, g: Graph) -> str:
    """Classify an inferred rdf:type triple by the axiom that yields it."""
    if any((s, RDF.type, sub) in g for sub in g.subjects(RDFS.subClassOf, cls) if sub != cls):
        return "class-hierarchy"
    if any((s, prop, None) in g for prop in g.subjects(RDFS.domain, cls)):
        return "domain"
    if any((None, prop, s) in g for prop in g.subjects(RDFS.range, cls)):
        return "range"
    return "class-expression"


def _property_kind(s, p, o, g: Graph) -> str:
    """Classify an inferred property assertion by the axiom that yields it."""
    if (p, RDF.type, OWL.TransitiveProperty) in g and any(
            (mid, p, o) in g for mid in g.objects(s, p) if mid not in (s, o)):
        return "transitive"
    if (p, RDF.type, OWL.SymmetricProperty) in g and (o, p, s) in g:
        return "symmetric"
    inverses = set(g.objects(p, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, p))
    if any((o, q, s) in g for q in inverses):
        return "inverse"
    narrower = (set(g.subjects(RDFS.subPropertyOf, p)) | set(g.objects(p, OWL.equivalentProperty))
                | set(g.subjects(OWL.equivalentProperty, p))) - {p}
    if any((s, q, o) in g for q in narrower):
        return "subproperty"
    if (p, OWL.propertyChainAxiom, None) in g:
        return "property-chain"
    if _has_other_name(s, g) or _has_other_name(o, g):
        return "same-as"
    return "other"


def _has_other_name(node, g: Graph) -> bool:
    """Tell whether node is owl:sameAs some other node (owlrl asserts X sameAs X for all X)."""
    return any(other != node for other in g.objects(node, OWL.sameAs))


def _write(ds: Dataset, kinds: dict) -> None:
    """Put the kept triples into GRAPH_INFERRED and record their rule kinds (rule_kinds.py
    writes GRAPH_RULE_KINDS from them when the release is published)."""
    inferred = ds.graph(GRAPH_INFERRED)
    inferred.remove((None, None, None))
    ds.store.addN((*triple, inferred) for triple in kinds)  # the store directly: no events
    ds.rule_kinds = kinds
