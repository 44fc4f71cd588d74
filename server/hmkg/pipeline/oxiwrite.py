"""Serialise rdflib graphs with pyoxigraph: the same triples, written many times faster.

rdflib's Turtle and TriG serialisers spend most of their time computing prefixed names and
grouping statements in Python (about 40 % of a 100x build went to TriG alone); pyoxigraph's
serialisers do the same in Rust. Terms are converted once each (a cache keyed by the rdflib
term) and every view is a list of converted triples, so the graphs are never copied in rdflib.
JSON-LD stays with rdflib: it is compacted against hmkg's own context, which pyoxigraph
cannot do (jsonld_dump.py writes it a batch at a time).

Releases are reproducible: the same sources give the same bytes. Blank nodes get canonical
labels (RDFC-1.0 over the whole dataset, so a node shared by two graphs keeps one label),
triples are written sorted (so Turtle groups each subject's statements in one block, and
the line-based dumps come out in line order: the N-Quads dump merges the sorted graphs), and
prefixes are declared in name order, with one per folder of instance IRIs so Turtle shows
`person:vicky-ward` where a single `id:` prefix would need the escape `id:person\\/vicky-ward`.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from hmkg.formats import Format
from hmkg.namespaces import ID

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


def canonical_graphs(rows: Mapping[URIRef, Iterable[tuple]]) -> dict[URIRef, list]:
    """Return each named graph's triples as sorted pyoxigraph Triples, blank nodes relabelled
    canonically (RDFC-1.0) across all the graphs together.

    Only quads that hold a blank node take part: RDFC-1.0 labels a blank node by the quads
    that mention it, so the others cannot change a label, and skipping them keeps the cost
    with the (few) blank nodes rather than the whole dataset.
    """
    terms = Terms()
    graphs: dict[str, list] = {str(name): [] for name in rows}
    with_blanks = ox.Dataset()
    for name, triples in rows.items():
        plain, graph = graphs[str(name)], ox.NamedNode(str(name))
        for s, p, o in triples:
            if isinstance(s, BNode) or isinstance(o, BNode):
                with_blanks.add(ox.Quad(terms[s], terms[p], terms[o], graph))
            else:
                plain.append(ox.Triple(terms[s], terms[p], terms[o]))
    with_blanks.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    for quad in with_blanks:
        graphs[quad.graph_name.value].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return {name: sorted_triples(graphs.pop(str(name))) for name in rows}


def sorted_triples(triples: Iterable) -> list:
    """Return pyoxigraph Triples sorted by subject, predicate, object (each once)."""
    ordered = sorted(triples, key=_line_order)  # no set beside it: 2 million triples at 1000x
    return [t for i, t in enumerate(ordered) if i == 0 or t != ordered[i - 1]]


def _line_order(statement) -> str:
    """Return the sort key of a Triple or Quad: its line of N-Triples or N-Quads text, without
    the final " .". Ordering by it is ordering by subject, predicate, object (and graph), as a
    term's text is never a prefix of another's where the next character sorts below the space
    between terms; and one string is half the memory of a tuple of the terms' texts."""
    return " ".join(map(str, statement))


def merged_quads(graphs: Mapping[URIRef, list]) -> Iterator:
    """Return every graph's (sorted) Triples as Quads in N-Quads line order: sorted by subject,
    predicate, object, then graph, streamed (a k-way merge, never the whole dataset at once)."""
    return heapq.merge(*(in_graph(triples, name) for name, triples in graphs.items()),
                       key=_line_order)


def in_graph(triples: Iterable, name: URIRef) -> Iterator:
    """Return the Triples as Quads of the graph name, made as they are read."""
    graph = ox.NamedNode(str(name))
    return (ox.Quad(*t, graph) for t in triples)


def to_rdflib(triples: Iterable) -> list[tuple]:
    """Return pyoxigraph Triples as rdflib (s, p, o) tuples, in the same order."""
    term = functools.cache(rdflib_term)  # a graph repeats its IRIs: convert each once
    return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(node):
    """Return the rdflib term for a pyoxigraph IRI, blank node or literal."""
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    if node.datatype.value == _XSD_STRING:  # rdflib's plain literal, as the sources had it
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(node.datatype.value))


MAX_FOLDER_PREFIXES = 200  # beyond this the prefix block outgrows what it saves


def folder_prefixes(triples: Iterable, taken: Mapping[str, str]) -> dict[str, str]:
    """Return a prefix for each folder of instance IRIs (id/person/ -> person:), the most
    used first, skipping names already taken."""
    used = Counter(node.value.rsplit("/", 1)[0] + "/"
                   for t in triples for node in (t.subject, t.object)
                   if isinstance(node, ox.NamedNode) and node.value.startswith(str(ID)))
    folders = sorted(used, key=lambda folder: (-used[folder], folder))
    found: dict[str, str] = {}
    for folder in folders:
        name = folder[len(str(ID)):].strip("/").replace("/", "-")
        if name and name[0].isalpha() and name not in taken and folder not in taken.values():
            found[name] = folder
        if len(found) == MAX_FOLDER_PREFIXES:
            break
    return found


def serialise(items: Iterable, fmt: Format, prefixes: dict[str, str], output) -> None:
    """Serialise Triples or Quads in one of the table's RDF formats into output (a path or a
    binary file), as they come: a dump is never held whole."""
    options = {} if fmt.oxigraph in _LINE_BASED else {"prefixes": prefixes}
    ox.serialize(items, output, format=fmt.oxigraph, **options)


def usable_prefixes(namespaces: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return the prefix bindings pyoxigraph accepts (it refuses some prefix names), by name."""
    usable = {}
    for prefix, namespace in sorted(namespaces):
        try:
            ox.serialize([], format=ox.RdfFormat.TURTLE, prefixes={prefix: str(namespace)})
        except (ValueError, SyntaxError):
            continue
        usable[prefix] = str(namespace)
    return usable
