"""Dereferenceable IRIs (Cool URIs): /id/... and /ontology, in HTML or RDF by negotiation."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, make_response, render_template, request, url_for
from rdflib import Graph, URIRef

from hmkg import __version__, formats, layout
from hmkg.namespaces import GRAPH, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, ONTOLOGY_IRI
from hmkg.prefixes import prologue
from hmkg.web import describe, indexes, jsonld, lookup, media, reading, release_files, sparql
from hmkg.web.engine_access import get_engine

bp = Blueprint("resources", __name__)

_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")


def offered() -> tuple[media.MediaType, ...]:
    """Return the formats a resource is offered in: HTML first, then every RDF syntax."""
    return (media.HTML, *media.of_kind(media.Kind.GRAPH))


def split_suffix(path: str) -> tuple[str, media.MediaType | None]:
    """Split '/x.ttl' into ('/x', Turtle); a path without a known suffix is returned whole."""
    stem, dot, suffix = path.rpartition(".")
    chosen = media.by_suffix(suffix) if dot else None  # '.ttl' alone: a folder's own IRI
    if chosen in offered():
        return stem, chosen
    return path, None


def choose(explicit: media.MediaType | None) -> media.MediaType:
    """Return the suffix's format, else the Accept header's best; 406 when none fits."""
    if explicit is not None:
        return explicit
    chosen = media.negotiate(request.accept_mimetypes, media.Kind.PAGE, media.Kind.GRAPH)
    if chosen is None:
        names = ", ".join(m.mime for m in offered())
        abort(make_response((f"Not acceptable. Available: {names}\n", 406,
                             {"Content-Type": formats.PLAIN_TEXT, "Vary": "Accept"})))
    return chosen


def with_alternates(response: Response, base_path: str) -> Response:
    """Add Vary and a Link rel=alternate for every format to a resource response."""
    response.vary.add("Accept")
    links = [f'<{base_path}{m.suffix}>; rel="alternate"; type="{m.mime}"' for m in offered()]
    response.headers["Link"] = ", ".join(links)
    return response


@bp.get("/id/", defaults={"path": ""})
@bp.get("/id/<path:path>")
def instance(path: str) -> Response:
    """Answer for https://w3id.org/hmkg/id/<path> in the negotiated format."""
    local, explicit = split_suffix(path)
    chosen = choose(explicit)
    if local and not lookup.is_iri_path(local):  # no IRI of the graph holds these characters
        abort(404, f"/id/{local} cannot name anything in this graph.")
    base_path = url_for("resources.instance", path=local)
    if not local or local.endswith("/"):  # a folder of the namespace: list what it holds
        return with_alternates(_folder(local, chosen), base_path)
    return with_alternates(_resource(URIRef(str(ID) + local), base_path, chosen), base_path)


def _resource(iri: URIRef, base_path: str, chosen: media.MediaType) -> Response:
    """Answer for one resource: its page, or its description in an RDF syntax."""
    if chosen is media.HTML:
        return _html_page(iri, base_path)
    return _rdf_description(iri, chosen)


def _folder(local: str, chosen: media.MediaType) -> Response:
    """Answer for a folder of /id/: an index page, or its members' types and labels as RDF."""
    if chosen is media.HTML:
        page = indexes.folder_page(local)
        return page if page is not None else not_found(URIRef(str(ID) + local))
    prefix = indexes.quoted(str(ID) + local)
    construct = (prologue("rdfs") + "CONSTRUCT { ?s a ?type ; rdfs:label ?label } "
                 f"WHERE {{ GRAPH ?g {{ ?s a ?type }} FILTER(?g != <{GRAPH_INFERRED}>) "
                 f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix})) "
                 "OPTIONAL { ?s rdfs:label ?label } }")
    return _graph_answer(construct, chosen)


def alternates(base_path: str) -> list[dict[str, str]]:
    """Return every format's link for a resource: media type, URL and name."""
    return [{"mime": m.mime, "href": base_path + m.suffix, "name": m.label}
            for m in offered()]


def _html_page(iri: URIRef, base_path: str) -> Response:
    """Render the resource page, or the helpful 404 page."""
    description = describe.describe(iri)
    if description is None:
        return not_found(iri)
    return make_response(render_template("resource.html", d=description,
                                         r=reading.view(iri, description.types),
                                         alternates=alternates(base_path)))


