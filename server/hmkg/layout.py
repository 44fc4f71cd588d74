"""The release's layout: which named graphs it holds, what its fixed files are called, and how
a remote store's staging copy of a graph is named. The pipeline writes this layout, the
engines and the remote publisher read it; no other module spells these names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from hmkg.namespaces import (GRAPH, GRAPH_CLAIM, GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY,
                             GRAPH_RULE_KINDS, GRAPH_SHAPES, SERVED_GRAPHS, is_claim_graph)

# The fixed named graphs of every release, in the order the whole-dataset dumps write them;
# a release also holds one graph per claim (namespaces.claim_graph), written after the data.
RELEASE_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES)
# The fixed graphs a query sees as its default graph (their union, with every claim graph):
# shapes and the rule-kind bookkeeping are published and can be named with GRAPH, but are not
# queried by default.
SERVED = tuple(str(graph) for graph in SERVED_GRAPHS)
ALL = tuple(str(graph) for graph in RELEASE_GRAPHS)
GRAPH_PREFIX = str(GRAPH)  # every hmkg graph's IRI starts with it
CLAIM_GRAPH_PREFIX = str(GRAPH_CLAIM)  # every claim graph's IRI starts with it

DATASET_FILE = "hmkg.nq"  # the whole dataset as N-Quads: what the engines load
TRIG_FILE = "hmkg.trig"  # the whole dataset as TriG
# The ontology's folder in the release: its documentation (index.html), each module as its own
# importable Turtle file (<module>.ttl, hmkg.ttl the aggregate) and a Protégé catalog.
ONTOLOGY_MODULES_DIR = "ontology"
ONTOLOGY_CATALOG_FILE = "catalog-v001.xml"
ONTOLOGY_DOCS_FILE = f"{ONTOLOGY_MODULES_DIR}/index.html"
# The standalone ontology document, one file per syntax: ontology.ttl, .rdf, .jsonld, .nt.
ONTOLOGY_STEM = "ontology"
MANIFEST_FILE = "manifest.json"  # every published file with its media type, size and SHA-256
CHECKSUMS_FILE = "SHA256SUMS"  # `sha256sum -c` input for every checksummed file
# The release's on-disk Oxigraph store, a folder (pipeline/store.py writes it, the embedded
# engine's query workers open it read-only).
STORE_DIR = "store"

# Derived outputs written into the release but left out of SHA256SUMS and the manifest: their
# bytes are not a function of the sources alone (e.g. an on-disk store's internal files), so
# checksumming them would make two builds of the same sources differ. Folder or file names.
NOT_CHECKSUMMED: frozenset[str] = frozenset({STORE_DIR})

STAGING_SUFFIX = "/staging"  # a remote store holds a graph's next version under IRI + this
# A remote store loaded by `hmkg publish` also holds the served graphs' union in this graph,
# and the remote engine names it as a query's one default graph: a store given hundreds of
# default graphs (one per claim) looks every triple pattern up in each (as pyoxigraph did:
# default_graph.py). Not a release graph: no dump holds it, and GRAPH ?g never sees it. The
# embedded store keeps the same union in its own default graph.
UNION_GRAPH = GRAPH_PREFIX + "union"


def claim_graphs(names: Iterable[str]) -> list[str]:
    """Return the claim graphs among graph IRIs, sorted (their order in dumps and defaults)."""
    return sorted({str(name) for name in names if _is_served_claim_graph(str(name))})


def release_graphs(names: Iterable[str]) -> tuple[str, ...]:
    """Return every graph of a release holding the given graphs, in dump order: the fixed
    graphs, with the claim graphs after the data graph."""
    claims = claim_graphs(names)
    at = ALL.index(str(GRAPH_DATA)) + 1
    return (*ALL[:at], *claims, *ALL[at:])


def served_graphs(names: Iterable[str]) -> tuple[str, ...]:
    """Return the graphs whose union a query sees as its default graph, given the release's
    graph IRIs: the fixed served graphs and every claim graph."""
    return (*SERVED, *claim_graphs(names))


def is_served(graph_iri: str) -> bool:
    """Say whether a graph is part of the default graph (served_graphs, one IRI at a time)."""
    return graph_iri in SERVED or _is_served_claim_graph(graph_iri)


def _is_served_claim_graph(graph_iri: str) -> bool:
    """Say whether a graph IRI names a claim graph of the release (not a staging copy)."""
    return is_claim_graph(graph_iri) and not is_staging(graph_iri)


def ontology_file(suffix: str) -> str:
    """Return the release path of the standalone ontology in the syntax with this suffix."""
    return ONTOLOGY_STEM + suffix


def module_file(name: str) -> str:
    """Return the release path of one ontology module's own Turtle file (core, hmkg...)."""
    return f"{ONTOLOGY_MODULES_DIR}/{name}.ttl"


def is_staging(graph_iri: str) -> bool:
    """Say whether a graph IRI names a staging copy rather than a served graph."""
    return graph_iri.endswith(STAGING_SUFFIX)


def is_checksummed(relative_path: str) -> bool:
    """Say whether a release file (path relative to the release) belongs in SHA256SUMS."""
    return relative_path.split("/", 1)[0] not in NOT_CHECKSUMMED


def release_id(dist: Path) -> str:
    """Return what identifies the data a release serves: its dataset's SHA-256 as the manifest
    records it, else (a release without a manifest) the dataset's size and modification time."""
    try:
        manifest = json.loads((dist / MANIFEST_FILE).read_text(encoding="utf-8"))
        return next(entry["sha256"] for entry in manifest["artefacts"]
                    if entry["file"] == DATASET_FILE)
    except (OSError, ValueError, KeyError, StopIteration, TypeError):
        stat = (dist / DATASET_FILE).stat()
        return f"{stat.st_size}-{stat.st_mtime_ns}"
