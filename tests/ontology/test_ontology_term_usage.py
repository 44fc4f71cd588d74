"""Every hmk term used is declared; every declared term is used somewhere or explains why not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from hmkg.pipeline.rdfcompat import rdflib_internals
from ontology_support import HMK_NS, ROOT, is_hmk

# hmk terms written in SPARQL text (queries, SHACL-SPARQL), as prefixed names or full IRIs.
PREFIXED = re.compile(r"(?<![\w:/#])hmk:([A-Za-z][\w-]*)")
FULL = re.compile(re.escape("<" + HMK_NS) + r"([A-Za-z][\w-]*)>")


def terms_in_text(text: str) -> set[URIRef]:
    """Return the hmk terms a SPARQL text mentions."""
    names = set(PREFIXED.findall(text)) | set(FULL.findall(text))
    return {URIRef(HMK_NS + name) for name in names}


def terms_in_turtle(path: Path) -> set[URIRef]:
    """Return the hmk IRIs a Turtle or TriG file uses (every graph), including inside SPARQL
    literals."""
    if path.suffix == ".trig":
        with rdflib_internals():
            dataset = Dataset().parse(data=path.read_text(encoding="utf-8"), format="trig")
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph = Graph().parse(path, format="turtle")
    used = {n for triple in graph for n in triple if is_hmk(n)}
    for literal in (o for o in graph.objects() if isinstance(o, Literal)):
        if "SELECT" in literal or "ASK" in literal:
            used |= terms_in_text(str(literal))
    return used


def folder_files(folder: str, pattern: str) -> list[Path]:
    """Return the files of a source folder, failing loudly if it holds none yet."""
    files = sorted((ROOT / folder).rglob(pattern))
    assert files, f"{folder}/{pattern}: no files (owned by another helper; needed here)"
    return files


def usage_in(paths: list[Path], extract) -> dict[URIRef, set[str]]:
    """Return, per hmk term, which of the files use it."""
    usage: dict[URIRef, set[str]] = {}
    for path in paths:
        for term in extract(path):
            usage.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return usage


@pytest.fixture(scope="module")
def data_and_shapes_usage() -> dict[URIRef, set[str]]:
    """Return, per hmk term, the data and shapes files that use it."""
    files = folder_files("data", "*.ttl") + folder_files("data", "*.trig") + [
        p for p in folder_files("shapes", "*.ttl") if p.name != "ontology-shape.ttl"]
    return usage_in(files, terms_in_turtle)


@pytest.fixture(scope="module")
def query_usage() -> dict[URIRef, set[str]]:
    """Return, per hmk term, the competency-question queries that use it."""
    return usage_in(folder_files("queries", "*.rq"),
                    lambda path: terms_in_text(path.read_text(encoding="utf-8")))


def declared_terms(ontology: Graph) -> set[URIRef]:
    """Return the hmk terms the ontology defines (those with an rdfs:isDefinedBy)."""
    return {s for s in ontology.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"))
            if is_hmk(s)}


def used_in_ontology(ontology: Graph) -> set[URIRef]:
    """Return hmk terms the ontology refers to outside their own definition."""
    return {n for s, p, o in ontology for n in (p, o) if is_hmk(n) and n != s}


def test_every_term_used_in_the_ontology_is_declared(ontology_graph):
    used = {n for triple in ontology_graph for n in triple if is_hmk(n)}
    assert sorted(used - declared_terms(ontology_graph)) == []


def undeclared(ontology: Graph, usage: dict[URIRef, set[str]]) -> dict[str, list[str]]:
    """Return the used-but-undeclared hmk terms with the files that use them."""
    declared = declared_terms(ontology)
    return {str(t): sorted(files) for t, files in usage.items() if t not in declared}


def test_every_term_used_in_data_and_shapes_is_declared(ontology_graph, data_and_shapes_usage):
    assert undeclared(ontology_graph, data_and_shapes_usage) == {}


def test_every_term_used_in_queries_is_declared(ontology_graph, query_usage):
    assert undeclared(ontology_graph, query_usage) == {}


def test_every_declared_term_is_used_or_explains_why_not(
        ontology_graph, data_and_shapes_usage, query_usage):
    used = set(data_and_shapes_usage) | set(query_usage) | used_in_ontology(ontology_graph)
    unexplained = sorted(str(t) for t in declared_terms(ontology_graph) - used
                         if ontology_graph.value(t, SKOS.scopeNote) is None)
    assert unexplained == []


def test_the_sparql_term_finder_sees_both_spellings():
    text = "PREFIX hmk: <x> SELECT * { ?a hmk:about ?b ; <%sstatedIn> ?c }" % HMK_NS
    assert terms_in_text(text) == {URIRef(HMK_NS + "about"), URIRef(HMK_NS + "statedIn")}
