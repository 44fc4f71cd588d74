"""The remote engine: a SPARQL 1.1 Protocol client for a triplestore loaded by `hmkg publish`.

It keeps the embedded engine's promises on the hmkg side of the wire: the read-only policy is
applied to the query's tokens before anything is sent; answers are parsed and re-serialised
by the engine's own writers (same formats, result cap and row counts); the time limit is an
HTTP deadline. Queries go by GET, or by form POST when long: never as a direct
SPARQL-query-body POST, which Virtuoso leaves unanswered.
Dataset: as embedded, the default graph is the union of the served graphs and the release's
graphs (shapes included) are the named graphs, sent as default-graph-uri / named-graph-uri, so
other graphs in the store (staging copies, system graphs) stay out of sight. The default graph
is sent as the one union graph `hmkg publish` loads (layout.UNION_GRAPH); a store without it
(loaded by an older hmkg) gets the served graphs one by one, as before. Which hmkg graphs the
store holds is looked up once a minute (a release may add graphs).
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from itertools import islice
from typing import NamedTuple

from hmkg import formats, layout
from hmkg.engine.base import Answer, NotAcceptable, QueryError, QueryTimeout
from hmkg.engine.graphs import GRAPH_FORMATS, write_graph
from hmkg.engine.policy import QueryLimits, check_query
from hmkg.engine.remote_http import HttpClient, StoreError, redact_url, split_credentials
from hmkg.engine.remote_results import GRAPH_TYPES, SOLUTION_TYPES, read_solutions, read_triples
from hmkg.engine.results import SOLUTION_WRITERS, boolean
from hmkg.engine.shape import QueryShape
from hmkg.settings import Settings

SERVED_GRAPHS, ALL_GRAPHS, GRAPH_PREFIX = layout.SERVED, layout.ALL, layout.GRAPH_PREFIX
GRAPHS_TTL = 60.0  # seconds between looks at which hmkg graphs the store holds
_HMKG_GRAPH = (f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}") '
               f'&& !STRENDS(STR(?g), "{layout.STAGING_SUFFIX}"))')
# Listing graphs with an empty pattern is cheap where supported (Oxigraph); Virtuoso answers
# it with nothing, so a scan of the quads follows when it finds no hmkg graph.
_FIND_GRAPHS = (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} {_HMKG_GRAPH} }}",
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_HMKG_GRAPH} }}")
_UNSAFE_IRI = re.compile(r'[<>"{}|^`\\\s]')
MAX_GET_BYTES = 2000  # longer queries go as a form POST (URL limits of servers and proxies)
_ACCEPT_SOLUTIONS = formats.accept_header(formats.SPARQL_JSON, formats.SPARQL_XML)
_ACCEPT_GRAPH = formats.accept_header(formats.N_TRIPLES, formats.TURTLE, formats.RDF_XML)
LIMITATIONS = (
    "This endpoint answers from a remote SPARQL 1.1 store.",
    "When a query passes the time limit, hmkg stops waiting and closes the connection; the "
    "store's own time limit decides when its work stops.",
    "Syntax errors are reported in the store's words, and the store's SPARQL dialect and "
    "DESCRIBE form apply.",
)


class RemoteEngine:
    """Answer queries by asking a remote SPARQL 1.1 endpoint."""

    limitations = LIMITATIONS
    release_id = None  # someone else loads the store: its answers may change at any time

    def __init__(self, settings: Settings):
        if not settings.store:
            raise ValueError("the remote engine needs a store URL (STORE)")
        self.url, url_user, url_password = split_credentials(settings.store)
        self._http = HttpClient(settings.store_user or url_user,
                                settings.store_password or url_password)
        self._timeout, self._limit = settings.query_timeout, settings.result_cap
        self._allowlist = settings.service_allowlist
        self._limits = QueryLimits.from_settings(settings)
        self._graphs = StoreGraphs((), False)
        self._graphs_checked = self._sizes_checked = float("-inf")
        self._sizes: dict[str, int] = {}
        self._graphs_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RemoteEngine({redact_url(self.url)!r})"

    def query(self, sparql: str, *, solutions_format: str | None, graph_format: str | None,
              default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              base_iri: str | None = None, timeout: float | None = None,
              limit: int | None = None) -> Answer:
        """Answer one query; timeout/limit override the settings' for this call only."""
        shape = check_query(sparql, self._allowlist, self._limits)  # refused before anything is sent
        _check_format(shape, solutions_format, graph_format)
        if base_iri and shape.form is not None and not _UNSAFE_IRI.search(base_iri):
            sparql = f"BASE <{base_iri}>\n{sparql}"  # the protocol has no base parameter
        deadline = time.monotonic() + (self._timeout if timeout is None else timeout)
        dataset = _dataset(shape, default_graph_uris, named_graph_uris,
                           lambda: self._store_graphs(deadline=deadline))
        params = [("query", sparql), *dataset]
        media_type, body = self._ask(params, _accept(shape), deadline)
        cap = self._limit if limit is None else max(0, limit)
        if media_type in GRAPH_TYPES:
            return _graph_answer(shape, read_triples(body, media_type), graph_format, cap)
        return _solutions_answer(read_solutions(body, media_type), solutions_format, cap)

    def graph_sizes(self) -> dict[str, int]:
        """Return the triples in each hmkg graph the store holds (counted once a minute)."""
        with self._graphs_lock:
            if time.monotonic() - self._sizes_checked > GRAPHS_TTL:
                self._sizes = self.count_graphs(self._list_graphs(None))
                self._sizes_checked = time.monotonic()
            return dict(self._sizes)

    def count_graphs(self, names: Sequence[str]) -> dict[str, int]:
        """Return the triples in each of the named graphs that is not empty."""
        sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        params = [("query", sparql), *(("named-graph-uri", g) for g in names)]
        media_type, body = self._ask(params, _ACCEPT_SOLUTIONS, None)
        _, rows = read_solutions(body, media_type)
        return {g.value: int(n.value) for g, n in rows if g is not None and n is not None}

    def named_graphs(self, fresh: bool = False, deadline: float | None = None) -> tuple[str, ...]:
        """Return the hmkg graphs the store holds (the release's own always included)."""
        return self._store_graphs(fresh, deadline).named

    def _store_graphs(self, fresh: bool = False,
                      deadline: float | None = None) -> StoreGraphs:
        """Return what the store holds, looked up at most once a minute unless fresh."""
        with self._graphs_lock:
            if fresh or time.monotonic() - self._graphs_checked > GRAPHS_TTL:
                self._list_graphs(deadline)
            return self._graphs

    def _list_graphs(self, deadline: float | None) -> tuple[str, ...]:
        """Ask the store which hmkg graphs it holds; remember the answer (lock held)."""
        found: set[str] = set()
        for sparql in _FIND_GRAPHS:
            media_type, body = self._ask([("query", sparql)], _ACCEPT_SOLUTIONS, deadline)
            found = {row[0].value for row in read_solutions(body, media_type)[1] if row[0]}
            if found:
                break
        named = found.difference(ALL_GRAPHS, {layout.UNION_GRAPH})
        self._graphs = StoreGraphs((*ALL_GRAPHS, *sorted(named)), layout.UNION_GRAPH in found)
        self._graphs_checked = time.monotonic()
        return self._graphs.named

    def close(self) -> None:
        """Nothing to release: every request opens its own connection."""

    def _ask(self, params: list[tuple[str, str]], accept: str, deadline: float | None):
        """Send a query by GET, or form POST when long; return (media type, body)."""
        encoded = urllib.parse.urlencode(params)
        headers = {"Accept": accept}
        seconds = self._timeout if deadline is None else deadline - time.monotonic()
        if seconds <= 0:
            raise QueryTimeout("the time limit passed before the store was asked")
        if len(encoded) <= MAX_GET_BYTES:
            separator = "&" if "?" in self.url else "?"
            call = ("GET", f"{self.url}{separator}{encoded}", None)
        else:
            headers["Content-Type"] = formats.FORM
            call = ("POST", self.url, encoded.encode())
        try:
            reply = self._http.send(call[0], call[1], body=call[2], headers=headers,
                                    timeout=seconds)
        except StoreError as error:
            if error.status == 400:  # the store's parser or evaluator rejected the query
                raise QueryError(f"the store rejected the query: {error.detail}") from None
            raise
        return reply.media_type, reply.body


