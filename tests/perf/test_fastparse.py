"""The pyoxigraph Turtle path of the load step gives exactly rdflib's triples, or steps aside."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from hmkg.pipeline import fastparse
from hmkg.pipeline.load import parse_file, parse_quads, source_files

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    """Import bench/generate.py as a module."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source_files(root: Path) -> list[Path]:
    """Return every Turtle source file of a project root (asserted non-empty per folder)."""
    return [f for folder in ("ontology", "data", "shapes") for f in source_files(root / folder)]


def _same_as_rdflib(path: Path) -> None:
    """Assert the fast path read the file, and read it exactly as rdflib does."""
    fast = fastparse.read_turtle(path)
    assert fast is not None, path
    triples, prefixes = fast
    expected = parse_file(path)
    assert len(triples) == len(set(triples)) == len(expected), path
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    assert isomorphic(graph, expected), path
    assert set(prefixes) <= set(expected.namespaces()), path


def test_real_sources_parse_as_rdflib_parses_them():
    files = _source_files(ROOT)
    for path in files:
        _same_as_rdflib(path)


def _same_quads_as_rdflib(path: Path) -> None:
    """Assert the fast path read the TriG file, and read it exactly as rdflib does."""
    fast = fastparse.read_trig(path)
    assert fast is not None, path
    expected, _ = parse_quads(path, str(path))
    assert sorted(map(_key, fast[0])) == sorted(map(_key, expected)), path


def _key(quad) -> tuple:
    """Compare quads without blank-node labels (no synthetic file has blank nodes anyway)."""
    return tuple("" if t is None or isinstance(t, BNode) else t.n3() for t in quad)


def test_real_trig_sources_parse_as_rdflib_parses_them():
    files = sorted((ROOT / "data").rglob("*.trig"))
    assert files
    for path in files:
        _same_quads_as_rdflib(path)


def test_synthetic_sources_parse_as_rdflib_parses_them(tmp_path):
    _generator().generate(3, tmp_path / "x3", ROOT)
    files = sorted((tmp_path / "x3" / "data").glob("synthetic-*.trig"))
    assert files
    for path in files:
        _same_quads_as_rdflib(path)


@pytest.mark.parametrize("text", [
    '<http://a/s> <http://a/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .',
    '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <http://a/s> <http://a/p> "x"^^xsd:string .',
    '<http://a/s> <http://a/p> "unterminated .',
])
def test_string_datatypes_and_syntax_errors_are_left_to_rdflib(tmp_path, text):
    path = tmp_path / "f.ttl"
    path.write_text(text, encoding="utf-8")
    assert fastparse.read_turtle(path) is None


def test_literals_keep_rdflib_typing_and_blank_nodes_stay_per_file(tmp_path):
    path = tmp_path / "f.ttl"
    path.write_text('@prefix x: <http://a/> . x:s x:p "plain", "en"@en, "007"^^'
                    '<http://www.w3.org/2001/XMLSchema#integer> ; x:q _:b .', encoding="utf-8")
    first, _ = fastparse.read_turtle(path)
    second, _ = fastparse.read_turtle(path)
    objects = {o for _, p, o in first if p == URIRef("http://a/p")}
    assert objects == {Literal("plain"), Literal("en", lang="en"),
                       Literal("007", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))}
    blank_first = [o for _, p, o in first if p == URIRef("http://a/q")]
    blank_second = [o for _, p, o in second if p == URIRef("http://a/q")]
    assert isinstance(blank_first[0], BNode) and blank_first != blank_second
