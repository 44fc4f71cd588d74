"""Publish step: write the release into a staging folder beside the target, then swap it in.

Nothing is written into ``out`` itself: every artefact goes into a fresh staging folder in the
same parent folder, and only when all of them (and the ontology documentation) are written is
the staging folder exchanged with ``out`` (see swap.py). Any failure removes the staging folder
and leaves ``out`` untouched.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from hmkg import __version__, formats, fulltext, layout, paths
from hmkg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULE_KINDS, GRAPH_SHAPES
from hmkg.pipeline import ontology_dist, rule_kinds, search_index
from hmkg.pipeline.context import jsonld_context
from hmkg.pipeline.errors import PipelineError
from hmkg.pipeline.load import asserted_data, merged_graph
from hmkg.pipeline.jsonld_dump import write_jsonld
from hmkg.pipeline.oxiwrite import (canonical_graphs, folder_prefixes, in_graph, merged_quads,
                                    serialise, sorted_triples, to_rdflib, usable_prefixes)
from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.pipeline.store import write_store
from hmkg.pipeline.swap import swap_into_place
from hmkg.pipeline.void import dataset_sources, void_graph



def view_graphs(ds: Dataset) -> dict[str, tuple[URIRef, ...]]:
    """Return the named graphs each view holds (the "dataset" view keeps them apart, the
    others merge them); the dataset and asserted views hold every claim graph."""
    every = layout.release_graphs(str(graph.identifier) for graph in ds.graphs())
    return {"dataset": tuple(map(URIRef, every)),
            "asserted": (GRAPH_ONTOLOGY, *asserted_data(ds)),
            "inferred": (GRAPH_INFERRED,), "ontology": (GRAPH_ONTOLOGY,),
            "shapes": (GRAPH_SHAPES,)}


def graph_triples(ds: Dataset, name: URIRef):
    """Return the triples of one of the dataset's graphs: the rule-kind graph is written out
    from the kinds the reason step recorded (rule_kinds.py), the others are read."""
    return rule_kinds.triples(ds) if name == GRAPH_RULE_KINDS else ds.graph(name)


@dataclass(frozen=True)
class ArtefactSpec:
    """One serialisation the release publishes: file name, which view of the data, which format."""

    file: str
    view: str
    format: formats.Format
    compressed: bool = False  # gzip

    @property
    def compression(self) -> str | None:
        """Return the compression's media type, if the file is compressed."""
        return formats.GZIP if self.compressed else None


ONTOLOGY_TURTLE = layout.ontology_file(formats.TURTLE.suffix)
ARTEFACTS = (
    ArtefactSpec(layout.TRIG_FILE, "dataset", formats.TRIG),
    ArtefactSpec(layout.DATASET_FILE, "dataset", formats.N_QUADS),
    ArtefactSpec("asserted.ttl", "asserted", formats.TURTLE),
    ArtefactSpec("asserted.nt.gz", "asserted", formats.N_TRIPLES, compressed=True),
    ArtefactSpec("asserted.jsonld", "asserted", formats.JSON_LD),
    ArtefactSpec("asserted.rdf", "asserted", formats.RDF_XML),
    ArtefactSpec("inferred.ttl", "inferred", formats.TURTLE),
    ArtefactSpec(ONTOLOGY_TURTLE, "ontology", formats.TURTLE),
    ArtefactSpec(layout.ontology_file(formats.RDF_XML.suffix), "ontology", formats.RDF_XML),
    ArtefactSpec(layout.ontology_file(formats.JSON_LD.suffix), "ontology", formats.JSON_LD),
    ArtefactSpec(layout.ontology_file(formats.N_TRIPLES.suffix), "ontology", formats.N_TRIPLES),
    ArtefactSpec("shapes.ttl", "shapes", formats.TURTLE),
)


@dataclass
class Manifest:
    """Every published file with its media type, format, triple count, size and SHA-256."""

    version: str
    artefacts: list[dict] = field(default_factory=list)
    documentation: list[dict] = field(default_factory=list)
    store: dict | None = None  # the derived query store and the file it was built from
    ontology_modules: list[dict] = field(default_factory=list)  # importable modules + catalog

    def to_json(self) -> str:
        """Return the manifest as the JSON written to manifest.json."""
        return json.dumps(self.__dict__, indent=2) + "\n"


