"""Split a built release (dist/hmkg.nq) into one N-Triples file per hmkg graph, with counts.

The Graph Store Protocol loads one graph per request, so a blank node shared by two graphs
would become two different nodes: such a release is refused rather than published changed.
The files are written in parts of at most PART_TRIPLES lines, so a large graph travels in
bounded requests (a part holds whole lines: N-Triples is one triple per line).
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


def split_release(dist: Path, work: Path) -> dict[str, GraphFile]:
    """Write each hmkg graph of dist/hmkg.nq to parts under work; return them by graph IRI."""
    nquads = dist / layout.DATASET_FILE
    if not nquads.is_file():
        raise ReleaseError(f"no release dataset at {nquads}: run `hmkg build`")
    _check_checksum(dist, nquads)
    graphs = {name: GraphFile(name) for name in layout.ALL}  # every one, even if empty
    writer = _PartWriter(graphs, work)
    owners: dict[str, str] = {}  # blank node label -> the graph it appeared in
    for quad in parse(path=str(nquads), format=RdfFormat.N_QUADS):
        graph = _graph_of(quad, graphs)
        for term in (quad.subject, quad.object):
            if isinstance(term, BlankNode):
                _claim(owners, term.value, graph.name)
                graph.has_blank_nodes = True
        writer.add(graph, Triple(quad.subject, quad.predicate, quad.object))
    writer.flush_all()
    for graph in graphs.values():
        if graph.has_blank_nodes and len(graph.parts) > 1:
            raise ReleaseError(f"graph <{graph.name}> has blank nodes and more than "
                               f"{PART_TRIPLES} triples: it cannot travel in parts")
    return graphs


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

    def __init__(self, graphs: dict[str, GraphFile], work: Path):
        self._graphs, self._work = graphs, work
        self._buffers: dict[str, list[Triple]] = {}
        self._open: dict[str, int] = {}  # lines in each graph's last part

    def add(self, graph: GraphFile, triple: Triple) -> None:
        """Queue one triple; write the batch when it is full."""
        buffer = self._buffers.setdefault(graph.name, [])
        buffer.append(triple)
        if len(buffer) >= _BATCH:
            self._flush(graph)

    def flush_all(self) -> None:
        """Write every queued triple."""
        for graph in self._graphs.values():
            self._flush(graph)

    def _flush(self, graph: GraphFile) -> None:
        """Append the queued triples to the graph's current part, starting parts as needed."""
        buffer = self._buffers.get(graph.name, [])
        while buffer:
            if not graph.parts or self._open[graph.name] >= PART_TRIPLES:
                number = list(self._graphs).index(graph.name)
                graph.parts.append(self._work / f"graph{number}-part{len(graph.parts)}.nt")
                self._open[graph.name] = 0
            room = PART_TRIPLES - self._open[graph.name]
            chunk, buffer[:] = buffer[:room], buffer[room:]
            with graph.parts[-1].open("ab") as out:
                serialize(chunk, out, RdfFormat.N_TRIPLES)
            self._open[graph.name] += len(chunk)
            graph.triples += len(chunk)
