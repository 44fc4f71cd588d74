"""Landing page, competency questions and the query page."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request, url_for
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import SparqlLexer
from rdflib import BNode, URIRef

from hmkg import __version__, engine, formats, paths, queries
from hmkg.prefixes import BASE, PREFIXES, prologue
from hmkg.web import claims, describe, findings, lookup, media, release_files, release_info
from hmkg.web.engine_access import get_engine

bp = Blueprint("pages", __name__)
bp.add_app_template_test(lambda value: isinstance(value, URIRef), "iri")
bp.add_app_template_test(lambda value: isinstance(value, BNode), "bnode")
bp.add_app_template_global(lookup.href, "term_href")
bp.add_app_template_global(lookup.short_name, "short_name")
bp.add_app_template_global(describe.graph_kind, "graph_kind")
bp.add_app_template_global(__version__, "hmkg_version")
bp.add_app_template_global(release_info.DATA_LICENCE, "data_licence")
bp.add_app_template_global(release_info.CODE_LICENCE, "code_licence")

YASGUI_VERSION = "4.6.2"  # static/vendor/yasgui/NOTE.md says how it was obtained
REPORTS_QUERY = (prologue("hmk", "dcterms", "prism", "rdfs") +
                 "SELECT ?report ?doi ?title ?study WHERE { ?report a hmk:Report "
                 "OPTIONAL { ?report prism:doi ?doi } OPTIONAL { ?report dcterms:title ?title } "
                 "OPTIONAL { ?report hmk:reportsStudy/rdfs:label ?study } } ORDER BY ?report ?title ?study")
_SPARQL_HTML = HtmlFormatter(style="default", noclasses=True, nowrap=False, wrapcode=True)


@bp.get("/")
def landing() -> str:
    """Say what the two reports are and how many claims they make; offer search and ways in."""
    found = claims.catalogue()
    return render_template("landing.html", reports=_reports(found), counts=_counts(found),
                           citation=citation_text(), cite=citation_fields(citation_text()),
                           questions=len(queries.load_catalogue()))


def _reports(found: claims.Catalogue) -> list[dict]:
    """Return each report with its title, DOI, study and number of claims."""
    reports: dict = {}
    for row in lookup.select(REPORTS_QUERY)[1]:
        iri = row["report"]
        reports.setdefault(iri, {
            "iri": iri, "token": findings.token(iri), "doi": row.get("doi"),
            "title": str(row.get("title") or found.label(iri)), "study": row.get("study"),
            "claims": sum(1 for claim in found.claims if claim.report == iri)})
    return list(reports.values())


def _counts(found: claims.Catalogue) -> dict:
    """Return how many claims there are, in all and of each kind (plural labels)."""
    kinds: dict = {}
    for claim in found.claims:
        kinds[claim.kind] = kinds.get(claim.kind, 0) + 1
    return {"total": len(found.claims),
            "kinds": [{"label": found.label(kind) + ("s" if n != 1 else ""), "count": n}
                      for kind, n in kinds.items()]}


def citation_text() -> str | None:
    """Return CITATION.cff from the release, else from the source checkout, else None."""
    for candidate in (release_files.dist_dir() / "CITATION.cff",
                      paths.source_root() / "CITATION.cff"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def citation_fields(text: str | None) -> dict[str, str]:
    """Return the top-level scalar fields of a CITATION.cff (title, version, url, message...)."""
    fields = {}
    for line in (text or "").splitlines():
        match = re.fullmatch(r'([a-z-]+):\s*"?(.+?)"?\s*', line)
        if match:
            fields[match.group(1)] = match.group(2)
    return fields


@bp.get("/citation.cff")
def citation() -> Response:
    """Send the citation metadata (Citation File Format, YAML) as text."""
    text = citation_text()
    if text is None:
        abort(404, "This release carries no CITATION.cff.")
    return Response(text, content_type=formats.PLAIN_TEXT)


# The prefixes a new query in the editor starts with (the CQ examples declare their own).
EDITOR_PREFIXES = ("hmk", "id", "rdf", "rdfs", "skos", "prov", "dcterms", "oa")


def blank_query() -> str:
    """Return the query a new editor tab starts with: the common prefixes and a small SELECT."""
    return prologue(*EDITOR_PREFIXES, separator="\n") + "\nSELECT ?finding ?statement WHERE {\n  ?finding a hmk:Finding ;\n" \
        "           hmk:statement ?statement .\n} LIMIT 10\n"


@bp.get("/query")
def query_page() -> str:
    """Show the YASGUI query editor with a picker of the competency questions (?cq=CQnn opens one)."""
    catalogue = queries.load_catalogue()
    examples = [{"id": cq.id, "name": f"{cq.id}: {cq.question}", "query": cq.sparql} for cq in catalogue]
    chosen = request.args.get("cq")
    if chosen is not None and chosen not in {e["id"] for e in examples}:
        abort(404, f"There is no competency question {chosen}; see the list at /cq.")
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "persistenceId": f"hmkg-editor-{__version__}",
        "examples": examples,
        "open": chosen,
        "blank": blank_query(),
        "prefixes": {name: PREFIXES[name] for name in EDITOR_PREFIXES},
        "localBase": BASE.rstrip("/"),  # result IRIs under it link to this server's own pages
    }
    start = next((e["query"] for e in examples if e["id"] == chosen), blank_query())
    return render_template("query.html", config=config, examples=examples,
                           chosen=chosen, start=start, yasgui_version=YASGUI_VERSION)


@bp.get("/cq")
def cq_list() -> str:
    """List every competency question with its scope and a link to its answer."""
    return render_template("cq_list.html", questions=queries.load_catalogue())


@bp.get("/cq/<cq_id>")
def cq_page(cq_id: str) -> Response:
    """Show one competency question and its live answer (or just the answer, by Accept)."""
    try:
        question = queries.get_question(cq_id)
    except KeyError:
        abort(404, f"There is no competency question {cq_id}; see the list at /cq.")
    chosen = media.negotiate(request.accept_mimetypes, media.Kind.PAGE, media.Kind.RESULTS)
    if chosen is None:
        names = ", ".join(m.mime for m in (media.HTML, *media.of_kind(media.Kind.RESULTS)))
        response = make_response((f"Not acceptable. Available: {names}\n", 406,
                                  {"Content-Type": formats.PLAIN_TEXT}))
    elif chosen is media.HTML:
        response = _cq_html(question)
    else:
        response = _cq_answer(question, chosen)
    response.vary.add("Accept")
    response.headers["Link"] = ", ".join(
        f'<{_answer_href(question.sparql, name)}>; rel="alternate"; type="{mime}"'
        for name, mime in (("json", media.SPARQL_JSON.mime), ("csv", media.CSV.mime)))
    return response


def _cq_html(question) -> Response:
    """Render the question, its highlighted SPARQL and its answer as an HTML table."""
    status, error, columns, rows = 200, None, [], []
    try:
        columns, rows = _run(question.sparql)
    except engine.QueryTimeout as exc:
        status, error = 503, f"The query took too long: {exc}"
    values = (value for row in rows for value in row.values())
    page = render_template(
        "cq.html", cq=question, sparql_html=highlighted(question.sparql),
        columns=columns, rows=rows, labels=lookup.labels(values), error=error,
        json_href=_answer_href(question.sparql, "json"), csv_href=_answer_href(question.sparql, "csv"))
    return make_response(page, status, {"Retry-After": "1"} if status == 503 else {})


def _cq_answer(question, chosen: media.MediaType) -> Response:
    """Return the question's answer in a SPARQL results format."""
    config = current_app.config
    answer = get_engine().query(question.sparql, solutions_format=chosen.mime, graph_format=None,
                                timeout=float(config["QUERY_TIMEOUT"]), limit=int(config["RESULT_CAP"]))
    return Response(answer.body, content_type=chosen.content_type)


