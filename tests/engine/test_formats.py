"""Every query form in every format, parsed back with a real parser and compared to rdflib."""

from __future__ import annotations

import csv
import io
import re

import pytest
from engine_fixture import EX, TRICKY, UNICODE, bnode_free, served_union
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from hmkg.engine import NotAcceptable
from hmkg.pipeline.rdfcompat import rdflib_internals

SELECT = """
SELECT ?s ?p ?o ?missing WHERE {
  ?s ?p ?o OPTIONAL { ?s <http://example.org/nothing> ?missing }
} ORDER BY ?s ?p ?o
"""
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
DESCRIBE = "DESCRIBE <http://example.org/a>"
RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def expected_rows(query: str) -> list[tuple]:
    """Return rdflib's answer over the same served graphs, blank nodes masked."""
    return sorted((tuple(bnode_free(t) for t in row) for row in served_union().query(query)), key=repr)


def parsed_rows(body: bytes, fmt: str) -> list[tuple]:
    """Parse a results document with rdflib and return its rows, blank nodes masked."""
    result = Result.parse(io.BytesIO(body), format=fmt)
    return sorted((tuple(bnode_free(t) for t in row) for row in result), key=repr)


def same_graph(body: bytes, fmt: str, expected: Graph) -> bool:
    """Tell whether an RDF document parses to a graph isomorphic to the expected one."""
    with rdflib_internals():
        return isomorphic(lowercase_tags(parse_graph(body, fmt)), lowercase_tags(expected))


def lowercase_tags(graph: Graph) -> Graph:
    """Return a copy with language tags lower-cased (they are case-insensitive; pyoxigraph
    lower-cases them, and rdflib's graph digest would otherwise tell en-GB from en-gb)."""
    copy = Graph()
    for subject, predicate, obj in graph:
        if isinstance(obj, Literal) and obj.language:
            obj = Literal(str(obj), lang=obj.language.lower())
        copy.add((subject, predicate, obj))
    return copy


def parse_graph(body: bytes, fmt: str) -> Graph:
    """Parse an RDF document (quad formats too) into one graph of all its triples."""
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=body, format=fmt)
        graph = Graph()
        for subject, predicate, obj, _ in dataset.quads():
            graph.add((subject, predicate, obj))
        return graph
    return Graph().parse(data=body, format=fmt)


@pytest.mark.parametrize("media_type", RESULT_FORMATS)
def test_select_round_trips_every_term(engine, media_type):
    answer = engine.query(SELECT, solutions_format=media_type, graph_format=None)
    assert (answer.form, answer.media_type, answer.capped) == ("SELECT", media_type, False)
    rows = parsed_rows(answer.body, RESULT_FORMATS[media_type])
    assert rows == expected_rows(SELECT)
    assert answer.rows == len(rows) == 10
    objects = {row[2] for row in rows}
    assert {TRICKY, UNICODE, Literal(""), Literal("42", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#integer"))} <= objects
    assert all(row[3] is None for row in rows)  # unbound stays unbound


def test_select_csv_is_rfc4180_with_crlf(engine):
    answer = engine.query(SELECT, solutions_format="text/csv", graph_format=None)
    text = answer.body.decode()
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert records[0] == ["s", "p", "o", "missing"]
    lexical = sorted(tuple(_csv_value(t) for t in row) for row in expected_rows(SELECT))
    masked = (tuple("BNODE" if v.startswith("_:") else v for v in record) for record in records[1:])
    assert sorted(masked) == lexical
    outside_quotes = re.sub(r'"(?:[^"]|"")*"', "", text)
    assert outside_quotes.count("\n") == outside_quotes.count("\r\n") == len(records)
    rdflib_rows = parsed_rows(answer.body, "csv")
    assert len(rdflib_rows) == 10


def _csv_value(term) -> str:
    """Return what SPARQL CSV writes for a term: lexical form, _:label, or empty."""
    if term is None:
        return ""
    return "BNODE" if term == "BNODE" else str(term)


def test_csv_blank_nodes_are_labelled(engine):
    answer = engine.query("SELECT ?b WHERE { ?a <http://example.org/links> ?b }",
                          solutions_format="text/csv", graph_format=None)
    assert re.fullmatch(rb"b\r\n_:\S+\r\n", answer.body)


@pytest.mark.parametrize("media_type", [*RESULT_FORMATS, "text/csv"])
@pytest.mark.parametrize(("query", "truth"), [("ASK { ?s ?p ?o }", True),
                                              ('ASK { ?s ?p "shape" }', False)])
def test_ask(engine, media_type, query, truth):
    answer = engine.query(query, solutions_format=media_type, graph_format=None)
    assert (answer.form, answer.rows, answer.capped) == ("ASK", 1, False)
    if media_type in ("text/csv", "text/tab-separated-values"):
        assert answer.body.strip() == str(truth).lower().encode()
    else:
        assert Result.parse(io.BytesIO(answer.body), format=RESULT_FORMATS[media_type]).askAnswer is truth


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
def test_construct_round_trips(engine, media_type):
    answer = engine.query(CONSTRUCT, solutions_format=None, graph_format=media_type)
    assert (answer.form, answer.media_type, answer.rows, answer.capped) == (
        "CONSTRUCT", media_type, 10, False)
    expected = served_union().query(CONSTRUCT).graph
    assert same_graph(answer.body, GRAPH_FORMATS[media_type], expected)


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
def test_describe_gives_the_bounded_description(engine, media_type):
    answer = engine.query(DESCRIBE, solutions_format=None, graph_format=media_type)
    assert answer.form == "DESCRIBE"
    expected = served_union().cbd(EX.a)
    assert same_graph(answer.body, GRAPH_FORMATS[media_type], expected)


@pytest.mark.parametrize(("query", "formats"), [
    (SELECT, {"solutions_format": None, "graph_format": "text/turtle"}),
    ("ASK {}", {"solutions_format": None, "graph_format": "text/turtle"}),
    (CONSTRUCT, {"solutions_format": "text/csv", "graph_format": None}),
    (SELECT, {"solutions_format": "application/json", "graph_format": None}),
])
def test_no_acceptable_format(engine, query, formats):
    with pytest.raises(NotAcceptable, match="no acceptable format"):
        engine.query(query, **formats)


def test_base_iri_resolves_relative_iris(engine):
    answer = engine.query("SELECT ?x WHERE { BIND(<rel/x> AS ?x) }",
                          solutions_format="application/sparql-results+json", graph_format=None,
                          base_iri="http://example.org/base/")
    assert parsed_rows(answer.body, "json") == [(URIRef("http://example.org/base/rel/x"),)]


def test_unicode_round_trips_in_the_query_and_the_answer(engine):
    query = 'SELECT ?s WHERE { ?s ?p "Ωmega — ünïcode 𝄞 and a comma," }'
    answer = engine.query(query, solutions_format="application/sparql-results+xml", graph_format=None)
    assert parsed_rows(answer.body, "xml") == [(EX.a,)]
