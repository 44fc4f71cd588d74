"""A large body is never sent into an auth challenge (engine/remote_http.py).

The store here behaves as Virtuoso's Digest endpoints can: a request without credentials gets
401 and the connection is closed at once, unread body and all. A client that sends the body
first then fails with a broken pipe; hmkg asks for the challenge with a HEAD and sends the
body once, already answering it.
"""

from __future__ import annotations

import hashlib
import socket
import socketserver
import threading
import urllib.request

import pytest

from hmkg.engine.base import EngineUnavailable
from hmkg.engine import remote_http
from hmkg.engine.remote_http import HttpClient

REALM, NONCE, USER, PASSWORD = "hmkg-test", "5f1c0ffee", "dba", "s3cret-pass"
BODY = b"<http://example.org/s> <http://example.org/p> \"o\" .\n" * 700_000  # ~36 MB


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 (RFC 2617 Digest is MD5)


def _digest_is_right(header: str, method: str, uri: str) -> bool:
    """Check an Authorization: Digest header as the server would (qop=auth, MD5)."""
    fields = urllib.request.parse_keqv_list(
        urllib.request.parse_http_list(header.partition(" ")[2]))
    ha1 = _md5(f"{USER}:{REALM}:{PASSWORD}")
    ha2 = _md5(f"{method}:{uri}")
    expected = _md5(f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
    return fields.get("username") == USER and fields.get("uri") == uri \
        and fields.get("response") == expected


class _ChallengingStore(socketserver.StreamRequestHandler):
    """401 and close for anything unauthenticated; 204 after reading a correctly signed body."""

    received: list[tuple[str, int]]

    def handle(self):
        head = self.rfile.readline().decode("latin-1").split()
        headers = {}
        while (line := self.rfile.readline().decode("latin-1").strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, uri = head[0], head[1]
        auth = headers.get("authorization", "")
        if not auth.startswith("Digest ") or not _digest_is_right(auth, method, uri):
            self.wfile.write(
                b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n"
                + f'WWW-Authenticate: Digest realm="{REALM}", nonce="{NONCE}", '
                  f'qop="auth", algorithm=MD5\r\n\r\n'.encode())
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)  # the body stays unread
            return
        length = int(headers.get("content-length", "0"))
        body = self.rfile.read(length)
        self.received.append((method, len(body)))
        self.wfile.write(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")


@pytest.fixture()
def store():
    handler = type("Handler", (_ChallengingStore,), {"received": []})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql-graph-crud-auth?graph=x", handler
    server.shutdown()
    server.server_close()


def test_a_large_body_goes_once_with_the_challenge_answered(store):
    url, handler = store
    reply = HttpClient(USER, PASSWORD).send("PUT", url, body=BODY,
                                            headers={"Content-Type": "application/n-triples"})
    assert reply.status == 204
    assert handler.received == [("PUT", len(BODY))]


def test_sent_into_the_challenge_the_body_breaks_off(store, monkeypatch):
    """The failure the pre-authorisation avoids (what a plain urllib client gets)."""
    url, handler = store
    monkeypatch.setattr(remote_http, "PREAUTH_BYTES", len(BODY) + 1)
    with pytest.raises(EngineUnavailable):
        HttpClient(USER, PASSWORD).send("PUT", url, body=BODY,
                                        headers={"Content-Type": "application/n-triples"})
    assert handler.received == []