def _rdf_description(iri: URIRef, chosen: media.MediaType) -> Response:
    """Return the resource's triples (and its blank nodes') from the served graphs."""
    _, rows = lookup.select(f"SELECT ?p WHERE {{ {{ {iri.n3()} ?p ?o }} UNION "
                            f"{{ ?s ?p {iri.n3()} }} }} LIMIT 1")
    if not rows:
        return not_found(iri)
    construct = (f"CONSTRUCT {{ {iri.n3()} ?p ?o . ?o ?p2 ?o2 }} WHERE {{ {iri.n3()} ?p ?o "
                 "OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 } }")
    return _graph_answer(construct, chosen)


def _graph_answer(construct: str, chosen: media.MediaType) -> Response:
    """Run a CONSTRUCT and send its graph; JSON-LD comes compacted with hmkg's own context.
    An answer cut at the result cap says so, as /sparql's answers do."""
    if chosen is media.JSON_LD:
        return Response(jsonld.compacted(construct), content_type=chosen.content_type)
    answer = get_engine().query(construct, solutions_format=None, graph_format=chosen.mime)
    if not answer.capped:
        return Response(answer.body, content_type=chosen.content_type)
    body, headers = sparql.marked_capped(answer.body, answer.media_type, answer.rows)
    return Response(body, content_type=chosen.content_type, headers=headers)


def not_found(iri: URIRef) -> Response:
    """Render a 404 page naming the IRI and listing the closest resources that do exist."""
    prefix, nearby = str(iri).rsplit("/", 1)[0] + "/", []
    while not nearby and prefix.startswith(str(ID)) and len(prefix) > len(str(ID)):
        nearby = [row["s"] for row in lookup.select(
            f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {indexes.quoted(prefix)})) }} "
            "ORDER BY ?s LIMIT 50")[1]]
        prefix = prefix.rstrip("/").rsplit("/", 1)[0] + "/"
    page = render_template("not_found.html", iri=iri, nearby=nearby, labels=lookup.labels(nearby),
                           kinds=[] if nearby else indexes.kinds())
    return make_response(page, 404)


@bp.get("/ontology")
def ontology() -> Response:
    """Answer for the ontology IRI (and every hash term): the documentation page or RDF."""
    return _ontology(choose(None), url_for("resources.ontology"))


@bp.get("/ontology.<suffix>")
def ontology_file(suffix: str) -> Response:
    """Answer for /ontology.ttl and the other suffixes."""
    chosen = media.by_suffix(suffix)
    if chosen not in offered():
        abort(404, f"The ontology is not published as .{suffix}")
    return _ontology(chosen, url_for("resources.ontology"))


@bp.get("/ontology/<version>")
def ontology_version(version: str) -> Response:
    """Answer for a version IRI (/ontology/0.1.0, /ontology/0.1.0.ttl) or a module IRI
    (/ontology/core, /ontology/core.ttl)."""
    number, explicit = split_suffix(version)
    base_path = url_for("resources.ontology_version", version=number)
    if _has_version(ONTOLOGY_IRI, number):
        return _ontology(choose(explicit), base_path)
    module = _module_iri(number)
    if module is not None:
        return with_alternates(_module(number, module, choose(explicit), base_path), base_path)
    abort(404, f"Ontology version or module {number} is not served here; this release is "
               f"{__version__}.")


@bp.get("/ontology/<module>/<version>")
def ontology_module_version(module: str, version: str) -> Response:
    """Answer for a module's version IRI (/ontology/core/0.2.0, /ontology/core/0.2.0.ttl)."""
    number, explicit = split_suffix(version)
    iri = _module_iri(module)
    if iri is None or not _has_version(iri, number):
        abort(404, f"Version {number} of ontology module {module} is not served here; this "
                   f"release is {__version__}.")
    base_path = url_for("resources.ontology_module_version", module=module, version=number)
    return with_alternates(_module(module, iri, choose(explicit), base_path), base_path)


