"""bench/probes.py (issue 13's hostile-client probes): what they send, how they read the
server's first reaction, how run.py's servers part runs the servers and records them, and how
the two issue-13 targets judge the result. No HTTP server is started: the reader is fed
through a socketpair, and the servers are stand-ins."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import probes  # noqa: E402
import run  # noqa: E402
import servers  # noqa: E402
import targets  # noqa: E402
from probes import NO_ANSWER, Probe  # noqa: E402
from report import Key, Results  # noqa: E402
from targets import Verdict, judge  # noqa: E402

STALLED = next(t for t in targets.TARGETS if t.measured.metric == probes.STALLED_ASK)
LONG = next(t for t in targets.TARGETS if t.measured.metric == probes.LONG_LINE)


@pytest.mark.parametrize(("received", "ended", "expected"), [
    (b"HTTP/1.1 414 URI Too Long\r\n", "closed", "HTTP 414"),
    (b"HTTP/1.0 200 OK\r\nContent-Type: x\r\n", NO_ANSWER, "HTTP 200"),
    (b"HTTP/1.1 400", "closed", "HTTP 400"),  # a status, then the connection ended
    (b"HTTP/2 431 \r\n", "reset", "HTTP 431"),
    (b"", "closed", "closed"),
    (b"", "reset", "reset"),
    (b"HTTP/1.1 4", "reset", "reset"),  # no whole status code
    (b"SSH-2.0-x\r\n", "closed", "closed"),  # not HTTP
    (b" HTTP/1.1 200 OK\r\n", "closed", "closed"),  # a status line starts the answer
])
def test_the_first_reaction_is_the_status_else_how_the_connection_ended(received, ended,
                                                                         expected):
    assert probes.outcome(received, ended) == expected


def test_a_stalled_header_never_ends():
    head = probes.partial_header("127.0.0.1", 8000, "/sparql")
    assert head == (b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
                    b"User-Agent: hmkg-bench-stall\r\n")
    assert b"\r\n\r\n" not in head


def test_the_long_request_line_has_exactly_the_size_asked():
    line = probes.long_line("/sparql", probes.LONG_LINE_BYTES)
    assert len(line) == 10 * 1024 * 1024
    assert line.startswith(b"GET /sparql?query=aaa") and line.endswith(b"aaa HTTP/1.1\r\n")
    assert line.count(b" ") == 2 and line.count(b"\r\n") == 1
    assert probes.long_line("/q", 25) == b"GET /q?query=a HTTP/1.1\r\n"


def test_a_request_line_too_short_for_its_path_is_refused():
    with pytest.raises(ValueError, match="needs at least 24 bytes, not 23"):
        probes.long_line("/q", 23)


def test_the_probes_talk_to_loopback_only():
    with pytest.raises(ValueError, match="only talk to loopback, not http://example.org/s"):
        probes.long_request_line("http://example.org/s", size=100)


def test_the_complete_request_ends_its_header_and_closes():
    assert probes.request("127.0.0.1", 9, "/q?query=ASK%20%7B%7D") == (
        b"GET /q?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:9\r\n"
        b"Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n")


def _reaction(feed) -> str:
    """Run the probe's reader on one end of a socketpair after feed(other end)."""
    ours, theirs = socket.socketpair()
    try:
        feed(theirs)
        return probes._first_reaction(ours, deadline=time.perf_counter() + 0.2)
    finally:
        ours.close()
        theirs.close()


def test_the_reader_sees_a_status_line_sent_in_pieces():
    def feed(peer):
        peer.sendall(b"HTTP/1.1 41")
        peer.sendall(b"4 URI Too Long\r\nConnection: close\r\n")
    assert _reaction(feed) == "HTTP 414"


def test_the_reader_sees_a_close_without_an_answer():
    assert _reaction(lambda peer: peer.shutdown(socket.SHUT_WR)) == "closed"


def test_the_reader_gives_up_at_its_deadline():
    started = time.perf_counter()
    assert _reaction(lambda peer: peer.sendall(b"HTTP/1.1 2")) == NO_ANSWER
    assert 0.2 <= time.perf_counter() - started < 1.0


def _recorded(ask: Probe, line: Probe) -> Results:
    results = Results()
    probes.record(results, "hmkg", 64, ask, line)
    return results


def test_an_answered_ask_and_a_refused_line_are_recorded_as_measured():
    results = _recorded(Probe(0.012, "HTTP 200"), Probe(0.0405, "closed"))
    assert results.rows == [
        ("servers", "hmkg", "stalled connections (of 64)", 64, ""),
        ("servers", "hmkg", "ASK s with 64 stalled", 0.012, "s"),
        ("servers", "hmkg", "10 MB line refused ms", 40.5, "ms"),
        ("servers", "hmkg", "10 MB line answer", "closed", ""),
    ]
    assert (results.notes, results.missing) == ({}, {})
    assert [judge(t, results).verdict for t in (STALLED, LONG)] == [Verdict.PASS, Verdict.PASS]


