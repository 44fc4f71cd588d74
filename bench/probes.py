"""Hostile-client probes for issue 13's HTTP figures: small raw-socket clients, loopback only.

Two things a public endpoint must survive, each timed from the side of a well-behaved client:

- stalled_then_ask(): STALLED connections each send the start of a request header and then
  nothing (slowloris); while they are held open, one plain `ASK {}` is sent on a fresh
  connection. Measured: seconds from connecting to the ASK's status line. A server that
  gives every connection a thread runs out of threads and makes the ASK wait.
- long_request_line(): one GET whose request line is LONG_LINE_BYTES long (a URL that is
  almost all query string). Measured: seconds from connecting until the server refuses it:
  the status line of any answer, or the connection closed or reset under the sender. A
  server that reads the whole line before refusing it spends CPU on every such request.

Each probe gives up after a timeout; its seconds are then a lower bound (outcome NO_ANSWER).
Bytes are sent by a separate thread so that an early refusal is seen while the sender is
still pushing the line.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

from loadgen import loopback
from report import Key, Results

STALLED = 64
LONG_LINE_BYTES = 10 * 1024 * 1024  # the 10 MB request line of issue 13
SETTLE = 0.5  # seconds for the server to take in the stalled connections before the ASK
CHUNK = 64 * 1024  # bytes per send of the long line
ASK = "ASK {}"
NO_ANSWER = "no answer"
STATUS_LINE = re.compile(rb"HTTP/\d(?:\.\d)? (\d{3})")

# Metric names in Results (section "servers", one row per server).
STALLED_OPEN = f"stalled connections (of {STALLED})"
STALLED_ASK = f"ASK s with {STALLED} stalled"
LONG_LINE = "10 MB line refused ms"
LONG_LINE_ANSWER = "10 MB line answer"
LONG_LINE_CPU = "10 MB line server CPU s"


@dataclass(frozen=True)
class Probe:
    """What one probe saw: seconds until the answer (or until it gave up), and the answer:
    "HTTP <status>", "closed", "reset", "not HTTP", "refused" (the connection itself) or
    NO_ANSWER."""

    seconds: float
    outcome: str


def outcome(received: bytes, ended: str) -> str:
    """Name what the server sent back: its status when the bytes start with a status line,
    else how the connection ended ("closed", "reset", NO_ANSWER)."""
    match = STATUS_LINE.match(received)
    return f"HTTP {match.group(1).decode()}" if match else ended


def partial_header(host: str, port: int, path: str) -> bytes:
    """Return the start of a GET request that never ends its header (no blank line)."""
    return (f"GET {path}?query=ASK%20%7B%7D HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "User-Agent: hmkg-bench-stall\r\n").encode("ascii")


def request(host: str, port: int, target: str) -> bytes:
    """Return a complete GET request for target that closes the connection after the answer."""
    return (f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n"
            ).encode("ascii")


def long_line(path: str, size: int) -> bytes:
    """Return a request line of exactly `size` bytes, CRLF included: GET path?query=aaa...
    HTTP/1.1."""
    start, end = f"GET {path}?query=".encode("ascii"), b" HTTP/1.1\r\n"
    if size < len(start) + len(end):
        raise ValueError(f"a request line for {path} needs at least {len(start) + len(end)} "
                         f"bytes, not {size}")
    return start + b"a" * (size - len(start) - len(end)) + end


def stalled_then_ask(url: str, *, stalled: int = STALLED, timeout: float = 40.0
                     ) -> tuple[int, Probe]:
    """Hold `stalled` connections open on a partial header, then time one `ASK {}`.

    Returns how many stalled connections were opened (a server may refuse some) and the ASK.
    """
    host, port, path = loopback(url)
    held: list[socket.socket] = []
    opened = 0
    try:
        for _ in range(stalled):  # stop at the first one the server does not take
            try:
                held.append(socket.create_connection((host, port), timeout=5.0))
                held[-1].sendall(partial_header(host, port, path))
            except OSError:
                break
            opened += 1
        time.sleep(SETTLE)
        ask = request(host, port, f"{path}?query={quote(ASK, safe='')}")
        return opened, exchange(host, port, ask, timeout)
    finally:
        for sock in held:
            sock.close()


def long_request_line(url: str, *, size: int = LONG_LINE_BYTES, timeout: float = 40.0) -> Probe:
    """Send a request line of `size` bytes and time how long until the server refuses it."""
    host, port, path = loopback(url)
    return exchange(host, port, long_line(path, size)
                    + f"Host: {host}:{port}\r\nConnection: close\r\n\r\n".encode("ascii"),
                    timeout)


def exchange(host: str, port: int, data: bytes, timeout: float) -> Probe:
    """Connect, send data from a thread, and time the server's first reaction (status line,
    close or reset) from the moment the connection was asked for."""
    started = time.perf_counter()
    deadline = started + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError:
        return Probe(time.perf_counter() - started, NO_ANSWER)
    except OSError:
        return Probe(time.perf_counter() - started, "refused")
    sender = threading.Thread(target=_send, args=(sock, data), daemon=True)
    sender.start()
    try:
        seen = _first_reaction(sock, deadline)
        return Probe(time.perf_counter() - started, seen)
    finally:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
        sender.join(5.0)


def _send(sock: socket.socket, data: bytes) -> None:
    """Send data in chunks; stop quietly when the server closes or resets the connection
    (that is what the reader times)."""
    view = memoryview(data)
    try:
        for at in range(0, len(view), CHUNK):
            sock.sendall(view[at:at + CHUNK])
    except OSError:
        pass


def _first_reaction(sock: socket.socket, deadline: float) -> str:
    """Read until a status line is complete, the connection ends, or the deadline passes."""
    received = b""
    while b"\r\n" not in received:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return outcome(received, NO_ANSWER)
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            return outcome(received, NO_ANSWER)
        except ConnectionResetError:
            return outcome(received, "reset")
        if not chunk:
            return outcome(received, "closed")
        received += chunk
    return outcome(received, "not HTTP")


def record(results: Results, name: str, opened: int, ask: Probe, line: Probe) -> None:
    """Record both probes for a server (section "servers").

    The ASK's seconds count only when it was answered 200 (a fast error is not service), or as
    a lower bound, with a note, when the probe gave up. The long line counts any reaction as a
    refusal (an error status, a close or a reset); when none came, its time is a lower bound.
    """
    results.add("servers", name, STALLED_OPEN, opened)
    if ask.outcome in ("HTTP 200", NO_ANSWER):
        results.add("servers", name, STALLED_ASK, ask.seconds, "s")
        if ask.outcome == NO_ANSWER:
            results.annotate(Key("servers", name, STALLED_ASK),
                             f"no answer: the probe gave up after {ask.seconds:.1f} s")
    else:
        results.unmeasured("servers", name, f"ASK answered {ask.outcome} after "
                           f"{ask.seconds:.2f} s", failed=True, metric=STALLED_ASK)
    results.add("servers", name, LONG_LINE, line.seconds * 1e3, "ms")
    results.add("servers", name, LONG_LINE_ANSWER, line.outcome)
    if line.outcome == NO_ANSWER:
        results.annotate(Key("servers", name, LONG_LINE),
                         f"not refused: the probe gave up after {line.seconds:.1f} s")

