"""The time limit really stops the work, other queries go on meanwhile, and the result cap
is never silent."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.query import Result

from hmkg import settings
from hmkg.engine import QueryTimeout, QueryTooLarge, open_engine
from hmkg.engine.embedded import EmbeddedEngine

JSON = "application/sparql-results+json"
LOOKUP = "SELECT ?o WHERE { <http://example.org/a> <http://example.org/count> ?o }"
# Twelve independent patterns over the whole graph: 10^12 combinations, counted (so nothing
# streams out early); it never finishes on its own.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { %s }" % " ".join(
    f"?s{i} ?p{i} ?o{i} ." for i in range(12))


@pytest.fixture
def own_engine(tiny_dist, tmp_path):
    """A two-worker engine over a private copy of the release, so its workers are findable."""
    shutil.copy(tiny_dist / "hmkg.nq", tmp_path / "hmkg.nq")
    opened = EmbeddedEngine(settings.load({"DIST": tmp_path, "QUERY_WORKERS": 2, "QUERY_TIMEOUT": 20.0}))
    opened.graph_sizes()  # wait until a worker is ready
    yield opened, tmp_path
    opened.close()


def worker_pids(dist: Path, parent: int | None = None) -> set[int]:
    """Return the pids of live query workers serving `dist` (children of `parent` if given)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        alive = stat[0] not in ("Z", "X")
        if alive and int(stat[1]) == (parent or int(stat[1])) \
                and "hmkg.engine.worker" in cmdline and str(dist) in cmdline:
            pids.add(int(entry.name))
    return pids


def wait_for(condition, seconds: float = 20.0) -> bool:
    """Poll a condition until it holds or the time is up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_overrun_is_killed_and_the_next_query_answers_at_once(own_engine):
    engine, dist = own_engine
    assert wait_for(lambda: len(worker_pids(dist, os.getpid())) == 2)
    before = worker_pids(dist, os.getpid())
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        engine.query(CARTESIAN, solutions_format=JSON, graph_format=None, timeout=1.0)
    assert 1.0 <= time.monotonic() - started < 2.0
    assert len(before - worker_pids(dist, os.getpid())) == 1  # the busy worker is gone, not left running
    started = time.monotonic()
    assert engine.query(LOOKUP, solutions_format=JSON, graph_format=None).rows == 1
    assert time.monotonic() - started < 0.5
    assert wait_for(lambda: len(worker_pids(dist, os.getpid())) == 2)  # a replacement took its place


def test_a_stuck_query_does_not_block_others(own_engine):
    engine, _ = own_engine
    outcome = []

    def stuck():
        try:
            engine.query(CARTESIAN, solutions_format=JSON, graph_format=None, timeout=4.0)
        except QueryTimeout as error:
            outcome.append(error)

    thread = threading.Thread(target=stuck)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    answers = [engine.query(LOOKUP, solutions_format=JSON, graph_format=None) for _ in range(20)]
    assert time.monotonic() - started < 2.0
    assert thread.is_alive()  # the stuck query was still running all along
    assert [a.rows for a in answers] == [1] * 20
    thread.join()
    assert len(outcome) == 1


def test_threads_sharing_the_pool_each_get_their_own_answer(engine):
    def ask(thread: int, failures: list) -> None:
        for turn in range(40):
            number = thread * 1000 + turn
            answer = engine.query(f"SELECT ?n WHERE {{ BIND({number} AS ?n) }}",
                                  solutions_format="text/csv", graph_format=None)
            if answer.body != f"n\r\n{number}\r\n".encode():
                failures.append((number, answer.body))

    failures: list = []
    threads = [threading.Thread(target=ask, args=(i, failures)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_when_every_worker_is_stuck_a_query_times_out_then_service_resumes(tiny_dist, tmp_path):
    shutil.copy(tiny_dist / "hmkg.nq", tmp_path / "hmkg.nq")
    engine = EmbeddedEngine(settings.load({"DIST": tmp_path, "QUERY_WORKERS": 1}))
    engine.graph_sizes()  # wait until the only worker is ready
    try:
        thread = threading.Thread(target=_stuck_runner(engine, 2.0))
        thread.start()
        time.sleep(0.3)
        with pytest.raises(QueryTimeout, match="no query worker became free"):
            engine.query(LOOKUP, solutions_format=JSON, graph_format=None, timeout=0.5)
        thread.join()
        assert engine.query(LOOKUP, solutions_format=JSON, graph_format=None, timeout=20).rows == 1
    finally:
        engine.close()


def _stuck_runner(engine, timeout: float):
    """Return a function that runs the never-ending query and expects QueryTimeout."""
    def run():
        with pytest.raises(QueryTimeout):
            engine.query(CARTESIAN, solutions_format=JSON, graph_format=None, timeout=timeout)
    return run


def test_a_query_over_the_memory_cap_is_stopped(tiny_dist, tmp_path):
    shutil.copy(tiny_dist / "hmkg.nq", tmp_path / "hmkg.nq")
    engine = EmbeddedEngine(settings.load({"DIST": tmp_path, "QUERY_WORKERS": 2,
                                            "QUERY_MEMORY_MB": 400}))
    engine.graph_sizes()
    sorting_everything = CARTESIAN.replace("(COUNT(*) AS ?n)", "*") + " ORDER BY ?o1 ?o2"
    try:
        with pytest.raises(QueryTooLarge, match="400 MB"):
            engine.query(sorting_everything, solutions_format=JSON, graph_format=None, timeout=60)
        assert engine.query(LOOKUP, solutions_format=JSON, graph_format=None).rows == 1
        assert wait_for(lambda: len(worker_pids(tmp_path, os.getpid())) == 2)
    finally:
        engine.close()


SUPERVISOR = f"""
import sys, threading, time
from hmkg import settings
from hmkg.engine.embedded import EmbeddedEngine
engine = EmbeddedEngine(settings.load({{"DIST": sys.argv[1], "QUERY_WORKERS": 2}}))
engine.graph_sizes()
threading.Thread(target=engine.query, args=({CARTESIAN!r},), daemon=True,
                 kwargs=dict(solutions_format="text/csv", graph_format=None, timeout=600)).start()
