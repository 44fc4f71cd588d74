"""Validate step: SHACL (pyshacl) over asserted + inferred data, a report people can read.

The data graph is GRAPH_DATA + every claim graph + GRAPH_INFERRED + GRAPH_ONTOLOGY (so shapes on
the ontology's own terms work, and sh:class sees the class hierarchy); the shapes are
GRAPH_SHAPES; SHACL Advanced Features are on. The ontology is unioned in here rather than passed
as pyshacl's ont_graph: pyshacl's ont_graph "inoculation" deep-clones every class description
recursively, which took over 8 minutes (and once crashed) on hmkg's ontology, against 2 s for
the union; its effect, the ontology's triples beside the data, is the same. No further
inference: the reason step has done it. The claim-graph rules (claim_rules.py: which named
graph a triple may be in, which SHACL cannot see) are reported beside the SHACL results. Only
violations make the data non-conforming; warnings and infos are reported only.

The union is not copied: pyshacl reads the dataset's own store as one default graph
(DataView), with every other graph (the shapes) set aside meanwhile. The copy was a second
rdflib graph of nearly all the data, 1.4 GB of the 6.3 GB validation peak at 1000x the real
data; reading the union costs no more per lookup than reading a copy.
"""

from __future__ import annotations

import difflib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyshacl
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.namespace import SH, NamespaceManager, split_uri
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.store import Store

from hmkg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES, HMK
from hmkg.pipeline import claim_rules
from hmkg.pipeline.load import asserted_data, merged_graph
from hmkg.pipeline.render import render_path, short_name
from hmkg.terminal import table

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with every node already shown as a prefixed name."""

    severity: str
    focus: str
    path: str
    constraint: str
    message: str
    value: str
    shape: str
    file: str


@dataclass
class ValidationReport:
    """The outcome of validation: conforms, results, a text rendering and the SHACL graph."""

    conforms: bool
    results: list[ValidationResult]
    graph: Graph
    seconds: float = 0.0
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = render_text(self.results, self.summary)

    def count(self, severity: str) -> int:
        """Return how many results carry the severity."""
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def summary(self) -> str:
        """Return the one-line tally, e.g. '2 violations, 1 warnings'."""
        line = f"{self.count('Violation')} violations, {self.count('Warning')} warnings"
        infos = self.count("Info")
        return f"{line}, {infos} infos" if infos else line

    def as_json(self) -> str:
        """Return the report as JSON: conforms, summary and every result."""
        return json.dumps({"conforms": self.conforms, "summary": self.summary,
                           "results": [r.__dict__ for r in self.results]}, indent=2)


def validate(ds: Dataset) -> ValidationReport:
    """Validate data + inferred triples against the shapes, the ontology mixed in."""
    start = time.perf_counter()
    shapes = merged_graph(ds, GRAPH_SHAPES)
    if (None, SH.rule, None) in shapes:  # would write their triples into the dataset itself
        raise ValueError("the shapes hold SHACL rules (sh:rule): validation reads the dataset "
                         "in place, so it cannot apply them")
    with _set_aside(ds, keep={*asserted_data(ds), GRAPH_INFERRED, GRAPH_ONTOLOGY}):
        # inplace: pyshacl validates the view itself instead of copying it first
        _, graph, _ = pyshacl.validate(DataView(ds.store), shacl_graph=shapes,
                                       inference="none", advanced=True, allow_warnings=True,
                                       inplace=True)
    found = [*_results(graph, ds), *(ValidationResult(**r) for r in claim_rules.check(ds))]
    results = sorted(found,
                     key=lambda r: (r.file, SEVERITY_ORDER.get(r.severity, 3), r.focus, r.path))
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results, graph=graph,
                            seconds=time.perf_counter() - start)


@contextmanager
def _set_aside(ds: Dataset, keep: set[URIRef]) -> Iterator[None]:
    """Take every non-empty graph not in `keep` out of the dataset for the block, then put
    its triples back: the store's union is then the graphs kept."""
    aside = {graph.identifier: list(graph) for graph in ds.graphs()
             if graph.identifier not in keep and len(graph)}
    for name in aside:
        ds.remove_graph(name)
    try:
        yield
    finally:
        for name, triples in aside.items():
            graph = ds.graph(name)
            graph.addN((s, p, o, graph) for s, p, o in triples)


