"""Read the served graph through the query engine: rows as RDF terms, labels, local links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from flask import url_for
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS
from rdflib.term import Node

from hmkg.namespaces import HMK, ID, ONTOLOGY_IRI, ONTOLOGY_VERSION_IRI, SHAPES_IRI
from hmkg.prefixes import PREFIXES
from hmkg.web import media

# Characters an IRI path may hold unescaped (RFC 3987, less the ones SPARQL cannot quote).
_IRI_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/%\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef-]+")


def is_iri_path(local: str) -> bool:
    """Say whether a URL path can name an IRI of the graph (no IRI holds other characters)."""
    return bool(_IRI_PATH.fullmatch(local))
from hmkg.web.engine_access import get_engine

# Label properties in order of preference; the first one present names a resource.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)
_BATCH = 200  # IRIs per label query, to keep each query text small


def select(sparql: str, *, timeout: float | None = None,
           limit: int | None = None) -> tuple[list[str], list[dict[str, Node]]]:
    """Run a SELECT through the engine; return its variables and rows of rdflib terms."""
    answer = get_engine().query(sparql, solutions_format=media.SPARQL_JSON.mime, graph_format=None,
                                timeout=timeout, limit=limit)
    results = json.loads(answer.body)
    rows = [{name: to_term(value) for name, value in binding.items()}
            for binding in results["results"]["bindings"]]
    return results["head"].get("vars", []), rows


def to_term(value: dict) -> Node:
    """Turn one SPARQL JSON result value into an rdflib term."""
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))


def labels(iris: Iterable[Node]) -> dict[URIRef, str]:
    """Return the preferred (English) label of every IRI that has one."""
    wanted = sorted({iri for iri in iris if isinstance(iri, URIRef)})
    found: dict[URIRef, tuple[int, str]] = {}
    for start in range(0, len(wanted), _BATCH):
        for row in select(_label_query(wanted[start:start + _BATCH]))[1]:
            rank = _label_rank(row["p"], row["label"])
            if row["s"] not in found or rank < found[row["s"]][0]:
                found[row["s"]] = (rank, str(row["label"]))
    return {iri: label for iri, (_, label) in found.items()}


def _label_query(iris: list[URIRef]) -> str:
    """Build the query fetching every label property of some IRIs."""
    values = " ".join(iri.n3() for iri in iris)
    properties = " ".join(p.n3() for p in LABEL_PROPERTIES)
    return (f"SELECT ?s ?p ?label WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {properties} }} "
            "?s ?p ?label FILTER(isLiteral(?label)) } ORDER BY ?s ?p ?label")


def _label_rank(predicate: Node, label: Node) -> int:
    """Rank a label: earlier property first, then English, untagged, other languages."""
    language = getattr(label, "language", None)
    language_rank = 0 if language in ("en", "en-gb") else 1 if language is None else 2
    return LABEL_PROPERTIES.index(URIRef(predicate)) * 3 + language_rank


def short_name(iri: Node) -> str:
    """Return a prefixed name for an IRI when a known prefix fits, else the IRI."""
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def local_href(iri: Node) -> str | None:
    """Return this server's page for an hmkg IRI, or None for IRIs it does not serve."""
    text = str(iri)
    if text.startswith(str(ID)) and len(text) > len(str(ID)):
        return url_for("resources.instance", path=text[len(str(ID)):])
    if text.startswith(str(HMK)) and len(text) > len(str(HMK)):
        return url_for("resources.ontology", _anchor=text[len(str(HMK)):])
    if text in (str(ONTOLOGY_IRI), str(HMK)):
        return url_for("resources.ontology")
    if text.startswith(str(SHAPES_IRI)):
        return url_for("shapes.shapes", _anchor=text.partition("#")[2] or None)
    if text == str(ONTOLOGY_VERSION_IRI):
        return url_for("resources.ontology_version", version=text.rsplit("/", 1)[1])
    return None


def href(iri: Node) -> str:
    """Return where a link to an IRI should point: here if served here, else the IRI."""
    return local_href(iri) or str(iri)
