"""Read-only by construction: updates, LOAD and foreign SERVICE calls are refused, and
malformed queries are reported with their position."""

from __future__ import annotations

import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal
from rdflib.query import Result

from hmkg import settings
from hmkg.engine import QueryError, QueryRefused
from hmkg.engine.embedded import EmbeddedEngine

JSON = "application/sparql-results+json"

UPDATES = [
    "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "delete { ?s ?p ?o } insert { ?s ?p 2 } where { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/hmkg/graph/data>",
    "CREATE GRAPH <http://example.org/new>",
    "COPY DEFAULT TO <http://example.org/g>",
    "MOVE <http://example.org/a> TO <http://example.org/b>",
    "ADD <http://example.org/a> TO <http://example.org/b>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_with_the_rebuild_message(engine, update):
    with pytest.raises(QueryRefused, match="read-only.*rebuilt from the source files"):
        engine.query(update, solutions_format=JSON, graph_format="text/turtle")
    assert _labels(engine) == 3  # the data is untouched


def _labels(engine) -> int:
    """Count the label triples of the default graph (3 in the tiny release)."""
    answer = engine.query("SELECT ?s WHERE { ?s <http://example.org/label> ?o }",
                          solutions_format=JSON, graph_format=None)
    return answer.rows


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    """Tell whether a connection reached the listener."""
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


SERVICE_TRICKS = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service silent <{url}> { ?s ?p ?o } }",
    "PREFIX r: <{url}>\nSELECT * WHERE { SERVICE r: { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y true.SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE {SERVICESILENT<{url}>{?s ?p ?o}}",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { { ?x ?y 1 }.SERVICE <{url}> { ?s ?p ?o } }",
    'SELECT * WHERE { ?x ?y "#" SERVICE <{url}> { ?s ?p ?o } }',
    "SELECT * WHERE { ?x ?y <http://example.org/#> # comment\n SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y '''it's''' SERVICE <{url}> { ?s ?p ?o } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_TRICKS)
def test_service_is_refused_and_nothing_connects(engine, listener, template):
    url = "http://127.0.0.1:%d/sparql" % listener.getsockname()[1]
    with pytest.raises(QueryRefused, match="SERVICE"):
        engine.query(template.replace("{url}", url), solutions_format=JSON,
                     graph_format="text/turtle")
    assert not _connected(listener)


@pytest.mark.parametrize("query", [
    'SELECT ?o WHERE { ?s ?p ?o FILTER(?o = "SERVICE <http://127.0.0.1:1/> {}") }',
    "SELECT ?o WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:1/> { }",
    "SELECT ?service WHERE { ?service <http://example.org/serviceArea> ?o }",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(?o != 'INSERT DATA { <a> <b> <c> }') }",
])
def test_words_in_strings_comments_and_names_are_not_refused(engine, query):
    engine.query(query, solutions_format=JSON, graph_format=None)


class _FakeSparqlEndpoint(BaseHTTPRequestHandler):
    """Answer every SPARQL request with one solution binding ?remote."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": ["remote"]}, "results": {"bindings": [
            {"remote": {"type": "literal", "value": "from afar"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args):
        """Keep test output quiet."""


def test_allow_listed_service_is_called(tiny_dist):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeSparqlEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/sparql" % server.server_address[1]
    allowed = EmbeddedEngine(settings.load({"DIST": tiny_dist, "QUERY_WORKERS": 1,
                                             "SERVICE_ALLOWLIST": [url]}))
    try:
        answer = allowed.query(f"SELECT ?remote WHERE {{ SERVICE <{url}> {{ ?s ?p ?remote }} }}",
                               solutions_format=JSON, graph_format=None)
        rows = list(Result.parse(io.BytesIO(answer.body), format="json"))
        assert [tuple(row) for row in rows] == [(Literal("from afar"),)]
        with pytest.raises(QueryRefused, match="allow-list"):
            allowed.query(f"SELECT * WHERE {{ SERVICE <{url}/other> {{ ?s ?p ?o }} }}",
                          solutions_format=JSON, graph_format=None)
    finally:
        allowed.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("query", "position"), [
    ("SELECT * WHERE { ?s ?p }", "1:"),
    ("PREFIX ex: <http://example.org/>\nSELECT *\nWHERE { ?s ex:p ?o .\n  FILTER( }", "4:"),
    ("SELECT * WHERE { ?s undeclared:p ?o }", "1:"),
    ("", "1:"),
])
def test_malformed_query_names_line_and_column(engine, query, position):
    with pytest.raises(QueryError, match=f"^syntax error.*{position}"):
        engine.query(query, solutions_format=JSON, graph_format="text/turtle")


def test_bad_graph_iri_is_a_query_error(engine):
    with pytest.raises(QueryError, match="IRI"):
        engine.query("SELECT * WHERE { ?s ?p ?o }", solutions_format=JSON, graph_format=None,
                     default_graph_uris=["not an iri"])
