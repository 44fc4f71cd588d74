"""What the release says about itself: its manifest of artefacts and its VoID description."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from hmkg.formats import HTML, OCTET_STREAM
from hmkg.web import release_files

DATA_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
CODE_LICENCE = ("MIT", "https://opensource.org/license/mit")
_STATISTICS = (("triples", VOID.triples), ("entities", VOID.entities),
               ("classes", VOID.classes), ("properties", VOID.properties))


@dataclass(frozen=True)
class Artefact:
    """One downloadable file of the release, as the manifest lists it."""

    file: str
    media_type: str
    format: str
    triples: int | None
    size: int
    sha256: str
    compression: str | None = None

    @property
    def download_type(self) -> str:
        """Return the media type the file is sent as (a gzipped file is sent as gzip)."""
        return self.compression or self.media_type


def manifest() -> dict:
    """Return the release's manifest.json, parsed."""
    path = release_files.release_path("manifest.json")
    return _read_json(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read_json(path: Path, _mtime: int) -> dict:
    """Parse a JSON file once per modification time."""
    return json.loads(path.read_text(encoding="utf-8"))


def artefacts() -> list[Artefact]:
    """Return every file the manifest lists (artefacts, then documentation), in its order."""
    data = manifest()
    entries = list(data.get("artefacts", []))
    entries += [{"media_type": HTML.mime, "format": "HTML documentation", **entry}
                for entry in data.get("documentation", [])]
    return [_artefact(entry) for entry in entries]


def _artefact(entry: dict) -> Artefact:
    """Read one manifest entry, tolerating the usual spellings of its keys."""
    def pick(*keys, default=None):
        """Return the first of these keys the entry has a value for."""
        return next((entry[k] for k in keys if entry.get(k) is not None), default)

    return Artefact(
        file=pick("file", "path", "name"),
        media_type=pick("media_type", "mediaType", "media type", "mime", default=OCTET_STREAM),
        format=pick("format", default=""),
        triples=pick("triples"),
        size=int(pick("bytes", "size", default=0)),
        sha256=pick("sha256", "checksum", default=""),
        compression=pick("compression"),
    )


def void_graph() -> Graph:
    """Return the release's VoID/DCAT description as a graph."""
    path = release_files.release_path("void.ttl")
    return _parse_turtle(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _parse_turtle(path: Path, _mtime: int) -> Graph:
    """Parse a Turtle file once per modification time."""
    return Graph().parse(path, format="turtle")


def void_serialised(rdflib_format: str) -> bytes:
    """Return the VoID description in another RDF syntax, written once per release."""
    path = release_files.release_path("void.ttl")
    return _serialise(path, path.stat().st_mtime_ns, rdflib_format)


@lru_cache(maxsize=16)
def _serialise(path: Path, _mtime: int, rdflib_format: str) -> bytes:
    """Write a Turtle file in a syntax, from a graph of its own (serialisers bind prefixes,
    so the graph shared by request threads is never serialised)."""
    return Graph().parse(path, format="turtle").serialize(format=rdflib_format, encoding="utf-8")


def datasets() -> list[dict]:
    """Return each void:Dataset with its title, statistics and depth, subsets under their parent."""
    graph = void_graph()
    every = set(graph.subjects(RDF.type, VOID.Dataset))
    subsets = set(graph.objects(None, VOID.subset))
    found: list[dict] = []
    for top in sorted(every - subsets):
        _walk(graph, top, 0, found)
    return found


def _walk(graph: Graph, dataset: URIRef, depth: int, found: list[dict]) -> None:
    """Append a dataset's entry, then its subsets' (largest first), depth first."""
    entry = {"iri": dataset, "depth": depth,
             "title": _text(graph, dataset, DCTERMS.title) or str(dataset)}
    for name, predicate in _STATISTICS:
        value = graph.value(dataset, predicate)
        entry[name] = int(value) if isinstance(value, Literal) else None
    found.append(entry)
    children = sorted(graph.objects(dataset, VOID.subset),
                      key=lambda s: (-int(graph.value(s, VOID.triples) or 0), str(s)))
    for child in children:
        if child != dataset and depth < 3:
            _walk(graph, child, depth + 1, found)


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str | None:
    """Return a literal value preferring English, or None."""
    values = [v for v in graph.objects(subject, predicate) if isinstance(v, Literal)]
    english = [v for v in values if v.language in (None, "en")]
    return str((english or values)[0]) if values else None
