"""Helpers shared by the protocol tests: sending one query three ways, parsing any answer."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import requests
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.namespace import XSD
from rdflib.query import Result
from werkzeug.datastructures import MultiDict

from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.web import media

METHODS = ("GET", "POST-form", "POST-direct")


def send(client, method: str, query: str, accept: str | None = None, params=(), headers=None):
    """Send a query by GET, form POST or direct POST through a Flask test client."""
    headers = dict(headers or {})
    if accept is not None:
        headers["Accept"] = accept
    params = list(params)
    if method == "GET":
        return client.get("/sparql", query_string=[("query", query), *params], headers=headers)
    if method == "POST-form":
        return client.post("/sparql", data=MultiDict([("query", query), *params]), headers=headers)
    return client.post("/sparql", data=query.encode("utf-8"), query_string=params, headers=headers,
                       content_type="application/sparql-query")


def http(live, method: str, query: str | None = None, accept: str | None = None, **kwargs):
    """Send one protocol request to the live server by GET, form POST or direct POST."""
    headers = {"Accept": accept} if accept else {}
    headers.update(kwargs.pop("headers", {}))
    url = f"{live.url}/sparql"
    if method == "GET":
        params = {"query": query} if query is not None else {}
        return requests.get(url, params=params, headers=headers, timeout=60, **kwargs)
    if method == "POST-form":
        return requests.post(url, data={"query": query}, headers=headers, timeout=60, **kwargs)
    headers["Content-Type"] = "application/sparql-query"
    return requests.post(url, data=query.encode("utf-8"), headers=headers, timeout=60, **kwargs)


def result_rows(body: bytes, row: media.MediaType) -> Counter:
    """Parse a SELECT answer in any results format into a multiset of rows (blank nodes blurred)."""
    if row is media.CSV:
        return csv_rows(body)
    result = Result.parse(io.BytesIO(body), format=row.rdflib_format)
    return Counter(tuple(blur(term) for term in values) for values in result)


def csv_rows(body: bytes) -> Counter:
    """Parse SPARQL CSV (CRLF, header first) into a multiset of string rows (blank nodes blurred)."""
    text = body.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)[1:]
    return Counter(tuple(blur_cell(value) for value in values) for values in rows)


def csv_header(body: bytes) -> list[str]:
    """Return the variable names of a SPARQL CSV answer."""
    return next(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


# Engines may write a computed number in different lexical forms ("51" vs "51.0" for an
# xsd:decimal SUM); SPARQL fixes the value and datatype, so answers are compared on those.
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.short, XSD.byte}
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def blur(term):
    """Replace blank nodes (labels are per answer) by one marker and numbers by their value."""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype in _NUMERIC and _NUMBER.match(str(term)):
        return ("number", str(term.datatype), Decimal(str(term)))
    return term


def blur_cell(cell: str):
    """Blur one CSV cell the way blur() does a term (CSV drops datatypes)."""
    if cell.startswith("_:"):
        return "_:"
    return Decimal(cell) if _NUMBER.match(cell) else cell


def expected_rows(result: Result) -> Counter:
    """Turn an rdflib SELECT result into the same multiset result_rows() returns."""
    return Counter(tuple(blur(term) for term in values) for values in result)


def expected_csv_rows(result: Result) -> Counter:
    """Render an rdflib SELECT result as the CSV strings the spec prescribes."""
    def cell(term):
        return "" if term is None else blur_cell(str(term) if not isinstance(term, BNode) else "_:")

    return Counter(tuple(cell(term) for term in values) for values in result)


def load_dataset(data, format: str) -> Dataset:
    """Parse quads into a Dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    with rdflib_internals():
        if isinstance(data, Path):
            dataset.parse(data, format=format)
        else:
            dataset.parse(data=data, format=format)
    return dataset


def rdflib_answer(dataset: Dataset, query: str) -> Result:
    """Evaluate a query with rdflib, fully, while its internal warnings are silenced."""
    with rdflib_internals():
        result = dataset.query(query)
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - forces the lazy evaluation inside the quiet block
    return result


def parse_graph(body: bytes, row: media.MediaType) -> Graph:
    """Parse an RDF answer in any graph format into one graph of its triples."""
    if row.quads:
        dataset = load_dataset(body, row.rdflib_format)
        graph = Graph()
        with rdflib_internals():
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        return graph
    with rdflib_internals():
        return Graph().parse(data=body, format=row.rdflib_format)


def parse_boolean(body: bytes, row: media.MediaType) -> bool:
    """Parse an ASK answer; CSV/TSV booleans are the bare word (the spec leaves them open)."""
    if row in (media.CSV, media.TSV):
        word = body.decode("utf-8").strip()
        assert word in ("true", "false"), word
        return word == "true"
    return bool(Result.parse(io.BytesIO(body), format=row.rdflib_format).askAnswer)
