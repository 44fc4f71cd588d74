"""A query worker process: holds one pyoxigraph store and answers requests from a pipe.

The store is either the release's on-disk store opened read-only (shared with every other
worker through the page cache) or the N-Quads dump loaded into this process's memory.

Requests and replies are small pickled tuples; the answer travels back already serialised,
so the supervising process never touches RDF terms. The process is killed, not asked, when a
query overruns (pyoxigraph cannot be interrupted), so nothing here handles time. Once its
store is loaded, a worker normally shuts itself off the network (sandbox.py); only the pool
that runs allow-listed SERVICE calls starts its workers without that.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Store

from hmkg import default_graph
from hmkg.engine.base import NotAcceptable, QueryError, QueryRefused
from hmkg.engine.graphs import GRAPH_FORMATS, write_graph
from hmkg.engine.policy import check_services
from hmkg.engine.results import SOLUTION_WRITERS, boolean
from hmkg.engine.sandbox import deny_network


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
GRAPH_SIZES = "graph-sizes"  # the request for every named graph's triple count


@dataclass(frozen=True)
class Request:
    """One query as the worker needs it (datasets as IRI strings; None: the query's FROM
    clauses, or else the store's own dataset: the served union as default graph)."""

    sparql: str
    solutions_format: str | None
    graph_format: str | None
    default_graphs: Sequence[str] | None
    named_graphs: Sequence[str] | None
    base_iri: str | None
    limit: int
    # Set when the query spells SERVICE: the worker reads its calls from a parse and checks
    # them against this allow-list (None: the screen proved there is no call to check).
    service_allowlist: frozenset[str] | None = None


def load_store(source: str) -> Store:
    """Open the release's on-disk store read-only (a folder), or load an N-Quads dump into
    memory (a file); either way its default graph is the served graphs' union."""
    if os.path.isdir(source):
        store = Store.read_only(source)
        default_graph.check(store)
        return store
    store = Store()
    store.bulk_load(path=source, format=RdfFormat.N_QUADS)
    default_graph.fill(store)
    return store


def graph_sizes(store: Store) -> dict[str, int]:
    """Count the triples of every named graph."""
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in counts}


def answer(store: Store, request: Request) -> tuple:
    """Run one query; return (kind, media type, rows, capped, body)."""
    try:
        result = store.query(request.sparql, base_iri=request.base_iri,
                             **_dataset(request.default_graphs, request.named_graphs))
        if isinstance(result, QueryBoolean):
            media_type = _required(request.solutions_format, SOLUTION_WRITERS, "ASK")
            return "ASK", media_type, 1, False, boolean(bool(result), media_type)
        if isinstance(result, QuerySolutions):
            return _solutions(result, request)
        return _triples(result, request)
    except SyntaxError as error:  # pyoxigraph says "error at 1:25: expected ..."
        message = str(error)
        raise QueryError("syntax " + message if message.startswith("error at")
                         else f"syntax error: {message}") from None
    except (OSError, ValueError, TypeError) as error:  # evaluation failures, bad graph IRIs
        raise QueryError(f"query failed: {error}") from None
    except RuntimeError as error:  # pyoxigraph's evaluation errors: unknown function, unbound SERVICE
        raise QueryError(f"query failed: {error}") from None


def _dataset(default_graphs, named_graphs) -> dict:
    """Return Store.query's dataset arguments; no argument keeps the query's FROM clauses."""
    arguments = {}
    if default_graphs is not None:
        arguments["default_graph"] = [NamedNode(iri) for iri in default_graphs]
    if named_graphs is not None:
        arguments["named_graphs"] = [NamedNode(iri) for iri in named_graphs]
    return arguments


def _required(media_type: str | None, writers: dict, form: str) -> str:
    """Return the media type if this form can be written in it, else raise NotAcceptable."""
    if media_type is None or media_type not in writers:
        article = "an" if form[0] in "AEIOU" else "a"
        raise NotAcceptable(f"no acceptable format for {article} {form} answer: offers "
                            + ", ".join(writers))
    return media_type


def _solutions(result: QuerySolutions, request: Request) -> tuple:
    """Serialise up to `limit` solutions."""
    media_type = _required(request.solutions_format, SOLUTION_WRITERS, "SELECT")
    variables = [variable.value for variable in result.variables]
    rows = [tuple(solution) for solution in islice(result, request.limit + 1)]
    capped = len(rows) > request.limit
    del rows[request.limit:]
    body = SOLUTION_WRITERS[media_type](variables, rows)
    return "SELECT", media_type, len(rows), capped, body


def _triples(result, request: Request) -> tuple:
    """Serialise up to `limit` distinct triples."""
    media_type = _required(request.graph_format, GRAPH_FORMATS, "CONSTRUCT/DESCRIBE")
    distinct: dict = {}  # CONSTRUCT answers are sets: count each triple once
    for triple in result:
        distinct[triple] = None
        if len(distinct) > request.limit:
            break
    triples = list(distinct)
    capped = len(triples) > request.limit
    del triples[request.limit:]
    return "GRAPH", media_type, len(triples), capped, write_graph(triples, media_type)


def serve(requests, replies, source: str, sandboxed: bool = True) -> None:
    """Open the store, leave the network (if sandboxed), report ready, then answer until the
    pipe closes: queries, and GRAPH_SIZES (asked once per pool, not counted at every start:
    counting every graph took 2.3 s at 1000x the data, four workers at once on two cores)."""
    try:
        store = load_store(source)
        if sandboxed:
            deny_network()
        replies.send_bytes(pickle.dumps(("ready", None)))
    except Exception as error:  # tell the supervisor why, then stop
        replies.send_bytes(pickle.dumps(("failed", f"{type(error).__name__}: {error}")))
        return
    while True:
        try:
            request = pickle.loads(requests.recv_bytes())
        except EOFError:
            return
        try:
            if request == GRAPH_SIZES:
                reply = ("sizes", graph_sizes(store))
            elif _needs_network(request, sandboxed):
                reply = ("federate",)  # allow-listed calls: the supervisor asks another pool
            else:
                reply = ("ok", *answer(store, request))
        except (QueryError, NotAcceptable, QueryRefused) as error:
            reply = ("error", type(error).__name__, str(error))
        except MemoryError:
            reply = ("error", "QueryTooLarge", "the query needed more memory than a worker "
                     "may use, and was stopped")
        except Exception as error:  # a fault of ours, not of the query: keep serving
            reply = ("error", "EngineUnavailable", f"{type(error).__name__}: {error}")
        replies.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _needs_network(request: Request, sandboxed: bool) -> bool:
    """Check the query's SERVICE calls (QueryRefused unless allow-listed); tell whether it
    makes any that this sandboxed worker cannot."""
    if request.service_allowlist is None:
        return False
    return bool(check_services(request.sparql, request.service_allowlist)) and sandboxed


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this worker when its supervisor dies (no orphaned long queries)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends the worker
        pass
    if os.getppid() != parent_pid:  # the supervisor died before the request took effect
        sys.exit(0)


def limit_memory(megabytes: int) -> None:
    """Cap this worker's address space, so a runaway query dies alone (0: no cap)."""
    if megabytes > 0:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


def main(argv: Sequence[str]) -> None:
    """Serve on the pipe descriptors given on the command line (see pool._spawn)."""
    request_fd, reply_fd, source, parent_pid, memory_mb, network = argv
    die_with_parent(int(parent_pid))
    limit_memory(int(memory_mb))
    try:
        serve(Connection(int(request_fd), writable=False),
              Connection(int(reply_fd), readable=False), source,
              sandboxed=network != "network")
    except (BrokenPipeError, EOFError):  # the supervisor went away: nothing left to answer
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
