"""What hmkg sends to a store and how it reads the replies: read-only refusal before any request,
GET or form POST (never a direct sparql-query POST), time limit, credentials kept secret, and
the servers' quirks (Virtuoso's typed-literal JSON and its unanswered direct POSTs)."""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.parse
import urllib.request

import pytest

from hmkg.engine import EngineUnavailable, QueryRefused, QueryTimeout
from hmkg.engine.remote import MAX_GET_BYTES, SERVED_GRAPHS, RemoteEngine
from hmkg import settings
from hmkg.web.app import create_app

from remote_helpers import run_publish
from recorder import Recorder, Script


def remote_engine(url: str, user: str | None = None, password: str | None = None) -> RemoteEngine:
    """Return a remote engine on url with the default settings and these credentials."""
    return RemoteEngine(settings.load({"STORE": url, "STORE_USER": user, "STORE_PASSWORD": password}))

JSON = "application/sparql-results+json"
SECRET = "s3cret-Pw-9f2"


@pytest.fixture
def recorder():
    server = Recorder()
    yield server
    server.close()


def select(engine, sparql: str) -> dict:
    """Ask a SELECT through an engine; return the parsed JSON it writes."""
    return json.loads(engine.query(sparql, solutions_format=JSON, graph_format=None).body)


@pytest.mark.parametrize("sparql", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "# harmless?\nDROP GRAPH <https://w3id.org/hmkg/graph/data>",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_refused_queries_never_reach_the_store(recorder, sparql):
    with pytest.raises(QueryRefused):
        remote_engine(recorder.url).query(sparql, solutions_format=JSON, graph_format=None)
    response = create_app({"STORE": recorder.url}).test_client().get(
        "/sparql", query_string={"query": sparql})
    assert response.status_code == 403
    assert recorder.requests == []


def test_queries_go_by_get_or_form_post_never_as_direct_sparql_query(recorder):
    engine = remote_engine(recorder.url)
    short = "SELECT ?s WHERE { ?s ?p ?o }"
    long = short + " #" + "x" * MAX_GET_BYTES
    assert select(engine, short) == select(engine, long) == json.loads(recorder.script.body)
    queries = [r for r in recorder.requests if "SELECT+DISTINCT+%3Fg" not in r["path"]]
    assert len(queries) < len(recorder.requests)  # the engine looked up the hmkg graphs first
    methods = [(r["method"], r["headers"].get("Content-Type")) for r in queries]
    assert methods == [("GET", None), ("POST", "application/x-www-form-urlencoded")]
    sent = urllib.parse.parse_qs(queries[1]["body"].decode())
    assert sent["query"] == [long]
    assert sent["default-graph-uri"] == list(SERVED_GRAPHS)
    assert sent["named-graph-uri"][:5] == [
        *SERVED_GRAPHS, "https://w3id.org/hmkg/graph/inference-rules",
        "https://w3id.org/hmkg/graph/shapes"]


def test_the_time_limit_is_an_http_deadline(recorder):
    recorder.script.delay = 3.0
    engine = remote_engine(recorder.url)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="no complete answer in time"):
        engine.query("ASK {}", solutions_format=JSON, graph_format=None, timeout=0.5)
    assert time.monotonic() - started < 1.5
    response = create_app({"STORE": recorder.url, "QUERY_TIMEOUT": 0.5}).test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.text.startswith("Query stopped at the time limit of 0.5 s (the remote store")


