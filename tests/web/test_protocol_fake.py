"""The SPARQL protocol layer over FakeEngine: methods x query forms x formats, errors, headers."""

from __future__ import annotations

import gzip
import logging

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, VOID

from hmkg.web import media
from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine, get_engine
from hmkg.web.service import ENTAILMENT, OWL_PROFILE, SD
from hmkg.pipeline.rdfcompat import rdflib_internals

from fake_engine import EX, FAKE_TRIG, FakeEngine
from protocol_helpers import (METHODS, csv_header, load_dataset, expected_csv_rows, expected_rows, parse_boolean,
                              parse_graph, rdflib_answer, rdflib_internals, result_rows, send)

SELECT = ("SELECT ?s ?o ?z WHERE { ?s <http://example.org/name> ?o "
          "OPTIONAL { ?s <http://example.org/nope> ?z } } ORDER BY ?o")
ASK_TRUE = "ASK { ?s <http://example.org/size> 3 }"
ASK_FALSE = "ASK { ?s <http://example.org/size> 4 }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
DESCRIBE_AS_CONSTRUCT = "CONSTRUCT { <http://example.org/b> ?p ?o } WHERE { <http://example.org/b> ?p ?o }"
DESCRIBE = "DESCRIBE <http://example.org/b>"


@pytest.fixture(scope="module")
def rdflib_data() -> Dataset:
    """The fake engine's data as rdflib sees it, default graph = union."""
    return load_dataset(FAKE_TRIG, "trig")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.RESULTS), ids=lambda r: r.mime)
def test_select_in_every_results_format(fake_client, rdflib_data, method, row):
    response = send(fake_client, method, SELECT, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == f"{row.mime}; charset=utf-8"
    assert "Accept" in response.vary
    expected = rdflib_answer(rdflib_data, SELECT)
    if row is media.CSV:
        assert result_rows(response.data, row) == expected_csv_rows(expected)
        assert csv_header(response.data) == ["s", "o", "z"]
        assert response.data.count(b"\r\n") >= 4  # CRLF line ends, the quoted newline kept inside
    else:
        assert result_rows(response.data, row) == expected_rows(expected)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.RESULTS), ids=lambda r: r.mime)
