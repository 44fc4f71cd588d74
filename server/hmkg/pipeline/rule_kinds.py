"""The kinds of OWL 2 RL rule an inferred triple is labelled with, their descriptions, and the
rule-kind graph (GRAPH_RULE_KINDS) that publishes them.

The reason step records each kept triple's kind in a mapping (`ds.rule_kinds`), not as the
graph's triples: a reified statement is four rdflib triples per inferred triple, which at
1000x the data held 3.7 GB (8.5 GB after reasoning, 4.9 GB now) and took a third of the
reasoning time (89 s, 60 s now). `triples(ds)` writes the graph out when it is published;
`LineOrder` gives the same triples as pyoxigraph Triples in line order, made afresh each time
the publish step reads them (held, they were half of its copy of the dataset).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from hmkg.namespaces import ID
from hmkg.pipeline.oxiwrite import Terms, sorted_triples

# Predicates whose inferred triples are about classes and properties (OWL 2 RL scm-* rules).
SCHEMA_PREDICATES = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                     OWL.equivalentProperty, RDFS.domain, RDFS.range, OWL.disjointWith,
                     OWL.inverseOf, OWL.propertyDisjointWith}

# kind -> (label, OWL 2 RL rule names, what it means); the order is the order rule_kind tries.
KINDS = {
    "schema": ("schema", "scm-*",
               "A class or property axiom implied by others (e.g. subclass of a subclass)."),
    "same-as": ("same individual", "eq-*",
                "A statement carried over between individuals declared owl:sameAs."),
    "class-hierarchy": ("type from a superclass", "cax-sco",
                        "An individual of a class is an individual of its superclasses."),
    "domain": ("type from a property domain", "prp-dom",
               "The subject of a property belongs to the property's rdfs:domain."),
    "range": ("type from a property range", "prp-rng",
              "The object of a property belongs to the property's rdfs:range."),
    "class-expression": ("type from a class expression", "cax-eqc*, cls-*",
                         "Membership from an equivalent class, restriction or intersection."),
    "transitive": ("transitive property", "prp-trp",
                   "x p y and y p z give x p z for an owl:TransitiveProperty p."),
    "symmetric": ("symmetric property", "prp-symp",
                  "x p y gives y p x for an owl:SymmetricProperty p."),
    "inverse": ("inverse property", "prp-inv1, prp-inv2",
                "x p y gives y q x when p owl:inverseOf q."),
    "subproperty": ("super-property", "prp-spo1, prp-eqp*",
                    "x p y gives x q y when p is a sub-property of (or equivalent to) q."),
    "property-chain": ("property chain", "prp-spo2",
                       "A chain of properties (owl:propertyChainAxiom) implies a property."),
    "other": ("other OWL 2 RL rule", "prp-*, cls-*",
              "Any other OWL 2 RL rule (e.g. has-value, functional property)."),
}


def iri(kind: str) -> URIRef:
    """Return the IRI naming a rule kind."""
    return ID[f"rule-kind/{kind}"]


def describe(kinds: set[str]):
    """Yield label, rule names and comment triples for each rule kind used."""
    for kind in sorted(kinds):
        label, rules, comment = KINDS[kind]
        node = iri(kind)
        yield node, RDFS.label, Literal(label, lang="en")
        yield node, DCTERMS.identifier, Literal(kind)
        yield node, RDFS.comment, Literal(f"{comment} (OWL 2 RL rules {rules})", lang="en")


def statements(kinds: Mapping[tuple, str]) -> Iterator[tuple]:
    """Yield the rule-kind graph of inferred triples labelled with their kinds: each triple as
    a reified statement (rdf:subject/predicate/object, dcterms:type its kind's IRI), then a
    description of each kind used."""
    iris = {kind: iri(kind) for kind in set(kinds.values())}
    for triple, kind in kinds.items():
        statement = ID[f"inference/{_digest(triple)}"]
        yield statement, RDF.subject, triple[0]
        yield statement, RDF.predicate, triple[1]
        yield statement, RDF.object, triple[2]
        yield statement, DCTERMS.type, iris[kind]
    yield from describe(set(iris))


def triples(ds: Dataset) -> Iterator[tuple]:
    """Yield the triples of a dataset's rule-kind graph, from the kinds the reason step
    recorded (none before reasoning)."""
    return statements(getattr(ds, "rule_kinds", {}))


# A statement's four predicates as they sort in N-Triples (dcterms: before rdf:), each with
# the place of its object in (subject, predicate, object, kind).
_STATEMENT_ORDER = sorted(((ox.NamedNode(str(p)), place) for place, p in
                           enumerate((RDF.subject, RDF.predicate, RDF.object, DCTERMS.type))),
                          key=lambda pair: str(pair[0]))


class LineOrder:
    """The rule-kind graph's triples (statements) as pyoxigraph Triples, in line order (as
    oxiwrite.sorted_triples puts them), made each time they are iterated.

    Held as Triples they were 2.8 million at 1000x the data, half of the publish step's copy
    of the dataset; here each inferred triple is one entry (its statement's digest, its terms,
    its kind). Every statement IRI is the same prefix and a digest of one length, so ordering
    the entries by digest orders the statements, and each statement's four triples follow in
    _STATEMENT_ORDER; the statements' IRIs (id/inference/...) sort before the kinds'
    (id/rule-kind/...), whose few descriptions come last. Blank nodes would need the labels
    the whole dataset's canonical form gives them: `holds_blank_nodes` says when this cannot
    be used.
    """

    def __init__(self, kinds: Mapping[tuple, str]) -> None:
        terms = Terms()
        self.entries = sorted(((_digest(triple), *(terms[t] for t in triple), kind)
                               for triple, kind in kinds.items()), key=lambda entry: entry[0])
        self.kinds = {kind: ox.NamedNode(str(iri(kind))) for kind in set(kinds.values())}
        self.described = sorted_triples(ox.Triple(*(terms[t] for t in triple))
                                        for triple in describe(set(self.kinds)))

    @staticmethod
    def holds_blank_nodes(kinds: Mapping[tuple, str]) -> bool:
        """Return whether an inferred triple of kinds has a blank node."""
        return any(isinstance(term, BNode) for triple in kinds for term in triple)

    def __len__(self) -> int:
        return 4 * len(self.entries) + len(self.described)

    def __iter__(self) -> Iterator[ox.Triple]:
        prefix = f"{ID}inference/"
        for digest, s, p, o, kind in self.entries:
            statement, values = ox.NamedNode(prefix + digest), (s, p, o, self.kinds[kind])
            for predicate, place in _STATEMENT_ORDER:
                yield ox.Triple(statement, predicate, values[place])
        yield from self.described


def _digest(triple) -> str:
    """Return a stable short name for a triple (same triple, same IRI in every build)."""
    return hashlib.sha1(" ".join(t.n3() for t in triple).encode()).hexdigest()[:16]
