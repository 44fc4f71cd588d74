"""How the shapes tests run SHACL and read its reports (shared by the fixtures and the tests).

Validation runs the way the build must run it (see `shacl`): one data graph holding the
ontology, the data and (for the inferred case) the reasoner's output, SHACL-SPARQL enabled,
no further inference, allow_warnings (hmkg.pipeline.validate passes the same arguments).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.term import Node


@dataclass(frozen=True)
class Result:
    """The parts of one SHACL result a mutation test pins down."""

    focus: Node
    path: object  # an IRI, a tuple rendering of a complex path, or None
    component: URIRef
    shape: Node
    severity: URIRef
    value: Node | None


def shacl(data: Graph, shapes: Graph) -> tuple[Graph, float, float]:
    """Validate data against shapes as the build does; return the report, wall and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                    allow_warnings=True, inplace=True)
    return report, time.perf_counter() - wall, time.process_time() - cpu


def union(*graphs: Graph) -> Graph:
    """Return a new Graph holding every triple of the given graphs."""
    merged = Graph()
    for graph in graphs:
        merged += graph
    return merged


def results_of(report: Graph) -> set[Result]:
    """Return every result of a pyshacl report graph."""
    return {
        Result(
            focus=report.value(node, SH.focusNode),
            path=path_key(report, report.value(node, SH.resultPath)),
            component=report.value(node, SH.sourceConstraintComponent),
            shape=report.value(node, SH.sourceShape),
            severity=report.value(node, SH.resultSeverity),
            value=report.value(node, SH.value),
        )
        for node in report.objects(None, SH.result)  # top level only, not nested sh:detail
    }


def path_key(graph: Graph, path: Node | None):
    """Render a SHACL path as a comparable value: an IRI, ('^', p), ('*', p) or a tuple."""
    if path is None or isinstance(path, URIRef):
        return path
    for predicate, mark in ((SH.inversePath, "^"), (SH.zeroOrMorePath, "*"),
                            (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return (mark, path_key(graph, inner))
    return tuple(path_key(graph, step) for step in graph.items(path))


@contextmanager
def prepared_queries():
    """Parse each SPARQL text once while active (pyshacl re-parses it for every focus node).

    rdflib runs a prepared query with any initial bindings, so answers are unchanged; only the
    parsing, which dominates a validation of hmkg's data, is shared between runs.
    """
    original = SPARQLProcessor.query

    @lru_cache(maxsize=512)
    def prepared(text: str, base: str | None, namespaces: tuple):
        return prepareQuery(text, initNs=dict(namespaces), base=base)

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            strOrQuery = prepared(strOrQuery, base, tuple(sorted((initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original