def _module(name: str, iri: URIRef, chosen: media.MediaType, base_path: str) -> Response:
    """Answer for a module: its page, its published file (ontology/<name>.ttl, converted to the
    asked syntax), or, in a release without module files, its description from the engine."""
    if chosen is media.HTML:
        return _html_page(iri, base_path)
    path = release_files.dist_dir() / layout.module_file(name)
    if not path.is_file():
        return _rdf_description(iri, chosen)
    if chosen is media.TURTLE:
        return release_files.send_release_file(release_files.release_path(
            layout.module_file(name)), chosen.content_type)
    return Response(_converted(path, path.stat().st_mtime_ns, chosen.rdflib_format),
                    content_type=chosen.content_type)


@lru_cache(maxsize=32)
def _converted(path: Path, _mtime: int, rdflib_format: str) -> bytes:
    """Return a published Turtle file in another RDF syntax, once per version of the file."""
    graph = Graph().parse(path, format="turtle")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def _has_version(iri: URIRef, number: str) -> bool:
    """Return whether the ontology graph gives an ontology (or module) this version IRI."""
    if not _VERSION.fullmatch(number):
        return False
    version_iri = URIRef(f"{iri}/{number}")
    rows = lookup.select(f"SELECT ?v WHERE {{ GRAPH {GRAPH_ONTOLOGY.n3()} {{ {iri.n3()} "
                         f"<http://www.w3.org/2002/07/owl#versionIRI> ?v }} "
                         f"FILTER(?v = {version_iri.n3()}) }} LIMIT 1")[1]
    return bool(rows)


def _module_iri(name: str) -> URIRef | None:
    """Return the IRI of the ontology module called name, or None if there is no such module."""
    if not lookup.is_iri_path(name):  # no module IRI holds these characters
        return None
    iri = URIRef(f"{ONTOLOGY_IRI}/{name}")
    return iri if _is_module(iri) else None


def _is_module(iri: URIRef) -> bool:
    """Return whether an IRI names one of the ontology's modules (an owl:Ontology)."""
    rows = lookup.select(f"SELECT ?o WHERE {{ {iri.n3()} a ?o FILTER(?o = "
                         "<http://www.w3.org/2002/07/owl#Ontology>) } LIMIT 1")[1]
    return bool(rows)


@bp.get("/graph/<path:name>")
def named_graph(name: str) -> Response:
    """Answer for a named graph's IRI: a page saying what it holds, or its triples as RDF."""
    local, explicit = split_suffix(name)
    chosen = choose(explicit)
    iri, base_path = GRAPH[local], url_for("resources.named_graph", name=local)
    if not lookup.is_iri_path(local):
        abort(404, f"/graph/{local} cannot name a graph of this release.")
    if indexes.graph_size(iri) == 0:
        abort(404, f"This release has no named graph {iri}.")
    if chosen is media.HTML:
        return with_alternates(indexes.graph_page(iri, alternates(base_path)), base_path)
    return with_alternates(_graph_answer(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri.n3()} "
                                         "{ ?s ?p ?o } }", chosen), base_path)


def _ontology(chosen: media.MediaType, base_path: str) -> Response:
    """Send the ontology's documentation page or one of its serialisations."""
    if chosen is media.HTML:
        response = release_files.send_release_file(
            release_files.release_path(layout.ONTOLOGY_DOCS_FILE), media.HTML.content_type)
    else:
        response = _ontology_rdf(chosen)
    return with_alternates(response, base_path)


def _ontology_rdf(chosen: media.MediaType) -> Response:
    """Send the published file for a syntax, or the ontology graph from the engine."""
    name = layout.ontology_file(chosen.suffix)
    if (release_files.dist_dir() / name).is_file():
        return release_files.send_release_file(release_files.release_path(name), chosen.content_type)
    # A dataset syntax (N-Quads, TriG): the published standalone document, in the ontology graph.
    published = release_files.dist_dir() / layout.ontology_file(formats.N_TRIPLES.suffix)
    if published.is_file() and chosen.quads:
        graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse(path=published, format=ox.RdfFormat.N_TRIPLES)]
        return Response(ox.serialize(quads, format=chosen.oxigraph), content_type=chosen.content_type)
    return _graph_answer(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?s ?p ?o }} }}",
                         chosen)