def _run(sparql: str):
    """Run a competency question with the endpoint's time limit and result cap."""
    config = current_app.config
    return lookup.select(sparql, timeout=float(config["QUERY_TIMEOUT"]), limit=int(config["RESULT_CAP"]))


def highlighted(sparql: str) -> str:
    """Return the query as highlighted HTML whose scrolling block keyboard users can reach."""
    html = highlight(sparql, SparqlLexer(), _SPARQL_HTML)
    return html.replace("<pre", '<pre tabindex="0" aria-label="SPARQL query"', 1)


def _answer_href(sparql: str, format_name: str) -> str:
    """Return the /sparql link answering a query in a given format."""
    return url_for("sparql.endpoint", query=sparql, format=format_name)


@bp.app_errorhandler(404)
def missing(error) -> Response:
    """Render every 404 (unknown paths, resources, files) as a page that explains it."""
    return make_response(render_template("problem.html", title="Not found",
                                         message=error.description), 404)


@bp.app_errorhandler(engine.QueryTimeout)
def too_slow(error) -> Response:
    """Render a page whose own query passed the time limit as a 503, not a server error."""
    message = f"A query behind this page passed the time limit ({error}). Try again shortly."
    response = make_response(render_template("problem.html", title="Too slow", message=message), 503)
    response.headers["Retry-After"] = "1"
    return response


def shapes_href() -> str:
    """Return the page of the SHACL shapes (their IRI's local address)."""
    return url_for("shapes.shapes")


bp.add_app_template_global(shapes_href, "shapes_href")
