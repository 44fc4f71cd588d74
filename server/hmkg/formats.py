"""The one table of formats hmkg reads, writes, serves and publishes.

Each row names a media type once, with everything every layer needs to know about it: the
file suffix, the short names of the `format=` parameter and `hmkg query --format`, the rdflib
and pyoxigraph names, and whether the release publishes files in it. The web layer negotiates
over this table (web/media.py), the engine writes answers by it (engine/graphs.py,
engine/results.py), the remote engine reads stores' answers by it, and the pipeline names its
artefacts by it. To add a format, add a row here; tests/test_format_table.py checks that every row
has a writer or reader, an Accept entry and, where published, an artefact.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pyoxigraph import QueryResultsFormat, RdfFormat


class Kind(Enum):
    """What a format can carry."""

    RESULTS = "results"  # SPARQL solutions and booleans (SELECT, ASK)
    GRAPH = "graph"  # RDF triples (CONSTRUCT, DESCRIBE, resource pages, the service description)
    PAGE = "page"  # HTML for people


@dataclass(frozen=True)
class Format:
    """One row of the table: a media type and how hmkg reads, writes and names it."""

    mime: str
    kind: Kind
    label: str  # what people call it ("Turtle")
    rdflib_format: str  # rdflib serializer / parser (or result serializer) plugin name
    oxigraph: RdfFormat | QueryResultsFormat | None  # pyoxigraph's own name, if it has one
    suffix: str  # file suffix, with its dot
    names: tuple[str, ...]  # short names accepted by the format= parameter
    quads: bool = False  # a dataset syntax (named graphs survive)
    published: bool = False  # the release holds files in it
    w3c_name: str | None = None  # its name under http://www.w3.org/ns/formats/

    @property
    def format_iri(self) -> str | None:
        """Return the W3C format IRI (http://www.w3.org/ns/formats/...), if it has one."""
        return f"http://www.w3.org/ns/formats/{self.w3c_name}" if self.w3c_name else None

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value, always with its charset."""
        return f"{self.mime}; charset=utf-8"


SPARQL_JSON = Format("application/sparql-results+json", Kind.RESULTS, "SPARQL Results JSON",
                     "json", QueryResultsFormat.JSON, ".srj", ("json", "srj"),
                     w3c_name="SPARQL_Results_JSON")
SPARQL_XML = Format("application/sparql-results+xml", Kind.RESULTS, "SPARQL Results XML",
                    "xml", QueryResultsFormat.XML, ".srx", ("xml", "srx"),
                    w3c_name="SPARQL_Results_XML")
CSV = Format("text/csv", Kind.RESULTS, "CSV", "csv", QueryResultsFormat.CSV, ".csv", ("csv",),
             w3c_name="SPARQL_Results_CSV")
TSV = Format("text/tab-separated-values", Kind.RESULTS, "TSV", "tsv", QueryResultsFormat.TSV,
             ".tsv", ("tsv",), w3c_name="SPARQL_Results_TSV")
TURTLE = Format("text/turtle", Kind.GRAPH, "Turtle", "turtle", RdfFormat.TURTLE, ".ttl",
                ("turtle", "ttl", "n3"), published=True, w3c_name="Turtle")
N_TRIPLES = Format("application/n-triples", Kind.GRAPH, "N-Triples", "nt", RdfFormat.N_TRIPLES,
                   ".nt", ("ntriples", "n-triples", "nt"), published=True, w3c_name="N-Triples")
JSON_LD = Format("application/ld+json", Kind.GRAPH, "JSON-LD", "json-ld", RdfFormat.JSON_LD,
                 ".jsonld", ("jsonld", "json-ld", "json"), published=True, w3c_name="JSON-LD")
RDF_XML = Format("application/rdf+xml", Kind.GRAPH, "RDF/XML", "xml", RdfFormat.RDF_XML, ".rdf",
                 ("rdfxml", "rdf+xml", "rdf", "xml", "owl"), published=True, w3c_name="RDF_XML")
N_QUADS = Format("application/n-quads", Kind.GRAPH, "N-Quads", "nquads", RdfFormat.N_QUADS, ".nq",
                 ("nquads", "n-quads", "nq"), quads=True, published=True, w3c_name="N-Quads")
TRIG = Format("application/trig", Kind.GRAPH, "TriG", "trig", RdfFormat.TRIG, ".trig", ("trig",),
              quads=True, published=True, w3c_name="TriG")
HTML = Format("text/html", Kind.PAGE, "HTML", "html", None, ".html", ("html",), published=True)

# Order matters: with equal quality (or no Accept header at all) the first one wins, so the
# first row of each kind is its documented default.
TABLE: tuple[Format, ...] = (
    SPARQL_JSON, SPARQL_XML, CSV, TSV,
    TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG,
    HTML,
)
DEFAULTS = {Kind.RESULTS: SPARQL_JSON, Kind.GRAPH: TURTLE, Kind.PAGE: HTML}

# Types real clients (and remote stores) send for a format hmkg knows under its registered name.
ALIASES: dict[Kind, dict[str, Format]] = {
    Kind.RESULTS: {"application/json": SPARQL_JSON, "text/json": SPARQL_JSON},
    Kind.GRAPH: {
        "application/json": JSON_LD,
        "application/x-turtle": TURTLE,
        "application/turtle": TURTLE,
        "text/n3": TURTLE,  # Turtle is a subset of N3, so an N3 reader can read it
        "text/plain": N_TRIPLES,
        "application/x-trig": TRIG,
    },
    Kind.PAGE: {"application/xhtml+xml": HTML},
}
# Not aliased: application/xml. Browsers send it at q=0.9, above their */*;q=0.8, so a query
# link opened in a browser would turn from the default JSON or Turtle into XML.

# Media types that are not answer formats, named here so no other module spells them.
PLAIN_TEXT = "text/plain; charset=utf-8"  # error messages, SHA256SUMS
JSON = "application/json"  # manifest.json
GZIP = "application/gzip"  # compressed artefacts
OCTET_STREAM = "application/octet-stream"  # a file of unknown type
SQLITE = "application/vnd.sqlite3"  # the findings' full-text index (search.sqlite)
SVG = "image/svg+xml"  # pictures drawn on the server
FORM = "application/x-www-form-urlencoded"  # SPARQL protocol: query or update in a form
SPARQL_QUERY = "application/sparql-query"  # SPARQL protocol: a query as the request body
SPARQL_UPDATE = "application/sparql-update"  # SPARQL protocol: an update as the request body


def of_kind(kind: Kind) -> tuple[Format, ...]:
    """Return the formats of one kind, default first."""
    return tuple(row for row in TABLE if row.kind is kind)


def by_name(name: str, kind: Kind) -> Format | None:
    """Return the format of this kind a `format=` value names (short name or MIME type)."""
    wanted = name.strip().lower()
    for row in of_kind(kind):
        if wanted == row.mime or wanted in row.names:
            return row
    return ALIASES[kind].get(wanted)


def by_suffix(suffix: str) -> Format | None:
    """Return the format a file suffix (".ttl", "ttl") stands for."""
    wanted = "." + suffix.lower().lstrip(".")
    return next((row for row in TABLE if row.suffix == wanted), None)


def by_mime(mime: str, kind: Kind | None = None) -> Format | None:
    """Return the row for a MIME type (parameters ignored; aliases too when kind is given)."""
    bare = mime.split(";", 1)[0].strip().lower()
    found = next((row for row in TABLE if row.mime == bare), None)
    if kind is None:
        return found
    if found is not None:
        return found if found.kind is kind else None
    return ALIASES[kind].get(bare)


def accept_header(*rows: Format) -> str:
    """Return an Accept header preferring the rows in order (q falling by 0.1 each)."""
    return ", ".join(row.mime if i == 0 else f"{row.mime};q={1 - i / 10:.1f}"
                     for i, row in enumerate(rows))