print("running", flush=True)
time.sleep(600)
"""


def test_workers_die_with_a_killed_supervisor(tiny_dist, tmp_path):
    shutil.copy(tiny_dist / "hmkg.nq", tmp_path / "hmkg.nq")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with subprocess.Popen([sys.executable, "-c", SUPERVISOR, str(tmp_path)],
                          stdout=subprocess.PIPE, env=env, text=True) as supervisor:
        try:
            assert supervisor.stdout.readline().strip() == "running"
            assert wait_for(lambda: len(worker_pids(tmp_path, supervisor.pid)) == 2)
            time.sleep(0.3)  # let the never-ending query start
        finally:
            supervisor.kill()  # SIGKILL: no atexit, no finaliser runs
    assert wait_for(lambda: not worker_pids(tmp_path), seconds=10)


SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.mark.parametrize(("limit", "rows", "capped"), [(3, 3, True), (0, 0, True),
                                                       (10, 10, False), (11, 10, False)])
def test_select_cap_is_never_silent(engine, limit, rows, capped):
    answer = engine.query(SELECT_ALL, solutions_format=JSON, graph_format=None, limit=limit)
    assert (answer.rows, answer.capped) == (rows, capped)
    assert len(list(Result.parse(io.BytesIO(answer.body), format="json"))) == rows


@pytest.mark.parametrize(("limit", "rows", "capped"), [(4, 4, True), (10, 10, False)])
def test_construct_cap_is_never_silent(engine, limit, rows, capped):
    answer = engine.query("CONSTRUCT WHERE { ?s ?p ?o }", solutions_format=None,
                          graph_format="application/n-triples", limit=limit)
    assert (answer.rows, answer.capped) == (rows, capped)
    assert len(Graph().parse(data=answer.body, format="nt")) == rows


def test_configured_defaults_apply_when_the_caller_gives_none(tiny_dist):
    engine = open_engine(settings.load({"DIST": str(tiny_dist), "RESULT_CAP": "2", "QUERY_TIMEOUT": "1",
                                        "QUERY_WORKERS": "1", "SERVICE_ALLOWLIST": ""}))
    try:
        answer = engine.query(SELECT_ALL, solutions_format=JSON, graph_format=None)
        assert (answer.rows, answer.capped) == (2, True)
        with pytest.raises(QueryTimeout):
            engine.query(CARTESIAN, solutions_format=JSON, graph_format=None)
    finally:
        engine.close()


def test_a_missing_release_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="hmkg.nq"):
        open_engine(settings.load({"DIST": str(tmp_path)}))


def test_a_crashed_query_process_is_reported_as_a_death_and_replaced(tiny_dist, caplog):
    # Limits lifted so the query reaches pyoxigraph, whose parser overflows its stack.
    from hmkg.engine import QueryProcessDied
    from hmkg.engine.pool import query_hash

    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    engine = EmbeddedEngine(settings.load({"DIST": tiny_dist, "QUERY_WORKERS": 1,
                                           "QUERY_MAX_TOKENS": 10**6, "QUERY_MAX_DEPTH": 10**6}))
    try:
        with caplog.at_level("WARNING", logger="hmkg.engine"):
            with pytest.raises(QueryProcessDied, match=r"query process died \(signal SIGSEGV\)"):
                engine.query(deep, solutions_format=JSON, graph_format=None)
        assert query_hash(deep) in caplog.text
        answer = engine.query("ASK {}", solutions_format=JSON, graph_format=None)
        assert json.loads(answer.body) == {"head": {}, "boolean": True}
    finally:
        engine.close()
