"""`hmkg publish`: load a built release into a remote triplestore and switch readers to it.

Steps: split dist/hmkg.nq per graph; PUT each graph into a staging graph with the SPARQL 1.1
Graph Store HTTP Protocol; count the staging graphs (a silently lost upload must not replace
the served release with nothing); switch with ONE SPARQL Update request of MOVE operations (one
transaction in Virtuoso, Oxigraph, Fuseki and GraphDB, so a reader sees the old release or the
new one, never a mix); then count each graph through the query endpoint and compare with the
release. A failed upload drops the staging graphs and leaves the served graphs untouched.
Direct mode skips staging and switch, for stores whose one-transaction MOVE of a large release
costs too much: Oxigraph server held over 14 GB moving 3.9 million triples.

Besides the release's graphs, the store gets the served graphs' union (layout.UNION_GRAPH),
which the remote engine names as the default graph: its blank-node-free triples uploaded in
parts, the graphs with blank nodes added inside the store (release.py says why). It is built
beside the other staging graphs, counted with them and moved in the same switch.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from hmkg import settings
from hmkg.engine import EngineUnavailable, QueryError, QueryTimeout
from hmkg.engine.remote import RemoteEngine
from hmkg.engine.remote_http import HttpClient, split_credentials
from hmkg.formats import FORM, N_TRIPLES
from hmkg.layout import STAGING_SUFFIX, UNION_GRAPH
from hmkg.namespaces import is_claim_graph
from hmkg.publish_remote.release import (PART_TRIPLES, GraphFile, ReleaseError,
                                         SplitRelease, split_release)

REQUEST_TIMEOUT = 600.0  # a large graph part can take minutes to load


class PublishError(RuntimeError):
    """Publishing failed; the message says at which step (never with credentials)."""


@dataclass(frozen=True)
class Target:
    """Where a release goes: query, update and graph-store URLs and the credentials."""

    query_url: str
    update_url: str
    graph_store_url: str
    user: str | None = None
    password: str | None = None


def publish_release(dist: Path, target: Target, progress: Callable[[str], None] = print,
                    direct: bool = False) -> dict[str, int]:
    """Publish the release in dist to the target; return the verified triples per graph.

    direct=True loads straight into the served graphs, without staging and switch.
    """
    http = HttpClient(target.user, target.password)
    with tempfile.TemporaryDirectory(prefix="hmkg-publish-") as work:
        try:
            split = split_release(dist, Path(work))
        except ReleaseError as error:
            raise PublishError(str(error)) from None
        load = _load_directly if direct else _load_and_switch
        load(http, target, split, progress)
    counts = verify_counts(target, _expected(split), progress)
    return {name: counts[name] for name in split.graphs}


def _expected(split: SplitRelease) -> dict[str, int]:
    """Return the triples each graph the store must hold: the release's, and the union."""
    return {**{name: graph.triples for name, graph in split.graphs.items()},
            UNION_GRAPH: split.union_triples}


def _load_and_switch(http: HttpClient, target: Target, split: SplitRelease,
                     progress: Callable[[str], None]) -> None:
    """Load staging graphs, count them, then switch readers over in one update."""
    names = [*split.graphs, UNION_GRAPH]
    try:
        stale = set(_engine(target).named_graphs(fresh=True)).difference(split.graphs)
        for graph in split.graphs.values():
            _upload(http, target.graph_store_url, graph, staging(graph.name), progress)
        _build_union(http, target, split, STAGING_SUFFIX, progress)
        # Count the staging graphs before readers can see them.
        verify_counts(target, _expected(split), progress, suffix=STAGING_SUFFIX)
        _switch(http, target.update_url, names, sorted(stale))
    except (EngineUnavailable, QueryError, QueryTimeout, PublishError) as error:
        _drop_staging(http, target.update_url, names)
        raise PublishError(f"publishing stopped, served graphs unchanged: {error}") from None
    progress("switched: readers now see the new release")


