"""The kinds of OWL 2 RL rule an inferred triple is labelled with, and their descriptions."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from hmkg.namespaces import ID

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
