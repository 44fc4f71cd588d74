"""Remote mode keeps the endpoint's promises: every competency question, every format, resource
pages and the service description answer as they do from the embedded engine."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from hmkg.queries import load_catalogue

from remote_helpers import bindings_by_value

CATALOGUE = load_catalogue()
JSON = "application/sparql-results+json"
# Virtuoso's own SPARQL dialect, documented in docs/remote-stores.md: it has no xsd:boolean (an
# EXISTS binds 1/0 integers); that difference is asserted exactly as it is. (Its other quirk, a
# VALUES block outside a UNION dropping the rows of the branch that does not use its variable,
# is kept out of the catalogue: CQ20 puts its VALUES inside the branch that uses it.)
VIRTUOSO_BOOLEANS = {"CQ02"}


def ask(app, query: str, accept: str = JSON, method: str = "GET"):
    """Send a query to an app's /sparql; return the response."""
    client = app.test_client()
    if method == "GET":
        return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    return client.post("/sparql", data={"query": query}, headers={"Accept": accept})


def test_the_catalogue_is_not_empty():
    assert len(CATALOGUE) >= 20


@pytest.mark.parametrize("cq", CATALOGUE, ids=[cq.id for cq in CATALOGUE])
def test_every_competency_question_answers_as_embedded(remote_app, embedded_app, published, cq):
    remote, embedded = ask(remote_app, cq.sparql), ask(embedded_app, cq.sparql)
    assert (remote.status_code, embedded.status_code) == (200, 200), remote.text
    assert remote.headers["Content-Type"] == embedded.headers["Content-Type"]
    expected, found = bindings_by_value(embedded.data), bindings_by_value(remote.data)
    assert expected, f"{cq.id} has no answer to compare"
    if published.name == "virtuoso" and cq.id in VIRTUOSO_BOOLEANS:
        expected = [{k: _boolean_as_integer(v) for k, v in row.items()} for row in expected]
    assert found == expected


def _boolean_as_integer(value: tuple) -> tuple:
    """Return Virtuoso's rendering of an xsd:boolean value (1 or 0)."""
    from decimal import Decimal

    if value[0] == "literal" and value[3].endswith("#boolean"):
        return ("number", Decimal(1 if value[1] == "true" else 0))
    return value


@pytest.mark.parametrize("accept", [JSON, "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_every_result_format_is_written_by_the_engine(remote_app, embedded_app, published, accept):
    query = next(cq for cq in CATALOGUE if cq.id == "CQ07").sparql
    remote, embedded = ask(remote_app, query, accept), ask(embedded_app, query, accept)
    assert remote.status_code == 200
    assert remote.headers["Content-Type"] == embedded.headers["Content-Type"]
    assert remote.data == embedded.data  # the same writers over the same terms


def test_a_construct_answer_is_the_same_graph(remote_app, embedded_app):
    query = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/hmkg/graph/data> "
             "{ ?s ?p ?o } FILTER(isIRI(?s)) }")
    remote, embedded = (ask(app, query, "text/turtle", "POST") for app in (remote_app, embedded_app))
    assert (remote.status_code, embedded.status_code) == (200, 200)
    assert remote.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graphs = [by_value(Graph().parse(data=r.data, format="turtle")) for r in (remote, embedded)]
    assert len(graphs[1]) > 1000
    assert isomorphic(*graphs)


def test_a_resource_page_is_the_same_graph(remote_app, embedded_app):
    path = "/id/report/hsdr-2-14"
    remote, embedded = (app.test_client().get(path, headers={"Accept": "text/turtle"})
                        for app in (remote_app, embedded_app))
    assert (remote.status_code, embedded.status_code) == (200, 200)
    graphs = [by_value(Graph().parse(data=r.data, format="turtle")) for r in (remote, embedded)]
    assert len(graphs[1]) > 10
    assert isomorphic(*graphs)


def by_value(graph: Graph) -> Graph:
    """Return the graph with every number written as an xsd:decimal of its value.

    pyoxigraph (embedded and Oxigraph server) stores xsd:positiveInteger as xsd:integer and
    writes numbers canonically; Virtuoso keeps the release's datatypes. Values agree.
    """
    from decimal import Decimal

    from rdflib import Literal
    from rdflib.namespace import XSD

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype and str(o.datatype).rsplit("#", 1)[-1] in NUMBERS:
            o = Literal(str(Decimal(str(o))), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


NUMBERS = {"integer", "decimal", "positiveInteger", "nonNegativeInteger", "int", "long"}


def test_the_result_cap_applies(published, dist_dir):
    from hmkg.web.app import create_app
    from remote_helpers import remote_config

    app = create_app(remote_config(published, dist_dir, RESULT_CAP=5))
    response = ask(app, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert response.status_code == 200
    assert response.headers["HMKG-Result-Capped"] == "true"
    assert len(bindings_by_value(response.data)) == 5


def test_the_service_description_counts_the_same_graphs(remote_app, embedded_app):
    from rdflib import Namespace

    sd, void = (Namespace("http://www.w3.org/ns/sparql-service-description#"),
                Namespace("http://rdfs.org/ns/void#"))

    def sizes(app):
        body = app.test_client().get("/sparql", headers={"Accept": "text/turtle"}).data
        graph = Graph().parse(data=body, format="turtle")
        named = {str(graph.value(n, sd.name)): int(graph.value(graph.value(n, sd.graph), void.triples))
                 for n in graph.subjects(predicate=sd.name)}
        default = graph.value(next(graph.objects(None, sd.defaultGraph)), void.triples)
        return named, int(default)

    assert sizes(remote_app) == sizes(embedded_app)


def test_a_malformed_query_is_a_client_error_in_the_stores_words(remote_app):
    response = ask(remote_app, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.text.startswith("Malformed query: the store rejected the query: "), response.text


@pytest.mark.parametrize("query, accept, status", [
    ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", JSON, 403),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", JSON, 403),
    ("SELECT * WHERE { ?s ?p ?o }", "text/turtle", 406),
    ("CONSTRUCT WHERE { ?s ?p ?o }", JSON, 406),
])
def test_refusals_are_those_of_the_embedded_engine(remote_app, embedded_app, query, accept, status):
    remote, embedded = ask(remote_app, query, accept), ask(embedded_app, query, accept)
    assert (remote.status_code, embedded.status_code) == (status, status)
    assert remote.text == embedded.text


def test_the_service_description_states_what_remote_mode_cannot_do(remote_app):
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from hmkg.engine.remote import LIMITATIONS

    body = remote_app.test_client().get("/sparql", headers={"Accept": "text/turtle"}).data
    comments = set(Graph().parse(data=body, format="turtle").objects(None, RDFS.comment))
    assert {Literal(text, lang="en") for text in LIMITATIONS} <= comments
