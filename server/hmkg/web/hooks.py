"""App-wide HTTP behaviour, applied once to every route: CORS, gzip, timing and access log."""

from __future__ import annotations

import gzip
import logging
import re
import threading
import time
from collections import OrderedDict

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from hmkg import formats

access_log = logging.getLogger("hmkg.access")

EXPOSED = "Content-Length, ETag, Link, Retry-After, Server-Timing, HMKG-Result-Cap, HMKG-Result-Capped"
ALLOWED_HEADERS = "Accept, Accept-Encoding, Accept-Language, Content-Type, Cache-Control, X-Requested-With"
_HEADER_LIST = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$")
_COMPRESSIBLE = re.compile(
    r"^(text/.*|application/(.*\+json|.*\+xml|json|xml|javascript|n-triples|n-quads|trig)|image/svg\+xml)$"
)
MIN_GZIP = 256  # smaller bodies gain nothing
MAX_GZIP = 64 * 1024 * 1024  # release files stay well below; avoid holding more in memory
GZIP_CACHE_ENTRIES = 32  # compressed bodies kept by ETag: the release files and static assets
_gzipped: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_gzipped_lock = threading.Lock()
_CORS = (("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", EXPOSED),
         ("Timing-Allow-Origin", "*"))


def install(app: Flask) -> None:
    """Attach the hooks to an app (the access log only when its ACCESS_LOG is on)."""
    app.before_request(_start_clock)
    if app.config["ACCESS_LOG"]:
        app.after_request(_log)  # after_request hooks run last-registered first: this one last
    app.after_request(_finish)
    app.register_error_handler(405, _method_not_allowed)


def _start_clock() -> None:
    """Remember when the request started."""
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    """Add CORS and timing headers, and compress."""
    _cors(response)
    _gzip(response)
    g.elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    timing = f"app;dur={g.elapsed_ms:.1f}"
    engine_ms = g.get("engine_ms")
    if engine_ms is not None:
        timing = f"engine;dur={engine_ms:.1f}, {timing}"
    _put(response, (("Server-Timing", timing),))
    return response


def _log(response: Response) -> Response:
    """Log the request: method, path, status, the time Server-Timing gives, rows."""
    rows = g.get("rows")
    access_log.info(
        "%s %s %d %.1fms rows=%s", request.method, request.path, response.status_code,
        g.elapsed_ms, "-" if rows is None else rows,
    )
    return response


def _put(response: Response, pairs: tuple[tuple[str, str], ...]) -> None:
    """Set headers; appending when the first is absent (the usual case) skips set()'s scans."""
    if pairs[0][0] in response.headers:
        response.headers.update(pairs)
    else:
        response.headers.extend(pairs)


def _cors(response: Response) -> None:
    """Open every (read-only) route to scripts from any origin, and answer preflights."""
    _put(response, _CORS)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted(response.allow)) or "GET, HEAD, POST, OPTIONS"
        asked = request.headers.get("Access-Control-Request-Headers", "")
        response.headers["Access-Control-Allow-Headers"] = asked if _HEADER_LIST.match(asked) else ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"


def _gzip(response: Response) -> None:
    """Compress a textual body when the client accepts gzip."""
    if not _compressible(response):
        return
    response.vary.add("Accept-Encoding")
    if request.accept_encodings["gzip"] <= 0:
        return
    body = _read_body(response)
    if len(body) < MIN_GZIP:
        return
    etag, weak = response.get_etag()
    response.set_data(_compress(body, etag))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # byte ranges would address the gzip stream
    if etag and not weak:
        response.set_etag(etag, weak=True)


def _compress(body: bytes, etag: str | None) -> bytes:
    """Gzip a body; a body with an ETag (files, YASGUI's 1 MB script) is compressed once."""
    if etag is None:
        return gzip.compress(body, compresslevel=6, mtime=0)
    key = (etag, len(body))
    with _gzipped_lock:
        cached = _gzipped.get(key)
    if cached is None:
        cached = gzip.compress(body, compresslevel=6, mtime=0)
        with _gzipped_lock:
            _gzipped[key] = cached
            while len(_gzipped) > GZIP_CACHE_ENTRIES:
                _gzipped.popitem(last=False)
    return cached


def _read_body(response: Response) -> bytes:
    """Return the whole body; a file from send_file is read into memory and closed."""
    if not response.direct_passthrough:
        return response.get_data()
    source = response.response
    try:
        body = b"".join(source)
    finally:
        getattr(source, "close", lambda: None)()
    response.direct_passthrough = False
    response.set_data(body)
    return body


def _compressible(response: Response) -> bool:
    """Say whether this response is worth compressing at all."""
    if response.status_code < 200 or response.status_code in (204, 206, 304):
        return False
    if "Content-Encoding" in response.headers or not _COMPRESSIBLE.match(response.mimetype or ""):
        return False
    if response.is_streamed and not response.direct_passthrough:
        return False  # a generator: compressing would buffer it all
    length = response.content_length
    if length is not None and length < MIN_GZIP and not response.direct_passthrough:
        return False  # never compressed at this size, so no Vary: Accept-Encoding either
    return length is None or length <= MAX_GZIP


def _method_not_allowed(error: HTTPException) -> Response:
    """Answer a method the route does not support, in plain text, with Allow."""
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    allowed = headers.get("Allow", "")
    message = f"Method {request.method} is not allowed here; use {allowed}.\n"
    return Response(message, status=405, headers=headers, content_type=formats.PLAIN_TEXT)
