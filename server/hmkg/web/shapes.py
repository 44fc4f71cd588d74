"""Dereference the shapes IRI (https://w3id.org/hmkg/shapes#...): a page of the rules, or RDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for

from hmkg.namespaces import GRAPH_SHAPES
from hmkg.prefixes import prologue
from hmkg.web import lookup, media, release_files
from hmkg.web.engine_access import get_engine
from hmkg.web.resources import choose, offered, with_alternates

bp = Blueprint("shapes", __name__)

SHAPES_FILE = "shapes.ttl"

# One row per node shape: what it targets, what it says, and how many property rules it holds.
NODE_SHAPES = prologue("sh") + f"""
SELECT ?shape ?name ?description ?target ?message (COUNT(DISTINCT ?property) AS ?properties)
WHERE {{ GRAPH <{GRAPH_SHAPES}> {{
  ?shape a sh:NodeShape .
  OPTIONAL {{ ?shape sh:name ?name }}
  OPTIONAL {{ ?shape sh:description ?description }}
  OPTIONAL {{ ?shape sh:targetClass ?target }}
  OPTIONAL {{ ?shape sh:message ?message }}
  OPTIONAL {{ ?shape sh:property ?property }}
}} }}
GROUP BY ?shape ?name ?description ?target ?message
ORDER BY ?shape ?target
"""


@bp.get("/shapes")
def shapes() -> Response:
    """Answer for the shapes IRI and every shape in it: HTML or RDF by Accept."""
    return _shapes(choose(None))


@bp.get("/shapes/ontology")
def ontology_shapes() -> Response:
    """Answer for the ontology shape's namespace with the same page (its shapes have anchors)."""
    return _shapes(choose(None))


@bp.get("/shapes.<suffix>")
def shapes_file(suffix: str) -> Response:
    """Answer for /shapes.ttl and the other suffixes."""
    chosen = media.by_suffix(suffix)
    if chosen not in offered():
        abort(404, f"The shapes are not published as .{suffix}")
    return _shapes(chosen)


def _shapes(chosen: media.MediaType) -> Response:
    """Send the page of node shapes or the shapes graph in the chosen syntax."""
    if chosen is media.HTML:
        response = Response(_page(), content_type=media.HTML.content_type)
    elif chosen.suffix == ".ttl" and (release_files.dist_dir() / SHAPES_FILE).is_file():
        response = release_files.send_release_file(
            release_files.release_path(SHAPES_FILE), chosen.content_type)
    else:
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_SHAPES}> {{ ?s ?p ?o }} }}"
        answer = get_engine().query(sparql, solutions_format=None, graph_format=chosen.mime)
        response = Response(answer.body, content_type=chosen.content_type)
    return with_alternates(response, url_for("shapes.shapes"))


def _page() -> str:
    """Render every node shape with its target, description and message."""
    _, rows = lookup.select(NODE_SHAPES)
    labels = lookup.labels(row["target"] for row in rows if "target" in row)
    return render_template("shapes.html", rows=rows, labels=labels)
