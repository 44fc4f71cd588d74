"""Serialise rdflib graphs with pyoxigraph: the same triples, written many times faster.

rdflib's Turtle and TriG serialisers spend most of their time computing prefixed names and
grouping statements in Python (about 40 % of a 100x build went to TriG alone); pyoxigraph's
serialisers do the same in Rust. Terms are converted once each (a cache keyed by the rdflib
term) and every view is a list of converted triples, so the graphs are never copied in rdflib.
JSON-LD stays with rdflib: it is compacted against hmkg's own context, which pyoxigraph
cannot do.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from hmkg.formats import Format

_LINE_BASED = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)  # no prefixes in these syntaxes


class Terms(dict):
    """rdflib term -> pyoxigraph term, each converted on first use."""

    def __missing__(self, term):
        value = self[term] = _convert(term)
        return value


def _convert(term):
    """Return the pyoxigraph term for an rdflib IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:  # a label pyoxigraph refuses: any fresh node will do (cached)
            return ox.BlankNode()
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot write {term!r} as RDF")


def to_triples(rows: Iterable[tuple], terms: Terms) -> list:
    """Return rdflib (s, p, o) tuples as pyoxigraph Triples."""
    return [ox.Triple(terms[s], terms[p], terms[o]) for s, p, o in rows]


def serialise(items: list, fmt: Format, prefixes: dict[str, str]) -> bytes:
    """Serialise Triples or Quads in one of the table's RDF formats."""
    options = {} if fmt.oxigraph in _LINE_BASED else {"prefixes": prefixes}
    return ox.serialize(items, format=fmt.oxigraph, **options)


def usable_prefixes(namespaces: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return the prefix bindings pyoxigraph accepts (it refuses some prefix names)."""
    usable = {}
    for prefix, namespace in namespaces:
        try:
            ox.serialize([], format=ox.RdfFormat.TURTLE, prefixes={prefix: str(namespace)})
        except (ValueError, SyntaxError):
            continue
        usable[prefix] = str(namespace)
    return usable
