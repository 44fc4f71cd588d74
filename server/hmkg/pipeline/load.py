"""Load step: read the ontology, data and shapes files into one rdflib Dataset.

Every ``*.ttl`` file under ``ontology/``, ``data/`` (recursively, so ``data/sources/`` too)
and ``shapes/`` is parsed into the named graph of its folder: GRAPH_ONTOLOGY, GRAPH_DATA,
GRAPH_SHAPES. Data files may also be TriG (``data/*.trig``): their default graph goes to
GRAPH_DATA (claims and facts of record), each of their named graphs, which must be claim
graphs (namespaces.claim_graph), stays a graph of its own. One graph per file is *not* kept: a
SPARQL user never needs to know how the sources are split. Instead the dataset remembers, for
every subject, which file(s) stated something about it (``SourcedDataset.origins``); the
validation report uses this to name the file a failing focus node comes from.

A malformed file raises SourceError naming the file, line and column; a missing or empty
folder, or an unreadable file, raises SourceError naming it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.stores.memory import Memory
from rdflib.namespace import NamespaceManager
from rdflib.term import Node
from rdflib.util import guess_format

from hmkg import formats, paths
from hmkg.namespaces import GRAPH_CLAIM, GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, HMK, ID
from hmkg.namespaces import is_claim_graph
from hmkg.pipeline import fastparse
from hmkg.pipeline.errors import SourceError
from hmkg.pipeline.gc_pause import gc_paused
from hmkg.pipeline.rdfcompat import rdflib_internals

# Formats a user may hand to `hmkg validate`; the project's own sources are Turtle, and TriG
# for data files holding claim graphs.
TRIPLE_FORMATS = {"turtle", "nt", "n3", "json-ld", "xml"}
QUAD_FORMATS = {"trig", "nquads"}
DATA_SUFFIXES = (".ttl", ".trig")  # what data/ may hold; ontology/ and shapes/ are Turtle only


class SourcedDataset(Dataset):
    """An rdflib Dataset that remembers which source files stated each subject."""

    def __init__(self) -> None:
        super().__init__(default_union=False)
        # Only the core prefixes plus those the source files declare, not rdflib's long list.
        self.namespace_manager = NamespaceManager(self, bind_namespaces="core")
        self.namespace_manager.bind("hmk", HMK)
        self.namespace_manager.bind("id", ID)
        self.origins: dict[Node, set[str]] = {}
        self.root: Path | None = None  # what origins' file names are relative to
        self.added: list[tuple] = []  # the triples of the files `hmkg validate` was given
        self.rule_kinds: dict[tuple, str] = {}  # inferred triple -> its rule kind (reason.py)

    def forget(self) -> None:
        """Let go of every triple and every record at once, bar rule_kinds (the publish
        step's writer reads it to the end). rdflib's stores have no clear(), and removing the
        triples one by one walks every one of them: the Memory store starts afresh instead."""
        Memory.__init__(self.store, identifier=self.store.identifier)
        self.origins, self.added = {}, []

    def files_of(self, node: Node) -> list[str]:
        """Return the source files that stated something about node, sorted."""
        return sorted(self.origins.get(node, ()))


@gc_paused()
def load_sources(root: Path | None = None) -> SourcedDataset:
    """Parse every source file of the ontology, data (Turtle and TriG) and shapes folders into a
    Dataset."""
    root = root or paths.source_root()
    ds = SourcedDataset()
    ds.root = root
    for folder, graph, suffixes in ((paths.ontology_dir(root), GRAPH_ONTOLOGY, (".ttl",)),
                                    (paths.data_dir(root), GRAPH_DATA, DATA_SUFFIXES),
                                    (paths.shapes_dir(root), GRAPH_SHAPES, (".ttl",))):
        load_files(ds, source_files(folder, suffixes), graph, root=root)
    return ds


def claim_graph_names(ds: Dataset) -> list[URIRef]:
    """Return the dataset's non-empty claim graphs, sorted."""
    return sorted(graph.identifier for graph in ds.graphs()
                  if is_claim_graph(graph.identifier) and len(graph))


def asserted_data(ds: Dataset) -> list[URIRef]:
    """Return the graphs holding asserted instance data: the data graph and every claim graph."""
    return [GRAPH_DATA, *claim_graph_names(ds)]


def load_for_validation(files: list[Path], root: Path | None = None,
                        fmt: str | None = None) -> SourcedDataset:
    """Load hmkg's sources and add the given files to the data; fmt names their format (a
    short name of hmkg.formats), else each file's suffix does. A file giving no triple is
    an error: nothing was read, so nothing was checked."""
    # hmkg's own data stays in: a user's file links to hmkg's reports, groups and sources, and
    # those links must resolve (hmkg's data alone conforms, or no release could be built).
    ds = load_sources(root)
    for path in map(Path, files):
        quads, namespaces = _read_user_file(path, user_format(path, fmt))
        if not quads:
            raise SourceError(str(path), "holds no triples (empty, or not RDF in that format)")
        for prefix, namespace in namespaces:
            ds.namespace_manager.bind(prefix, namespace, override=False)
        _add_quads(ds, quads, str(path), strict=False)
        ds.added.extend((s, p, o, str(path)) for s, p, o, _ in quads)
    return ds


def _add_quads(ds: SourcedDataset, quads, label: str, strict: bool) -> None:
    """Add (s, p, o, graph) rows: None or the default graph to GRAPH_DATA, a claim graph to
    itself. Another named graph is an error in hmkg's sources (strict); a user's goes to the
    data, as its triples always did."""
    for s, p, o, graph in quads:
        if graph is None or graph == GRAPH_DATA:
            name = GRAPH_DATA
        elif is_claim_graph(graph):
            name = graph
        elif strict:
            raise SourceError(label, f"named graph <{graph}> is not a claim graph: a data "
                              f"file's named graphs are claim assertions, under <{GRAPH_CLAIM}>")
        else:
            name = GRAPH_DATA
        ds.graph(name).add((s, p, o))
        ds.origins.setdefault(s, set()).add(label)


# Suffixes people give RDF files that the format table does not list as its own.
_MORE_SUFFIXES = {".owl": "xml", ".xml": "xml", ".json": "json-ld", ".n3": "n3"}


def user_format(path: Path, given: str | None) -> str:
    """Return the rdflib format of a user's file: the one named, else its suffix's."""
    if given:
        row = formats.by_name(given, formats.Kind.GRAPH)
        if row is None:
            raise SourceError(str(path), f"unknown RDF format {given!r}; use one of "
                              + ", ".join(row.names[0] for row in formats.of_kind(formats.Kind.GRAPH)))
        return row.rdflib_format
    row = formats.by_suffix(path.suffix)
    if row is not None and row.kind is formats.Kind.GRAPH:
        return row.rdflib_format
    if path.suffix.lower() in _MORE_SUFFIXES:
        return _MORE_SUFFIXES[path.suffix.lower()]
    raise SourceError(str(path), f"cannot tell the RDF format from the suffix {path.suffix!r}; "
                      "name it with --input-format (turtle, nt, jsonld, rdfxml, nquads, trig)")


def _read_user_file(path: Path, fmt: str) -> tuple[list, list]:
    """Return a user's file's quads ((s, p, o, graph), graph None for triples) and prefixes."""
    if fmt not in QUAD_FORMATS:
        parsed = parse_file(path, str(path), fmt)
        return [(*triple, None) for triple in parsed], list(parsed.namespaces())
    return parse_quads(path, str(path), fmt)


def parse_quads(path: Path, label: str, fmt: str = "trig") -> tuple[list, list]:
    """Parse a TriG or N-Quads file with rdflib: (s, p, o, graph) rows, graph None for the
    default graph, and the prefixes; raise SourceError with line and column."""
    dataset = Dataset()
    try:
        text = _decode(path.read_bytes(), label)
        with rdflib_internals():
            dataset.parse(data=text, format=fmt, publicID=path.absolute().as_uri())
    except OSError as err:
        raise SourceError(label, f"cannot read file: {err.strerror or err}") from err
    except SourceError:
        raise
    except Exception as err:  # rdflib's parsers raise many types; all mean "bad input"
        raise _syntax_error(err, label) from err
    default = dataset.default_graph.identifier
    names = {g: getattr(g, "identifier", g) for g in {quad[3] for quad in dataset.quads()}}
    quads = [(s, p, o, None if g is None or names[g] == default else names[g])
             for s, p, o, g in dataset.quads()]
    return quads, list(dataset.namespaces())


def merged_graph(ds: Dataset, *names: URIRef) -> Graph:
    """Return a plain Graph holding the named graphs' triples, with the dataset's prefixes."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in ds.namespaces():
        graph.bind(prefix, namespace)
    for name in names:
        for triple in ds.graph(name):
            graph.add(triple)
    return graph


def source_files(folder: Path, suffixes: tuple[str, ...] = (".ttl",)) -> list[Path]:
    """Return the folder's files with the suffixes (recursively, sorted); fail if none."""
    if not folder.is_dir():
        raise SourceError(folder, "folder is missing")
    files = sorted(p for p in folder.rglob("*") if p.suffix in suffixes)
    if not files:
        raise SourceError(folder, "folder holds no " + " or ".join(f"*{s}" for s in suffixes)
                          + " file")
    return files


def load_files(ds: SourcedDataset, files: list[Path], graph: URIRef,
               root: Path | None = None) -> None:
    """Parse each file into the named graph and record where its subjects came from."""
    target = ds.graph(graph)
    for path in files:
        label = _label(path, root)
        if path.suffix == ".trig":  # only data/ lists TriG files (DATA_SUFFIXES)
            quads, namespaces = read_quads(path, label)
            _add_quads(ds, quads, label, strict=True)
        else:
            triples, namespaces = read_triples(path, label)
            for triple in triples:
                target.add(triple)
                ds.origins.setdefault(triple[0], set()).add(label)
        for prefix, namespace in namespaces:
            ds.namespace_manager.bind(prefix, namespace, override=False)


def read_triples(path: Path, label: str) -> tuple[list, list]:
    """Return a file's triples and prefix bindings: pyoxigraph when it can, else rdflib."""
    fast = fastparse.read_turtle(path) if guess_format(str(path)) == "turtle" else None
    if fast is not None:
        return fast
    parsed = parse_file(path, label)  # also the path that names the line of a syntax error
    return list(parsed), list(parsed.namespaces())


def read_quads(path: Path, label: str) -> tuple[list, list]:
    """Return a TriG file's quads and prefix bindings: pyoxigraph when it can, else rdflib."""
    fast = fastparse.read_trig(path)
    return fast if fast is not None else parse_quads(path, label)


def parse_file(path: Path, label: str | None = None, fmt: str | None = None) -> Graph:
    """Parse one RDF file into a fresh Graph; raise SourceError with line and column."""
    label = label or str(path)
    fmt = fmt or guess_format(str(path))
    if fmt not in TRIPLE_FORMATS:
        raise SourceError(label, f"unsupported RDF format {fmt!r} (use Turtle or JSON-LD)")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SourceError(label, f"cannot read file: {err.strerror or err}") from err
    text = _decode(raw, label)
    graph = Graph(bind_namespaces="none")
    try:
        with rdflib_internals():
            graph.parse(data=text, format=fmt, publicID=path.absolute().as_uri())
    except Exception as err:  # rdflib's parsers raise many types; all mean "bad input"
        raise _syntax_error(err, label) from err
    return graph


def _decode(raw: bytes, label: str) -> str:
    """Decode UTF-8 text, naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(label, "not valid UTF-8", line=line) from err


def _syntax_error(err: Exception, label: str) -> SourceError:
    """Translate a parser's exception into a SourceError carrying line and column."""
    if isinstance(err, BadSyntax):
        text, offset = err._str, err._i  # noqa: SLF001 - rdflib keeps the position only here
        line_start = text.rfind(b"\n", 0, offset) + 1
        column = len(text[line_start:offset].decode("utf-8", "replace")) + 1
        return SourceError(label, f"bad syntax: {err._why}",  # noqa: SLF001
                           line=text.count(b"\n", 0, offset) + 1, column=column)
    if isinstance(err, json.JSONDecodeError):
        return SourceError(label, f"bad JSON: {err.msg}", line=err.lineno, column=err.colno)
    if isinstance(err, SAXParseException):
        return SourceError(label, f"bad XML: {err.getMessage()}",
                           line=err.getLineNumber(), column=err.getColumnNumber() + 1)
    return SourceError(label, f"cannot parse: {err}")


def _label(path: Path, root: Path | None) -> str:
    """Name a file relative to the source root when it lies inside it."""
    if root is not None:
        try:  # not resolve(): a symlinked file keeps the name it has in the folder
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return str(path)
