"""The findings browser: /findings (HTML), /findings.csv and /findings.json.

Facets combine as URL parameters (several values of one facet widen the list, different facets
narrow it), ?q= searches the release's full-text index (hmkg.fulltext) and orders by rank.
Everything is rendered on the server, so the page works without JavaScript.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from flask import Blueprint, Response, abort, make_response, render_template, request, url_for
from markupsafe import Markup, escape
from rdflib import URIRef

from hmkg import formats, fulltext
from hmkg.namespaces import ID
from hmkg.web import lookup, release_files
from hmkg.web.claims import Catalogue, Claim, catalogue

bp = Blueprint("findings", __name__)


@dataclass(frozen=True)
class Facet:
    """One way of narrowing the list: its URL parameter and its heading."""

    key: str
    title: str


FACETS = (Facet("report", "Report"), Facet("kind", "Kind of claim"),
          Facet("group", "Manager group or kind of manager"), Facet("knowledge", "Knowledge type"),
          Facet("network", "Network"), Facet("theme", "Theme"), Facet("hedged", "Hedged or not"))
HEDGED = {"yes": "Hedged", "no": "Not hedged"}
CSV_COLUMNS = ("id", "report", "kind", "statement", "hedge", "strength", "quote", "source")


@dataclass
class Listing:
    """The claims a request selects, in order, with the search's highlights and facet counts."""

    claims: list[Claim]
    marked: dict[URIRef, fulltext.Hit]
    facets: list[dict]
    selected: dict[str, list[str]]
    query: str
    total: int


def facet_values(claim: Claim, key: str) -> list[str]:
    """Return the URL values a claim has for a facet."""
    if key == "hedged":
        return ["yes" if claim.hedged else "no"]
    if key == "report":
        return [token(claim.report)] if claim.report else []
    if key == "kind":
        return [token(claim.kind)]
    return [token(iri) for iri in claim.links.get(key, [])]


def token(iri: URIRef) -> str:
    """Return the short URL value naming an IRI: its path under /id/, else its prefixed name."""
    text = str(iri)
    return text[len(str(ID)):] if text.startswith(str(ID)) else lookup.short_name(iri)


def value_label(found: Catalogue, key: str, value: str, iris: dict[str, URIRef]) -> str:
    """Return the words a facet value is shown with."""
    if key == "hedged":
        return HEDGED[value]
    label = found.label(iris[value])
    return label[:1].upper() + label[1:]


def _selection(found: Catalogue) -> tuple[dict[str, list[str]], str]:
    """Read and check the facet parameters and the search words; 400 for anything unknown."""
    known = {facet.key for facet in FACETS} | {"q"}
    unknown = sorted(set(request.args) - known)
    if unknown:
        abort(400, f"Unknown parameter {', '.join(unknown)}; the findings take "
                   f"q and {', '.join(f.key for f in FACETS)}.")
    selected: dict[str, list[str]] = {}
    for facet in FACETS:
        values = [v for v in request.args.getlist(facet.key) if v]
        allowed = {v for claim in found.claims for v in facet_values(claim, facet.key)}
        wrong = sorted(set(values) - allowed - (set(HEDGED) if facet.key == "hedged" else set()))
        if wrong:
            abort(400, f"No claim has {facet.key}={wrong[0]}; choose one the page lists.")
        if values:
            selected[facet.key] = sorted(set(values))
    query = request.args.get("q", "").strip()
    if len(fulltext.words(query)) > fulltext.MAX_WORDS:
        abort(400, f"Search with at most {fulltext.MAX_WORDS} different words.")
    return selected, query


def _matches(claim: Claim, selected: dict[str, list[str]], skip: str | None = None) -> bool:
    """Return whether a claim has one of the chosen values of every facet (but skip)."""
    return all(set(facet_values(claim, key)) & set(values)
               for key, values in selected.items() if key != skip)