def test_xml_results_with_store_labels_are_rewritten_by_the_engine(recorder):
    recorder.script.content_type = "application/sparql-results+xml"
    recorder.script.body = (
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        b'<head><variable name="a"/><variable name="b"/></head><results><result>'
        b'<binding name="a"><bnode>nodeID://b10001</bnode></binding>'
        b'<binding name="b"><literal xml:lang="en-GB">Hi</literal></binding></result><result>'
        b'<binding name="b"><literal datatype="http://www.w3.org/2001/XMLSchema#decimal">3.0'
        b'</literal></binding></result></results></sparql>')
    answer = select(remote_engine(recorder.url), "SELECT ?a ?b WHERE { ?a ?p ?b }")
    first, second = answer["results"]["bindings"]
    assert first["a"]["type"] == "bnode" and first["a"]["value"].isalnum()
    assert first["b"] == {"type": "literal", "value": "Hi", "xml:lang": "en-gb"}  # pyoxigraph lower-cases tags
    assert second == {"b": {"type": "literal", "value": "3.0",
                            "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}}


def test_a_reply_that_is_not_results_is_a_server_fault(recorder):
    recorder.script.content_type, recorder.script.body = "text/html", b"<html>login</html>"
    response = create_app({"STORE": recorder.url}).test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 500
    assert "not SPARQL results" in response.text


# --- credentials -------------------------------------------------------------------------------

def test_basic_auth_from_config_and_from_the_url(recorder):
    recorder.script.login = ("hmkg", SECRET)
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    assert select(remote_engine(recorder.url, user="hmkg", password=SECRET), query) == \
        json.loads(recorder.script.body)
    with_userinfo = recorder.url.replace("http://", f"http://hmkg:{SECRET}@")
    engine = remote_engine(with_userinfo)
    assert SECRET not in repr(engine) and SECRET not in engine.url
    assert select(engine, query) == json.loads(recorder.script.body)
    challenged = [r for r in recorder.requests if "Authorization" not in r["headers"]]
    answered = [r for r in recorder.requests if "Authorization" in r["headers"]]
    assert len(challenged) == len(answered) >= 2  # each request: a challenge, then the login
    assert {r["headers"]["Authorization"] for r in answered} == {
        "Basic " + base64.b64encode(f"hmkg:{SECRET}".encode()).decode()}


def test_credentials_never_appear_in_errors_or_logs(recorder, caplog):
    recorder.script.login = ("hmkg", SECRET)
    caplog.set_level(logging.DEBUG)
    store = recorder.url.replace("http://", "http://hmkg:wrong-" + SECRET + "@")
    with pytest.raises(EngineUnavailable) as caught:
        remote_engine(store).query("ASK {}", solutions_format=JSON, graph_format=None)
    assert "refused hmkg's credentials (HTTP 401)" in str(caught.value)
    app = create_app({"STORE": recorder.url, "STORE_USER": "hmkg",
                      "STORE_PASSWORD": "wrong-" + SECRET})
    response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 500
    recorder.script.login, recorder.script.status = None, 500
    recorder.script.body = f"internal error; connection string user=hmkg pwd={SECRET}".encode()
    echoed = create_app({"STORE": recorder.url, "STORE_PASSWORD": SECRET, "STORE_USER": "hmkg"}
                        ).test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert echoed.status_code == 500 and "pwd=***" in echoed.text
    for text in (str(caught.value), response.text, echoed.text, caplog.text):
        assert SECRET not in text


def test_a_wrong_password_fails_publish_without_showing_it(published_virtuoso, dist_dir):
    result = run_publish(published_virtuoso, dist_dir, password="wrong-" + SECRET)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(
        "error: publishing stopped, served graphs unchanged: the store at ")
    assert "refused hmkg's credentials (HTTP 401)" in result.output
    assert SECRET not in result.output


# --- Virtuoso's quirks, on the real server ----------------------------------------------------

def test_virtuoso_json_uses_typed_literal_and_the_engine_writes_the_standard(published_virtuoso):
    query = ("SELECT ?n WHERE { <https://w3id.org/hmkg/id/attribution/hsdr-2-12/1> "
             "<https://w3id.org/hmkg/ontology#authorPosition> ?n }")
    url = f"{published_virtuoso.query_url}?{urllib.parse.urlencode({'query': query})}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": JSON}),
                                timeout=10) as raw:
        assert json.load(raw)["results"]["bindings"][0]["n"]["type"] == "typed-literal"
    answer = select(remote_engine(published_virtuoso.query_url), query)
    assert answer["results"]["bindings"] == [{"n": {
        "type": "literal", "value": "1",
        "datatype": "http://www.w3.org/2001/XMLSchema#positiveInteger"}}]


def test_virtuoso_leaves_a_direct_query_post_unanswered_so_hmkg_posts_a_form(published_virtuoso):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    direct = urllib.request.Request(published_virtuoso.query_url, data=query.encode(),
                                    headers={"Content-Type": "application/sparql-query",
                                             "Accept": JSON})
    with pytest.raises(TimeoutError), urllib.request.urlopen(direct, timeout=2) as reply:
        reply.read()
    long = query + " #" + "x" * MAX_GET_BYTES  # too long for GET: hmkg sends a form POST
    answer = select(remote_engine(published_virtuoso.query_url), long)
    assert int(answer["results"]["bindings"][0]["n"]["value"]) > 3000


@pytest.fixture(autouse=True)
def _collect():
    """Collect garbage after each test, so a leaked socket is reported against its test."""
    yield
    import gc
    gc.collect()


def test_the_default_graph_is_the_union_graph_or_every_served_graph_of_an_older_store():
    from hmkg.engine.remote import StoreGraphs, _dataset
    from hmkg.engine.shape import query_shape

    claim = "https://w3id.org/hmkg/graph/claim/hsdr-2-12/forms-of-collective-effort"
    named = (*SERVED_GRAPHS, claim, "https://w3id.org/hmkg/graph/shapes")
    query = query_shape("SELECT * WHERE { ?s ?p ?o }")
    sent = _dataset(query, (), (), lambda: StoreGraphs(named, has_union=True))
    assert [g for kind, g in sent if kind == "default-graph-uri"] == [
        "https://w3id.org/hmkg/graph/union"]
    assert [g for kind, g in sent if kind == "named-graph-uri"] == list(named)
    older = _dataset(query, (), (), lambda: StoreGraphs(named, has_union=False))
    assert [g for kind, g in older if kind == "default-graph-uri"] == [*SERVED_GRAPHS, claim]
    given = _dataset(query_shape("SELECT * FROM <x:g> WHERE { ?s ?p ?o }"), (), (),
                     lambda: StoreGraphs(named, has_union=True))
    assert given == []  # the query's own FROM decides


def test_the_union_graph_found_in_the_store_is_sent_as_the_default_and_not_as_named(recorder):
    union, claim = ("https://w3id.org/hmkg/graph/union",
                    "https://w3id.org/hmkg/graph/claim/hsdr-2-12/forms-of-collective-effort")
    recorder.script.body = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [
        {"g": {"type": "uri", "value": g}} for g in (union, claim)]}}).encode()
    engine = remote_engine(recorder.url)
    select(engine, "SELECT ?g WHERE { ?s ?p ?g }")
    sent = urllib.parse.parse_qs(urllib.parse.urlparse(recorder.requests[-1]["path"]).query)
    assert sent["default-graph-uri"] == [union]
    assert sent["named-graph-uri"] == [
        *SERVED_GRAPHS, "https://w3id.org/hmkg/graph/inference-rules",
        "https://w3id.org/hmkg/graph/shapes", claim]
    assert engine.named_graphs() == tuple(sent["named-graph-uri"])
