"""Search-index step: write the claims' words into an SQLite FTS5 file for the release.

One row per claim (every resource of the data graph typed with a subclass of hmk:Claim other
than hmk:Claim itself: findings, recommendations, limitations...), holding its statement, the
exact words it quotes, its hedge, the labels and the definitions of what it is about. The file
is a pure function of the graph: rows go in sorted by IRI, each column's values sorted, so two
builds of the same sources write the same bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, PROV, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from hmkg import fulltext
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES, HMK
from hmkg.pipeline.gc_pause import gc_deferred
from hmkg.pipeline.oxiwrite import to_rdflib
from hmkg.prefixes import PREFIXES

OA = Namespace(PREFIXES["oa"])
# Graphs the index reads: everything served except the reasoner's output (a claim's words are
# asserted) and the bookkeeping graphs. Claim graphs (graph/claim/...) are included.
_SKIPPED = {GRAPH_SHAPES, GRAPH_RULE_KINDS, GRAPH_INFERRED}
LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
DEFINITIONS = (SKOS.definition, RDFS.comment)
# Every predicate claims() and _row() follow in the union: it holds only their triples, a
# third of the data (a copy of every readable triple was the publish step's memory peak).
READ = (RDFS.subClassOf, HMK.statement, HMK.hasEvidence, OA.hasSelector, OA.exact,
        PROV.wasDerivedFrom, PROV.value, HMK.hasHedge, HMK.hedgeText, HMK.about, *LABELS,
        *DEFINITIONS)
_RDF_TYPE = str(RDF.type)


def index_bytes(graphs: Mapping[URIRef, Iterable[ox.Triple]]) -> bytes:
    """Return the bytes of the search index of the claims in `graphs`: each named graph's
    pyoxigraph Triples, as the publish step's canonical copy holds them."""
    with gc_deferred():  # an rdflib graph of a third of the data, dropped: see gc_pause.py
        union, typed = _readable(graphs)
        rows = [_row(union, claim) for claim in claims(typed, union)]
        del union, typed
    with tempfile.TemporaryDirectory(prefix="hmkg-search-") as folder:
        path = Path(folder) / fulltext.INDEX_FILE
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA page_size = 4096")
            connection.execute(fulltext.SCHEMA)
            placeholders = ", ".join("?" * (1 + len(fulltext.COLUMNS)))
            connection.executemany(f"INSERT INTO {fulltext.TABLE} VALUES ({placeholders})", rows)
            # One merged segment: a smaller file, and the same bytes whatever the insert batching.
            connection.execute(f"INSERT INTO {fulltext.TABLE}({fulltext.TABLE}) VALUES ('optimize')")
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()
        return path.read_bytes()


def _readable(graphs: Mapping[URIRef, Iterable[ox.Triple]]) -> tuple[Graph, Graph]:
    """Return, as rdflib graphs, the triples the index reads (READ) of the graphs whose words
    it takes, and the data graph's rdf:type triples (which resources are claims)."""
    union, typed, read = Graph(), Graph(), set(READ)
    # pyoxigraph triples are filtered by predicate IRI before they are converted: what the
    # index reads is a third of the data
    iris = {str(p) for p in read}
    iris_in_data = iris | {_RDF_TYPE}
    for name, triples in graphs.items():
        if name in _SKIPPED:
            continue
        wanted = iris_in_data if name == GRAPH_DATA else iris
        for s, p, o in to_rdflib(t for t in triples if t.predicate.value in wanted):
            if p in read:
                union.add((s, p, o))
            if p == RDF.type and name == GRAPH_DATA:
                typed.add((s, p, o))
    return union, typed


def claims(typed: Graph, union: Graph) -> list[URIRef]:
    """Return the claims (typed: the data graph's rdf:type triples) whose type is a proper
    subclass of hmk:Claim, sorted."""
    kinds = {kind for kind in union.transitive_subjects(RDFS.subClassOf, HMK.Claim)
             if isinstance(kind, URIRef)} - {HMK.Claim, OWL.Nothing}
    return sorted({claim for kind in kinds for claim in typed.subjects(RDF.type, kind)
                   if isinstance(claim, URIRef)})


def _row(graph: Graph, claim: URIRef) -> tuple[str, ...]:
    """Return the index row of one claim: its IRI, then one text per column."""
    # the summary passages it quotes, and a source record's own short quotes (prov:value)
    quotes = [exact for evidence in graph.objects(claim, HMK.hasEvidence)
              for selector in graph.objects(evidence, OA.hasSelector)
              for exact in graph.objects(selector, OA.exact)]
    quotes += [value for quotation in graph.objects(claim, PROV.wasDerivedFrom)
               for value in graph.objects(quotation, PROV.value)]
    hedges = [text for hedge in graph.objects(claim, HMK.hasHedge)
              for text in graph.objects(hedge, HMK.hedgeText)]
    topics = [claim, *graph.objects(claim, HMK.about)]
    labels = [value for topic in topics for p in LABELS for value in graph.objects(topic, p)]
    definitions = [value for topic in topics for p in DEFINITIONS
                   for value in graph.objects(topic, p)]
    texts = {"statement": list(graph.objects(claim, HMK.statement)), "quote": quotes,
             "hedge": hedges, "labels": labels, "definitions": definitions}
    return (str(claim), *(_joined(texts[name]) for name, _ in fulltext.COLUMNS))


def _joined(values: list) -> str:
    """Join a column's literals, sorted and without repeats, one per line."""
    return "\n".join(sorted({str(value) for value in values if isinstance(value, Literal)}))
