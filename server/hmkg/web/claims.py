"""Read every claim of the reports from the served graph, with what the findings browser shows.

A claim is a resource of the data graph typed with a proper subclass of hmk:Claim (finding,
recommendation, limitation...). The queries follow the claim contract: hmk:evidenceStrength,
hmk:extractionConfidence and hmk:assertion (the claim's named graph) are OPTIONAL, since a
source need not word its evidence and a claim need not assert domain triples.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rdflib import URIRef

from hmkg.namespaces import GRAPH_DATA, HMK
from hmkg.prefixes import prologue
from hmkg.web import lookup, passages, release_files
from hmkg.web.engine_access import get_engine

_PREFIXES = prologue("hmk", "rdfs", "skos", "prov", "oa")
_IS_CLAIM = ("?kind rdfs:subClassOf+ hmk:Claim FILTER(?kind != hmk:Claim) "
             f"GRAPH <{GRAPH_DATA}> {{ ?claim a ?kind }} ")
CLAIMS_QUERY = _PREFIXES + (
    "SELECT ?claim ?kind ?statement ?report ?ordinal ?confidence ?strength ?assertion WHERE { "
    + _IS_CLAIM + "?claim hmk:statement ?statement "
    "OPTIONAL { ?claim hmk:statedIn ?report } OPTIONAL { ?claim hmk:ordinal ?ordinal } "
    "OPTIONAL { ?claim hmk:extractionConfidence ?confidence } "
    "OPTIONAL { ?claim hmk:evidenceStrength ?strength } "
    "OPTIONAL { ?claim hmk:assertion ?assertion } } ORDER BY ?claim ?kind ?statement")
# Everything a claim has several of, as (claim, field, value) rows. The facet classes are read
# through the inferred types, so a subclass (an informal network) counts as its class (network).
LINKS_QUERY = _PREFIXES + (
    "SELECT DISTINCT ?claim ?field ?value WHERE { " + _IS_CLAIM +
    "{ ?claim hmk:hasHedge/hmk:hedgeText ?value BIND(\"hedge\" AS ?field) } "
    "UNION { ?claim prov:hadPrimarySource ?value BIND(\"source\" AS ?field) } "
    "UNION { ?claim hmk:about ?value BIND(\"about\" AS ?field) } "
    "UNION { ?claim hmk:about ?value . ?value a ?class VALUES (?class ?field) { "
    "(hmk:ManagerGroup \"group\") (hmk:KnowledgeType \"knowledge\") (hmk:Network \"network\") "
    "(hmk:AnalyticTheme \"theme\") (hmk:CodingTheme \"theme\") } } "
    "UNION { ?claim hmk:about ?value . ?value rdfs:subClassOf+ hmk:Manager "
    "BIND(\"group\" AS ?field) } "  # a claim about a kind of manager, not a group of them
    "} ORDER BY ?claim ?field ?value")
# A claim's quotes: a selector's exact words in the stored summary (placed in context there),
# or a source record's short quote (prov:value of a quotation; its source text is not stored).
QUOTES_QUERY = _PREFIXES + (
    "SELECT DISTINCT ?claim ?selector ?exact ?prefix ?suffix ?placeable WHERE { " + _IS_CLAIM +
    "{ ?claim hmk:hasEvidence/oa:hasSelector ?selector . ?selector oa:exact ?exact "
    "OPTIONAL { ?selector oa:prefix ?prefix } OPTIONAL { ?selector oa:suffix ?suffix } "
    "BIND(true AS ?placeable) } "
    "UNION { ?claim prov:wasDerivedFrom ?selector . ?selector prov:value ?exact "
    "BIND(false AS ?placeable) } } "
    "ORDER BY ?claim ?selector")
# The order kinds are listed in; others follow, by IRI.
KIND_ORDER = (HMK.Finding, HMK.Recommendation, HMK.Limitation)


@dataclass
class Claim:
    """One claim as the findings browser shows and exports it."""

    iri: URIRef
    kind: URIRef
    statement: str
    report: URIRef | None = None
    ordinal: int = 0
    confidence: str | None = None
    strength: URIRef | None = None
    assertion: URIRef | None = None
    hedges: list[str] = field(default_factory=list)
    sources: list[URIRef] = field(default_factory=list)
    quotes: list[passages.Passage] = field(default_factory=list)  # from the stored summary
    record_quotes: list[str] = field(default_factory=list)  # a source record's own short quotes
    links: dict[str, list[URIRef]] = field(default_factory=dict)

    @property
    def quoted_words(self) -> list[str]:
        """Return every quote the claim rests on: summary passages, then record quotes."""
        return [quote.exact for quote in self.quotes] + self.record_quotes

    @property
    def hedged(self) -> bool:
        """Return whether the source qualifies the claim with a hedge."""
        return bool(self.hedges)

    def sort_key(self) -> tuple:
        """Order claims by report, kind, ordinal, then IRI."""
        kind = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)
        return (str(self.report or ""), kind, str(self.kind), self.ordinal, str(self.iri))


@dataclass
class Catalogue:
    """Every claim, in listing order, and the labels of every IRI they mention."""

    claims: list[Claim]
    labels: dict[URIRef, str]

    def label(self, iri: URIRef | None) -> str:
        """Return an IRI's label, else its prefixed name."""
        if iri is None:
            return ""
        return self.labels.get(iri) or lookup.short_name(iri)


