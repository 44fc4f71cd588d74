"""The endpoint over the real engine and the real release, through the Flask test client.

Every answer is parsed and compared with what rdflib computes on the same release.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY
from hmkg.web import media
from hmkg.web.service import SD
from hmkg.pipeline.rdfcompat import rdflib_internals

from protocol_helpers import (METHODS, csv_header, expected_csv_rows, expected_rows, parse_boolean, parse_graph,
                              rdflib_answer, rdflib_internals, result_rows, send)

PREFIXES = "PREFIX hmk: <https://w3id.org/hmkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
# Statements: long literals with commas, quotes and language tags; OPTIONAL leaves some unbound.
SELECT = PREFIXES + ("SELECT ?claim ?statement ?confidence WHERE { ?claim a hmk:Finding ; hmk:statement ?statement "
                     "OPTIONAL { ?claim hmk:extractionConfidence ?confidence } } ORDER BY ?claim")
ASK_TRUE = PREFIXES + "ASK { ?report a hmk:Report }"
ASK_FALSE = PREFIXES + "ASK { ?report a hmk:NoSuchClass }"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }}"
REPORT = "https://w3id.org/hmkg/id/report/hsdr-2-14"
DESCRIBE = f"DESCRIBE <{REPORT}>"
DESCRIBE_AS_CONSTRUCT = f"CONSTRUCT {{ <{REPORT}> ?p ?o }} WHERE {{ <{REPORT}> ?p ?o }}"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.RESULTS), ids=lambda r: r.mime)
def test_select(client, served_dataset, method, row):
    response = send(client, method, SELECT, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == row.content_type
    expected = rdflib_answer(served_dataset, SELECT)
    assert len(expected) > 0
    if row is media.CSV:
        assert csv_header(response.data) == ["claim", "statement", "confidence"]
        assert result_rows(response.data, row) == expected_csv_rows(expected)
    else:
        assert result_rows(response.data, row) == expected_rows(expected)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.RESULTS), ids=lambda r: r.mime)
@pytest.mark.parametrize(("query", "answer"), [(ASK_TRUE, True), (ASK_FALSE, False)], ids=["true", "false"])
def test_ask(client, method, row, query, answer):
    response = send(client, method, query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert parse_boolean(response.data, row) is answer


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.GRAPH), ids=lambda r: r.mime)
@pytest.mark.parametrize(("query", "same_as"), [(CONSTRUCT, CONSTRUCT), (DESCRIBE, DESCRIBE_AS_CONSTRUCT)],
                         ids=["construct", "describe"])
def test_graph_forms(client, served_dataset, method, row, query, same_as):
    response = send(client, method, query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == row.content_type
    got = parse_graph(response.data, row)
    expected = rdflib_answer(served_dataset, same_as).graph
    assert len(expected) > 0
    if query is DESCRIBE:  # a description holds at least the resource's own triples
        assert set(expected) <= set(got)
    else:
        assert isomorphic(got, expected)


def _count(client, query: str, params=()) -> int:
    """Run a one-number SELECT and return the number."""
    response = send(client, "GET", query, accept="text/csv", params=params)
    assert response.status_code == 200, response.text
    (row,) = result_rows(response.data, media.CSV)
    return int(row[0])


def test_default_graph_is_the_union_of_served_graphs(client, graph_triples, served_graph_names):
    assert len(served_graph_names) > 10  # the fixed served graphs and every claim graph
    sizes = {name: len(graph_triples(name)) for name in served_graph_names}
    union = set().union(*(graph_triples(name) for name in served_graph_names))
    assert _count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(union)
    for name, size in sizes.items():
        assert _count(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}") == size


def test_dataset_parameters_override_from(client, graph_triples):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    assert _count(client, query) == len(graph_triples(GRAPH_ONTOLOGY))
    params = [("default-graph-uri", str(GRAPH_DATA))]
    assert _count(client, query, params) == len(graph_triples(GRAPH_DATA))
    named = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{GRAPH_DATA}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count(client, named) == 1
    params = [("named-graph-uri", str(GRAPH_ONTOLOGY)), ("named-graph-uri", str(GRAPH_INFERRED))]
    assert _count(client, named, params) == 2


def test_relative_iris_resolve_against_the_endpoint(client):
    response = send(client, "POST-direct", "SELECT ?x WHERE { BIND(<id/x> AS ?x) }", accept="text/csv")
    assert set(result_rows(response.data, media.CSV)) == {("http://localhost/id/x",)}


@pytest.mark.parametrize(("accept", "parser"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                ("application/rdf+xml", "xml")])
def test_service_description_counts_the_real_graphs(client, graph_triples, served_graph_names,
                                                    accept, parser):
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    with rdflib_internals():
        graph = Graph().parse(data=response.data, format=parser)
    (service,) = graph.subjects(SD.endpoint, None)
    ds = graph.value(service, SD.defaultDataset)
    sizes = {graph.value(n, SD.name): graph.value(graph.value(n, SD.graph), VOID.triples).toPython()
             for n in graph.objects(ds, SD.namedGraph)}
    for name in served_graph_names:
        assert sizes[URIRef(name)] == len(graph_triples(name))
    union = set().union(*(graph_triples(name) for name in served_graph_names))
    assert graph.value(graph.value(ds, SD.defaultGraph), VOID.triples).toPython() == len(union)
    # The default graph leaves some named graphs (shapes) out: not sd:UnionDefaultGraph.
    assert set(sizes) > {URIRef(name) for name in served_graph_names}
    assert (service, SD.feature, SD.UnionDefaultGraph) not in graph


REFUSED = [
    ("update as query", "POST-direct", "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"),
    ("clear as query", "GET", "CLEAR ALL"),
    ("load as query", "POST-form", "LOAD <http://127.0.0.1:9/data.ttl>"),
    ("service", "GET", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ("service silent", "GET", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ("service variable", "GET", "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }"),
]


@pytest.mark.parametrize(("method", "query"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_writes_and_federation_are_refused(client, method, query):
    response = send(client, method, query)
    assert response.status_code == 403, response.text
    assert response.mimetype == "text/plain"


def test_malformed_query_is_400_with_position(client):
    response = send(client, "GET", "SELECT ?x WHERE {\n  ?x ?y \n}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert re.match(r"Malformed query: syntax error at [23]:\d+: ", response.text)


def test_unacceptable_answer_says_what_the_form_offers(client):
    response = send(client, "GET", "ASK { ?s ?p ?o }", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.text.startswith("Not acceptable: no acceptable format for an ASK answer: offers ")


ROUND_TRIP = ["Ωmega ✓ 𝄞 😀", "naïve café, \"quoted\"", "line one\r\nline two\ttab", "ヘルスケア", "\u00a0\u200b\u2028"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", [media.SPARQL_JSON, media.SPARQL_XML, media.TSV], ids=lambda r: r.mime)
def test_any_character_round_trips(client, method, row):
    from rdflib import Literal

    # rdflib's TSV reader splits lines with str.splitlines(), which also breaks at U+2028.
    texts = [t for t in ROUND_TRIP if row is not media.TSV or "\u2028" not in t]
    values = " ".join(Literal(text).n3() for text in texts)
    query = f"SELECT ?text WHERE {{ VALUES ?text {{ {values} }} }}"
    response = send(client, method, query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert set(result_rows(response.data, row)) == {(Literal(text),) for text in texts}