class StoreGraphs(NamedTuple):
    """The hmkg graphs a store holds: the release's, and whether it has the union graph."""

    named: tuple[str, ...]
    has_union: bool

    @property
    def default(self) -> tuple[str, ...]:
        """Return the graphs to send as the default graph: the union, else each served one."""
        return (layout.UNION_GRAPH,) if self.has_union else layout.served_graphs(self.named)


def _dataset(shape: QueryShape, default_uris: Sequence[str], named_uris: Sequence[str],
             store_graphs: Callable[[], StoreGraphs]):
    """Return the protocol's dataset parameters (see the module docstring)."""
    if default_uris or named_uris:
        return [*(("default-graph-uri", g) for g in default_uris),
                *(("named-graph-uri", g) for g in named_uris)]
    if shape.has_dataset_clause:
        return []
    graphs = store_graphs()
    return [*(("default-graph-uri", g) for g in graphs.default),
            *(("named-graph-uri", g) for g in graphs.named)]


def _accept(shape: QueryShape) -> str:
    """Return the Accept header for a query form (both kinds when the form is unknown)."""
    if shape.form in ("SELECT", "ASK"):
        return _ACCEPT_SOLUTIONS
    if shape.form in ("CONSTRUCT", "DESCRIBE"):
        return _ACCEPT_GRAPH
    return f"{_ACCEPT_SOLUTIONS}, {_ACCEPT_GRAPH}"


