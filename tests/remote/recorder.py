"""A tiny SPARQL endpoint on 127.0.0.1 that records every request and answers as told.

It stands in for a store where the test is about what hmkg sends (methods, headers, bodies),
what reaches the server at all, and how hmkg reads awkward replies (delays, errors, challenges).
"""

from __future__ import annotations

import base64
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EMPTY_RESULTS = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


@dataclass
class Script:
    """What the recorder answers: status, body, delay, and an optional Basic-auth login."""

    status: int = 200
    body: bytes = EMPTY_RESULTS
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0
    login: tuple[str, str] | None = None
    requests: list[dict] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    script: Script

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._answer(b"")

    def do_POST(self):  # noqa: N802
        self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _answer(self, body: bytes) -> None:
        script = self.script
        script.requests.append({"method": self.command, "path": self.path,
                                "headers": dict(self.headers), "body": body})
        if script.login and not self._logged_in(script.login):
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        time.sleep(script.delay)
        self.send_response(script.status)
        self.send_header("Content-Type", script.content_type)
        self.send_header("Content-Length", str(len(script.body)))
        self.end_headers()
        self.wfile.write(script.body)

    def _logged_in(self, login: tuple[str, str]) -> bool:
        expected = "Basic " + base64.b64encode(":".join(login).encode()).decode()
        return self.headers.get("Authorization") == expected

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


class Recorder:
    """Run the recording endpoint in a thread; `url` is its /sparql address."""

    def __init__(self, script: Script | None = None):
        self.script = script or Script()
        handler = type("Handler", (_Handler,), {"script": self.script})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list[dict]:
        """Return every request received so far."""
        return self.script.requests

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
