"""Split a built release (dist/hmkg.nq) into one N-Triples file per hmkg graph, with counts,
and the parts of the union graph a remote store serves as its default graph.

The Graph Store Protocol loads one graph per request, so a blank node shared by two graphs
would become two different nodes: such a release is refused rather than published changed.
The files are written in parts of at most PART_TRIPLES lines, so a large graph travels in
bounded requests (a part holds whole lines: N-Triples is one triple per line).

The union (layout.UNION_GRAPH) holds every triple of the served graphs once. Its parts carry
the triples without a blank node; a triple with one must be copied inside the store from the
graph that holds it (SPARQL ADD), or the union's node would be a different node from the
graph's. `union_sources` names those graphs (each has at most PART_TRIPLES triples, see
below, so every copy is bounded too), and `union_triples` is the count the store must reach.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, RdfFormat, Triple, parse, serialize

from hmkg import layout

PART_TRIPLES = 200_000
_BATCH = 10_000


class ReleaseError(ValueError):
    """The release cannot be published as it is (missing, corrupt, or not splittable)."""


@dataclass
class GraphFile:
    """One graph of the release, as N-Triples parts on disk."""

    name: str
    parts: list[Path] = field(default_factory=list)
    triples: int = 0
    has_blank_nodes: bool = False


@dataclass
class SplitRelease:
    """A release split for the Graph Store Protocol: its graphs, and the union's parts."""

    graphs: dict[str, GraphFile]  # every release graph by IRI, in dump order
    union: GraphFile  # the parts: the served triples without a blank node
    union_sources: list[str]  # served graphs with blank nodes, copied into the union in-store
    union_triples: int  # what the union holds once built: each served triple once


def split_release(dist: Path, work: Path) -> SplitRelease:
    """Write each hmkg graph of dist/hmkg.nq, and the union's parts, under work."""
    nquads = dist / layout.DATASET_FILE
    if not nquads.is_file():
        raise ReleaseError(f"no release dataset at {nquads}: run `hmkg build`")
    _check_checksum(dist, nquads)
    graphs = {name: GraphFile(name) for name in layout.ALL}  # every one, even if empty
    union = GraphFile(layout.UNION_GRAPH)
    writer = _PartWriter(work)
    owners: dict[str, str] = {}  # blank node label -> the graph it appeared in
    served: set[bytes] = set()  # a digest of each served triple: the union is a set
    is_served: dict[str, bool] = {}  # graph -> layout.is_served, asked once per graph
    for quad in parse(path=str(nquads), format=RdfFormat.N_QUADS):
        graph = _graph_of(quad, graphs)
        blank = False
        for term in (quad.subject, quad.object):
            if isinstance(term, BlankNode):
                _claim(owners, term.value, graph.name)
                graph.has_blank_nodes = blank = True
        triple = Triple(quad.subject, quad.predicate, quad.object)
        writer.add(graph, triple)
        if graph.name not in is_served:
            is_served[graph.name] = layout.is_served(graph.name)
        if is_served[graph.name]:
            digest = hashlib.blake2b(str(triple).encode(), digest_size=16).digest()
            if digest not in served:
                served.add(digest)
                if not blank:
                    writer.add(union, triple)
    writer.flush_all()
    for graph in graphs.values():
        if graph.has_blank_nodes and len(graph.parts) > 1:
            raise ReleaseError(f"graph <{graph.name}> has blank nodes and more than "
                               f"{PART_TRIPLES} triples: it cannot travel in parts")
    sources = [name for name, graph in graphs.items()
               if graph.has_blank_nodes and layout.is_served(name)]
    return SplitRelease(graphs, union, sources, len(served))


def _graph_of(quad, graphs: dict[str, GraphFile]) -> GraphFile:
    """Return the hmkg graph a quad belongs to; refuse graphs outside hmkg's namespace."""
    name = None if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name.value
    if name not in graphs:
        if name is None or not name.startswith(layout.GRAPH_PREFIX) or layout.is_staging(name):
            raise ReleaseError(f"{layout.DATASET_FILE} has a quad outside the hmkg graphs: graph {name}")
        graphs[name] = GraphFile(name)
    return graphs[name]


def _claim(owners: dict[str, str], label: str, graph: str) -> None:
    """Record the graph of a blank node; refuse one shared between graphs."""
    owner = owners.setdefault(label, graph)
    if owner != graph:
        raise ReleaseError(f"blank node _:{label} is used in <{owner}> and <{graph}>; the Graph "
                           "Store Protocol loads graphs separately and would split it")


def _check_checksum(dist: Path, nquads: Path) -> None:
    """Compare hmkg.nq with its manifest entry, when the release has a manifest."""
    manifest = dist / layout.MANIFEST_FILE
    if not manifest.is_file():
        return
    entries = {a["file"]: a for a in json.loads(manifest.read_text("utf-8"))["artefacts"]}
    expected = entries.get(layout.DATASET_FILE, {}).get("sha256")
    digest = hashlib.sha256()
    with nquads.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    if expected and digest.hexdigest() != expected:
        raise ReleaseError(f"{nquads} does not match the sha256 in {manifest}: rebuild the release")


class _PartWriter:
    """Buffer triples per graph and write them to numbered N-Triples parts."""

    def __init__(self, work: Path):
        self._work = work
        # every graph given, in that order, with the number its parts' file names carry
        self._graphs: dict[str, tuple[int, GraphFile]] = {}
        self._buffers: dict[str, list[Triple]] = {}
        self._open: dict[str, int] = {}  # lines in each graph's last part

    def add(self, graph: GraphFile, triple: Triple) -> None:
        """Queue one triple; write the batch when it is full."""
        if graph.name not in self._graphs:
            self._graphs[graph.name] = (len(self._graphs), graph)
        buffer = self._buffers.setdefault(graph.name, [])
        buffer.append(triple)
        if len(buffer) >= _BATCH:
            self._flush(graph)

    def flush_all(self) -> None:
        """Write every queued triple."""
        for _, graph in self._graphs.values():
            self._flush(graph)

    def _flush(self, graph: GraphFile) -> None:
        """Append the queued triples to the graph's current part, starting parts as needed."""
        buffer = self._buffers.get(graph.name, [])
        while buffer:
            if not graph.parts or self._open[graph.name] >= PART_TRIPLES:
                number = self._graphs[graph.name][0]
                graph.parts.append(self._work / f"graph{number}-part{len(graph.parts)}.nt")
                self._open[graph.name] = 0
            room = PART_TRIPLES - self._open[graph.name]
            chunk, buffer[:] = buffer[:room], buffer[room:]
            with graph.parts[-1].open("ab") as out:
                serialize(chunk, out, RdfFormat.N_TRIPLES)
            self._open[graph.name] += len(chunk)
            graph.triples += len(chunk)
