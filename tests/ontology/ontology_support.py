"""Shared helpers of the ontology tests: paths, namespaces, term-list parsing."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from hmkg.pipeline import ontology_dist
from hmkg.pipeline.ontology_dist import TermList, read_term_list  # noqa: F401 (re-exported)

ROOT = Path(__file__).resolve().parents[2]
VOCAB_DIR = ROOT / "ontology" / "vocab"
HMK_NS = "https://w3id.org/hmkg/ontology#"
MODULES = ("core", "knowledge", "networks", "studies")

# The OWL 2 declaration kinds a term-list entry may have, and the term-list parser: the
# release's ontology writer uses the same lists (ontology/vocab/) to declare external terms.
KINDS = ontology_dist.KINDS


def is_hmk(node) -> bool:
    """Return True if node is an IRI in the hmk namespace."""
    return isinstance(node, URIRef) and str(node).startswith(HMK_NS)


def ontology_iris(graph: Graph) -> set[URIRef]:
    """Return the IRIs typed owl:Ontology in graph."""
    return {s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}


def copy_graph(graph: Graph) -> Graph:
    """Return a fresh graph holding the same triples."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy
