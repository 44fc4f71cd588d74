"""Publish step: write the release into a staging folder beside the target, then swap it in.

Nothing is written into ``out`` itself: every artefact goes into a fresh staging folder in the
same parent folder, and only when all of them (and the ontology documentation) are written is
the staging folder exchanged with ``out`` (see swap.py). Any failure removes the staging folder
and leaves ``out`` untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from hmkg import __version__
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg.pipeline import docs
from hmkg.pipeline.context import jsonld_context
from hmkg.pipeline.errors import PipelineError
from hmkg.pipeline.load import merged_graph
from hmkg.pipeline.oxiwrite import Terms, serialise, to_triples, usable_prefixes
from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.namespaces import GRAPH_RULE_KINDS
from hmkg.paths import STORE_DIR
from hmkg.pipeline.store import write_store
from hmkg.pipeline.swap import swap_into_place
from hmkg.pipeline.void import void_graph

# The graphs of the whole-dataset dumps, in the order they are written.
RELEASE_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES)
STORE_SOURCE = "hmkg.nq"  # the artefact the query store is loaded from
# The named graphs each view holds (the "dataset" view keeps them apart, the others merge them).
VIEW_GRAPHS = {"dataset": RELEASE_GRAPHS, "asserted": (GRAPH_ONTOLOGY, GRAPH_DATA),
               "inferred": (GRAPH_INFERRED,), "ontology": (GRAPH_ONTOLOGY,),
               "shapes": (GRAPH_SHAPES,)}


@dataclass(frozen=True)
class Artefact:
    """One published serialisation: file name, which view of the data, which format."""

    file: str
    view: str
    format: str  # rdflib plugin name
    media_type: str
    label: str
    compression: str | None = None


ARTEFACTS = (
    Artefact("hmkg.trig", "dataset", "trig", "application/trig", "TriG"),
    Artefact("hmkg.nq", "dataset", "nquads", "application/n-quads", "N-Quads"),
    Artefact("asserted.ttl", "asserted", "turtle", "text/turtle", "Turtle"),
    Artefact("asserted.nt.gz", "asserted", "nt", "application/n-triples", "N-Triples",
             compression="application/gzip"),
    Artefact("asserted.jsonld", "asserted", "json-ld", "application/ld+json", "JSON-LD"),
    Artefact("asserted.rdf", "asserted", "xml", "application/rdf+xml", "RDF/XML"),
    Artefact("inferred.ttl", "inferred", "turtle", "text/turtle", "Turtle"),
    Artefact("ontology.ttl", "ontology", "turtle", "text/turtle", "Turtle"),
    Artefact("ontology.rdf", "ontology", "xml", "application/rdf+xml", "RDF/XML"),
    Artefact("ontology.jsonld", "ontology", "json-ld", "application/ld+json", "JSON-LD"),
    Artefact("ontology.nt", "ontology", "nt", "application/n-triples", "N-Triples"),
    Artefact("shapes.ttl", "shapes", "turtle", "text/turtle", "Turtle"),
)


@dataclass
class Manifest:
    """Every published file with its media type, format, triple count, size and SHA-256."""

    version: str
    artefacts: list[dict] = field(default_factory=list)
    documentation: list[dict] = field(default_factory=list)
    store: dict | None = None  # the derived query store and the file it was built from

    def to_json(self) -> str:
        """Return the manifest as the JSON written to manifest.json."""
        return json.dumps(self.__dict__, indent=2) + "\n"


def publish(ds: Dataset, out: Path) -> Manifest:
    """Write the release for ds and put it in place of `out` in one step."""
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise PipelineError(f"{out}: exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        manifest = write_release(ds, staging)
        staging.chmod(0o755)
        swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the staging folder, or the old release
    return manifest


def write_release(ds: Dataset, folder: Path) -> Manifest:
    """Write every artefact, the docs, void.ttl, the query store, manifest.json and SHA256SUMS
    into folder."""
    writer = ViewWriter(ds)
    ontology = writer.graph("ontology")
    context = jsonld_context(ontology)
    manifest = Manifest(version=__version__)
    manifest.artefacts = [writer.write(folder, a, context) for a in ARTEFACTS]
    context_bytes = (json.dumps({"@context": context}, indent=2) + "\n").encode()
    manifest.artefacts.append(_record(folder, "context.jsonld", context_bytes,
                                      "application/ld+json", "JSON-LD context", None))
    manifest.documentation = [_describe_file(folder, p) for p in _write_docs(ontology, folder)]
    void = void_graph({name: ds.graph(name) for name in RELEASE_GRAPHS}, manifest.artefacts,
                      rows=writer.rows)
    manifest.artefacts.append(_record(folder, "void.ttl", _serialise(void, "turtle"),
                                      "text/turtle", "Turtle", len(void)))
    dump = next(entry for entry in manifest.artefacts if entry["file"] == STORE_SOURCE)
    manifest.store = write_store(folder, dump)
    (folder / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    _write_checksums(folder)
    return manifest


class ViewWriter:
    """Serialise the views of one dataset, reading each graph once and converting it once."""

    def __init__(self, ds: Dataset) -> None:
        self.ds, self.terms, self.views = ds, Terms(), {}
        self.prefixes = usable_prefixes(ds.namespaces())
        # Iterating an rdflib Dataset's graph is slow (context checks per triple): once only.
        self.rows = {name: list(ds.graph(name)) for name in RELEASE_GRAPHS}

    def distinct_rows(self, view: str):
        """Return the view's rdflib triples, each once (a view may merge graphs)."""
        names = VIEW_GRAPHS[view]
        if len(names) == 1:
            return self.rows[names[0]]
        return dict.fromkeys(t for name in names for t in self.rows[name])

    def items(self, view: str) -> list:
        """Return the view's pyoxigraph Quads (dataset) or distinct Triples (other views)."""
        if view not in self.views:
            if view == "dataset":
                self.views[view] = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                                    for name in RELEASE_GRAPHS for t in self.items_of(name)]
            else:
                self.views[view] = to_triples(self.distinct_rows(view), self.terms)
        return self.views[view]

    def items_of(self, name: URIRef) -> list:
        """Return one named graph's pyoxigraph Triples (shared with the single-graph views)."""
        views = [view for view, names in VIEW_GRAPHS.items() if names == (name,)]
        return self.items(views[0]) if views else to_triples(self.rows[name], self.terms)

    def graph(self, view: str) -> Graph:
        """Return the view as an rdflib Graph with the dataset's prefixes (for JSON-LD, docs)."""
        graph = Graph(bind_namespaces="core")
        for prefix, namespace in self.ds.namespaces():
            graph.bind(prefix, namespace)
        graph.addN((s, p, o, graph) for s, p, o in self.distinct_rows(view))
        return graph

    def write(self, folder: Path, artefact: Artefact, context: dict) -> dict:
        """Serialise one view into its file and return its manifest entry."""
        if artefact.format == "json-ld":  # compacted with hmkg's context: rdflib only
            graph = self.graph(artefact.view)
            data, size = _serialise(graph, "json-ld", context), len(graph)
        else:
            items = self.items(artefact.view)
            data, size = _sorted_lines(serialise(items, artefact.format, self.prefixes),
                                       artefact.format), len(items)
        if artefact.compression:
            data = gzip.compress(data, mtime=0)  # mtime 0: same input, same bytes
        entry = _record(folder, artefact.file, data, artefact.media_type, artefact.label, size)
        if artefact.compression:
            entry["compression"] = artefact.compression
        return entry


def release_views(ds: Dataset) -> dict:
    """Return each view as rdflib graphs (what its artefacts must be isomorphic to)."""
    dataset = Dataset()
    for name in RELEASE_GRAPHS:
        target = dataset.graph(name)
        for triple in ds.graph(name):
            target.add(triple)
    views = {view: merged_graph(ds, *names) for view, names in VIEW_GRAPHS.items()
             if view != "dataset"}
    return {"dataset": dataset, **views, "context": jsonld_context(views["ontology"])}


def _serialise(graph, fmt: str, context: dict | None = None) -> bytes:
    """Serialise a graph with rdflib; line-based formats are sorted as below."""
    options = {"context": context} if fmt == "json-ld" else {}
    with rdflib_internals():
        data = graph.serialize(format=fmt, encoding="utf-8", **options)
    return _sorted_lines(data, fmt)


def _sorted_lines(data: bytes, fmt: str) -> bytes:
    """Sort line-based formats (N-Triples, N-Quads) so diffs between builds are small."""
    if fmt in ("nt", "nquads"):
        data = b"".join(sorted(set(data.splitlines(keepends=True)) - {b"\n"}))
    return data


def _record(folder: Path, name: str, data: bytes, media_type: str, label: str,
            triples: int | None) -> dict:
    """Write data to folder/name and return the manifest entry describing it."""
    (folder / name).write_bytes(data)
    return {"file": name, "media_type": media_type, "format": label, "triples": triples,
            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _describe_file(folder: Path, path: Path) -> dict:
    """Return the manifest entry of a file a hook wrote into the release."""
    data = path.read_bytes()
    return {"file": path.relative_to(folder).as_posix(), "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def _write_docs(ontology: Graph, folder: Path) -> list[Path]:
    """Write the ontology's HTML documentation (pyLODE, through docs.py) into folder/ontology."""
    try:
        return sorted(docs.write_ontology_docs(ontology, folder / "ontology"))
    except Exception as err:
        raise PipelineError(f"ontology documentation (pyLODE) failed: {err}") from err


def _write_checksums(folder: Path) -> None:
    """Write SHA256SUMS (sha256sum -c format) for every published file in the release.

    The query store is left out: RocksDB's files differ between builds of the same quads.
    """
    store = folder / STORE_DIR
    files = sorted(p for p in folder.rglob("*") if p.is_file() and store not in p.parents)
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n"
             for p in files]
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
