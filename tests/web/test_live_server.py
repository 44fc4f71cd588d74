"""The endpoint over real HTTP: granian (hmkg.web.serve) on a free port, the real release."""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import zlib

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from hmkg.web import media
from hmkg.web.service import SD
from hmkg.pipeline.rdfcompat import rdflib_internals

from protocol_helpers import (csv_rows, expected_csv_rows, expected_rows, http, parse_graph, rdflib_answer,
                              rdflib_internals, result_rows)

pytestmark = pytest.mark.slow

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SELECT = ("PREFIX hmk: <https://w3id.org/hmkg/ontology#> SELECT ?claim ?statement WHERE "
          "{ ?claim a hmk:Finding ; hmk:statement ?statement } ORDER BY ?claim")


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("row", [media.SPARQL_JSON, media.CSV, media.SPARQL_XML, media.TSV], ids=lambda r: r.mime)
def test_select_over_http(live_server, served_dataset, method, row):
    response = http(live_server, method, SELECT, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == row.content_type
    expected = rdflib_answer(served_dataset, SELECT)
    if row is media.CSV:
        assert csv_rows(response.content) == expected_csv_rows(expected)
    else:
        assert result_rows(response.content, row) == expected_rows(expected)


@pytest.mark.parametrize("row", media.of_kind(media.Kind.GRAPH), ids=lambda r: r.mime)
def test_construct_over_http(live_server, served_dataset, row):
    # The ontology's blank-node structures (lists, restrictions): small enough to stay under the cap.
    query = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/hmkg/graph/ontology> "
             "{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }")
    response = http(live_server, "GET", query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert "HMKG-Result-Capped" not in response.headers
    expected = rdflib_answer(served_dataset, query).graph
    assert len(expected) > 10
    assert isomorphic(parse_graph(response.content, row), expected)


def test_service_description_over_http(live_server):
    response = requests.get(f"{live_server.url}/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    with rdflib_internals():
        graph = Graph().parse(data=response.content, format="turtle")
    endpoint = URIRef(f"{live_server.url}/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph


ERRORS = [
    ("GET", "/sparql?query=ASK{}&query=ASK{}", {}, None, 400),
    ("GET", "/sparql?query=SELEKT", {}, None, 400),
    ("GET", "/sparql?update=DROP%20ALL", {}, None, 403),
    ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"DROP ALL", 403),
    ("PUT", "/sparql", {}, b"x", 405),
    ("DELETE", "/sparql", {}, None, 405),
    ("GET", "/sparql?query=ASK{}", {"Accept": "image/png"}, None, 406),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"ASK {} #" + b"x" * 200_000, 413),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}", 415),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"ASK { \"\xff\" }", 400),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "status"), ERRORS)
def test_errors_over_http(live_server, method, path, headers, body, status):
    response = requests.request(method, live_server.url + path, headers=headers, data=body, timeout=30)
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.strip()
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_long_get_queries_pass_the_server(live_server):
    padding = "# " + "x" * 60 + "\n"
    query = padding * 150 + "ASK { ?s ?p ?o }"  # about 10 KB once percent-encoded
    response = http(live_server, "GET", query)
    assert response.status_code == 200, response.text
    assert len(response.request.url) > 8190  # beyond the usual 8 KB request-line limit of HTTP servers
    assert response.json()["boolean"] is True


def test_cors_preflight_over_http(live_server):
    response = requests.options(f"{live_server.url}/sparql", timeout=30, headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


def test_gzip_over_http(live_server):
    raw = requests.get(f"{live_server.url}/sparql", params={"query": SELECT}, headers={"Accept-Encoding": "gzip"},
                       timeout=30, stream=True)
    assert raw.headers["Content-Encoding"] == "gzip"
    body = zlib.decompress(raw.raw.read(), 16 + zlib.MAX_WBITS)
    plain = requests.get(f"{live_server.url}/sparql", params={"query": SELECT},
                         headers={"Accept-Encoding": "identity"}, timeout=30)
    assert "Content-Encoding" not in plain.headers
    assert body == plain.content
    assert gzip.compress(body)  # the decompressed body is the identical JSON


def test_result_cap_is_announced(live_server, served_dataset):
    cap = live_server.settings["RESULT_CAP"]
    response = http(live_server, "GET", "SELECT * WHERE { ?s ?p ?o }", accept="text/csv")
    assert response.status_code == 200
    assert len(served_dataset) > cap
    assert response.headers["HMKG-Result-Capped"] == "true"
    assert response.headers["HMKG-Result-Cap"] == str(cap)
    assert sum(csv_rows(response.content).values()) == cap
    small = http(live_server, "GET", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", accept="text/csv")
    assert "HMKG-Result-Capped" not in small.headers


def test_timing_header_and_access_log(live_server):
    marker = "/sparql"
    response = http(live_server, "GET", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7", accept="text/csv")
    metrics = dict(part.strip().split(";dur=") for part in response.headers["Server-Timing"].split(","))
    assert float(metrics["app"]) >= float(metrics["engine"]) > 0
    time.sleep(0.3)
    lines = re.findall(r"hmkg\.access (\S+) (\S+) (\d{3}) ([\d.]+)ms rows=(\S+)", live_server.log.read_text())
    assert ("GET", marker, "200", "7") in {(m, p, s, r) for m, p, s, _, r in lines}


def test_time_limit_stops_the_work_and_frees_the_server(live_server):
    limit = live_server.settings["QUERY_TIMEOUT"]
    outcome: dict = {}

    def long_query():
        started = time.monotonic()
        outcome["response"] = http(live_server, "GET", CARTESIAN)
        outcome["finished"] = time.monotonic()
        outcome["seconds"] = outcome["finished"] - started

    thread = threading.Thread(target=long_query)
    thread.start()
    time.sleep(0.5)
    meanwhile = http(live_server, "GET", "ASK {}")
    meanwhile_done = time.monotonic()
    thread.join(timeout=limit + 30)
    assert not thread.is_alive()
    assert meanwhile.status_code == 200  # not blocked by the long query
    assert meanwhile_done < outcome["finished"]
    response = outcome["response"]
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "time limit" in response.text
    assert int(response.headers["Retry-After"]) >= 1
    assert limit <= outcome["seconds"] < limit + 15
    started = time.monotonic()
    after = http(live_server, "GET", "ASK {}")
    assert after.status_code == 200
    assert time.monotonic() - started < 5  # answered at once, not after the killed query


FEDERATING = [
    ("GET", "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("POST-form", "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("POST-direct", "LOAD <http://127.0.0.1:{port}/data.ttl>"),
    ("GET", "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}"),
    ("GET", "DESCRIBE <http://127.0.0.1:{port}/thing>"),
]


def test_no_query_opens_a_connection(live_server):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(1.5)
        port = listener.getsockname()[1]
        statuses = [http(live_server, method, query.format(port=port)).status_code for method, query in FEDERATING]
        update = requests.post(f"{live_server.url}/sparql", timeout=30,
                               data={"update": f"LOAD <http://127.0.0.1:{port}/data.ttl>"})
        graph_param = requests.get(f"{live_server.url}/sparql", timeout=30, params={
            "query": "ASK { ?s ?p ?o }", "default-graph-uri": f"http://127.0.0.1:{port}/g"})
        with pytest.raises(TimeoutError):
            connection, _ = listener.accept()
            connection.close()
    assert statuses[:3] == [403, 403, 403]
    assert statuses[3:] == [200, 200]  # FROM and DESCRIBE name the IRI; nothing is fetched
    assert update.status_code == 403
    assert graph_param.status_code == 200 and graph_param.json()["boolean"] is False