@pytest.mark.parametrize(("query", "answer"), [(ASK_TRUE, True), (ASK_FALSE, False)])
def test_ask_in_every_results_format(fake_client, method, row, query, answer):
    response = send(fake_client, method, query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.mimetype == row.mime
    assert parse_boolean(response.data, row) is answer


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("row", media.of_kind(media.Kind.GRAPH), ids=lambda r: r.mime)
@pytest.mark.parametrize(("query", "same_as"), [(CONSTRUCT, CONSTRUCT), (DESCRIBE, DESCRIBE_AS_CONSTRUCT)])
def test_graph_forms_in_every_rdf_format(fake_client, rdflib_data, method, row, query, same_as):
    response = send(fake_client, method, query, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == f"{row.mime}; charset=utf-8"
    expected = rdflib_answer(rdflib_data, same_as).graph
    assert isomorphic(parse_graph(response.data, row), expected)


@pytest.mark.parametrize(("query", "accept"), [(SELECT, "text/turtle"), (ASK_TRUE, "application/n-quads"),
                                               (CONSTRUCT, "text/csv"), (DESCRIBE, "application/sparql-results+json"),
                                               (SELECT, "image/png")])
def test_an_unsatisfiable_accept_is_406(fake_client, query, accept):
    response = send(fake_client, "GET", query, accept=accept)
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert "Available" in response.text


@pytest.mark.parametrize(("query", "name", "row"), [(SELECT, "csv", media.CSV), (SELECT, "json", media.SPARQL_JSON),
                                                    (CONSTRUCT, "json", media.JSON_LD),
                                                    (CONSTRUCT, "xml", media.RDF_XML),
                                                    (SELECT, "application/sparql-results+xml", media.SPARQL_XML)])
def test_format_parameter_overrides_accept(fake_client, query, name, row):
    response = send(fake_client, "GET", query, accept="text/tab-separated-values", params=[("format", name)])
    assert response.status_code == 200, response.text
    assert response.mimetype == row.mime


def test_no_accept_gets_the_documented_defaults(fake_client):
    assert send(fake_client, "GET", SELECT).mimetype == "application/sparql-results+json"
    assert send(fake_client, "GET", CONSTRUCT).mimetype == "text/turtle"


def _text_error(response, status):
    """Assert a plain-text error with this status and a message."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.strip()
    return response.text


FORM = "application/x-www-form-urlencoded"
ERRORS = [
    ("two queries", "GET", "/sparql?query=ASK{}&query=ASK{}", None, None, 400),
    ("query and update", "GET", "/sparql?query=ASK{}&update=CLEAR%20ALL", None, None, 400),
    ("update by GET", "GET", "/sparql?update=CLEAR%20ALL", None, None, 403),
    ("update by form", "POST", "/sparql", FORM, b"update=CLEAR+ALL", 403),
    ("update with query by form", "POST", "/sparql", FORM, b"update=CLEAR+ALL&query=ASK{}", 400),
    ("update by direct POST", "POST", "/sparql", "application/sparql-update", b"CLEAR ALL", 403),
    ("form without query", "POST", "/sparql", FORM, b"default-graph-uri=http%3A%2F%2Fexample.org%2Fg1", 400),
    ("query in URL and body", "POST", "/sparql?query=ASK{}", "application/sparql-query", b"ASK {}", 400),
    ("no content type", "POST", "/sparql", None, b"ASK {}", 415),
    ("wrong content type", "POST", "/sparql", "text/plain", b"ASK {}", 415),
    ("json content type", "POST", "/sparql", "application/json", b'{"query": "ASK {}"}', 415),
    ("latin-1 charset", "POST", "/sparql", "application/sparql-query; charset=iso-8859-1", b"ASK {}", 415),
    ("non-UTF-8 body", "POST", "/sparql", "application/sparql-query", b'ASK { ?s ?p "\xff" }', 400),
    ("non-UTF-8 URL escape", "GET", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D", None, None, 400),
    ("non-UTF-8 form escape", "POST", "/sparql", FORM, b"query=ASK+%7B%22%FF%22%7D", 400),
    ("malformed query", "GET", "/sparql?query=SELEKT%20*", None, None, 400),
    ("empty query", "GET", "/sparql?query=", None, None, 400),
    ("relative graph IRI", "GET", "/sparql?query=ASK{}&default-graph-uri=g1", None, None, 400),
    ("unknown format", "GET", "/sparql?query=ASK{}&format=bogus", None, None, 400),
    ("format of the wrong kind", "GET", "/sparql?query=CONSTRUCT{}WHERE{}&format=csv", None, None, 406),
    ("time limit", "GET", "/sparql?query=ASK{}%23slow%0A", None, None, 503),
    ("federation", "GET", "/sparql?query=ASK{SERVICE<http://127.0.0.1:9/>{}}", None, None, 403),
]


@pytest.mark.parametrize(("method", "url", "content_type", "body", "status"), [e[1:] for e in ERRORS],
                         ids=[e[0] for e in ERRORS])
def test_client_mistakes_get_plain_text_4xx(fake_client, method, url, content_type, body, status):
    headers = {"Content-Type": content_type} if content_type else {}
    response = fake_client.open(url, method=method, data=body, headers=headers)
    _text_error(response, status)


def test_malformed_query_message_gives_the_position(fake_client):
    text = _text_error(send(fake_client, "POST-direct", "SELECT * WHERE { ?s ?p }"), 400)
    assert "1:" in text  # line:column from the parser


def test_update_refusal_explains_the_rebuild(fake_client):
    text = _text_error(send(fake_client, "POST-form", "ASK {}", params=[("update", "x")]), 400)
    assert "update" in text
    text = _text_error(fake_client.post("/sparql", data=b"DROP ALL", content_type="application/sparql-update"), 403)
    assert "read-only" in text and "hmkg build" in text


def test_time_limit_is_503_with_retry_after(fake_client):
    response = send(fake_client, "GET", "ASK {} #slow")
    _text_error(response, 503)
    assert int(response.headers["Retry-After"]) >= 1


@pytest.mark.parametrize("verb", ["PUT", "DELETE", "PATCH", "TRACE"])
def test_other_methods_are_405_with_allow(fake_client, verb):
    response = fake_client.open("/sparql?query=ASK{}", method=verb)
    _text_error(response, 405)
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_url_over_the_limit_is_414_and_long_urls_work():
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine, "MAX_BODY": 20_000})
    long_query = "ASK {} #" + "x" * 19_000
    assert send(app.test_client(), "GET", long_query).status_code == 200
    response = send(app.test_client(), "GET", long_query + "x" * 1_000)
    assert "POST" in _text_error(response, 414)
    close_engine(app)


def test_remembered_parameters_decode_as_urllib_does_and_only_short_ones_are_kept():
    from urllib.parse import parse_qsl, quote

    from hmkg.web.protocol import REMEMBER_UP_TO, ProtocolError, _parse_remembered, parse_params

    short = ("query=" + quote("SELECT ?x { BIND('Ωmega + café' AS ?x) }") + "&format=json+x").encode()
    long = ("query=" + quote("ASK {} #" + "é" * REMEMBER_UP_TO)).encode()
    many = b"&".join(b"default-graph-uri=http://e/g%d" % n for n in range(20))
    _parse_remembered.cache_clear()
    for raw in (short, short, long, many):
        assert parse_params(raw) == tuple(parse_qsl(raw.decode(), keep_blank_values=True))
    for _ in range(2):  # a refusal is not remembered as an answer
        with pytest.raises(ProtocolError) as refused:
            parse_params(b"query=%FF")
        assert refused.value.status == 400
    memo = _parse_remembered.cache_info()
    # kept: the short string only (decoded once, then remembered), not the long one, the
    # many parameters or the refusal
    assert (memo.currsize, memo.hits) == (1, 1)


@pytest.mark.parametrize("method", ["POST-form", "POST-direct"])
def test_body_over_the_limit_is_413(method):
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine, "MAX_BODY": 1000})
    response = send(app.test_client(), method, "ASK {} #" + "x" * 1000)
    _text_error(response, 413)
    assert send(app.test_client(), method, "ASK {} #" + "x" * 900).status_code == 200
    close_engine(app)


@pytest.mark.parametrize("method", METHODS)
def test_dataset_parameters_reach_the_engine_and_the_answer(fake_app, fake_client, method):
    params = [("default-graph-uri", EX + "g2"), ("named-graph-uri", EX + "g1"), ("named-graph-uri", EX + "g2")]
    response = send(fake_client, method, "SELECT ?s WHERE { ?s ?p ?o }", accept="text/csv", params=params)
    assert response.status_code == 200, response.text
    assert set(result_rows(response.data, media.CSV)) == {(EX + "b",)}
    call = get_engine.__wrapped__(fake_app) if hasattr(get_engine, "__wrapped__") else None
    with fake_app.app_context():
        call = get_engine().calls[-1]
    assert call["default"] == (EX + "g2",)
    assert call["named"] == (EX + "g1", EX + "g2")


@pytest.mark.parametrize("method", METHODS)
def test_relative_iris_resolve_against_the_endpoint(fake_client, method):
    response = send(fake_client, method, "SELECT ?x WHERE { BIND(<thing/1> AS ?x) }", accept="text/csv")
    assert set(result_rows(response.data, media.CSV)) == {("http://localhost/thing/1",)}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("text", ["Ωmega ✓ 𝄞", "naïve café", "línea\nnueva, \"citada\"", "\u00a0\u200b"])
def test_any_character_round_trips(fake_client, method, text, rdflib_data):
    query = 'SELECT ?x WHERE { BIND(%s AS ?x) }' % Literal(text).n3()
    response = send(fake_client, method, query, accept="application/sparql-results+json")
    assert response.status_code == 200, response.text
    assert set(result_rows(response.data, media.SPARQL_JSON)) == {(Literal(text),)}


def test_cap_and_limits_are_passed_and_reported():
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine, "RESULT_CAP": 2, "QUERY_TIMEOUT": 7})
    response = send(app.test_client(), "GET", SELECT)
    assert response.headers["HMKG-Result-Capped"] == "true"
    assert response.headers["HMKG-Result-Cap"] == "2"
    with app.app_context():
        call = get_engine().calls[-1]
    assert (call["limit"], call["timeout"]) == (2, 7.0)
    uncapped = send(app.test_client(), "GET", ASK_TRUE)
    assert "HMKG-Result-Capped" not in uncapped.headers
    close_engine(app)


SD_FORMATS = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]


@pytest.mark.parametrize(("accept", "parser"), SD_FORMATS)
def test_service_description_is_a_graph(fake_client, accept, parser):
    response = fake_client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept and "Accept" in response.vary
    with rdflib_internals():
        graph = Graph().parse(data=response.data, format=parser)
    service = URIRef("https://example.org/hmkg/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = {URIRef(row.format_iri) for row in media.TABLE if row.format_iri}
    assert set(graph.objects(service, SD.resultFormat)) == formats
    assert (service, SD.defaultEntailmentRegime, ENTAILMENT["OWL-RDF-Based"]) in graph
    assert (service, SD.supportedEntailmentProfile, OWL_PROFILE.RL) in graph
    assert (service, RDFS.seeAlso, URIRef("https://example.org/hmkg/.well-known/void")) in graph
    dataset = graph.value(service, SD.defaultDataset)
    sizes = {graph.value(named, SD.name): graph.value(graph.value(named, SD.graph), VOID.triples).toPython()
             for named in graph.objects(dataset, SD.namedGraph)}
    assert sizes == {URIRef(EX + "g1"): 5, URIRef(EX + "g2"): 3}
    default = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples).toPython() == 8


def test_service_description_without_accept_is_turtle(fake_client):
    response = fake_client.get("/sparql")
    assert response.mimetype == "text/turtle"
    Graph().parse(data=response.data, format="turtle")


def test_browsers_get_the_query_page_at_sparql(fake_app):
    if not any(rule.rule == "/query" for rule in fake_app.url_map.iter_rules()):
        fake_app.add_url_rule("/query", "query_page_stand_in", lambda: "<!doctype html><title>q</title>")
    client = fake_app.test_client()
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/query", headers={"Accept": browser})
    response = client.get("/sparql", headers={"Accept": browser})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.data == page.data


def test_service_description_refuses_unservable_accept(fake_client):
    _text_error(fake_client.get("/sparql", headers={"Accept": "text/csv"}), 406)


@pytest.mark.parametrize("path", ["/sparql", "/sparql?query=ASK{}", "/sparql?query=SELEKT", "/nowhere"])
def test_cors_on_every_response(fake_client, path):
    response = fake_client.get(path)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "HMKG-Result-Capped" in response.headers["Access-Control-Expose-Headers"]


def test_cors_preflight_for_post_with_content_type(fake_client):
    response = fake_client.options("/sparql", headers={
        "Origin": "https://example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_gzip_when_accepted_only(fake_client):
    plain = send(fake_client, "GET", CONSTRUCT, accept="application/n-triples")
    zipped = send(fake_client, "GET", CONSTRUCT, accept="application/n-triples",
                  headers={"Accept-Encoding": "gzip, deflate"})
    refused = send(fake_client, "GET", CONSTRUCT, accept="application/n-triples",
                   headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in plain.headers and "Content-Encoding" not in refused.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.vary and "Accept-Encoding" in plain.vary
    assert gzip.decompress(zipped.data) == plain.data
    assert int(zipped.headers["Content-Length"]) == len(zipped.data)


def test_server_timing_and_one_log_line_per_request(fake_client, caplog):
    caplog.set_level(logging.INFO, logger="hmkg.access")
    response = send(fake_client, "GET", SELECT)
    metrics = dict(part.strip().split(";dur=") for part in response.headers["Server-Timing"].split(","))
    assert {"engine", "app"} <= set(metrics) and float(metrics["app"]) >= float(metrics["engine"]) >= 0
    records = [r for r in caplog.records if r.name == "hmkg.access"]
    assert len(records) == 1
    method, path, status, ms, rows = records[0].getMessage().split()
    assert (method, path, status, rows) == ("GET", "/sparql", "200", "rows=3")
    assert ms.endswith("ms") and float(ms[:-2]) >= 0


@pytest.mark.parametrize("setting", ["false", "off", "0"])  # JSON false, text, JSON 0
def test_the_access_log_can_be_turned_off(caplog, monkeypatch, setting):
    monkeypatch.setenv("HMKG_ACCESS_LOG", setting)
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine})
    try:
        caplog.set_level(logging.INFO, logger="hmkg.access")
        response = send(app.test_client(), "GET", SELECT)
    finally:
        close_engine(app)
    assert app.config["ACCESS_LOG"] is False
    assert response.status_code == 200 and "app;dur=" in response.headers["Server-Timing"]
    assert [r for r in caplog.records if r.name == "hmkg.access"] == []


def test_engine_is_opened_once_and_closed(fake_app):
    with fake_app.app_context():
        first = get_engine()
        assert get_engine() is first
    close_engine(fake_app)
    assert first.closed


def test_engine_limitations_are_stated_in_the_service_description():
    class LimitedEngine(FakeEngine):
        limitations = ("The remote store cannot stop a query at the time limit.",)

    app = create_app({"TESTING": True, "ENGINE_FACTORY": LimitedEngine, "PUBLIC_URL": "https://example.org/hmkg"})
    response = app.test_client().get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    comments = {str(c) for c in graph.objects(URIRef("https://example.org/hmkg/sparql"), RDFS.comment)}
    assert LimitedEngine.limitations[0] in comments
    close_engine(app)
