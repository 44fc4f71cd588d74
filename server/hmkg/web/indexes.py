"""Index pages of the instance namespace: /id/ lists the kinds of resource, /id/finding/ (any
folder) lists its resources grouped by type; the named graphs get a page of their own."""

from __future__ import annotations

from flask import Response, make_response, render_template
from rdflib import URIRef

from hmkg.namespaces import GRAPH_INFERRED, ID
from hmkg.web import describe, lookup
from hmkg.web.engine_access import get_engine

# Resources under a folder with their asserted types (the reasoner's superclasses would
# repeat every resource under several headings).
MEMBERS_QUERY = (
    "SELECT DISTINCT ?s ?type WHERE {{ GRAPH ?g {{ ?s a ?type }} "
    f"FILTER(?g != <{GRAPH_INFERRED}>) "
    "FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix})) }} ORDER BY ?type ?s")
KINDS_QUERY = (
    "SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
    f"BIND(STRBEFORE(STRAFTER(STR(?s), \"{ID}\"), \"/\") AS ?kind) "
    "FILTER(STRLEN(?kind) > 0) } GROUP BY ?kind ORDER BY ?kind")


def quoted(text: str) -> str:
    """Return a SPARQL string literal (the IRIs here never hold quotes or backslashes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def members(prefix: str) -> list[tuple[URIRef, list[URIRef]]]:
    """Return the types used under a folder of /id/, each with its resources."""
    groups: dict[URIRef, list[URIRef]] = {}
    for row in lookup.select(MEMBERS_QUERY.format(prefix=quoted(prefix)))[1]:
        groups.setdefault(row["type"], []).append(row["s"])
    return list(groups.items())


def kinds() -> list[tuple[str, int]]:
    """Return the first path segments under /id/ (report, finding...) with resource counts."""
    return [(str(row["kind"]), int(row["n"])) for row in lookup.select(KINDS_QUERY)[1]]


def folder_page(local: str) -> Response | None:
    """Render the index of /id/<local> (local '' or ending in '/'), or None if it is empty."""
    prefix = str(ID) + local
    if not local:
        return make_response(render_template("id_index.html", prefix=prefix, kinds=kinds(),
                                             groups=[], labels={}))
    groups = members(prefix)
    if not groups:
        return None
    named = [t for t, _ in groups] + [s for _, resources in groups for s in resources]
    return make_response(render_template("id_index.html", prefix=prefix, kinds=[], groups=groups,
                                         labels=lookup.labels(named)))


def graph_size(iri: URIRef) -> int:
    """Return how many triples a named graph holds (0 for a graph the release lacks), from the
    engine's per-graph counts (taken once per release) rather than a COUNT per page."""
    return get_engine().graph_sizes().get(str(iri), 0)


def graph_page(iri: URIRef, alternates: list[dict]) -> Response | None:
    """Render the page of a named graph: what it holds and how big it is; None if empty."""
    size = graph_size(iri)
    if size == 0:
        return None
    name, kind = describe.graph_kind(iri)
    return make_response(render_template("graph.html", iri=iri, name=name, kind=kind, size=size,
                                         alternates=alternates))
