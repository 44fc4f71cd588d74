"""Shared helpers of the ontology tests: paths, namespaces, term-list parsing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

ROOT = Path(__file__).resolve().parents[2]
VOCAB_DIR = Path(__file__).resolve().parent / "vocab"
HMK_NS = "https://w3id.org/hmkg/ontology#"
MODULES = ("core", "knowledge", "networks", "studies")

# The OWL 2 declaration kinds a term-list entry may have.
KINDS = {
    "class": OWL.Class,
    "object-property": OWL.ObjectProperty,
    "datatype-property": OWL.DatatypeProperty,
    "annotation-property": OWL.AnnotationProperty,
}


@dataclass(frozen=True)
class TermList:
    """One vocabulary's checked term list: file, namespace comment and IRI -> kind."""

    path: Path
    header: str
    terms: dict[URIRef, str]


def read_term_list(path: Path) -> TermList:
    """Parse a term-list file: '#' comment lines, then 'IRI kind' lines."""
    header, terms = [], {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            header.append(line)
        elif line.strip():
            iri, kind = line.split()
            assert kind in KINDS, f"{path.name}:{number}: unknown kind {kind!r}"
            terms[URIRef(iri)] = kind
    return TermList(path, "\n".join(header), terms)


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
