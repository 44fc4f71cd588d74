"""The overview diagram of the ontology: its top-level classes and the object properties between
them, drawn as SVG at build time (the page then needs nothing from any other host).

Each hmk: class is drawn as its top-level ancestor (a class with no hmk: superclass), with the
number of its subclasses. An object property whose domain and range are hmk: classes becomes an
arrow from the domain's box to the range's box, labelled with the property. Boxes stand in
columns by their distance from the classes nothing points to, so most arrows run left to right.
Every arrow is also listed as text under the picture (svg.py's rule: nothing only in the drawing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from hmkg.namespaces import HMK
from hmkg import svg

BOX_W, BOX_H, COL_GAP, ROW_GAP, MARGIN = 200, 38, 190, 26, 20
DRAWING = "overview"  # the drawing's id on the ontology page, and the prefix of its ids


@dataclass(frozen=True)
class Edge:
    """An arrow: from a top-level class to another, with the properties it stands for."""

    source: URIRef
    target: URIRef
    properties: tuple[URIRef, ...]


@dataclass
class Overview:
    """The diagram, and the same content as text."""

    svg: Markup
    nodes: list[URIRef]
    edges: list[Edge]
    subclasses: dict[URIRef, int]


def overview(ontology: Graph, label) -> Overview:
    """Draw the overview of the ontology; label(iri) names a term."""
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(HMK))}
    tops = {c: _top(ontology, c, classes) for c in classes}
    subclasses = defaultdict(int)
    for c, top in tops.items():
        if c != top:
            subclasses[top] += 1
    grouped: dict[tuple, set] = defaultdict(set)
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for domain in ontology.objects(prop, RDFS.domain):
            for rng in ontology.objects(prop, RDFS.range):
                if domain in tops and rng in tops:
                    grouped[(tops[domain], tops[rng])].add(prop)
    edges = [Edge(s, t, tuple(sorted(props))) for (s, t), props in sorted(grouped.items())]
    nodes = sorted({n for e in edges for n in (e.source, e.target)}, key=lambda n: label(n).casefold())
    columns = _columns(nodes, edges)
    return Overview(_draw(columns, edges, subclasses, label), nodes, edges, dict(subclasses))


def _top(ontology: Graph, cls: URIRef, classes: set) -> URIRef:
    """Return the top-level hmk: ancestor of a class (the first, by IRI, if there are several)."""
    seen = {cls}
    while True:
        parents = sorted(p for p in ontology.objects(cls, RDFS.subClassOf) if p in classes and p not in seen)
        if not parents:
            return cls
        cls = parents[0]
        seen.add(cls)


def _columns(nodes: list[URIRef], edges: list[Edge]) -> list[list[URIRef]]:
    """Put each node in the column of its distance from a node no arrow points to."""
    incoming = {e.target for e in edges if e.source != e.target}
    out = defaultdict(list)
    for e in edges:
        out[e.source].append(e.target)
    depth: dict[URIRef, int] = {}
    roots = [n for n in nodes if n not in incoming]
    remaining = list(nodes)
    while remaining:
        if not roots:  # a cycle with nothing pointing into it: start from its busiest node
            roots = [max(remaining, key=lambda n: (len(out[n]), str(n)))]
        frontier = [r for r in roots if r not in depth]
        for r in frontier:
            depth[r] = 0
        while frontier:
            following = []
            for n in frontier:
                for t in out[n]:
                    if t not in depth:
                        depth[t] = depth[n] + 1
                        following.append(t)
            frontier = following
        remaining, roots = [n for n in nodes if n not in depth], []
    columns: list[list[URIRef]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for n in nodes:
        columns[depth[n]].append(n)
    return columns


def _draw(columns: list[list[URIRef]], edges: list[Edge], subclasses: dict, label) -> Markup:
    """Draw boxes in columns and labelled arrows between them."""
    rows = max((len(c) for c in columns), default=0)
    width = MARGIN * 2 + len(columns) * BOX_W + max(len(columns) - 1, 0) * COL_GAP
    height = MARGIN * 2 + rows * BOX_H + max(rows - 1, 0) * ROW_GAP
    place = {}
    for i, column in enumerate(columns):
        offset = (rows - len(column)) * (BOX_H + ROW_GAP) / 2
        for j, node in enumerate(column):
            place[node] = (MARGIN + i * (BOX_W + COL_GAP), MARGIN + offset + j * (BOX_H + ROW_GAP))
    parts = [_arrow(place, e, label) for e in edges]
    for node, (x, y) in place.items():
        local = str(node)[len(str(HMK)):]
        count = subclasses.get(node, 0)
        parts.append(Markup('<a href="#{}">').format(local) + svg.rect(x, y, BOX_W, BOX_H, fill=svg.SOFT, radius=4)
                     + svg.text(x + BOX_W / 2, y + (16 if count else 23), svg.shortened(label(node), 26),
                                size=12, anchor="middle", weight="600")
                     + (svg.text(x + BOX_W / 2, y + 31, f"+{count} subclass{'es' if count > 1 else ''}",
                                 size=11, anchor="middle", fill=svg.MUTED) if count else Markup(""))
                     + Markup("</a>"))
    description = (f"{len(place)} top-level classes of the ontology and the {len(edges)} groups of object "
                   "properties between them; the same relations are listed as text below the picture.")
    return svg.document(width, height, "Overview of the hmk ontology", description,
                        Markup("").join(parts), DRAWING, image=False)  # it holds links


def _arrow(place: dict, edge: Edge, label) -> Markup:
    """Draw one arrow with its property labels (a loop for a class related to itself)."""
    words = ", ".join(label(p) for p in edge.properties)
    sx, sy = place[edge.source]
    if edge.source == edge.target:
        x, y = sx + BOX_W, sy + BOX_H / 2
        loop = Markup(f'<path d="M{x - 20:.1f},{sy:.1f} C{x + 30:.1f},{sy - 30:.1f} {x + 40:.1f},{y:.1f} '
                      f'{x:.1f},{y:.1f}" fill="none" stroke="{svg.INK}" stroke-width="1.2" '
                      f'marker-end="{svg.arrow_head(DRAWING)}"/>')
        return loop + _label(x + 8, sy - 14, words, "start")
    tx, ty = place[edge.target]
    forward = tx > sx
    x1, x2 = (sx + BOX_W, tx) if forward else (sx, tx + BOX_W)
    if tx == sx:  # same column: from the bottom or top edge, labelled beside the line
        x1 = x2 = sx + BOX_W / 2
        y1, y2 = (sy + BOX_H, ty) if ty > sy else (sy, ty + BOX_H)
        return svg.line(x1, y1, x2, y2, arrow=DRAWING) + _label(x1 + 6, (y1 + y2) / 2 + 4, words, "start")
    y1, y2 = sy + BOX_H / 2, ty + BOX_H / 2
    # Labelled at the arrow head: arrows fan out of a few busy classes, so their heads lie apart.
    head = (x2 - 12, "end") if forward else (x2 + 12, "start")
    return svg.line(x1, y1, x2, y2, arrow=DRAWING) + _label(head[0], y2 - 6, words, head[1])


def _label(x: float, y: float, words: str, anchor: str) -> Markup:
    """Write an arrow's label over a white halo so crossing lines do not hide it."""
    return Markup(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}" fill="{svg.INK}" '
                  f'stroke="{svg.PAPER}" stroke-width="3" paint-order="stroke" {svg.FONT}>'
                  ) + Markup.escape(svg.shortened(words, 40)) + Markup("</text>")