def _check_format(shape: QueryShape, solutions_format, graph_format) -> None:
    """Refuse before sending when no format the client accepts fits the query form."""
    if shape.form in ("SELECT", "ASK"):
        _writable(solutions_format, SOLUTION_WRITERS, shape.form)
    elif shape.form in ("CONSTRUCT", "DESCRIBE"):
        _writable(graph_format, GRAPH_FORMATS, "CONSTRUCT/DESCRIBE")


def _writable(media_type: str | None, writers: Mapping, form: str) -> str:
    """Return the media type if answers of this form can be written in it."""
    if media_type is None or media_type not in writers:
        raise NotAcceptable(f"no acceptable format for a {form} answer: offers "
                            + ", ".join(writers))
    return media_type


def _solutions_answer(result, media_type: str | None, cap: int) -> Answer:
    """Cap and re-serialise a SELECT or ASK answer."""
    if isinstance(result, bool):
        media_type = _writable(media_type, SOLUTION_WRITERS, "ASK")
        return Answer("ASK", boolean(result, media_type), media_type, 1, False)
    media_type = _writable(media_type, SOLUTION_WRITERS, "SELECT")
    variables, rows = result
    capped = len(rows) > cap
    rows = rows[:cap]
    return Answer("SELECT", SOLUTION_WRITERS[media_type](variables, rows), media_type,
                  len(rows), capped)


def _graph_answer(shape: QueryShape, triples, media_type: str | None, cap: int) -> Answer:
    """Deduplicate, cap and re-serialise a CONSTRUCT or DESCRIBE answer."""
    media_type = _writable(media_type, GRAPH_FORMATS, "CONSTRUCT/DESCRIBE")
    distinct = list(islice(dict.fromkeys(triples), cap + 1))
    capped = len(distinct) > cap
    del distinct[cap:]
    form = "DESCRIBE" if shape.form == "DESCRIBE" else "CONSTRUCT"
    return Answer(form, write_graph(distinct, media_type), media_type, len(distinct), capped)