def _load_directly(http: HttpClient, target: Target, split: SplitRelease,
                   progress: Callable[[str], None]) -> None:
    """Replace each served graph in place (readers may see a partly loaded release)."""
    try:
        stale = set(_engine(target).named_graphs(fresh=True)).difference(split.graphs)
        for graph in split.graphs.values():
            _upload(http, target.graph_store_url, graph, graph.name, progress)
        _build_union(http, target, split, "", progress)
        if stale:
            _update(http, target.update_url,
                    " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in sorted(stale)))
    except (EngineUnavailable, QueryError, QueryTimeout) as error:
        raise PublishError(f"publishing stopped with the served graphs partly replaced "
                           f"(run publish again): {error}") from None


def staging(name: str) -> str:
    """Return the staging graph name of an hmkg graph."""
    return name + STAGING_SUFFIX


def _upload(http: HttpClient, graph_store: str, graph: GraphFile, name: str,
            progress: Callable[[str], None]) -> None:
    """Replace graph `name` with the graph's parts: PUT the first, POST the rest."""
    started = time.perf_counter()
    url = _graph_url(graph_store, name)
    headers = {"Content-Type": N_TRIPLES.mime}
    if not graph.parts:  # an empty graph: clear the staging copy
        http.send("PUT", url, body=b"", headers=headers, timeout=REQUEST_TIMEOUT)
    for index, part in enumerate(graph.parts):
        http.send("PUT" if index == 0 else "POST", url, body=part.read_bytes(),
                  headers=headers, timeout=REQUEST_TIMEOUT)
    progress(f"loaded  {graph.triples:>9} triples into <{name}> "
             f"in {time.perf_counter() - started:.2f} s")


def _build_union(http: HttpClient, target: Target, split: SplitRelease, suffix: str,
                 progress: Callable[[str], None]) -> None:
    """Load the union graph (name + suffix): its parts, then an in-store ADD of each graph
    with blank nodes (name + suffix), at most PART_TRIPLES triples per request."""
    started = time.perf_counter()
    union = UNION_GRAPH + suffix
    _upload(http, target.graph_store_url, split.union, union, lambda _: None)
    batch: list[str] = []
    size = 0
    for name in split.union_sources:
        triples = split.graphs[name].triples
        if batch and size + triples > PART_TRIPLES:
            _update(http, target.update_url, " ;\n".join(batch))
            batch, size = [], 0
        batch.append(f"ADD GRAPH <{name + suffix}> TO GRAPH <{union}>")
        size += triples
    if batch:
        _update(http, target.update_url, " ;\n".join(batch))
    progress(f"built   {split.union_triples:>9} triples into <{union}> "
             f"in {time.perf_counter() - started:.2f} s")


def _graph_url(graph_store: str, graph: str) -> str:
    """Return the Graph Store Protocol URL of a graph (indirect identification)."""
    return f"{graph_store}{'&' if '?' in graph_store else '?'}{urlencode({'graph': graph})}"


def _switch(http: HttpClient, update_url: str, names: list[str], stale: list[str]) -> None:
    """Move every staging graph onto its served name, and drop stale hmkg graphs, at once."""
    operations = [f"MOVE SILENT GRAPH <{staging(g)}> TO GRAPH <{g}>" for g in names]
    operations += [f"DROP SILENT GRAPH <{g}>" for g in stale]
    _update(http, update_url, " ;\n".join(operations))


def _drop_staging(http: HttpClient, update_url: str, names: list[str]) -> None:
    """Remove staging graphs after a failure (best effort: the failure is reported anyway)."""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{staging(g)}>" for g in names)
    try:
        _update(http, update_url, drops)
    except (EngineUnavailable, QueryTimeout):
        pass


def _update(http: HttpClient, update_url: str, operations: str) -> None:
    """Send a SPARQL Update as a form POST (Virtuoso leaves direct update POSTs unanswered)."""
    http.send("POST", update_url, body=urlencode({"update": operations}).encode(),
              headers={"Content-Type": FORM},
              timeout=REQUEST_TIMEOUT)


def verify_counts(target: Target, expected: Mapping[str, int],
                  progress: Callable[[str], None] = print, suffix: str = "") -> dict[str, int]:
    """Count each graph (name + suffix) in the store; raise PublishError unless all match."""
    names = [name + suffix for name in expected]
    try:
        found = _engine(target).count_graphs(names)
    except (EngineUnavailable, QueryError, QueryTimeout) as error:
        raise PublishError(f"cannot count the published graphs: {error}") from None
    wrong = [f"<{name + suffix}> holds {found.get(name + suffix, 0)} triples, the release {count}"
             for name, count in expected.items() if found.get(name + suffix, 0) != count]
    if wrong:
        raise PublishError("the store does not hold the release: " + "; ".join(wrong))
    progress("verified: " + _tally(expected, suffix))
    return {name: found.get(name + suffix, 0) for name in expected}


def _tally(counts: Mapping[str, int], suffix: str) -> str:
    """Return the triples per graph for people: each fixed graph by its last name, the claim
    graphs (thousands at scale, their last names not unique) together."""
    claims = [count for name, count in counts.items() if is_claim_graph(name)]
    parts = [f"{name.rsplit('/', 1)[1]}{suffix} {count}" for name, count in counts.items()
             if not is_claim_graph(name)]
    if claims:
        parts.append(f"{len(claims)} claim graphs{suffix} {sum(claims)}")
    return ", ".join(parts)


def _engine(target: Target) -> RemoteEngine:
    """Return a remote engine on the target's query endpoint, for lookups and counts."""
    return RemoteEngine(settings.load({"STORE": target.query_url, "STORE_USER": target.user,
                                       "STORE_PASSWORD": target.password,
                                       "QUERY_TIMEOUT": REQUEST_TIMEOUT}))


def target_from_options(store: str, graph_store: str | None, update: str | None,
                        user: str | None, password: str | None) -> Target:
    """Build a Target from command-line options (user-info in a URL counts as credentials)."""
    urls = [split_credentials(u) if u else (None, None, None) for u in (store, graph_store, update)]
    url_user = next((u for _, u, _ in urls if u), None)
    url_password = next((p for _, _, p in urls if p), None)
    query_url = urls[0][0]
    return Target(query_url, urls[2][0] or query_url, urls[1][0] or query_url,
                  user or url_user, password or url_password)
