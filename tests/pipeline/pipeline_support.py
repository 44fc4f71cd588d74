"""Helpers shared by the pipeline tests."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from rdflib import Dataset, Graph

from hmkg.pipeline.rdfcompat import rdflib_internals, read_dataset

FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"


def tree_digest(folder: Path) -> dict[str, str]:
    """Return every file under folder mapped to its SHA-256 (to prove nothing changed)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_artefact(path: Path, fmt: str) -> Dataset | Graph:
    """Parse a published file (gunzipped if .gz): a Dataset for TriG/N-Quads, else a Graph."""
    if fmt in ("trig", "nquads"):
        return read_dataset(path, fmt)
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    with rdflib_internals():  # rdflib's JSON-LD parser builds a ConjunctiveGraph
        return Graph().parse(data=data, format=fmt)
