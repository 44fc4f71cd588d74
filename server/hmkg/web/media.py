"""The one media-type table of hmkg, and content negotiation over it.

Every route (SPARQL answers, the service description, resource pages, downloads) picks its
format here: by the Accept header through werkzeug's parser, by a `format=` parameter for tools
that cannot set headers, or by a file suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


class Kind(Enum):
    """What a format can carry."""

    RESULTS = "results"  # SPARQL solutions and booleans (SELECT, ASK)
    GRAPH = "graph"  # RDF triples (CONSTRUCT, DESCRIBE, resource pages, the service description)
    PAGE = "page"  # HTML for people


@dataclass(frozen=True)
class MediaType:
    """One row of the table: a MIME type and how hmkg reads, writes and names it."""

    mime: str
    kind: Kind
    rdflib_format: str  # rdflib serializer / parser (or result serializer) name
    suffix: str  # file suffix, with its dot
    names: tuple[str, ...]  # short names accepted by the format= parameter
    quads: bool = False  # a dataset syntax (named graphs survive)

    @property
    def format_iri(self) -> str | None:
        """Return the W3C format IRI (http://www.w3.org/ns/formats/...), if it has one."""
        name = _FORMAT_IRI_NAMES.get(self.mime)
        return f"http://www.w3.org/ns/formats/{name}" if name else None

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value, always with its charset."""
        return f"{self.mime}; charset=utf-8"


SPARQL_JSON = MediaType("application/sparql-results+json", Kind.RESULTS, "json", ".srj", ("json", "srj"))
SPARQL_XML = MediaType("application/sparql-results+xml", Kind.RESULTS, "xml", ".srx", ("xml", "srx"))
CSV = MediaType("text/csv", Kind.RESULTS, "csv", ".csv", ("csv",))
TSV = MediaType("text/tab-separated-values", Kind.RESULTS, "tsv", ".tsv", ("tsv",))
TURTLE = MediaType("text/turtle", Kind.GRAPH, "turtle", ".ttl", ("turtle", "ttl", "n3"))
N_TRIPLES = MediaType("application/n-triples", Kind.GRAPH, "nt", ".nt", ("ntriples", "n-triples", "nt"))
JSON_LD = MediaType("application/ld+json", Kind.GRAPH, "json-ld", ".jsonld", ("jsonld", "json-ld", "json"))
RDF_XML = MediaType("application/rdf+xml", Kind.GRAPH, "xml", ".rdf", ("rdfxml", "rdf+xml", "rdf", "xml", "owl"))
N_QUADS = MediaType("application/n-quads", Kind.GRAPH, "nquads", ".nq", ("nquads", "n-quads", "nq"), True)
TRIG = MediaType("application/trig", Kind.GRAPH, "trig", ".trig", ("trig",), True)
HTML = MediaType("text/html", Kind.PAGE, "html", ".html", ("html",))

_FORMAT_IRI_NAMES = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}

# Order matters: with equal quality (or no Accept header at all) the first one wins, so the
# first row of each kind is its documented default.
TABLE: tuple[MediaType, ...] = (
    SPARQL_JSON, SPARQL_XML, CSV, TSV,
    TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG,
    HTML,
)
DEFAULTS = {Kind.RESULTS: SPARQL_JSON, Kind.GRAPH: TURTLE, Kind.PAGE: HTML}

# Types real clients send for a format hmkg serves under its registered name.
ALIASES: dict[Kind, dict[str, MediaType]] = {
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


def of_kind(kind: Kind) -> tuple[MediaType, ...]:
    """Return the formats of one kind, default first."""
    return tuple(media for media in TABLE if media.kind is kind)


def single_graph(kind: Kind) -> tuple[MediaType, ...]:
    """Return the formats of one kind that can carry a single graph (no dataset syntaxes)."""
    return tuple(media for media in of_kind(kind) if not media.quads)


def negotiate(accept: MIMEAccept, *kinds: Kind, single: bool = False) -> MediaType | None:
    """Return the best format of the given kinds for an Accept header, or None if none fits.

    Without an Accept header the first kind's default is chosen. single=True leaves out the
    dataset syntaxes (N-Quads, TriG), for answers that are one graph.
    """
    offers: dict[str, MediaType] = {}
    for kind in kinds:
        offers.update({media.mime: media for media in of_kind(kind)})
    for kind in kinds:
        for alias, media in ALIASES[kind].items():
            offers.setdefault(alias, media)
    if single:
        offers = {mime: media for mime, media in offers.items() if not media.quads}
    if not accept:  # no (or an empty) Accept header: the documented default
        return DEFAULTS[kinds[0]]
    # Media-type parameters ("; charset=utf-8") would make werkzeug skip an exact type and
    # settle for a worse one; every answer here is UTF-8, so only the bare type counts.
    bare = MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in accept])
    best = bare.best_match(list(offers))  # no default: nothing acceptable means None
    return offers[best] if best else None


@lru_cache(maxsize=256)
def negotiate_header(header: str | None, *kinds: Kind) -> MediaType | None:
    """Negotiate on a raw Accept header; clients repeat the same few, so answers are cached."""
    return negotiate(parse_accept_header(header, MIMEAccept), *kinds)


def by_name(name: str, kind: Kind) -> MediaType | None:
    """Return the format of this kind a `format=` value names (short name or MIME type)."""
    wanted = name.strip().lower()
    for media in of_kind(kind):
        if wanted == media.mime or wanted in media.names:
            return media
    return ALIASES[kind].get(wanted)


def is_known_name(name: str) -> bool:
    """Say whether a `format=` value names any format at all."""
    return any(by_name(name, kind) for kind in Kind)


def by_suffix(suffix: str) -> MediaType | None:
    """Return the format a file suffix (".ttl", "ttl") stands for."""
    wanted = "." + suffix.lower().lstrip(".")
    return next((media for media in TABLE if media.suffix == wanted), None)


def by_mime(mime: str) -> MediaType | None:
    """Return the row for a MIME type (parameters ignored), or None."""
    bare = mime.split(";", 1)[0].strip().lower()
    return next((media for media in TABLE if media.mime == bare), None)