def test_a_probe_that_gave_up_records_a_lower_bound_with_a_note_and_fails():
    results = _recorded(Probe(40.03, NO_ANSWER), Probe(40.01, NO_ANSWER))
    assert results.get("servers", "hmkg", "ASK s with 64 stalled") == 40.03
    assert results.notes == {
        Key("servers", "hmkg", "ASK s with 64 stalled"):
            "no answer: the probe gave up after 40.0 s",
        Key("servers", "hmkg", "10 MB line refused ms"):
            "not refused: the probe gave up after 40.0 s",
    }
    outcomes = [judge(t, results) for t in (STALLED, LONG)]
    assert [(o.verdict, o.reason) for o in outcomes] == [
        (Verdict.FAIL, "no answer: the probe gave up after 40.0 s"),
        (Verdict.FAIL, "not refused: the probe gave up after 40.0 s")]


def test_an_ask_answered_with_an_error_is_no_latency_and_fails():
    results = _recorded(Probe(0.003, "HTTP 503"), Probe(0.05, "HTTP 414"))
    assert results.get("servers", "hmkg", "ASK s with 64 stalled") is None
    outcome = judge(STALLED, results)
    assert (outcome.verdict, outcome.reason) == (Verdict.FAIL,
                                                 "ASK answered HTTP 503 after 0.00 s")


@pytest.mark.parametrize(("seconds", "verdict"), [(1.0, Verdict.PASS), (1.01, Verdict.FAIL)])
def test_the_stalled_ask_passes_up_to_one_second(seconds, verdict):
    assert judge(STALLED, _recorded(Probe(seconds, "HTTP 200"), Probe(0.01, "reset"))
                 ).verdict is verdict


@pytest.mark.parametrize(("ms", "verdict"), [(99.9, Verdict.PASS), (100.0, Verdict.FAIL)])
def test_the_long_line_must_be_refused_in_under_100_ms(ms, verdict):
    assert judge(LONG, _recorded(Probe(0.01, "HTTP 200"), Probe(ms / 1e3, "HTTP 400"))
                 ).verdict is verdict


def test_only_hmkg_after_the_change_is_judged():
    judged = {t.measured for t in targets.TARGETS if t.measured.section == "servers"}
    assert judged == {Key("servers", "hmkg", "ASK s with 64 stalled"),
                      Key("servers", "hmkg", "10 MB line refused ms")}


class _FakeServer:
    """Stands in for servers.Server: a URL, and whether stop() was called."""

    def __init__(self, name: str) -> None:
        self.url, self.stopped = f"http://127.0.0.1:1/{name}", False

    def stop(self) -> None:
        self.stopped = True


def test_the_servers_part_runs_before_after_and_peers_in_order_and_stops_each(monkeypatch,
                                                                              tmp_path):
    started: list[_FakeServer] = []

    def hmkg(dist, server="serve"):
        started.append(_FakeServer(servers.hmkg_name(server)))
        return started[-1], 0.1

    def oxigraph(dump, work):
        raise servers.Unavailable("no Oxigraph server binary")

    def rdflib(dump):
        started.append(_FakeServer("rdflib-endpoint"))
        return started[-1]

    monkeypatch.setattr(run, "release", lambda: tmp_path)
    monkeypatch.setattr(run, "served_dump", lambda dist, work: tmp_path / "served.nq")
    monkeypatch.setattr(run, "start_hmkg", hmkg)
    monkeypatch.setattr(run, "start_oxigraph", oxigraph)
    monkeypatch.setattr(run, "start_rdflib_endpoint", rdflib)
    results, measured = Results(), []
    run._each_server(results, "servers", ("gunicorn", "serve"),
                     lambda name, server: measured.append((name, server.url, server.stopped)))
    assert measured == [("hmkg-gunicorn", "http://127.0.0.1:1/hmkg-gunicorn", False),
                        ("hmkg", "http://127.0.0.1:1/hmkg", False),
                        ("rdflib-endpoint", "http://127.0.0.1:1/rdflib-endpoint", False)]
    assert [s.stopped for s in started] == [True, True, True]
    assert results.missing == {("servers", "oxigraph"): ("no Oxigraph server binary", False)}


# A process of its own that burns CPU, says how much, and waits: the test worker's own tree
# also holds other tests' children, so it cannot be the one measured.
_BURNER = ("import sys, time\n"
           "deadline = time.process_time() + 0.3\n"
           "while time.process_time() < deadline: pass\n"
           "print(time.process_time(), flush=True)\n"
           "sys.stdin.read()\n")


def test_a_server_tree_reports_its_cpu_time():
    with subprocess.Popen([sys.executable, "-c", _BURNER], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as burner:
        spent = float(burner.stdout.readline())
        ticks = servers.tree_cpu_ticks(burner.pid)
        matched = servers.tree_cpu_ticks(burner.pid, "-c")
        unmatched = servers.tree_cpu_ticks(burner.pid, "--no-such-argument")
        burner.stdin.close()
    assert list(ticks) == list(matched) and len(ticks) == 1
    (pid, _started), = ticks
    assert pid == burner.pid
    assert abs(sum(ticks.values()) / os.sysconf("SC_CLK_TCK") - spent) < 0.05
    assert unmatched == {}
