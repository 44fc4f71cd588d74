"""The SPARQL 1.1 Protocol endpoint at /sparql: queries, service description, errors."""

from __future__ import annotations

import time
from functools import lru_cache

from flask import Blueprint, Response, current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.utils import get_current_url

from hmkg import engine as engines
from hmkg import formats
from hmkg.engine.results import with_cap_note
from hmkg.web import media, service
from hmkg.web.answer_cache import AnswerCache, AnswerKey, CachedAnswer
from hmkg.web.engine_access import get_engine
from hmkg.web.protocol import ProtocolError, SparqlRequest, read_request

bp = Blueprint("sparql", __name__)

CAPPED_HEADER = "HMKG-Result-Capped"
CAP_HEADER = "HMKG-Result-Cap"
RETRY_AFTER_SECONDS = 1  # the timed-out worker is replaced at once; the server is free again
CAP_NOTE_PATH = "/sparql/result-cap"  # what the link in a capped answer's body points at
CACHEABLE_METHODS = ("GET", "HEAD")  # only these get ETag, Cache-Control and 304
_CACHE_KEY = "hmkg.answer_cache"


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL query, or describe the service when there is none."""
    sparql_request = read_request(request, current_app.config["MAX_BODY"])
    if sparql_request.query is None:
        return _service_description(sparql_request)
    return _answer(sparql_request)


def _answer(sparql_request: SparqlRequest) -> Response:
    """Answer from the cache, or run the query on the engine, and wrap the answer."""
    solutions = _choose(sparql_request.format, media.Kind.RESULTS)
    graphs = _choose(sparql_request.format, media.Kind.GRAPH)
    config = current_app.config
    engine = get_engine()
    key = AnswerKey.of(
        sparql_request.query,
        default_graph_uris=sparql_request.default_graph_uris,
        named_graph_uris=sparql_request.named_graph_uris,
        solutions_format=solutions.mime if solutions else None,
        graph_format=graphs.mime if graphs else None,
        base_iri=_base_url(request.scheme, request.host, request.root_path, request.path),
        limit=int(config["RESULT_CAP"]),
    )
    release = engine.release_id  # None: answers may change (a remote store)
    cache = _answer_cache() if release else None
    etag = key.etag(release) if release else None
    tagged = etag is not None and request.method in CACHEABLE_METHODS
    if tagged and request.if_none_match.contains_weak(etag):
        return Response(status=304, headers=_answer_headers(None, etag))
    cached = cache.get(release, key) if cache is not None else None
    if cached is None:
        started = time.perf_counter()
        # the query as sent, not the key's normalised copy: error positions are the client's
        answer = engine.query(sparql_request.query, solutions_format=key.solutions_format,
                              graph_format=key.graph_format,
                              default_graph_uris=key.default_graph_uris,
                              named_graph_uris=key.named_graph_uris, base_iri=key.base_iri,
                              timeout=float(config["QUERY_TIMEOUT"]), limit=key.limit)
        g.engine_ms = (time.perf_counter() - started) * 1000
        if answer.capped:  # cut at the cap: not the whole answer, so never reused or tagged
            tagged = False
        elif cache is not None:
            cache.put(release, key, CachedAnswer(answer.body, answer.media_type, answer.rows))
        body, media_type, rows, capped = answer.body, answer.media_type, answer.rows, answer.capped
    else:
        body, media_type, rows, capped = cached.body, cached.media_type, cached.rows, False
    g.rows = rows
    row = media.by_mime(media_type)
    headers = _answer_headers(row.content_type if row else media_type, etag if tagged else None)
    if capped:
        body, cap_headers = marked_capped(body, media_type, rows)
        headers += cap_headers
    return Response(body, headers=headers)


def marked_capped(body: bytes, media_type: str, rows: int) -> tuple[bytes, list[tuple[str, str]]]:
    """Return an answer cut at the result cap with the cap said in its body (where the format
    allows) and the header that says it: every route that sends engine answers uses this."""
    note = f"{_public_url()}{CAP_NOTE_PATH}"
    return with_cap_note(body, media_type, note, rows), [(CAPPED_HEADER, "true")]


def _answer_headers(content_type: str | None, etag: str | None) -> list[tuple[str, str]]:
    """Return the headers of a query answer (a 304 too: they describe the answer).

    One list handed to Response: setting them one by one rescans the headers each time
    (werkzeug's Headers.set), a measurable part of a small answer's cost.
    """
    config = current_app.config
    headers = [("Content-Type", content_type)] if content_type else []
    headers += [("Vary", "Accept"), (CAP_HEADER, str(config["RESULT_CAP"])),
                # The service description states the cap and the time limit in words.
                ("Link", f'<{_public_url()}/sparql>; rel="service-desc"')]
    if etag is not None:  # a whole answer: shared caches may keep it, then revalidate
        headers += [("ETag", f'W/"{etag}"'),
                    ("Cache-Control", f"public, max-age={int(config['ANSWER_MAX_AGE'])}")]
    return headers


def _answer_cache() -> AnswerCache | None:
    """Return this app's answer cache (None when ANSWER_CACHE_MB is 0)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get(_CACHE_KEY)
    if cache is None:
        megabytes = float(app.config["ANSWER_CACHE_MB"])
        if megabytes <= 0:
            return None
        cache = app.extensions.setdefault(_CACHE_KEY, AnswerCache(int(megabytes * 1024 * 1024)))
    return cache


@bp.get(CAP_NOTE_PATH)
def cap_note() -> Response:
    """Explain the result cap: the page a capped answer's body links to."""
    cap = current_app.config["RESULT_CAP"]
    return _text(200, (
        f"This endpoint answers at most {cap} rows (solutions or triples) per query "
        "(setting HMKG_RESULT_CAP). An answer cut at the cap says so three ways: the header "
        f"'{CAPPED_HEADER}: true' on every format; a link to this note in the head of SPARQL "
        "JSON results (head.link) and XML results (<link href>); a closing comment line in "
        "Turtle and N-Triples. CSV, TSV, JSON-LD and RDF/XML carry the header only. "
        "To get every row, page with ORDER BY, LIMIT and OFFSET, each page under the cap."))


@lru_cache(maxsize=64)
def _base_url(scheme: str, host: str, root_path: str, path: str) -> str:
    """Return request.base_url, computed once per address (werkzeug's IRI work is costly)."""
    return get_current_url(scheme, host, root_path, path)


def _public_url() -> str:
    """Return the configured public base URL, without a trailing slash."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def _choose(format_param: str | None, kind: media.Kind) -> media.MediaType | None:
    """Pick the answer format of one kind from format= or, failing that, the Accept header."""
    if format_param is None:
        return media.negotiate_header(request.headers.get("Accept"), kind)
    if not media.is_known_name(format_param):
        names = sorted({name for row in media.TABLE for name in row.names})
        raise ProtocolError(400, f"Unknown format {format_param!r}; known: {', '.join(names)}.")
    return media.by_name(format_param, kind)


def _service_description(sparql_request: SparqlRequest) -> Response:
    """Serve the service description as RDF, or the query page to a browser."""
    page_view = _query_page_view()
    kinds = (media.Kind.GRAPH, media.Kind.PAGE) if page_view else (media.Kind.GRAPH,)
    if sparql_request.format is not None:
        chosen = next(filter(None, (media.by_name(sparql_request.format, k) for k in kinds)), None)
    else:
        chosen = media.negotiate(request.accept_mimetypes, *kinds, single=True)
    if chosen is None or chosen.quads:  # one graph: N-Quads and TriG would need a dataset
        raise ProtocolError(406, _not_acceptable_message(kinds, single=True))
    if chosen.kind is media.Kind.PAGE:
        response = current_app.make_response(page_view())
    else:
        graph = service.describe_endpoint(current_app.config, get_engine(), current_app.extensions)
        response = Response(graph.serialize(format=chosen.rdflib_format), content_type=chosen.content_type)
    response.vary.add("Accept")
    return response


QUERY_PAGE = "pages.query_page"  # the view behind /query (pages.py), when registered


def _query_page_view():
    """Return the view serving the query page, if the app has one."""
    return current_app.view_functions.get(QUERY_PAGE)


def _not_acceptable_message(kinds: tuple[media.Kind, ...], single: bool = False) -> str:
    """List what this request could have asked for (single: one graph, no dataset syntaxes)."""
    rows = media.single_graph if single else media.of_kind
    offered = ", ".join(row.mime for kind in kinds for row in rows(kind))
    return f"None of the media types in Accept (or format=) can be served. Available: {offered}"


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Return a plain-text error response."""
    response = Response(message.rstrip("\n") + "\n", status=status, content_type=formats.PLAIN_TEXT)
    response.headers.update(headers or {})
    response.vary.add("Accept")
    return response


@bp.errorhandler(ProtocolError)
def _protocol_error(error: ProtocolError) -> Response:
    """Report a malformed protocol request."""
    return _text(error.status, error.message, error.headers)


@bp.errorhandler(engines.QueryError)
def _query_error(error: engines.QueryError) -> Response:
    """Report a malformed query with the parser's message and position."""
    return _text(400, engines.client_message(error))


@bp.errorhandler(engines.QueryTooComplex)
def _query_too_complex(error: engines.QueryTooComplex) -> Response:
    """Report a query over a size or nesting limit, naming the limit and its setting."""
    return _text(400, f"Query over a limit: {error}")


@bp.errorhandler(engines.QueryRefused)
def _query_refused(error: engines.QueryRefused) -> Response:
    """Report a refused operation (update, LOAD, SERVICE)."""
    return _text(403, engines.client_message(error))


@bp.errorhandler(engines.QueryTimeout)
def _query_timeout(error: engines.QueryTimeout) -> Response:
    """Report a query stopped at the time limit."""
    limit = current_app.config["QUERY_TIMEOUT"]
    detail = f" ({error})" if str(error) else ""
    message = f"Query stopped at the time limit of {limit} s{detail}. Simplify it or add a LIMIT."
    return _text(503, message, {"Retry-After": str(RETRY_AFTER_SECONDS)})


@bp.errorhandler(engines.NotAcceptable)
def _not_acceptable(error: engines.NotAcceptable) -> Response:
    """Report that no acceptable format exists for this query form."""
    detail = str(error)
    if "offers" in detail:  # the engine named the formats of this query form: enough
        return _text(406, f"Not acceptable: {detail}. Ask for one by Accept or format=.")
    prefix = f"Not acceptable: {detail}. " if detail else ""
    return _text(406, prefix + _not_acceptable_message((media.Kind.RESULTS, media.Kind.GRAPH)))


@bp.errorhandler(engines.EngineUnavailable)
def _engine_unavailable(error: engines.EngineUnavailable) -> Response:
    """Report that the engine cannot answer at all (a server fault, not the client's)."""
    return _text(500, f"The query engine is unavailable: {error}")


@bp.errorhandler(engines.QueryProcessDied)
def _query_process_died(error: engines.QueryProcessDied) -> Response:
    """Report a crashed query process as what it is: no Retry-After, the retry would crash too."""
    return _text(500, f"The {error}")


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Report werkzeug's own client errors (413, 400...) as plain text."""
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return _text(error.code or 500, f"{error.name}: {error.description}", headers)
