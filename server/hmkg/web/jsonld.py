"""Per-resource JSON-LD, compacted with the context the release publishes (context.jsonld), so
a resource reads as {"label": ..., "statedIn": ...} rather than full IRIs."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import url_for
from rdflib import Graph

from hmkg.web import media, release_files
from hmkg.web.engine_access import get_engine

CONTEXT_FILE = "context.jsonld"


def compacted(construct: str) -> bytes:
    """Run a CONSTRUCT and return its graph as JSON-LD compacted with hmkg's context."""
    answer = get_engine().query(construct, solutions_format=None, graph_format=media.N_TRIPLES.mime)
    graph = Graph(bind_namespaces="none").parse(data=answer.body, format="nt")
    context = release_context()
    if context is None:  # a release without a context: plain expanded JSON-LD
        return graph.serialize(format="json-ld", encoding="utf-8")
    document = json.loads(graph.serialize(format="json-ld", context=context))
    # The terms are the published context's: point to it rather than repeat its 15 kB.
    document["@context"] = url_for("downloads.artefact", name=CONTEXT_FILE, _external=True)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def release_context() -> dict | None:
    """Return the release's JSON-LD context (its "@context" value), or None if it has none."""
    path = release_files.dist_dir() / CONTEXT_FILE
    if not path.is_file():
        return None
    return _read(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read(path: Path, _mtime: int) -> dict:
    """Parse the context file once per version of it."""
    return json.loads(path.read_text(encoding="utf-8"))["@context"]