_cache: dict[tuple, Catalogue] = {}
_lock = threading.Lock()


def catalogue() -> Catalogue:
    """Return the catalogue of claims, read once per engine and release."""
    key = (id(get_engine()), release_files.release_key())
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = _read()
        with _lock:
            _cache.clear()  # one release is served at a time
            _cache[key] = found
    return found


def _read() -> Catalogue:
    """Run the claim queries and assemble the catalogue."""
    found: dict[URIRef, Claim] = {}
    for row in lookup.select(CLAIMS_QUERY)[1]:
        if row["claim"] in found:  # a second statement or label: the first (sorted) one stays
            continue
        found[row["claim"]] = Claim(
            iri=row["claim"], kind=row["kind"], statement=str(row["statement"]),
            report=row.get("report"), ordinal=int(row["ordinal"]) if "ordinal" in row else 0,
            confidence=str(row["confidence"]) if "confidence" in row else None,
            strength=row.get("strength"), assertion=row.get("assertion"))
    for row in lookup.select(LINKS_QUERY)[1]:
        claim = found.get(row["claim"])
        if claim is None:
            continue
        if row["field"].toPython() == "hedge":
            claim.hedges.append(str(row["value"]))
        elif row["field"].toPython() == "source":
            claim.sources.append(row["value"])
        else:
            claim.links.setdefault(str(row["field"]), []).append(row["value"])
    _add_quotes(found)
    claims = sorted(found.values(), key=Claim.sort_key)
    named = {c.iri for c in claims} | {c.kind for c in claims} | {c.report for c in claims if c.report}
    named |= {c.strength for c in claims if c.strength} | {s for c in claims for s in c.sources}
    named |= {v for c in claims for values in c.links.values() for v in values}
    return Catalogue(claims, lookup.labels(named))


def _add_quotes(found: dict[URIRef, Claim]) -> None:
    """Attach each claim's quoted passages, placed in the summary's text where it is served."""
    text = passages.summary_text()
    for row in lookup.select(QUOTES_QUERY)[1]:
        claim = found.get(row["claim"])
        if claim is None:
            continue
        exact = str(row["exact"])
        if not row["placeable"].toPython():
            claim.record_quotes.append(exact)
            continue
        placed = passages.in_context(text, exact, str(row.get("prefix", "")),
                                     str(row.get("suffix", ""))) \
            if text else None
        claim.quotes.append(placed or passages.Passage("", exact, ""))
