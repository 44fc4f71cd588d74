"""Property-based fuzzing of the protocol surface: never a 5xx, never a hang.

Random query text (free and built from SPARQL fragments), raw bytes, Accept and Content-Type
headers, encodings and parameter mixes go to the real engine through the Flask test client.
A 503 is allowed only as the documented time-limit answer.
"""

from __future__ import annotations

import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

FRAGMENTS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "*", ".", "(", ")",
             "FILTER", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "LOAD", "INSERT DATA", "DELETE", "BASE",
             "PREFIX x: <http://e/>", "x:a", "<http://e/a>", "<rel>", '"lit"@en', '"1"^^<http://e/d>', "LIMIT 3",
             "ORDER BY", "COUNT(*)", "AS", "VALUES ?s { 1 }", "BIND(1 AS ?z)", "#", "\n", "é", "\u0000", "\ufeff"]
sparqlish = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join)
query_text = st.one_of(sparqlish, st.text(max_size=80))
MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
         "text/tab-separated-values", "text/turtle", "application/ld+json", "application/n-triples",
         "application/rdf+xml", "text/html", "*/*", "application/*", "text/*", "image/png", "application/json"]
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
accept = st.one_of(
    st.none(),
    st.lists(st.tuples(st.sampled_from(MEDIA), st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=x"])),
             max_size=4).map(lambda parts: ", ".join(m + q for m, q in parts)),
    header_text,
)
content_type = st.one_of(
    st.none(),
    st.sampled_from(["application/x-www-form-urlencoded", "application/sparql-query",
                     "application/sparql-query; charset=utf-8", "application/sparql-query; charset=latin-1",
                     "application/sparql-update", "multipart/form-data; boundary=x", "text/plain", "application/json"]),
    header_text,
)
PARAM_NAMES = ["query", "update", "default-graph-uri", "named-graph-uri", "format", "output", "x"]
params = st.lists(st.tuples(st.sampled_from(PARAM_NAMES), st.one_of(query_text, st.sampled_from(
    ["http://e/g", "https://w3id.org/hmkg/graph/data", "json", "csv", "ttl", "bogus"]))), max_size=4)
encoding = st.sampled_from(["utf-8", "latin-1", "utf-16", "raw"])


def _encode(text: str, how: str, raw: bytes) -> bytes:
    """Encode the query text one of several (right and wrong) ways."""
    if how == "raw":
        return raw
    return text.encode(how, errors="replace")


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)


def _check(response, started: float, timeout: float) -> None:
    """Assert the response is not a server error and came in time."""
    elapsed = time.monotonic() - started
    assert elapsed < timeout + 10, f"took {elapsed:.1f} s"
    if response.status_code == 503:
        assert "time limit" in response.get_data(as_text=True)
        return
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "text/plain"


@FUZZ
@given(method=st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE"]), query=query_text,
       raw=st.binary(max_size=60), how=encoding, accept_header=accept, ctype=content_type, extra=params)
def test_protocol_surface_never_fails_the_server(real_app, method, query, raw, how, accept_header, ctype, extra):
    client = real_app.test_client()
    headers = {}
    if accept_header is not None:
        headers["Accept"] = accept_header
    if ctype is not None:
        headers["Content-Type"] = ctype
    body = _encode(query, how, raw) if method in ("POST", "PUT") else None
    started = time.monotonic()
    response = client.open("/sparql", method=method, query_string=extra, data=body, headers=headers)
    _check(response, started, real_app.config["QUERY_TIMEOUT"])


@FUZZ
@given(query=sparqlish, accept_header=accept, extra=params)
def test_sparqlish_queries_by_every_method(real_app, query, accept_header, extra):
    client = real_app.test_client()
    headers = {"Accept": accept_header} if accept_header is not None else {}
    for send in (
        lambda: client.get("/sparql", query_string=[("query", query), *extra], headers=headers),
        lambda: client.post("/sparql", data=MultiDict([("query", query), *extra]), headers=headers),
        lambda: client.post("/sparql", data=query.encode(), query_string=extra, headers=headers,
                            content_type="application/sparql-query"),
    ):
        started = time.monotonic()
        _check(send(), started, real_app.config["QUERY_TIMEOUT"])


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH"]), query=query_text,
       raw=st.binary(max_size=200), how=encoding, accept_header=accept, ctype=content_type, extra=params)
def test_live_server_never_fails(live_server, method, query, raw, how, accept_header, ctype, extra):
    """The same surface over real HTTP to gunicorn (its parser included)."""
    headers = {}
    if accept_header is not None:
        headers["Accept"] = accept_header
    if ctype is not None:
        headers["Content-Type"] = ctype
    body = _encode(query, how, raw) if method in ("POST", "PUT", "PATCH") else None
    started = time.monotonic()
    response = requests.request(method, f"{live_server.url}/sparql", params=extra, data=body, headers=headers,
                                timeout=live_server.settings["QUERY_TIMEOUT"] + 20)
    elapsed = time.monotonic() - started
    assert elapsed < live_server.settings["QUERY_TIMEOUT"] + 10
    if response.status_code == 503:
        assert "time limit" in response.text
    else:
        assert response.status_code < 500, response.text
