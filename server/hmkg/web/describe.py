"""Describe one resource for its HTML page: statements by named graph, inbound links, passages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from string import Template

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from hmkg.namespaces import (GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULE_KINDS,
                             GRAPH_SHAPES, is_claim_graph)
from hmkg.prefixes import prologue
from hmkg.web import lookup, passages

OUTBOUND_LIMIT = 2000
INBOUND_LIMIT = 500
GRAPH_NAMES = {
    GRAPH_ONTOLOGY: ("ontology", "asserted"),
    GRAPH_DATA: ("data", "asserted"),
    GRAPH_INFERRED: ("inferred", "inferred"),
    GRAPH_SHAPES: ("shapes", "asserted"),
    GRAPH_RULE_KINDS: ("inference rules", "inferred"),
}


@dataclass
class Statement:
    """One property value (or inbound link), the named graphs that hold it, the kinds of rule
    that inferred it (inferred graph only) and the claims whose assertion graph states it."""

    predicate: URIRef
    value: Node
    graphs: list[URIRef] = field(default_factory=list)
    rules: list[URIRef] = field(default_factory=list)
    claims: list[URIRef] = field(default_factory=list)

    @property
    def inferred_only(self) -> bool:
        """Return whether only the reasoner states this (no asserted graph holds it)."""
        return all(graph_kind(graph)[1] == "inferred" for graph in self.graphs)


@dataclass
class Description:
    """Everything the resource page shows."""

    iri: URIRef
    outbound: list[Statement]
    inbound: list[Statement]
    passages: list[passages.Passage]
    labels: dict[URIRef, str]

    @property
    def asserted_outbound(self) -> list[Statement]:
        """Return the statements some asserted graph holds."""
        return [s for s in self.outbound if not s.inferred_only]

    @property
    def inferred_outbound(self) -> list[Statement]:
        """Return the statements only the reasoner adds."""
        return [s for s in self.outbound if s.inferred_only]

    @property
    def asserted_inbound(self) -> list[Statement]:
        """Return the links to this resource some asserted graph holds."""
        return [s for s in self.inbound if not s.inferred_only]

    @property
    def inferred_inbound(self) -> list[Statement]:
        """Return the links to this resource only the reasoner adds."""
        return [s for s in self.inbound if s.inferred_only]

    @property
    def types(self) -> list[Node]:
        """Return the resource's rdf:type values."""
        return [s.value for s in self.outbound if s.predicate == RDF.type]

    @property
    def label(self) -> str:
        """Return the resource's label, or its prefixed name."""
        return self.labels.get(self.iri) or lookup.short_name(self.iri)

    def by_predicate(self, statements: list[Statement]) -> list[tuple[URIRef, list[Statement]]]:
        """Group statements by predicate, keeping the query's order."""
        groups: dict[URIRef, list[Statement]] = defaultdict(list)
        for statement in statements:
            groups[statement.predicate].append(statement)
        return list(groups.items())


# A resource's statements in one direction, leaving out the rule-kind bookkeeping graph (its
# reified statements are shown as each inferred statement's rule kind instead), with the claims
# whose assertion graph holds a statement (hmk:assertion, once claims have their own graphs).
_STATEMENTS = Template(
    prologue("rdf", "dcterms", "hmk") +
    "SELECT ?g ?p ?v ?rule ?claim WHERE { GRAPH ?g { $S ?p $O } "
    f"FILTER(?g != <{GRAPH_RULE_KINDS}>) "
    f"OPTIONAL {{ FILTER(?g = <{GRAPH_INFERRED}>) GRAPH <{GRAPH_RULE_KINDS}> {{ "
    "?reified rdf:subject $S ; rdf:predicate ?p ; rdf:object $O ; dcterms:type ?rule } } "
    "OPTIONAL { ?claim hmk:assertion ?g } } ORDER BY ?p ?v ?g ?rule ?claim LIMIT $LIMIT")


def _statements_query(subject: str, obj: str, limit: int) -> str:
    """Fill the statements query for one direction (in one pass: an IRI may hold a '$')."""
    return _STATEMENTS.substitute(S=subject, O=obj, LIMIT=limit)


def describe(iri: URIRef) -> Description | None:
    """Return the description of an IRI, or None if no graph mentions it."""
    outbound = _statements(_statements_query(iri.n3(), "?v", OUTBOUND_LIMIT))
    inbound = _statements(_statements_query("?v", iri.n3(), INBOUND_LIMIT))
    if not outbound and not inbound:
        return None
    named = {iri} | {s.predicate for s in outbound + inbound} | {s.value for s in outbound + inbound}
    named |= {claim for s in outbound + inbound for claim in s.claims}
    labels = lookup.labels(named) | _rule_labels({r for s in outbound + inbound for r in s.rules})
    return Description(iri, outbound, inbound, quoted_passages(iri), labels)


def _rule_labels(rules: set) -> dict[URIRef, str]:
    """Return the labels of rule kinds (they live in the rule-kind graph, outside the default)."""
    if not rules:
        return {}
    values = " ".join(rule.n3() for rule in sorted(rules))
    rows = lookup.select("SELECT ?rule ?label WHERE { VALUES ?rule { " + values + " } "
                         f"GRAPH <{GRAPH_RULE_KINDS}> {{ ?rule "
                         "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label")[1]
    return {row["rule"]: str(row["label"]) for row in rows}


def _statements(sparql: str) -> list[Statement]:
    """Run a ?g ?p ?v ?rule ?claim query and merge rows that differ only in those last three."""
    merged: dict[tuple[Node, Node], Statement] = {}
    for row in lookup.select(sparql)[1]:
        key = (row["p"], row["v"])
        statement = merged.setdefault(key, Statement(row["p"], row["v"]))
        for name, values in (("g", statement.graphs), ("rule", statement.rules),
                             ("claim", statement.claims)):
            if name in row and row[name] not in values:
                values.append(row[name])
    return list(merged.values())


def graph_kind(graph: URIRef) -> tuple[str, str]:
    """Return a named graph's short name and whether it holds asserted or inferred triples."""
    if is_claim_graph(graph):
        return ("claim", "asserted")
    return GRAPH_NAMES.get(URIRef(graph), (lookup.short_name(graph), "asserted"))


def quoted_passages(iri: URIRef) -> list[passages.Passage]:
    """Return the summary passages quoted as evidence by (or as) this resource, in context."""
    text = passages.summary_text()
    if text is None:
        return []
    rows = lookup.select(
        prologue("hmk", "oa") +
        f"SELECT DISTINCT ?selector ?exact ?prefix ?suffix WHERE {{ {iri.n3()} "
        "(hmk:hasEvidence/oa:hasSelector|oa:hasSelector)? ?selector . ?selector oa:exact ?exact "
        "OPTIONAL { ?selector oa:prefix ?prefix } OPTIONAL { ?selector oa:suffix ?suffix } } "
        "ORDER BY ?selector")[1]
    found = (passages.in_context(text, str(row["exact"]), _text(row.get("prefix")),
                                 _text(row.get("suffix"))) for row in rows)
    return [passage for passage in found if passage is not None]


def _text(term: Node | None) -> str:
    """Return a literal's text, or '' when unbound."""
    return str(term) if isinstance(term, Literal) else ""
