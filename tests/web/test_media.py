"""The media-type table and content negotiation over it (no app needed)."""

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from hmkg.web import media
from hmkg.web.media import Kind


def accept(header: str | None) -> MIMEAccept:
    """Parse an Accept header the way Flask does for a request."""
    return parse_accept_header(header, MIMEAccept)


@pytest.mark.parametrize(
    ("header", "kinds", "expected"),
    [
        (None, (Kind.RESULTS,), media.SPARQL_JSON),
        ("", (Kind.GRAPH,), media.TURTLE),
        ("*/*", (Kind.RESULTS,), media.SPARQL_JSON),
        ("*/*", (Kind.GRAPH,), media.TURTLE),
        ("text/*", (Kind.RESULTS,), media.CSV),
        ("text/*", (Kind.GRAPH,), media.TURTLE),
        ("application/sparql-results+xml", (Kind.RESULTS,), media.SPARQL_XML),
        ("text/csv;q=0.5, text/tab-separated-values", (Kind.RESULTS,), media.TSV),
        ("application/sparql-results+json;q=0.2, application/sparql-results+xml;q=0.9", (Kind.RESULTS,),
         media.SPARQL_XML),
        # Comunica's header for SELECT (combined, with q-values and a wildcard).
        ("application/sparql-results+json,application/sparql-results+xml;q=0.9,text/csv;q=0.8,*/*;q=0.1",
         (Kind.RESULTS,), media.SPARQL_JSON),
        ("application/json", (Kind.RESULTS,), media.SPARQL_JSON),
        ("application/json", (Kind.GRAPH,), media.JSON_LD),
        ("application/turtle,text/turtle", (Kind.GRAPH,), media.TURTLE),
        ("application/n-quads", (Kind.GRAPH,), media.N_QUADS),
        ("application/trig", (Kind.GRAPH,), media.TRIG),
        ("application/rdf+xml;q=1, text/turtle;q=0.5", (Kind.GRAPH,), media.RDF_XML),
        ("text/plain", (Kind.GRAPH,), media.N_TRIPLES),
        # A browser: HTML wins over RDF, which */* would otherwise allow.
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", (Kind.GRAPH, Kind.PAGE), media.HTML),
        ("text/turtle;q=0.9,text/html;q=0.5", (Kind.GRAPH, Kind.PAGE), media.TURTLE),
        ("text/csv", (Kind.GRAPH,), None),
        ("text/turtle", (Kind.RESULTS,), None),
        ("image/png", (Kind.RESULTS, Kind.GRAPH), None),
        ("text/csv;q=0", (Kind.RESULTS,), None),
        # Parameters do not hide an exact type (werkzeug alone would pick text/csv here).
        ("application/sparql-results+json;charset=utf-8, text/csv;q=0.5", (Kind.RESULTS,), media.SPARQL_JSON),
        ("text/turtle; charset=UTF-8", (Kind.GRAPH,), media.TURTLE),
        # A browser opening a query link keeps the JSON default, not XML at q=0.9.
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", (Kind.RESULTS,), media.SPARQL_JSON),
    ],
)
def test_negotiate(header, kinds, expected):
    assert media.negotiate(accept(header), *kinds) is expected


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("json", Kind.RESULTS, media.SPARQL_JSON),
        ("json", Kind.GRAPH, media.JSON_LD),
        ("xml", Kind.RESULTS, media.SPARQL_XML),
        ("xml", Kind.GRAPH, media.RDF_XML),
        ("CSV", Kind.RESULTS, media.CSV),
        ("csv", Kind.GRAPH, None),
        ("ttl", Kind.GRAPH, media.TURTLE),
        ("text/tab-separated-values", Kind.RESULTS, media.TSV),
        ("application/json", Kind.RESULTS, media.SPARQL_JSON),
        ("nq", Kind.GRAPH, media.N_QUADS),
        ("nonsense", Kind.RESULTS, None),
    ],
)
def test_by_name(name, kind, expected):
    assert media.by_name(name, kind) is expected


def test_table_rows_are_unique_and_complete():
    mimes = [row.mime for row in media.TABLE]
    suffixes = [row.suffix for row in media.TABLE]
    assert len(mimes) == len(set(mimes)) == 11
    assert len(suffixes) == len(set(suffixes))
    assert {row.mime for row in media.of_kind(Kind.RESULTS)} == {
        "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
    assert {row.mime for row in media.of_kind(Kind.GRAPH)} == {
        "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
        "application/n-quads", "application/trig"}
    assert all(row.format_iri for row in media.TABLE if row.kind is not Kind.PAGE)


@pytest.mark.parametrize(("suffix", "expected"), [(".ttl", media.TURTLE), ("jsonld", media.JSON_LD),
                                                  ("RDF", media.RDF_XML), (".nt", media.N_TRIPLES),
                                                  (".exe", None)])
def test_by_suffix(suffix, expected):
    assert media.by_suffix(suffix) is expected


def test_content_type_carries_charset():
    assert media.CSV.content_type == "text/csv; charset=utf-8"
    assert media.by_mime("text/turtle; charset=utf-8") is media.TURTLE