class DataView(Dataset):
    """Every graph of a store read as one default graph (the union), not copied.

    Two changes to rdflib's Dataset, both for speed: it parses each distinct query text
    once, and its namespace manager files no namespace without a prefix (UnfiledNamespaces).

    pyshacl runs a SPARQL constraint once per focus node with the same text ($this is an
    initial binding), and rdflib parses a text query afresh every time: at 100x the real data
    that was 1,000 parses of the same few ReportShape queries, 17 ms each. The prepared query
    is what rdflib would build from the text (with this graph's prefixes, as Graph.query
    does), so the answers are the same.
    """

    def __init__(self, store: Store | str = "default") -> None:
        super().__init__(store=store, default_union=True)
        self.namespace_manager = UnfiledNamespaces(self, "core")
        self._prepared: dict[str, Query] = {}

    # rdflib's ConjunctiveGraph.triples reads default_context on every lookup, and Dataset's
    # property warns each time that it is deprecated (rdflib issue #3475): read it unwarned.
    @property
    def default_context(self) -> Graph:
        """Return the default graph's own context (empty here; the union is read)."""
        return self._default_context

    @default_context.setter
    def default_context(self, graph: Graph) -> None:
        self._default_context = graph

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              *args, **kwargs):
        """Answer a query, preparing a text query only the first time it is seen."""
        if isinstance(query_object, str) and not initNs:
            if query_object not in self._prepared:
                self._prepared[query_object] = translateQuery(
                    parseQuery(query_object), None, dict(self.namespaces()))
            query_object = self._prepared[query_object]
        return super().query(query_object, processor, result, initNs, *args, **kwargs)


class UnfiledNamespaces(NamespaceManager):
    """A namespace manager that files only namespaces with a prefix in its prefix trie.

    pyshacl writes nodes into the messages of every result it makes, the discarded ones of
    sh:or and sh:qualifiedValueShape too, with node.n3(namespace_manager), and rdflib's
    normalizeUri files each new namespace in a trie whose insert compares the newcomer with
    every sibling. Instance IRIs bring a namespace per report and per claim, so the inserts
    cost the square of the data: at 300x the real graph, 16,517 of them took 77 s of a 481 s
    validation (under the profiler). An IRI whose namespace has no prefix is written <iri>
    whether or not it was filed, so it is written here without filing it.
    """

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 (rdflib's names)
        """Return rdfTerm as a prefixed name or <iri>, as NamespaceManager does."""
        if not isinstance(rdfTerm, Variable):
            try:
                namespace = split_uri(rdfTerm)[0]
            except ValueError:  # no local name: the parent says how it is written
                return super().normalizeUri(rdfTerm)
            if self.store.prefix(URIRef(namespace)) is None:
                return f"<{rdfTerm}>"
        return super().normalizeUri(rdfTerm)


def _results(graph: Graph, ds: Dataset):
    """Yield a ValidationResult for each sh:ValidationResult in the report graph."""
    files_of = getattr(ds, "files_of", lambda node: [])
    for node in graph.subjects(SH.resultSeverity, None):
        focus = graph.value(node, SH.focusNode)
        yield ValidationResult(
            severity=short_name(graph.value(node, SH.resultSeverity), ds).removeprefix("sh:"),
            focus=short_name(focus, ds),
            path=render_path(graph, graph.value(node, SH.resultPath), ds),
            constraint=short_name(graph.value(node, SH.sourceConstraintComponent), ds)
            .removesuffix("ConstraintComponent"),
            message="; ".join(sorted(str(m) for m in graph.objects(node, SH.resultMessage))),
            value=short_name(graph.value(node, SH.value), ds),
            shape=short_name(graph.value(node, SH.sourceShape), ds),
            file=", ".join(files_of(focus)) or "(no source file)")


def undefined_terms(ds: Dataset, added: list[tuple]) -> list[str]:
    """Return a line for each hmk: IRI the added (s, p, o, file) rows use but the ontology
    does not define, naming the files that use it and the nearest defined term."""
    defined = sorted({str(s) for s in ds.graph(GRAPH_ONTOLOGY).subjects()
                      if isinstance(s, URIRef) and s.startswith(HMK)})
    used: dict[str, set[str]] = {}
    for *triple, file in added:
        for term in triple:
            if isinstance(term, URIRef) and term.startswith(HMK) and str(term) not in defined:
                used.setdefault(str(term), set()).add(file)
    lines = []
    for term in sorted(used):
        local = term[len(str(HMK)):]
        near = difflib.get_close_matches(local, [d[len(str(HMK)):] for d in defined], n=1)
        hint = f"; did you mean hmk:{near[0]}?" if near else ""
        where = ", ".join(sorted(used[term])) or "(no source file)"
        lines.append(f"{where}: hmk:{local} is not defined by the hmkg ontology{hint}")
    return lines


def render_text(results: list[ValidationResult], summary: str) -> str:
    """Render results as one table per source file, then the summary line."""
    parts = []
    for file in dict.fromkeys(r.file for r in results):
        rows = [(r.severity, r.focus, r.path, r.value, r.constraint, r.message)
                for r in results if r.file == file]
        parts.append(f"{file}\n" + table(
            ("severity", "focus node", "path", "value", "constraint", "message"), rows))
    parts.append(summary)
    return "\n\n".join(parts)
