"""Every client mistake of issue 13 is a 4xx with a message, a crashed query process is a
truthful 500, and a capped answer says so in its body (over the real engine and release)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph
from rdflib.query import Result

from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

SINGLE_GRAPH = ("Available: text/turtle, application/n-triples, application/ld+json, "
                "application/rdf+xml")


@pytest.fixture(scope="module")
def lenient(dist_dir):
    """An app with a cap of 5 rows and the query limits lifted, so a query can crash a worker."""
    app = create_app({"TESTING": True, "DIST": str(dist_dir), "QUERY_WORKERS": 1,
                      "RESULT_CAP": 5, "QUERY_MAX_DEPTH": 10**6, "QUERY_MAX_TOKENS": 10**6,
                      "PUBLIC_URL": "https://example.org/hmkg"})
    yield app.test_client()
    close_engine(app)


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig"])
def test_dataset_syntaxes_for_one_graph_are_406_listing_the_rest(client, path, accept):
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert SINGLE_GRAPH in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["nq", "trig"])
def test_dataset_syntaxes_by_format_parameter_are_406(client, name):
    response = client.get("/sparql", query_string={"format": name})
    assert response.status_code == 406
    assert SINGLE_GRAPH in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_a_one_graph_syntax_still_wins_when_also_acceptable(client, path):
    response = client.get(path, headers={"Accept": "application/n-quads, text/turtle;q=0.5"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert len(Graph().parse(data=response.get_data(as_text=True), format="turtle")) > 0


def test_an_unknown_extension_function_is_400(client):
    response = client.get("/sparql", query_string={
        "query": "SELECT * WHERE { BIND(<http://example.org/f>(1) AS ?x) }"})
    assert response.status_code == 400
    assert "custom function <http://example.org/f> is not supported" in response.get_data(as_text=True)


def test_a_variable_service_endpoint_is_refused(client):
    response = client.get("/sparql", query_string={
        "query": "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }"})
    assert response.status_code == 403
    assert "not a variable or relative IRI" in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
     "nests brackets 3000 deep; the limit is 64 (HMKG_QUERY_MAX_DEPTH)"),
    ("SELECT * WHERE { BIND(" + "+".join(["1"] * 10000) + " AS ?x) }",
     "the limit is 10000 (HMKG_QUERY_MAX_TOKENS)"),
])
def test_queries_over_a_limit_are_400_naming_it(client, query, named):
    response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert response.status_code == 400
    assert named in response.get_data(as_text=True)


def test_a_crashed_query_process_is_a_500_without_retry_after(lenient):
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    response = lenient.post("/sparql", data=deep.encode(), content_type="application/sparql-query")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert text.startswith("The query process died (signal SIGSEGV)")
    assert "Retry-After" not in response.headers
    after = lenient.get("/sparql", query_string={"query": "ASK {}"})  # replaced: serving again
    assert json.loads(after.get_data()) == {"head": {}, "boolean": True}


QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 20"
NOTE = "https://example.org/hmkg/sparql/result-cap"


def test_a_capped_json_answer_links_the_note_in_its_head(lenient):
    response = lenient.get("/sparql", query_string={"query": QUERY, "format": "json"})
    document = json.loads(response.get_data())
    assert response.headers["HMKG-Result-Capped"] == "true"
    assert document["head"] == {"link": [NOTE], "vars": ["s"]}
    assert len(document["results"]["bindings"]) == 5
    assert len(Result.parse(io.BytesIO(response.get_data()), format="json")) == 5


def test_a_capped_xml_answer_links_the_note_in_its_head(lenient):
    response = lenient.get("/sparql", query_string={"query": QUERY, "format": "xml"})
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(response.get_data())
    head = root.find("r:head", ns)
    assert [child.tag.split("}")[1] for child in head] == ["variable", "link"]
    assert head.find("r:link", ns).get("href") == NOTE
    assert len(root.findall("r:results/r:result", ns)) == 5
    assert len(Result.parse(io.BytesIO(response.get_data()), format="xml")) == 5


def test_a_capped_turtle_answer_ends_with_a_comment(lenient):
    response = lenient.get("/sparql", query_string={
        "query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20", "format": "ttl"})
    text = response.get_data(as_text=True)
    assert text.endswith(f"# Cut at the result cap of 5 triples: see <{NOTE}>.\n")
    assert len(Graph().parse(data=text, format="turtle")) == 5


def test_an_uncapped_answer_has_no_link(lenient):
    response = lenient.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"})
    assert json.loads(response.get_data())["head"] == {"vars": ["s"]}
    assert "HMKG-Result-Capped" not in response.headers


def test_the_cap_note_is_served(lenient):
    response = lenient.get("/sparql/result-cap")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "at most 5 rows" in text and "head.link" in text and "HMKG-Result-Capped" in text