def publish(ds: Dataset, out: Path, ontology_dir: Path | None = None, *,
            consume: bool = False) -> Manifest:
    """Write the release for ds and put it in place of `out` in one step. With the ontology's
    source folder, the ontology is published standalone and module by module (ontology_dist).

    consume: empty ds (a SourcedDataset) as soon as the release's own copy of it is made. A
    build has no further use for it, and at 1000x the data the writers and the query store's
    bulk load beside it were the build's memory peak.
    """
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise PipelineError(f"{out}: exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        manifest = write_release(ds, staging, ontology_dir, consume)
        staging.chmod(0o755)
        swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the staging folder, or the old release
    return manifest


def write_release(ds: Dataset, folder: Path, ontology_dir: Path | None = None,
                  consume: bool = False) -> Manifest:
    """Write every artefact, the docs, void.ttl, the query store, manifest.json and SHA256SUMS
    into folder (consume: see publish)."""
    writer = ViewWriter(ds)
    # The one thing read from the dataset and not from the writer's copy is read now.
    sources = dataset_sources(ds, writer.graphs["dataset"])
    if consume:
        ds.forget()
        gc.collect()  # its graphs and store refer to each other
    # The ontology named graph, with every module's header: what the docs page describes.
    ontology = writer.graph("ontology")
    modules = ontology_dist.read_modules(ontology_dir) if ontology_dir else []
    kinds = ontology_dist.external_kinds(paths.ontology_vocab_dir(ontology_dir.parent)) \
        if modules else {}
    if modules:  # the published ontology files become one standalone OWL 2 DL document
        writer.replace_view("ontology", ontology_dist.standalone(ontology, kinds))
    context = jsonld_context(ontology, writer.graph("shapes"))
    manifest = Manifest(version=__version__)
    manifest.artefacts = [writer.write(folder, a, context) for a in ARTEFACTS]
    context_bytes = (json.dumps({"@context": context}, indent=2) + "\n").encode()
    manifest.artefacts.append(_record(folder, "context.jsonld", context_bytes,
                                      formats.JSON_LD.mime, "JSON-LD context", None))
    manifest.documentation = [_describe_file(folder, p)
                              for p in _write_docs(ontology, folder)]
    manifest.ontology_modules = [_describe_file(folder, p)
                                 for p in ontology_dist.write_modules(modules, folder, kinds)] \
        if modules else []
    manifest.artefacts.append(_record(folder, fulltext.INDEX_FILE,
                                      search_index.index_bytes(writer.triples),
                                      formats.SQLITE, "SQLite FTS5 search index", None))
    void = void_graph(writer.graphs["dataset"], manifest.artefacts, rows=writer.triples,
                      namespaces=(ns for _, ns in writer.namespaces), sources=sources)
    manifest.artefacts.append(_record(folder, "void.ttl", _serialise(void, "turtle"),
                                      formats.TURTLE.mime, formats.TURTLE.label, len(void)))
    del writer, ontology, void  # the dataset's copies go before the store's bulk load peaks
    # and the cyclic garbage rdflib's serialisers left: at 100x the data the publish step's
    # peak was 1,042 MB without this collection and 975 MB with it
    gc.collect()
    # the query store is loaded from the N-Quads dump, the file the engines know
    dump = next(entry for entry in manifest.artefacts if entry["file"] == layout.DATASET_FILE)
    manifest.store = write_store(folder, dump)
    (folder / layout.MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
    _write_checksums(folder)
    return manifest


class ViewWriter:
    """Serialise the views of one dataset from its canonical form (see oxiwrite.py): each
    graph is read once, canonicalised once, and every view is built from those triples."""

    def __init__(self, ds: Dataset) -> None:
        self.ds, self.views, self.graphs = ds, {}, view_graphs(ds)
        kinds = getattr(ds, "rule_kinds", {})
        made = () if rule_kinds.LineOrder.holds_blank_nodes(kinds) else (GRAPH_RULE_KINDS,)
        # Iterating an rdflib Dataset's graph is slow (context checks per triple): once only.
        self.triples = canonical_graphs({name: graph_triples(ds, name)
                                         for name in self.graphs["dataset"] if name not in made})
        if made:  # the rule-kind graph, made as it is read (rule_kinds.LineOrder)
            self.triples[GRAPH_RULE_KINDS] = rule_kinds.LineOrder(kinds)
        self.namespaces = sorted((p, str(ns)) for p, ns in ds.namespaces())
        prefixes = usable_prefixes(self.namespaces)
        every = (t for triples in self.triples.values() for t in triples)
        self.prefixes = dict(sorted({**prefixes, **folder_prefixes(every, prefixes)}.items()))

    def replace_view(self, view: str, graph: Graph) -> None:
        """Publish graph, not the dataset's graphs, as a (single-graph) view."""
        name = URIRef(f"urn:hmkg:view:{view}")
        self.views[view] = canonical_graphs({name: graph})[name]

    def items(self, view: str) -> Iterable:
        """Return the view's pyoxigraph Quads (dataset) or distinct sorted Triples (others)."""
        if view == "dataset":  # made as they are written, never held: the whole release
            return itertools.chain.from_iterable(in_graph(self.triples[name], name)
                                                 for name in self.graphs[view])
        if view not in self.views:
            names = self.graphs[view]
            if len(names) == 1:
                self.views[view] = self.triples[names[0]]
            else:
                self.views[view] = sorted_triples(t for name in names for t in self.triples[name])
        return self.views[view]

    def size(self, view: str) -> int:
        """Return how many triples (or quads) the view's file holds."""
        if view == "dataset":
            return sum(len(self.triples[name]) for name in self.graphs[view])
        return len(self.items(view))

    def graph(self, view: str) -> Graph:
        """Return the view as an rdflib Graph with the dataset's prefixes (for the docs and the
        JSON-LD context: small views)."""
        graph = Graph(bind_namespaces="core")
        for prefix, namespace in self.namespaces:
            graph.bind(prefix, namespace)
        graph.addN((s, p, o, graph) for s, p, o in to_rdflib(self.items(view)))
        return graph

    def write(self, folder: Path, artefact: ArtefactSpec, context: dict) -> dict:
        """Serialise one view into its file, as a stream, and return its manifest entry."""
        fmt, path = artefact.format, folder / artefact.file
        if fmt is formats.JSON_LD:  # compacted with hmkg's context: rdflib, a batch at a time
            write_jsonld(path, self.items(artefact.view), context, self.namespaces)
        else:
            # N-Quads in line order, as the (sorted) triples of a view are; TriG graph by graph
            items = self.items(artefact.view) if fmt is not formats.N_QUADS else \
                merged_quads({name: self.triples[name] for name in self.graphs[artefact.view]})
            with open(path, "wb") as raw, \
                    (gzip.GzipFile("", "wb", fileobj=raw, mtime=0) if artefact.compressed
                     else nullcontext(raw)) as out:  # mtime 0: same input, same bytes
                serialise(items, fmt, self.prefixes, output=out)
        entry = _record_written(folder, artefact.file, fmt.mime, fmt.label,
                                self.size(artefact.view))
        if artefact.compression:
            entry["compression"] = artefact.compression
        return entry


def release_views(ds: Dataset) -> dict:
    """Return each view as rdflib graphs (what its artefacts must be isomorphic to)."""
    dataset, graphs = Dataset(), view_graphs(ds)
    for name in graphs["dataset"]:
        target = dataset.graph(name)
        for triple in graph_triples(ds, name):
            target.add(triple)
    views = {view: merged_graph(ds, *names) for view, names in graphs.items()
             if view != "dataset"}
    return {"dataset": dataset, **views,
            "context": jsonld_context(views["ontology"], views.get("shapes"))}


def _serialise(graph: Graph, fmt: str) -> bytes:
    """Serialise a (small) graph with rdflib."""
    with rdflib_internals():
        return graph.serialize(format=fmt, encoding="utf-8")


def _record(folder: Path, name: str, data: bytes, media_type: str, label: str,
            triples: int | None) -> dict:
    """Write data to folder/name and return the manifest entry describing it."""
    (folder / name).write_bytes(data)
    return _record_written(folder, name, media_type, label, triples)


def _record_written(folder: Path, name: str, media_type: str, label: str,
                    triples: int | None) -> dict:
    """Return the manifest entry describing the file folder/name, already written."""
    path = folder / name
    return {"file": name, "media_type": media_type, "format": label, "triples": triples,
            "bytes": path.stat().st_size, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    """Return a file's SHA-256, read a block at a time (a dump is gigabytes at 1000x)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _describe_file(folder: Path, path: Path) -> dict:
    """Return the manifest entry of a file a hook wrote into the release."""
    return {"file": path.relative_to(folder).as_posix(), "bytes": path.stat().st_size,
            "sha256": _sha256(path)}


# Run in a child process: see _write_docs.
_DOCS_IN_CHILD = ("import sys; from pathlib import Path; from rdflib import Graph; "
                  "from hmkg.pipeline import docs; "
                  "docs.write_ontology_docs(Graph(bind_namespaces='core').parse("
                  "data=sys.stdin.buffer.read(), format='turtle'), Path(sys.argv[1]))")


def _write_docs(ontology: Graph, folder: Path) -> list[Path]:
    """Write the ontology's HTML documentation (docs.py) into folder/ontology.

    The page is made from the ontology named graph, which holds every module's header (the
    published ontology.ttl need not). It is written in a child process with a fixed
    PYTHONHASHSEED, so that anything left in the order of rdflib's sets (which Python
    randomises per process) still comes out the same for the same ontology.
    """
    out = folder / layout.ONTOLOGY_MODULES_DIR
    with rdflib_internals():
        turtle = ontology.serialize(format="turtle", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _DOCS_IN_CHILD, str(out)], input=turtle,
                          env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True,
                          check=False)
    if done.returncode != 0:
        raise PipelineError("ontology documentation failed:\n"
                            + done.stderr.decode("utf-8", "replace")[-3000:])
    return sorted(p for p in out.rglob("*") if p.is_file())


def _write_checksums(folder: Path) -> None:
    """Write SHA256SUMS (sha256sum -c format) for every checksummed file in the release."""
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and layout.is_checksummed(p.relative_to(folder).as_posix()))
    lines = [f"{_sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files]
    (folder / layout.CHECKSUMS_FILE).write_text("".join(lines), encoding="utf-8")
