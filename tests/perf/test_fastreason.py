"""The fast reasoning path derives exactly owlrl's closure (tests/perf/closure_compare.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph

from closure_compare import owlrl_reference
from hmkg.namespaces import GRAPH_ONTOLOGY
from hmkg.pipeline.fastreason import infer
from hmkg.pipeline.load import asserted_data, load_sources, merged_graph
from random_graphs import CLASSES, PROPS, T, random_data, random_ontology

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONSTRUCTS = HERE / "fixtures" / "constructs.ttl"


def assert_same_closure(ontology: Graph, data: Graph) -> None:
    """Require the fast path's triples and errors to equal owlrl's."""
    expected, expected_errors = owlrl_reference(ontology, data)
    got = infer(ontology, data)
    assert sorted(expected - got.inferred) == []
    assert sorted(got.inferred - expected) == []
    assert set(got.errors) == expected_errors


def _generator():
    """Import bench/generate.py as a module."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_graph_closure_equals_owlrl():
    ds = load_sources(ROOT)
    ontology, data = ds.graph(GRAPH_ONTOLOGY), merged_graph(ds, *asserted_data(ds))
    assert len(ontology) > 1000 and len(data) > 1000
    assert_same_closure(ontology, data)


def test_synthetic_sample_closure_equals_owlrl(tmp_path):
    triples = _generator().generate(2, tmp_path / "x2", ROOT)
    ds = load_sources(tmp_path / "x2")
    data = merged_graph(ds, *asserted_data(ds))  # the data graph and every claim graph
    assert len(data) == triples
    assert_same_closure(ds.graph(GRAPH_ONTOLOGY), data)


@pytest.mark.parametrize("seed", range(30))
def test_random_data_over_every_construct_equals_owlrl(seed):
    ontology = Graph().parse(CONSTRUCTS)
    classes = sorted(set(ontology.subjects()) & set(T[n] for n in "A B C D E F G H I J K".split()))
    props = [T[n] for n in ("link", "sublink", "colour", "parentOf", "childOf", "ancestorOf",
                            "near", "brotherOf", "motherOf", "idOf", "over", "left", "right",
                            "code", "count", "selfless", "tag")]
    assert len(classes) == 11
    assert_same_closure(ontology, random_data(seed, classes, props, size=(5, 25)))


@pytest.mark.parametrize("seed", range(30))
def test_random_ontology_and_data_equal_owlrl(seed):
    assert_same_closure(random_ontology(seed), random_data(1000 + seed, CLASSES, PROPS))


def test_inconsistency_is_reported_in_owlrl_words():
    ontology = Graph().parse(CONSTRUCTS)
    data = Graph().parse(data=f"<{T.x}> a <{T.F}>, <{T.G}> .", format="turtle")
    got = infer(ontology, data)
    assert got.errors == (f"Disjoint classes {T.F} and {T.G} have a common individual {T.x}",)
    assert_same_closure(ontology, data)


def _build_steps():
    """Import bench/build_steps.py (its run_reason picks the reasoner of the reason step)."""
    spec = importlib.util.spec_from_file_location("build_steps", ROOT / "bench" / "build_steps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reason_step_writes_the_same_graphs_with_either_reasoner():
    from hmkg.namespaces import GRAPH_INFERRED
    from hmkg.pipeline import rule_kinds

    graphs = {}
    for reasoner in ("owlrl", "fast"):
        ds = load_sources(ROOT)
        _build_steps().run_reason(ds, reasoner)
        graphs[reasoner] = (set(ds.graph(GRAPH_INFERRED)), set(rule_kinds.triples(ds)))
    assert len(graphs["owlrl"][0]) > 100
    assert graphs["fast"] == graphs["owlrl"]
