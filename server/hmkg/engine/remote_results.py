"""Read a remote store's answers into pyoxigraph terms, so the engine's own writers re-serialise
them (same formats, cap and quirks as the embedded engine).

SPARQL results come as JSON or XML. Virtuoso's JSON still uses the pre-Recommendation
"typed-literal" type, read here as a literal. Blank-node labels a store invents (Virtuoso's
"nodeID://b10001") are not valid RDF labels; each becomes a stable hash-based label.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ElementTree

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, parse

from hmkg import formats
from hmkg.engine.base import EngineUnavailable
from hmkg.formats import Kind

# What a store's answer can come in: JSON or XML results, or any triple syntax of the table
# (aliases of the table included, except the ones a store may send for results as well).
SOLUTION_TYPES = (formats.SPARQL_JSON.mime, formats.SPARQL_XML.mime)
GRAPH_TYPES = {**{alias: row.oxigraph for alias, row in formats.ALIASES[Kind.GRAPH].items()
                  if not row.quads and alias not in formats.ALIASES[Kind.RESULTS]},
               **{row.mime: row.oxigraph for row in formats.of_kind(Kind.GRAPH) if not row.quads}}
_RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")

Solutions = tuple[list[str], list[tuple]]  # variables, rows (a term or None per variable)


def read_solutions(body: bytes, media_type: str) -> Solutions | bool:
    """Return the solutions (or the boolean) of a SPARQL JSON or XML results document."""
    try:
        if media_type == SOLUTION_TYPES[0]:
            return _from_json(json.loads(body))
        if media_type == SOLUTION_TYPES[1]:
            return _from_xml(ElementTree.fromstring(body))
    except (ValueError, KeyError, TypeError, AttributeError, ElementTree.ParseError) as error:
        raise EngineUnavailable(f"the store sent unreadable {media_type}: {error}") from None
    raise EngineUnavailable(f"the store answered a query with {media_type or 'no media type'}, "
                            "not SPARQL results")


def read_triples(body: bytes, media_type: str) -> list[Triple]:
    """Return the triples of a CONSTRUCT/DESCRIBE answer in an RDF format."""
    rdf_format = GRAPH_TYPES.get(media_type)
    if rdf_format is None:
        raise EngineUnavailable("the store answered a graph query with "
                                f"{media_type or 'no media type'}")
    try:
        return [Triple(q.subject, q.predicate, q.object) for q in parse(body, format=rdf_format)]
    except SyntaxError as error:
        raise EngineUnavailable(f"the store sent unreadable {media_type}: {error}") from None


def blank_node(label: str) -> BlankNode:
    """Return a blank node for a store's label, hashing labels RDF does not allow."""
    if _BNODE_LABEL.match(label):
        return BlankNode(label)
    return BlankNode("r" + hashlib.blake2b(label.encode(), digest_size=12).hexdigest())


def _from_json(document: dict) -> Solutions | bool:
    """Read SPARQL 1.1 Query Results JSON."""
    if "boolean" in document:
        return bool(document["boolean"])
    variables = list(document["head"].get("vars", []))
    rows = [tuple(_json_term(b[v]) if v in b else None for v in variables)
            for b in document["results"]["bindings"]]
    return variables, rows


def _json_term(value: dict):
    """Return the term of one JSON binding."""
    kind = value["type"]
    if kind == "uri":
        return NamedNode(value["value"])
    if kind == "bnode":
        return blank_node(value["value"])
    if kind == "triple":
        parts = value["value"]
        return Triple(*(_json_term(parts[k]) for k in ("subject", "predicate", "object")))
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    return _literal(value["value"], value.get("xml:lang"), value.get("datatype"))


def _literal(text: str, language: str | None, datatype: str | None) -> Literal:
    """Return a literal with its language tag or datatype."""
    if language:
        return Literal(text, language=language)
    if datatype:
        return Literal(text, datatype=NamedNode(datatype))
    return Literal(text)


def _from_xml(root) -> Solutions | bool:
    """Read SPARQL Query Results XML."""
    boolean = root.find(f"{_RESULTS_NS}boolean")
    if boolean is not None:
        return (boolean.text or "").strip() == "true"
    head = root.find(f"{_RESULTS_NS}head")
    variables = [v.get("name") for v in head.iter(f"{_RESULTS_NS}variable")]
    rows = []
    for result in root.iter(f"{_RESULTS_NS}result"):
        found = {b.get("name"): _xml_term(b[0]) for b in result.iter(f"{_RESULTS_NS}binding")}
        rows.append(tuple(found.get(v) for v in variables))
    return variables, rows


def _xml_term(element):
    """Return the term of one XML binding's child element."""
    tag = element.tag.removeprefix(_RESULTS_NS)
    if tag == "uri":
        return NamedNode(element.text or "")
    if tag == "bnode":
        return blank_node(element.text or "")
    if tag == "triple":
        parts = {child.tag.removeprefix(_RESULTS_NS): _xml_term(child[0]) for child in element}
        return Triple(parts["subject"], parts["predicate"], parts["object"])
    if tag != "literal":
        raise ValueError(f"unknown term element {tag!r}")
    return _literal(element.text or "", element.get(_XML_LANG), element.get("datatype"))
