"""Write a view as one compacted JSON-LD document, a batch of subjects at a time.

JSON-LD is compacted against hmkg's own context, which only rdflib's writer can do, and that
writer builds the whole document as Python objects first: at 1000x the data it held 3.2 GB
more than the rest of publishing, the build's memory peak. Here rdflib still writes every
node object, but for one batch of subjects at a time, and a batch's node objects are on disk
before the next batch is made, so memory holds one batch.

rdflib makes a subject's node object from the subject's triples and from the blank nodes it
reaches (a list becomes ``@list``, another blank node a node object of its own), so a
subject and what it reaches must share a batch. The first batch holds every triple whose
subject is a blank node or has a blank-node object (the ontology's axioms and lists); the
other subjects follow in the view's order, ``BATCH_TRIPLES`` triples a batch, cut only
between two subjects. A view of at most ``BATCH_TRIPLES`` triples is one batch: the document
rdflib writes for the whole view.

The document is put in a stable order, because rdflib's writer follows the set order of its
store, which Python randomises per process: keys sorted, and the node objects of a batch
sorted by their JSON text (JSON-LD arrays are unordered, except ``@list``); batches follow
the view's order. Same view, same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from hmkg.pipeline.gc_pause import gc_deferred
from hmkg.pipeline.oxiwrite import to_rdflib
from hmkg.pipeline.rdfcompat import rdflib_internals

# Triples a batch holds, in rdflib and as node objects: at 1000x the data, writing the dump
# in batches of this size raised resident memory by 0.4 GB, the whole document by 3.2 GB.
BATCH_TRIPLES = 50_000
_INDENT = 2  # the document's indentation; a node object sits two levels deep


def write_jsonld(path: Path, triples: Sequence, context: dict,
                 namespaces: Sequence[tuple[str, str]], batch: int = BATCH_TRIPLES) -> None:
    """Write triples (pyoxigraph Triples, each once, sorted by subject) to path as one JSON-LD
    document compacted with context; namespaces are bound as the view's graph binds them."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{\n  "@context": ')
        out.write(_nested(json.dumps(ordered(context), indent=_INDENT, ensure_ascii=False), 1))
        out.write(',\n  "@graph": [')
        first = True
        for rows in batches(triples, batch):
            with gc_deferred():  # the batch's rdflib graph: see gc_pause.py
                nodes = _node_objects(rows, context, namespaces)
            for node in nodes:
                out.write("\n    " if first else ",\n    ")
                out.write(_nested(json.dumps(node, indent=_INDENT, ensure_ascii=False), 2))
                first = False
        out.write("\n  ]\n}\n" if not first else "]\n}\n")


def batches(triples: Sequence, size: int) -> Iterator[list]:
    """Yield the triples in batches that keep a subject and the blank nodes it reaches
    together (see the module's docstring)."""
    if len(triples) <= size:
        yield list(triples)
        return
    blank = {t.subject for t in triples if isinstance(t.object, ox.BlankNode)}
    reaching = [t for t in triples if isinstance(t.subject, ox.BlankNode) or t.subject in blank]
    if reaching:
        yield reaching
    current: list = []
    for triple in triples:
        if isinstance(triple.subject, ox.BlankNode) or triple.subject in blank:
            continue
        if len(current) >= size and triple.subject != current[-1].subject:
            yield current
            current = []
        current.append(triple)
    if current:
        yield current


def _node_objects(rows: list, context: dict, namespaces: Sequence[tuple[str, str]]) -> list:
    """Return the node objects rdflib writes for rows, ordered (keys, then the objects)."""
    # SimpleMemory: no contexts and no events per added triple, a quarter faster than Memory
    graph = Graph(store="SimpleMemory", bind_namespaces="core")
    for prefix, namespace in namespaces:
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o in to_rdflib(rows))
    with rdflib_internals():
        document = json.loads(graph.serialize(format="json-ld", context=context,
                                              encoding="utf-8"))
    document.pop("@context", None)
    nodes = document.pop("@graph", None)
    if nodes is None:  # one node object: rdflib writes it beside the context, no @graph
        nodes = [document] if document else []
    return sorted((ordered(node) for node in nodes), key=_text)


def ordered(value, key: str | None = None):
    """Return a JSON value with every object's keys sorted and every array but an @list's
    items sorted by their JSON text."""
    if isinstance(value, dict):
        return {k: ordered(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [ordered(v) for v in value]
        return items if key == "@list" else sorted(items, key=_text)
    return value


def _text(value) -> str:
    """Return the JSON text that orders values within an array."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _nested(text: str, depth: int) -> str:
    """Indent the lines after the first of a JSON text written depth levels deep (json.dumps
    escapes newlines inside strings, so every line break is the layout's)."""
    return text.replace("\n", "\n" + " " * (_INDENT * depth))
