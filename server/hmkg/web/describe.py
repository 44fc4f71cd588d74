"""Describe one resource for its HTML page: statements by named graph, inbound links, passages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULE_KINDS, GRAPH_SHAPES
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
    """One property value (or inbound link) and the named graphs that hold it."""

    predicate: URIRef
    value: Node
    graphs: list[URIRef] = field(default_factory=list)


@dataclass
class Description:
    """Everything the resource page shows."""

    iri: URIRef
    outbound: list[Statement]
    inbound: list[Statement]
    passages: list[passages.Passage]
    labels: dict[URIRef, str]

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


def describe(iri: URIRef) -> Description | None:
    """Return the description of an IRI, or None if no graph mentions it."""
    outbound = _statements(f"SELECT ?g ?p ?v WHERE {{ GRAPH ?g {{ {iri.n3()} ?p ?v }} }} "
                           f"ORDER BY ?p ?v ?g LIMIT {OUTBOUND_LIMIT}")
    inbound = _statements(f"SELECT ?g ?p ?v WHERE {{ GRAPH ?g {{ ?v ?p {iri.n3()} }} }} "
                          f"ORDER BY ?p ?v ?g LIMIT {INBOUND_LIMIT}")
    if not outbound and not inbound:
        return None
    named = {iri} | {s.predicate for s in outbound + inbound} | {s.value for s in outbound + inbound}
    return Description(iri, outbound, inbound, quoted_passages(iri), lookup.labels(named))


def _statements(sparql: str) -> list[Statement]:
    """Run a ?g ?p ?v query and merge rows that differ only in their graph."""
    merged: dict[tuple[Node, Node], Statement] = {}
    for row in lookup.select(sparql)[1]:
        key = (row["p"], row["v"])
        statement = merged.setdefault(key, Statement(row["p"], row["v"]))
        statement.graphs.append(row["g"])
    return list(merged.values())


def graph_kind(graph: URIRef) -> tuple[str, str]:
    """Return a named graph's short name and whether it holds asserted or inferred triples."""
    return GRAPH_NAMES.get(URIRef(graph), (lookup.short_name(graph), "asserted"))


def quoted_passages(iri: URIRef) -> list[passages.Passage]:
    """Return the summary passages quoted as evidence by (or as) this resource, in context."""
    text = passages.summary_text()
    if text is None:
        return []
    rows = lookup.select(
        "PREFIX hmk: <https://w3id.org/hmkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
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
