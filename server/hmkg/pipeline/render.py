"""Show RDF terms to people: prefixed names and SHACL paths (tables: hmkg.terminal)."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.collection import Collection


def short_name(node, bound: Graph) -> str:
    """Return node as a prefixed name when a prefix bound in `bound` covers it."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        matches = [(len(ns), prefix) for prefix, ns in bound.namespaces()
                   if text.startswith(str(ns)) and len(text) > len(str(ns))]
        if matches:
            length, prefix = max(matches)
            return f"{prefix}:{text[length:]}"
        return f"<{text}>"
    return node.n3(bound.namespace_manager)


def render_path(graph: Graph, path, bound: Graph) -> str:
    """Render a SHACL property path in SPARQL syntax (p, ^p, p/q, p|q, p*, p+, p?)."""
    if path is None or isinstance(path, URIRef):
        return short_name(path, bound)
    if not isinstance(path, BNode):
        return str(path)
    if graph.value(path, SH.inversePath) is not None:
        return "^" + render_path(graph, graph.value(path, SH.inversePath), bound)
    if graph.value(path, SH.alternativePath) is not None:
        items = Collection(graph, graph.value(path, SH.alternativePath))
        return "(" + "|".join(render_path(graph, p, bound) for p in items) + ")"
    for prop, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                       (SH.zeroOrOnePath, "?")):
        if graph.value(path, prop) is not None:
            return render_path(graph, graph.value(path, prop), bound) + mark
    return "/".join(render_path(graph, p, bound) for p in Collection(graph, path))