def listing(found: Catalogue) -> Listing:
    """Select, order and count the claims the request asks for."""
    selected, query = _selection(found)
    pool, marked = found.claims, {}
    if query:
        hits = fulltext.search(_index_path(), query)
        marked = {URIRef(hit.iri): hit for hit in hits}
        by_iri = {claim.iri: claim for claim in found.claims}
        pool = [by_iri[iri] for iri in marked if iri in by_iri]
    chosen = [claim for claim in pool if _matches(claim, selected)]
    return Listing(chosen, marked, _facet_counts(found, pool, selected), selected, query,
                   len(found.claims))


def _facet_counts(found: Catalogue, pool: list[Claim], selected: dict[str, list[str]]) -> list[dict]:
    """Count, for each facet value, the claims it would list given the other facets' choices."""
    iris = {token(iri): iri for claim in found.claims
            for iri in [claim.kind, claim.report, *[v for vs in claim.links.values() for v in vs]]
            if iri is not None}
    facets = []
    for facet in FACETS:
        counts: dict[str, int] = {}
        for claim in found.claims:  # every value any claim has, so a choice never vanishes
            for value in facet_values(claim, facet.key):
                counts.setdefault(value, 0)
        for claim in pool:
            if _matches(claim, selected, skip=facet.key):
                for value in facet_values(claim, facet.key):
                    counts[value] += 1
        values = [{"value": value, "count": count,
                   "label": value_label(found, facet.key, value, iris),
                   "checked": value in selected.get(facet.key, [])}
                  for value, count in counts.items()]
        values.sort(key=lambda v: (v["label"].lower(), v["value"]))
        facets.append({"key": facet.key, "title": facet.title, "values": values})
    return facets


def _index_path():
    """Return the release's search index; 503 when this release was built without one."""
    path = release_files.dist_dir() / fulltext.INDEX_FILE
    if not path.is_file():
        abort(503, f"This release has no search index ({fulltext.INDEX_FILE}); rebuild it with "
                   "`hmkg build` to search. The facets work without it.")
    return path


def marked(text: str) -> Markup:
    """Return highlighted index text as HTML, each matching word in <mark>."""
    return Markup("").join(Markup("<mark>{}</mark>").format(part) if hit else escape(part)
                           for part, hit in fulltext.marked_spans(text))


@bp.get("/findings")
def findings_page() -> Response:
    """List the claims the facets and search select, with the facets to narrow them further."""
    found = catalogue()
    chosen = listing(found)
    query_string = request.query_string.decode("utf-8", "replace")
    return make_response(render_template(
        "findings.html", listing=chosen, found=found, marked=marked, facets=FACETS,
        csv_href=url_for("findings.findings_csv") + (f"?{query_string}" if query_string else ""),
        json_href=url_for("findings.findings_json") + (f"?{query_string}" if query_string else "")))


def export_rows(found: Catalogue, claims: list[Claim]) -> list[dict]:
    """Return one plain record per claim, as the CSV and JSON downloads give it."""
    return [{"id": str(claim.iri), "report": str(claim.report or ""),
             "kind": found.label(claim.kind), "statement": claim.statement,
             "hedge": "; ".join(claim.hedges),
             "strength": found.label(claim.strength) if claim.strength else "",
             "quote": " … ".join(claim.quoted_words),
             "source": " ".join(str(source) for source in claim.sources)} for claim in claims]


@bp.get("/findings.csv")
def findings_csv() -> Response:
    """Send the selected claims as CSV, one row per claim."""
    found = catalogue()
    rows = export_rows(found, listing(found).claims)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    response = Response(out.getvalue(), content_type=formats.CSV.content_type)
    response.headers["Content-Disposition"] = 'attachment; filename="findings.csv"'
    return response


@bp.get("/findings.json")
def findings_json() -> Response:
    """Send the selected claims as a JSON list (in rank order when searching)."""
    found = catalogue()
    chosen = listing(found).claims
    rows = export_rows(found, chosen)
    for row, claim in zip(rows, chosen):
        row["page"] = url_for("resources.instance", path=token(claim.iri), _external=True)
        row["about"] = [str(iri) for iri in claim.links.get("about", [])]
    return Response(json.dumps(rows, ensure_ascii=False, indent=1) + "\n",
                    content_type=formats.JSON)
