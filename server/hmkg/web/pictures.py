"""Pictures drawn on the server, as SVG, from the live graph: each study's design and Table 6,
the knowledge types and their relations, and a network of reports, claims and what they are
about that a reader can click through. No script and no other host is needed to see them."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from markupsafe import Markup
from rdflib import URIRef

from hmkg import formats, svg
from hmkg.namespaces import GRAPH_INFERRED, ID
from hmkg.prefixes import prologue
from hmkg.web import claims, lookup, study

bp = Blueprint("pictures", __name__)

MEASURES = (("formal", "formal interviews"), ("informal", "informal interviews"),
            ("hours", "hours of observation"))
REPORTS_QUERY = prologue("hmk") + "SELECT DISTINCT ?report WHERE { ?report a hmk:Report } ORDER BY ?report"
# Relations between knowledge types as written by hand (the reasoner's transitive and
# symmetric copies would only add lines saying the same).
KNOWLEDGE_QUERY = (
    prologue("hmk") +
    "SELECT DISTINCT ?a ?relation ?b WHERE { { ?a a hmk:KnowledgeType } "
    "OPTIONAL { VALUES ?relation { hmk:specialisationOf hmk:contrastedWith hmk:characterisedAs } "
    f"GRAPH ?g {{ ?a ?relation ?b }} FILTER(?g != <{GRAPH_INFERRED}>) ?b a hmk:KnowledgeType }} }} "
    "ORDER BY ?a ?relation ?b")
KNOWLEDGE_DRAWING = "knowledge"  # the knowledge diagram's id, the prefix of its ids
RELATIONS = {  # how each relation is drawn and named: (dash pattern, arrow, words)
    "specialisationOf": ("", True, "is a kind of"),
    "contrastedWith": ("8 5", False, "contrasted with"),
    "characterisedAs": ("2 4", True, "characterised as"),
}


def _report_path(report: URIRef) -> str:
    """Return the report's path under /id/."""
    return str(report)[len(str(ID)):]


def study_chart(report: URIRef) -> Markup | None:
    """Draw a report's study: design, methods and sample in words, then Table 6 as grouped bars
    (a study whose report gives no such table is drawn with its design alone)."""
    found = study.study_of(report)
    if found is None:
        return None
    design = ", ".join(found.label(d) for d in found.get("design")) or "not stated"
    sizes = "".join(f"; sample of {n}" for n in found.get("size"))
    methods = ", ".join(found.label(m) for m in found.get("method"))
    lines = [(part, 15, "700", svg.INK) for part in svg.wrapped(found.label(found.iri), 84)]
    lines += [(f"Design: {design}{sizes}", 13, "400", svg.INK)]
    lines += [(part, 13, "400", svg.MUTED) for part in svg.wrapped(f"Methods: {methods}", 100)] if methods else []
    lines += [("Data collected (Table 6 of the report)" if found.table
               else "The report gives no table of interviews and observation.", 13, "400", svg.MUTED)]
    body = [svg.text(10, 22 + index * 20, words, size, weight=weight, fill=fill)
            for index, (words, size, weight, fill) in enumerate(lines)]
    top, width = 22 + len(lines) * 20, 810
    drawing = f"chart-{_report_path(report).replace('/', '-')}"
    bars, height, summary = _table_bars(found, top, svg.fills(drawing))
    body += bars
    return svg.document(width, max(height, top + 10), f"{found.label(found.iri)}: design and data collected",
                        f"Design: {design}{sizes}. Methods: {methods or 'not stated'}. {summary}",
                        Markup("").join(body), drawing)


def _table_bars(found: study.Study, top: float, fills: tuple[str, ...]) -> tuple[list[Markup], float, str]:
    """Draw Table 6 as grouped bars, one fill pattern per measure, below top; return them, the
    height and a summary."""
    rows, left, bar, gap = found.table, 290, 15, 20
    if not rows:
        return [], top, ""
    group = len(MEASURES) * bar + gap
    largest = max((getattr(row, key) or 0) for row in rows for key, _ in MEASURES) or 1
    scale = 380 / largest
    body = []
    for index, row in enumerate(rows):
        y = top + index * group
        where = found.label(row.where) if row.where else lookup.short_name(row.iri)
        for number, part in enumerate(svg.wrapped(where, 38)[:2]):
            body.append(svg.text(left - 10, y + 14 + number * 16, part, 13, anchor="end"))
        for offset, ((key, words), fill) in enumerate(zip(MEASURES, fills)):
            value = getattr(row, key)
            shown = "not given" if value is None else f"{value:g} {words}"
            length = (value or 0) * scale
            body.append(svg.rect(left, y + offset * bar, max(length, 0.5), bar - 3, fill=fill))
            body.append(svg.text(left + length + 6, y + offset * bar + bar - 5, shown, 12))
    body.append(svg.line(left, top - 4, left, top + len(rows) * group - gap + 4))
    legend_y = top + len(rows) * group + 14
    for offset, ((_, words), fill) in enumerate(zip(MEASURES, fills)):
        x = 10 + offset * 240
        body += [svg.rect(x, legend_y, 22, 14, fill=fill), svg.text(x + 30, legend_y + 12, words.capitalize(), 12)]
    summary = "; ".join(
        f"{found.label(r.where) if r.where else lookup.short_name(r.iri)}: "
        + ", ".join("not given" if getattr(r, k) is None else f"{getattr(r, k):g} {w}" for k, w in MEASURES)
        for r in rows) + "."
    return body, legend_y + 36, summary


