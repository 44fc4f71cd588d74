"""Fixtures for the ontology tests: the source files, the merged graph, the term lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ontology_support import ROOT, VOCAB_DIR, TermList, read_term_list


@pytest.fixture(scope="session")
def ontology_files() -> list[Path]:
    """Return every Turtle file under ontology/ (asserted non-empty)."""
    files = sorted((ROOT / "ontology").glob("*.ttl"))
    assert files, "no ontology/*.ttl files found"
    return files


@pytest.fixture(scope="session")
def ontology_graph(ontology_files) -> Graph:
    """Return all ontology files merged into one graph (as the pipeline loads them)."""
    graph = Graph()
    for path in ontology_files:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def term_lists() -> list[TermList]:
    """Return the checked term lists of the reused vocabularies (asserted non-empty)."""
    paths = sorted(VOCAB_DIR.glob("*.txt"))
    assert paths, "no ontology/vocab/*.txt term lists found"
    return [read_term_list(p) for p in paths]


@pytest.fixture(scope="session")
def external_kinds(term_lists) -> dict[URIRef, str]:
    """Return every listed external term with its declaration kind."""
    kinds: dict[URIRef, str] = {}
    for term_list in term_lists:
        for iri, kind in term_list.terms.items():
            assert kinds.setdefault(iri, kind) == kind, f"{iri} listed with two kinds"
    return kinds
