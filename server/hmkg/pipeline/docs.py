"""Write the ontology's HTML documentation page at build time, from the ontology graph alone.

The page (ontology_view.py reads its content, ontology_diagram.py draws the overview,
ontology_examples.py writes the examples, templates/ontology.html lays it out) follows the W3C
vocabulary documents: one title and metadata block, modules, an overview diagram, sections per
module with examples and every term's axioms, alignments, namespaces and the change log.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef

from hmkg.pipeline import ontology_view
from hmkg.pipeline.ontology_diagram import overview
from hmkg.pipeline.ontology_examples import examples

# Resources a page may load (not links it may offer): these must never leave the server.
_LOADING_TAG = re.compile(r"<(?:link|script|img|iframe|source)\b[^>]*?(?:href|src)=\"(?:https?:)?//", re.I)
_EXTERNAL_CSS = re.compile(r"@import\s+url\(|url\(\s*['\"]?(?:https?:)?//", re.I)
_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def write_ontology_docs(ontology_graph: Graph, out_dir: Path) -> list[Path]:
    """Write out_dir/index.html documenting every ontology term; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render(ontology_graph)
    _assert_self_contained(html)
    target = out_dir / "index.html"
    target.write_text(html, encoding="utf-8")
    return [target]


def render(ontology_graph: Graph) -> str:
    """Return the documentation page for an ontology graph."""
    view = ontology_view.read(ontology_graph)
    reader = ontology_view.Reader(ontology_graph)
    classes = [t.iri for t in view.terms if t.kind == "class"]
    kinds = [(key, heading) for key, heading, _ in ontology_view.TERM_KINDS] + [ontology_view.INDIVIDUAL]
    names = {m.iri: m.title for m in [view.ontology, *view.modules]}
    anchors = {m.iri: m.name or "ontology" for m in [view.ontology, *view.modules]}
    return _TEMPLATES.get_template("ontology.html").render(
        v=view, overview=overview(ontology_graph, reader.label), examples=examples(ontology_graph, classes),
        kinds=kinds, kind_names=ontology_view.KIND_NAMES, names=names, anchors=anchors, link=reader.link)


def individuals(graph: Graph) -> list[URIRef]:
    """Return the hmk: IRIs that are neither classes nor properties: named individuals and
    concept schemes."""
    return [s for s in ontology_view.hmk_subjects(graph)
            if ontology_view.term_kind(graph, s) == ontology_view.INDIVIDUAL[0]]


def _assert_self_contained(html: str) -> None:
    """Refuse to publish a page that would load anything from another host."""
    for pattern in (_LOADING_TAG, _EXTERNAL_CSS):
        match = pattern.search(html)
        if match:
            raise ValueError(f"ontology docs would load an external resource: {match.group(0)!r}")