def knowledge_diagram() -> Markup | None:
    """Draw the knowledge types: columns of specialisation, lines for contrasts and characterisations."""
    rows = lookup.select(KNOWLEDGE_QUERY)[1]
    types = sorted({row["a"] for row in rows})
    if not types:
        return None
    edges = sorted({(row["a"], str(row["relation"]).rsplit("#", 1)[-1], row["b"])
                    for row in rows if "relation" in row})
    contrasts = {frozenset((a, b)) for a, kind, b in edges if kind == "contrastedWith"}
    edges = [e for e in edges if e[1] != "contrastedWith"] + [
        (min(pair), "contrastedWith", max(pair)) for pair in sorted(contrasts, key=sorted)]
    labels = lookup.labels(types)
    parent = {a: b for a, kind, b in edges if kind == "specialisationOf"}
    depth = {t: _depth(t, parent) for t in types}
    root = {t: _root(t, parent) for t in types}
    with_children = sorted({root[t] for t in types if depth[t] > 0}, key=lambda r: labels.get(r, str(r)))
    roots = with_children + sorted({root[t] for t in types} - set(with_children),
                                   key=lambda r: labels.get(r, str(r)))
    box_w, box_h, col_w, row_h, top = 190, 44, 310, 120, 40
    place = {t: (20 + roots.index(root[t]) * col_w, top + depth[t] * row_h) for t in types}
    width = 40 + len(roots) * col_w
    height = top + (max(depth.values()) + 1) * row_h + 60
    body = [svg.text(20, 24, "Knowledge types and how the studies relate them", 15, weight="700")]
    for a, kind, b in edges:
        dash, arrow, words = RELATIONS[kind]
        (ax, ay), (bx, by) = place[a], place[b]
        start, end = _border((ax, ay), (bx, by), box_w, box_h), _border((bx, by), (ax, ay), box_w, box_h)
        body.append(svg.line(*start, *end, dash=dash, arrow=KNOWLEDGE_DRAWING if arrow else ""))
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        body += [svg.rect(mx - 50, my - 9, 100, 16, fill=svg.PAPER, stroke=svg.PAPER),
                 svg.text(mx, my + 3, words, 11, anchor="middle", fill=svg.MUTED)]
    for t in types:
        x, y = place[t]
        body.append(Markup('<a href="{}">').format(lookup.href(t)))
        body.append(svg.rect(x, y, box_w, box_h, fill=svg.SOFT, radius=6))
        parts = svg.wrapped(labels.get(t, lookup.short_name(t)), 26)[:2]
        for number, part in enumerate(parts):
            first = y + box_h / 2 + 5 - (len(parts) - 1) * 7.5
            body.append(svg.text(x + box_w / 2, first + number * 15, part, 13, anchor="middle"))
        body.append(Markup("</a>"))
    legend_y = height - 24
    for offset, (dash, arrow, words) in enumerate(RELATIONS.values()):
        x = 20 + offset * 230
        body += [svg.line(x, legend_y, x + 50, legend_y, dash=dash, arrow=KNOWLEDGE_DRAWING if arrow else ""),
                 svg.text(x + 60, legend_y + 4, words, 12)]
    described = "; ".join(f"{labels.get(a, a)} {RELATIONS[k][2]} {labels.get(b, b)}" for a, k, b in edges)
    return svg.document(width, height, "Knowledge types and their relations",
                        f"{len(types)} knowledge types. {described}.", Markup("").join(body),
                        KNOWLEDGE_DRAWING, image=False)


def _depth(node: URIRef, parent: dict, seen: frozenset = frozenset()) -> int:
    """Return how many specialisation steps lie above a node (cycles stop the count)."""
    above = parent.get(node)
    return 0 if above is None or above in seen else 1 + _depth(above, parent, seen | {node})


def _root(node: URIRef, parent: dict) -> URIRef:
    """Return the most general type above a node."""
    seen = {node}
    while node in parent and parent[node] not in seen:
        node = parent[node]
        seen.add(node)
    return node


def _border(a: tuple, b: tuple, width: float, height: float) -> tuple[float, float]:
    """Return where the line from box a's centre towards box b's centre leaves box a."""
    ax, ay, bx, by = a[0] + width / 2, a[1] + height / 2, b[0] + width / 2, b[1] + height / 2
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ax, ay
    factor = min(width / 2 / abs(dx) if dx else float("inf"), height / 2 / abs(dy) if dy else float("inf"))
    return ax + dx * factor, ay + dy * factor


