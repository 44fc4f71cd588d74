"""Measure what the killable worker pool costs per query: pool vs a direct Store.query.

Usage: python bench/engine_overhead.py [DIST] [--n 2000]
Prints p50/p99 (microseconds) of a lookup, a small aggregate and the competency questions
in turn (cq-mix; all are SELECT), run (a) directly on an
in-process pyoxigraph store and (b) through EmbeddedEngine.query (tokenise + policy, pipe to a
worker, query, serialise JSON, pipe back), single caller and 8 threads sharing 2 workers.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import threading
import time
from pathlib import Path

from pyoxigraph import NamedNode, QueryResultsFormat

from hmkg import settings
from hmkg.engine.embedded import SERVED_GRAPHS, EmbeddedEngine
from hmkg.engine.worker import load_store
from hmkg.queries import load_catalogue

JSON = "application/sparql-results+json"
QUERIES = {
    "lookup": "SELECT ?label WHERE { <https://w3id.org/hmkg/id/report/hsdr-2-14> "
              "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "aggregate": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
                 "ORDER BY DESC(?n) LIMIT 10",
}


def percentiles(samples: list[float]) -> str:
    """Format p50 and p99 of timings (seconds) in microseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1e6:8.0f} us   p99 {p99 * 1e6:8.0f} us"


def time_calls(call, n: int) -> list[float]:
    """Time n calls of a function."""
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def threaded(call, n: int, threads: int) -> list[float]:
    """Time n calls from each of several threads at once."""
    results: list[list[float]] = [[] for _ in range(threads)]
    workers = [threading.Thread(target=lambda i=i: results[i].extend(time_calls(call, n)))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [sample for chunk in results for sample in chunk]


def main() -> None:
    """Run the measurements and print one line per case."""
    parser = argparse.ArgumentParser()
    parser.add_argument("dist", nargs="?", default="dist", type=Path)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    store = load_store(str(args.dist / "hmkg.nq"))
    served = [NamedNode(iri) for iri in SERVED_GRAPHS]
    engine = EmbeddedEngine(settings.load({"DIST": args.dist, "QUERY_WORKERS": 2}))
    engine.graph_sizes()
    cases = dict(QUERIES, **{"cq-mix": [cq.sparql for cq in load_catalogue()]})
    try:
        for name, query in cases.items():
            texts = itertools.cycle(query if isinstance(query, list) else [query])

            def direct():
                store.query(next(texts), default_graph=served).serialize(
                    format=QueryResultsFormat.JSON)

            def pooled():
                engine.query(next(texts), solutions_format=JSON, graph_format=None)

            time_calls(pooled, 200)  # warm up
            print(f"{name:9} direct        {percentiles(time_calls(direct, args.n))}")
            print(f"{name:9} pool          {percentiles(time_calls(pooled, args.n))}")
            print(f"{name:9} pool 8 thr.   {percentiles(threaded(pooled, args.n // 8, 8))}")
    finally:
        engine.close()


if __name__ == "__main__":
    main()
