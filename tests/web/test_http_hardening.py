"""The HTTP layer against hostile clients, over raw sockets to a live `hmkg serve` (granian).

Assertions are functional (the ASK is answered while 64 connections stall; an over-long
request line gets its refusal and a closed connection); the timings behind them are in
bench/ and docs/sparql-endpoint.md. Each socket wait is bounded well under the old failure
(gunicorn: 33 s for the ASK, 19-30 s for the 10 MB line) so a regression fails, not hangs.
"""

from __future__ import annotations

import socket
import time
from contextlib import ExitStack, closing

import pytest

pytestmark = pytest.mark.slow

WAIT = 5.0  # seconds any single answer may take here
ASK = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"


def _address(live_server) -> tuple[str, int]:
    host, port = live_server.url.removeprefix("http://").split(":")
    return host, int(port)


def _connect(live_server) -> socket.socket:
    sock = socket.create_connection(_address(live_server), timeout=WAIT)
    sock.settimeout(WAIT)
    return sock


def _exchange(live_server, request: bytes) -> tuple[int, bytes]:
    """Send raw bytes; return the status code and body of the answer (read to the close)."""
    with closing(_connect(live_server)) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the whole request was sent: read the refusal
        return _read_response(sock)


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    """Read until the server closes; return the status code and body."""
    data = b""
    while True:
        try:
            part = sock.recv(65536)
        except ConnectionResetError:
            break
        if not part:
            break
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 "), data[:200]
    return int(head.split(b" ")[1]), body


def test_an_ask_is_answered_while_64_connections_stall(live_server):
    with ExitStack() as stack:
        for _ in range(64):  # slowloris: half a header each, then silence
            sock = stack.enter_context(closing(_connect(live_server)))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\nX-Slow: a")
        started = time.monotonic()
        status, body = _exchange(live_server, ASK)
        elapsed = time.monotonic() - started
    assert (status, body) == (200, b'{"head":{},"boolean":true}')
    assert elapsed < WAIT


@pytest.mark.parametrize("request_bytes", [
    b"GET /sparql?query=" + b"a" * (10 * 1024 * 1024) + b" HTTP/1.1\r\nHost: t\r\n\r\n",
    b"GET /sparql HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * (1024 * 1024) + b"\r\n\r\n",
], ids=["10MB-request-line", "1MB-header"])
def test_an_over_long_request_head_is_refused_without_being_read(live_server, request_bytes):
    status, _ = _exchange(live_server, request_bytes)
    assert status == 431


def _post(body_headers: bytes, body: bytes) -> bytes:
    return (b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\n"
            b"Connection: close\r\n" + body_headers + b"\r\n" + body)


def _chunked(data: bytes, size: int = 8192) -> bytes:
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


@pytest.mark.parametrize("body", [
    _chunked(b"SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + b"x" * (200 * 1024)),  # over the limit
    b"6\r\nASK {}\r\nzz\r\n}\r\n0\r\n\r\n",  # a malformed chunk-size line after a good chunk
    _chunked(b"ASK {}"),
], ids=["over-the-limit", "malformed-framing", "well-formed"])
def test_a_chunked_body_is_never_run(live_server, body):
    status, message = _exchange(live_server, _post(b"Transfer-Encoding: chunked\r\n", body))
    assert status == 411
    assert b"Content-Length" in message


def test_a_body_over_the_limit_is_413(live_server):
    body = b"ASK {} #" + b"x" * (200 * 1024)
    status, message = _exchange(live_server, _post(b"Content-Length: %d\r\n" % len(body), body))
    assert (status, message) == (413, b"Request body too large: the limit is 102400 bytes.\n")


def test_a_body_cut_short_is_refused_not_run(live_server):
    with closing(_connect(live_server)) as sock:
        sock.sendall(_post(b"Content-Length: 40\r\n", b"ASK {}"))
        sock.shutdown(socket.SHUT_WR)  # the client hangs up 34 bytes early
        status, message = _read_response(sock)
    assert (status, message) == (400, b"The request body has 6 bytes; Content-Length declared 40.\n")


def test_an_idle_keep_alive_connection_is_closed(live_server):
    timeout = live_server.settings["HTTP_HEADER_TIMEOUT"]
    with closing(_connect(live_server)) as sock:
        sock.settimeout(timeout + WAIT)
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: t\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        rest = b""
        while part := sock.recv(65536):  # the server closes the idle connection
            rest += part
        waited = time.monotonic() - started
    assert timeout - 1 < waited < timeout + WAIT
