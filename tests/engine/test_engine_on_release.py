"""The engine over the real release. Issue 8: every competency question gives the same answer
on rdflib and on pyoxigraph, over the same published dataset (dist/hmkg.trig for rdflib,
dist/hmkg.nq for the engine); and a cartesian product over the whole graph is stopped."""

from __future__ import annotations

import io
import time
from collections import Counter
from decimal import Decimal

import pytest
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.query import Result

from hmkg import settings
from hmkg.engine import QueryTimeout
from hmkg.engine.embedded import EmbeddedEngine
from rdflib import URIRef

from hmkg import layout
from hmkg.pipeline.rdfcompat import rdflib_internals

JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@pytest.fixture(scope="module")
def release_engine(dist_dir):
    """The embedded engine over the built release (dist_dir: tests/conftest.py)."""
    engine = EmbeddedEngine(settings.load({"DIST": dist_dir, "QUERY_WORKERS": 2,
                                            "QUERY_TIMEOUT": 60.0, "RESULT_CAP": 1_000_000}))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def rdflib_served(dist_dir) -> Dataset:
    """rdflib's view of the same release: every graph named, the served graphs' union default."""
    with rdflib_internals():
        served = Dataset()
        served.parse(dist_dir / "hmkg.trig", format="trig")
        names = [str(g.identifier) for g in served.graphs()]
        assert layout.claim_graphs(names), "the release has no claim graphs"
        for iri in layout.served_graphs(names):  # the fixed served graphs and every claim graph
            for triple in served.graph(URIRef(iri)):
                served.default_graph.add(triple)
    assert len(served.default_graph) > 0, "the release's served graphs are empty"
    return served


def test_every_competency_question_agrees(cq_catalogue, release_engine, rdflib_served):
    disagreements = {}
    for question in cq_catalogue:
        ours = release_engine.query(question.sparql, solutions_format=JSON, graph_format=NTRIPLES)
        with rdflib_internals():
            theirs = rdflib_served.query(question.sparql)
            difference = _compare(ours, theirs)
        if difference:
            disagreements[question.id] = difference
    assert disagreements == {}


def test_every_competency_question_has_an_answer(cq_catalogue, release_engine):
    empty = [q.id for q in cq_catalogue
             if release_engine.query(q.sparql, solutions_format=JSON, graph_format=NTRIPLES).rows == 0]
    assert empty == []


def test_a_cartesian_product_over_the_whole_graph_is_stopped(release_engine):
    product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        release_engine.query(product, solutions_format=JSON, graph_format=None, timeout=1.0)
    assert time.monotonic() - started < 2.0
    started = time.monotonic()
    assert release_engine.query("ASK { ?s ?p ?o }", solutions_format=JSON,
                                graph_format=None).rows == 1
    assert time.monotonic() - started < 0.5


def _compare(ours, theirs) -> str | None:
    """Describe how the engine's answer differs from rdflib's, or return None."""
    if ours.form == "ASK":
        truth = Result.parse(io.BytesIO(ours.body), format="json").askAnswer
        return None if truth == theirs.askAnswer else f"ASK {truth} != {theirs.askAnswer}"
    if ours.form in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph().parse(data=ours.body, format="nt")
        return None if isomorphic(graph, theirs.graph) else "graphs differ"
    parsed = Result.parse(io.BytesIO(ours.body), format="json")
    if [str(v) for v in parsed.vars] != [str(v) for v in theirs.vars]:
        return f"variables {parsed.vars} != {theirs.vars}"
    mine, other = _bag(parsed), _bag(theirs)
    if mine == other:
        return None
    return f"only pyoxigraph: {sorted(mine - other, key=repr)[:5]}; " \
           f"only rdflib: {sorted(other - mine, key=repr)[:5]}"


def _bag(result) -> Counter:
    """Return the rows of a SELECT answer as a multiset of comparable tuples."""
    return Counter(tuple(_comparable(term) for term in row) for row in result)


def _comparable(term):
    """Return a term in a form both engines agree on (bnode labels, numeric spelling, tag case)."""
    if isinstance(term, BNode):
        return "BNODE"
    if isinstance(term, Literal):
        if term.language:
            return (str(term), term.language.lower())
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return (Decimal(str(value)).normalize(), "number")
    return term


def test_claim_graphs_are_in_the_default_graph_and_named(release_engine):
    """A claim's triple answers a plain query, and GRAPH ?g finds the claim graph holding it."""
    triple = ("<https://w3id.org/hmkg/id/network/hsdr-2-12/informal-manager-networks> "
              "<https://w3id.org/hmkg/ontology#conservesKnowledge> "
              "<https://w3id.org/hmkg/ontology#TechnicalKnowledge>")

    def select(sparql):
        answer = release_engine.query(sparql, solutions_format=JSON, graph_format=None)
        return [tuple(str(v) for v in row) for row in Result.parse(io.BytesIO(answer.body),
                                                                    format="json")]

    assert select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {triple} }}") == [("1",)]
    assert select(f"SELECT ?g WHERE {{ GRAPH ?g {{ {triple} }} }}") == [(
        "https://w3id.org/hmkg/graph/claim/hsdr-2-12/technical-and-prudential-knowledge-conserved",)]