NETWORK_KINDS = (("group", "Manager group"), ("knowledge", "Knowledge type"), ("network", "Network"))


def network_view() -> Markup:
    """Draw reports -> claims -> manager groups, knowledge types and networks, every node a link."""
    found = claims.catalogue()
    reports = sorted({c.report for c in found.claims if c.report})
    targets = [(key, word, iri) for key, word in NETWORK_KINDS
               for iri in sorted({v for c in found.claims for v in c.links.get(key, [])},
                                 key=lambda v: found.label(v))]
    row, top = 30, 60
    columns = (20, 330, 860)
    widths = (250, 470, 300)
    y_claim = {c.iri: top + i * row for i, c in enumerate(found.claims)}
    # Each report sits level with the middle of its own claims.
    y_report = {r: sum(y_claim[c.iri] for c in found.claims if c.report == r)
                / sum(1 for c in found.claims if c.report == r) for r in reports}
    y_target = {(key, iri): top + i * (len(found.claims) * row / max(len(targets), 1))
                for i, (key, _, iri) in enumerate(targets)}
    height = top + len(found.claims) * row + 30
    body = [svg.text(columns[0], 30, "Reports", 14, weight="700"),
            svg.text(columns[1], 30, "Claims (F finding, R recommendation, L limitation)", 14, weight="700"),
            svg.text(columns[2], 30, "What they are about", 14, weight="700")]
    for claim in found.claims:  # lines first, so boxes are drawn over them
        y = y_claim[claim.iri] + 11
        if claim.report in y_report:
            body.append(svg.line(columns[0] + widths[0], y_report[claim.report] + 11, columns[1], y,
                                 stroke=svg.LINE, width=0.8))
        for key, _, iri in targets:
            if iri in claim.links.get(key, []):
                body.append(svg.line(columns[1] + widths[1], y, columns[2], y_target[(key, iri)] + 11,
                                     stroke=svg.LINE, width=0.8))
    for report in reports:
        body.append(_node(report, columns[0], y_report[report], widths[0],
                          svg.shortened(found.label(report), 36), 2))
    for claim in found.claims:
        letter = found.label(claim.kind)[:1].upper()
        body.append(_node(claim.iri, columns[1], y_claim[claim.iri], widths[1],
                          f"{letter} · " + svg.shortened(found.label(claim.iri), 68), 1, radius=10))
    for key, word, iri in targets:
        body.append(_node(iri, columns[2], y_target[(key, iri)], widths[2],
                          f"{word}: " + svg.shortened(found.label(iri), 34), 1, radius=0, dashed=key == "network"))
    return svg.document(columns[2] + widths[2] + 20, height, "Reports, their claims and what the claims are about",
                        f"{len(reports)} reports, {len(found.claims)} claims, {len(targets)} manager groups, "
                        "knowledge types and networks; each box links to its page.",
                        Markup("").join(body), "network", image=False)


def _node(iri: URIRef, x: float, y: float, width: float, words: str, border: float,
          radius: float = 0, dashed: bool = False) -> Markup:
    """Return one clickable box with its words."""
    outline = svg.rect(x, y, width, 22, fill=svg.PAPER, stroke_width=border, radius=radius)
    if dashed:
        outline = Markup(str(outline).replace("/>", ' stroke-dasharray="4 2"/>'))
    return (Markup('<a href="{}">').format(lookup.href(iri)) + outline
            + svg.text(x + 6, y + 15, words, 12) + Markup("</a>"))


def _svg_response(picture: Markup | None) -> Response:
    """Send a picture as an SVG file; 404 when the graph has nothing to draw."""
    if picture is None:
        abort(404, "The graph holds nothing to draw here.")
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + str(picture),
                    content_type=f"{formats.SVG}; charset=utf-8")


@bp.get("/pictures")
def pictures_page() -> str:
    """Show every picture, drawn into the page so its links work."""
    reports = [row["report"] for row in lookup.select(REPORTS_QUERY)[1]]
    charts = [(report, chart) for report in reports if (chart := study_chart(report)) is not None]
    return render_template("pictures.html", charts=charts, knowledge=knowledge_diagram(),
                           network=network_view(), report_path=_report_path)


@bp.get("/pictures/study/<path:path>.svg")
def study_chart_file(path: str) -> Response:
    """Send one report's study chart as an SVG file."""
    if not lookup.is_iri_path(path):
        abort(404, "No report has that path.")
    return _svg_response(study_chart(URIRef(str(ID) + path)))


@bp.get("/pictures/knowledge-types.svg")
def knowledge_file() -> Response:
    """Send the knowledge-type diagram as an SVG file."""
    return _svg_response(knowledge_diagram())


@bp.get("/pictures/network.svg")
def network_file() -> Response:
    """Send the network of reports, claims and topics as an SVG file."""
    return _svg_response(network_view())
