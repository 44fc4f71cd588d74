"""Read a SPARQL 1.1 Protocol request (GET, POST form, POST query) into plain values.

Every client mistake becomes a ProtocolError carrying its HTTP status and a plain-text
message; nothing here can raise anything else for bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from hmkg import formats

FORM, DIRECT, UPDATE = formats.FORM, formats.SPARQL_QUERY, formats.SPARQL_UPDATE
READ_ONLY = (
    "This endpoint is read-only: SPARQL Update is refused. The graph is rebuilt from its "
    "source files (ontology/, data/, shapes/) by `hmkg build`."
)
_UTF8 = {"utf-8", "utf8"}
# An absolute IRI: a scheme, then no character RFC 3987 forbids in IRIs.
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")


class ProtocolError(Exception):
    """A client mistake: HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class SparqlRequest:
    """What a protocol request asks for."""

    query: str | None  # None: no query, so the client wants the service description
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    format: str | None = None  # the format= (or output=) parameter, if any


def read_request(request: Request, max_body: int) -> SparqlRequest:
    """Return the SPARQL request a GET or POST carries, or raise ProtocolError."""
    if len(request.query_string) > max_body:
        raise ProtocolError(414, f"URL too long: the limit is {max_body} bytes; send the query by POST.")
    if request.method in ("GET", "HEAD"):
        params = parse_params(request.query_string)
        return _from_params(params, query_required=False)
    _check_size(request, max_body)
    mimetype, charset = request.mimetype, request.mimetype_params.get("charset")
    if charset is not None and charset.lower() not in _UTF8:
        raise ProtocolError(415, f"Unsupported charset {charset!r}: requests must be UTF-8.")
    if mimetype == FORM:
        params = parse_params(request.query_string) + parse_params(_body(request, max_body))
        return _from_params(params, query_required=True)
    if mimetype == DIRECT:
        return _from_direct_post(request, max_body)
    if mimetype == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    shown = f"Content-Type {mimetype!r}" if mimetype else "no Content-Type"
    raise ProtocolError(
        415, f"Unsupported POST with {shown}: send {FORM} (query=...) or {DIRECT} (the query as the body)."
    )


# Short parameter strings with few parameters are decoded once and remembered (parse_params).
REMEMBER_UP_TO = 8 * 1024  # bytes: a long query fits; a 100 KB one is not kept
REMEMBER_PARAMS_UP_TO = 8  # parameters: query, format and a few graph IRIs
REMEMBERED = 256  # strings


def parse_params(raw: bytes) -> tuple[tuple[str, str], ...]:
    """Decode URL-encoded parameters strictly as UTF-8 ('+' is a space).

    Clients send the same queries again and again (the query page's examples, dashboards
    polling), and decoding a percent-encoded 2 KB query in Python (urllib's unquote) took
    50 us, a quarter of an answer from the answer cache; so a short string of a few
    parameters is decoded once and remembered. An entry holds at most REMEMBER_UP_TO bytes
    and its decoded text (up to four bytes a character), so the memo stays under about 10 MB
    per server process; a string of many tiny parameters, which would cost more to keep, is
    decoded every time.
    """
    if len(raw) <= REMEMBER_UP_TO and raw.count(b"&") < REMEMBER_PARAMS_UP_TO:
        return _parse_remembered(raw)
    return _parse(raw)


def _parse(raw: bytes) -> tuple[tuple[str, str], ...]:
    """Decode parameters (parse_params' work, without the memo)."""
    try:
        text = raw.decode("utf-8")
        return tuple(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(400, f"Parameters are not valid UTF-8: {error}.") from error


_parse_remembered = lru_cache(maxsize=REMEMBERED)(_parse)


def _from_params(params: tuple[tuple[str, str], ...], *, query_required: bool) -> SparqlRequest:
    """Build a request from decoded parameters (GET query string or POST form)."""
    queries = [value for name, value in params if name == "query"]
    updates = [value for name, value in params if name == "update"]
    if queries and updates:
        raise ProtocolError(400, "A request carries either 'query' or 'update', not both.")
    if updates:
        raise ProtocolError(403, READ_ONLY)
    if len(queries) > 1:
        raise ProtocolError(400, f"Exactly one 'query' parameter is allowed; got {len(queries)}.")
    if not queries and query_required:
        raise ProtocolError(400, "Missing 'query' parameter.")
    return _with_dataset(queries[0] if queries else None, params)


def _from_direct_post(request: Request, max_body: int) -> SparqlRequest:
    """Build a request from a POST whose body is the query itself."""
    params = parse_params(request.query_string)
    if any(name in ("query", "update") for name, _ in params):
        raise ProtocolError(400, f"With {DIRECT} the query is the body; no 'query'/'update' parameter.")
    try:
        query = _body(request, max_body).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"The query body is not valid UTF-8: {error}.") from error
    return _with_dataset(query, params)


def _with_dataset(query: str | None, params: tuple[tuple[str, str], ...]) -> SparqlRequest:
    """Attach the dataset and format parameters, checking each graph IRI."""
    if query is not None and not query.strip():
        raise ProtocolError(400, "The query is empty.")
    defaults = tuple(value for name, value in params if name == "default-graph-uri")
    named = tuple(value for name, value in params if name == "named-graph-uri")
    for iri in defaults + named:
        if not _ABSOLUTE_IRI.match(iri):
            raise ProtocolError(400, f"Graph IRI {iri!r} is not an absolute IRI.")
    formats = [value for name, value in params if name == "format"]
    formats += [value for name, value in params if name == "output"]
    return SparqlRequest(query, defaults, named, formats[0] if formats else None)


def _check_size(request: Request, max_body: int) -> None:
    """Refuse a chunked body, or one the client declares too large, before reading it.

    Chunked bodies are refused (411) because granian 2.8 ends a chunked body silently at a
    framing error (src/wsgi/types.rs maps a body error to an empty read), so a cut query
    would run as if whole. Every SPARQL client tried (SPARQLWrapper, rdflib, Comunica,
    requests, curl) sends Content-Length.
    """
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise ProtocolError(411, "Chunked request bodies are not accepted: send the body with "
                                 "a Content-Length header (every SPARQL client does).")
    if request.content_length is not None and request.content_length > max_body:
        raise ProtocolError(413, f"Request body too large: the limit is {max_body} bytes.")


def _body(request: Request, max_body: int) -> bytes:
    """Read the whole body, refusing one over max_body bytes (413), never cutting it.

    werkzeug stops a stream without Content-Length at MAX_CONTENT_LENGTH and raises only when
    read past that, so the body is read to its end, not to the limit; a body shorter than
    its Content-Length (the client hung up) is refused rather than run cut.
    """
    too_large = ProtocolError(413, f"Request body too large: the limit is {max_body} bytes.")
    parts, size = [], 0
    try:
        while part := request.stream.read(64 * 1024):
            size += len(part)
            if size > max_body:
                raise too_large
            parts.append(part)
    except RequestEntityTooLarge:
        raise too_large from None
    except ClientDisconnected:
        raise ProtocolError(400, "The request body ended before its declared length.") from None
    if request.content_length is not None and size != request.content_length:
        raise ProtocolError(400, f"The request body has {size} bytes; Content-Length "
                                 f"declared {request.content_length}.")
    return b"".join(parts)
