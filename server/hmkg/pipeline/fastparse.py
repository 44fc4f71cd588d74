"""Parse Turtle and TriG with pyoxigraph (several times faster than rdflib) into rdflib terms.

Only for files pyoxigraph reads without error and whose triples it reports exactly as rdflib
would: pyoxigraph gives a plain literal the datatype xsd:string, as RDF 1.1 says, so it cannot
tell ``"a"`` from ``"a"^^xsd:string`` (rdflib keeps the difference); a file that writes a
string datatype out is left to rdflib. Any other doubt (a syntax error, a bad encoding) also
returns None, and the caller parses with rdflib, which names the line and column of an error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# A typed literal whose datatype (prefixed or full IRI) ends in "string".
STRING_DATATYPE = re.compile(rb"\^\^\s*\S*string\b")


def read_turtle(path: Path) -> tuple[list, list] | None:
    """Return (triples as rdflib terms, prefix bindings), or None to leave the file to rdflib."""
    found = _read(path, ox.RdfFormat.TURTLE)
    if found is None:
        return None
    quads, prefixes = found
    return [quad[:3] for quad in quads], prefixes


def read_trig(path: Path) -> tuple[list, list] | None:
    """Return (quads as rdflib terms, graph None for the default graph; prefix bindings), or
    None to leave the file to rdflib."""
    return _read(path, ox.RdfFormat.TRIG)


def _read(path: Path, fmt: ox.RdfFormat) -> tuple[list, list] | None:
    """Parse with pyoxigraph into (s, p, o, graph) rows of rdflib terms, or return None."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if STRING_DATATYPE.search(raw):
        return None
    parser = ox.parse(raw, format=fmt, base_iri=path.absolute().as_uri())
    terms = Terms()
    try:
        quads = [(terms[q.subject], terms[q.predicate], terms[q.object],
                  None if isinstance(q.graph_name, ox.DefaultGraph) else terms[q.graph_name])
                 for q in parser]
    except SyntaxError:
        return None
    return quads, [(prefix, URIRef(ns)) for prefix, ns in parser.prefixes.items()]


class Terms(dict):
    """pyoxigraph term -> rdflib term, each converted on first use."""

    def __missing__(self, term):
        value = self[term] = _convert(term)
        return value


def _convert(term):
    """Return the rdflib term for a pyoxigraph IRI, blank node or literal."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):  # pyoxigraph keeps _:labels: fresh per file, as rdflib
        return BNode()
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
