"""The dumps written as streams: N-Quads merged into line order, JSON-LD a batch at a time,
the rule-kind graph made as it is read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from hmkg import formats, layout
from hmkg.namespaces import GRAPH_RULE_KINDS
from hmkg.pipeline import jsonld_dump, rule_kinds
from hmkg.pipeline.oxiwrite import canonical_graphs, merged_quads, sorted_triples, to_rdflib
from hmkg.pipeline.rdfcompat import rdflib_internals

EX = "http://example.org/"


def _node(text: str):
    """Return a term from a short spelling: _:x a blank node, "..." a literal, else an IRI."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith('"'):
        value, _, tail = text[1:].rpartition('"')
        if tail.startswith("@"):
            return ox.Literal(value, language=tail[1:])
        if tail.startswith("^^"):
            return ox.Literal(value, datatype=ox.NamedNode(tail[2:]))
        return ox.Literal(value)
    return ox.NamedNode(EX + text)


# Terms whose text is a prefix of another's (a, ab; b1, b10; "x", "x"@en, "x"^^dt), escapes,
# and text beyond ASCII: where sorting terms and sorting lines could disagree.
TRIPLES = [(s, p, o) for s in ("a", "ab", "a/b", "_:b1", "_:b10", "_:b2")
           for p, o in (("p", '"x"'), ("p", '"x"@en'), ("p", f'"x"^^{EX}dt'), ("p", '"x y"'),
                        ("p", '"line\nbreak"'), ("p", '"quote \\" inside"'), ("p", '"é"'),
                        ("p", '"z"'), ("pq", "a"), ("p", "ab"), ("p", "_:b1"))]


def test_merged_quads_are_in_the_order_of_sorted_lines():
    graphs = {URIRef(EX + name): sorted_triples(
                  ox.Triple(*map(_node, triple)) for triple in TRIPLES[index::step])
              for name, index, step in (("g", 0, 2), ("g2", 1, 2), ("g10", 0, 3))}
    every = [ox.Quad(*t, ox.NamedNode(str(name))) for name, ts in graphs.items() for t in ts]
    expected = sorted(set(ox.serialize(every, format=ox.RdfFormat.N_QUADS).splitlines()))

    merged = ox.serialize(merged_quads(graphs), format=ox.RdfFormat.N_QUADS)

    assert merged.splitlines() == expected
    assert len(expected) == len(every)  # each quad once: the graphs overlap, the quads don't


def test_the_release_dumps_are_sorted_lines_each_once(dist_dir: Path):
    nquads = (dist_dir / layout.DATASET_FILE).read_bytes().splitlines()
    ntriples = gzip.decompress((dist_dir / "asserted.nt.gz").read_bytes()).splitlines()
    for lines in (nquads, ntriples):
        assert lines == sorted(set(lines))
        assert len(lines) > 4000


@pytest.fixture(scope="module")
def asserted(dist_dir: Path) -> list:
    """Return the release's asserted view as sorted pyoxigraph Triples."""
    quads = ox.parse(path=str(dist_dir / "asserted.ttl"), format=ox.RdfFormat.TURTLE)
    return sorted_triples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)


@pytest.fixture(scope="module")
def context(dist_dir: Path) -> dict:
    return json.loads((dist_dir / "context.jsonld").read_text())["@context"]


def test_batches_keep_a_subject_and_its_blank_nodes_together(asserted):
    batches = list(jsonld_dump.batches(asserted, 300))

    reaches_blank = {t.subject for t in asserted if isinstance(t.object, ox.BlankNode)}
    assert reaches_blank  # the ontology's lists and axioms
    assert batches[0] == [t for t in asserted if isinstance(t.subject, ox.BlankNode)
                          or t.subject in reaches_blank]
    batch_of = {}
    for number, batch in enumerate(batches):
        for triple in batch:
            assert batch_of.setdefault(triple.subject, number) == number, triple
    every = [t for batch in batches for t in batch]
    assert len(every) == len(asserted) and set(every) == set(asserted)
    assert len(batches) > len(asserted) // 300  # cut into batches, and no bigger than needed
    assert all(len(batch) < 300 + 50 for batch in batches[1:])


def test_a_document_in_many_batches_holds_the_same_graph(asserted, context, tmp_path):
    out = tmp_path / "asserted.jsonld"
    jsonld_dump.write_jsonld(out, asserted, context, [], batch=300)

    document = json.loads(out.read_text(encoding="utf-8"))
    nodes = document["@graph"]
    ids = [node["@id"] for node in nodes]
    assert len(ids) == len(set(ids))  # each subject's node object once
    assert all(len(node) > 1 for node in nodes)  # no node object that is only a reference
    with rdflib_internals():
        parsed = Graph().parse(out, format="json-ld")
    expected = Graph()
    expected.addN((*t, expected) for t in to_rdflib(asserted))
    assert len(parsed) == len(asserted)
    assert isomorphic(parsed, expected)


def test_a_document_in_one_batch_is_rdflibs_document_ordered(asserted, context, tmp_path):
    out = tmp_path / "asserted.jsonld"
    jsonld_dump.write_jsonld(out, asserted, context, [])

    graph = Graph()
    graph.addN((*t, graph) for t in to_rdflib(asserted))
    with rdflib_internals():
        whole = json.loads(graph.serialize(format=formats.JSON_LD.rdflib_format,
                                           context=context))
    expected = json.dumps(jsonld_dump.ordered(whole), indent=2, ensure_ascii=False) + "\n"
    assert out.read_text(encoding="utf-8") == expected


@pytest.fixture(scope="module")
def reasoned_sources():
    """Return the real sources loaded and reasoned, as the build has them before publishing."""
    from hmkg.pipeline.build import REASONER
    from hmkg.pipeline.load import load_sources
    from hmkg.pipeline.reason import reason

    ds = load_sources()
    reason(ds, engine=REASONER)
    return ds


def test_the_rule_kind_graph_made_as_read_is_its_triples_in_line_order(reasoned_sources):
    kinds = reasoned_sources.rule_kinds
    assert len(kinds) > 100 and not rule_kinds.LineOrder.holds_blank_nodes(kinds)

    made = rule_kinds.LineOrder(kinds)

    held = canonical_graphs({GRAPH_RULE_KINDS: rule_kinds.triples(reasoned_sources)})
    assert list(made) == held[GRAPH_RULE_KINDS]
    assert list(made) == list(made) and len(made) == len(held[GRAPH_RULE_KINDS])


def test_a_blank_node_in_an_inferred_triple_keeps_the_rule_kind_graph_held(reasoned_sources):
    from hmkg.pipeline.publish import ViewWriter

    triple = next(iter(reasoned_sources.rule_kinds))
    reasoned_sources.rule_kinds[(BNode("b"), *triple[1:])] = "other"
    try:
        writer = ViewWriter(reasoned_sources)
    finally:
        del reasoned_sources.rule_kinds[(BNode("b"), *triple[1:])]
    held = writer.triples[GRAPH_RULE_KINDS]
    assert isinstance(held, list)  # canonicalised with the rest: its blank node gets its label
    assert any(isinstance(t.object, ox.BlankNode) for t in held)
