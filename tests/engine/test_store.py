"""The release's on-disk query store: it holds exactly the dump's quads, and workers answer
from it (not from the dump) when the engine opens it."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter

import pyoxigraph as ox
import pytest

from hmkg import settings
from hmkg.engine.embedded import EmbeddedEngine, choose_source
from hmkg import default_graph
from hmkg.engine.worker import load_store
from hmkg.layout import STORE_DIR, is_served, release_id

JSON = "application/sparql-results+json"
LABEL_QUERY = ("SELECT ?label WHERE { <https://w3id.org/hmkg/id/report/hsdr-2-14> "
               "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")


def test_store_holds_the_dump_quads_and_the_served_union_as_its_default_graph(dist_dir):
    on_disk = ox.Store.read_only(str(dist_dir / STORE_DIR))
    from_dump = ox.Store()  # loaded the same way, so both hold the same canonical terms
    from_dump.bulk_load(path=str(dist_dir / "hmkg.nq"), format=ox.RdfFormat.N_QUADS)
    lines = (dist_dir / "hmkg.nq").read_bytes().count(b"\n")
    named = [quad for quad in on_disk if not isinstance(quad.graph_name, ox.DefaultGraph)]
    assert len(named) == len(from_dump) == lines
    assert _shapes(named) == _shapes(from_dump)
    default = {quad.triple for quad in on_disk if isinstance(quad.graph_name, ox.DefaultGraph)}
    served = {quad.triple for quad in named if is_served(quad.graph_name.value)}
    assert default == served
    graphs = {quad.graph_name.value for quad in named}
    assert {g for g in graphs if not is_served(g)} == {
        "https://w3id.org/hmkg/graph/shapes", "https://w3id.org/hmkg/graph/inference-rules"}
    assert len([g for g in graphs if "/graph/claim/" in g]) == 13


def test_a_store_without_its_default_graph_is_refused(tmp_path):
    old = ox.Store(str(tmp_path / STORE_DIR))  # as hmkg 0.2.0 wrote it: the dump's quads only
    old.add(ox.Quad(ox.NamedNode("https://w3id.org/hmkg/id/x"), ox.NamedNode("http://e/p"),
                    ox.Literal("x"), ox.NamedNode("https://w3id.org/hmkg/graph/data")))
    old.flush()
    del old
    with pytest.raises(default_graph.MissingDefaultGraph, match="run `hmkg build` again"):
        load_store(str(tmp_path / STORE_DIR))


def _shapes(store) -> Counter:
    """Return the store's (or a list's) quads with every blank node written as "_" (each load relabels
    them), counted: equal counters mean the same quads up to blank-node names."""
    def term(value):
        return "_" if isinstance(value, ox.BlankNode) else str(value)

    return Counter(tuple(term(part) for part in quad) for quad in store)


def test_manifest_names_the_file_the_store_was_built_from(dist_dir):
    manifest = json.loads((dist_dir / "manifest.json").read_text())
    store = manifest["store"]
    assert store["folder"] == STORE_DIR
    assert store["built_from"] == "hmkg.nq"
    assert store["built_from_sha256"] == hashlib.sha256(
        (dist_dir / "hmkg.nq").read_bytes()).hexdigest()
    assert store["quads"] == len(ox.Store.read_only(str(dist_dir / STORE_DIR)))
    assert release_id(dist_dir) == store["built_from_sha256"]


def test_store_is_not_checksummed(dist_dir):
    listed = {line.split("  ", 1)[1] for line in (dist_dir / "SHA256SUMS").read_text().splitlines()}
    assert "hmkg.nq" in listed
    assert not [name for name in listed if name.startswith(STORE_DIR + "/")]


@pytest.fixture(scope="module")
def release_without_dump(dist_dir, tmp_path_factory):
    """A copy of the release whose N-Quads dump is emptied: only its store holds the data."""
    copy = tmp_path_factory.mktemp("store-only") / "dist"
    shutil.copytree(dist_dir, copy)
    (copy / "hmkg.nq").write_bytes(b"")
    return copy


def test_workers_answer_from_the_on_disk_store(release_without_dump):
    assert choose_source(release_without_dump, "disk") == release_without_dump / STORE_DIR
    engine = EmbeddedEngine(settings.load({"DIST": release_without_dump, "QUERY_WORKERS": 1,
                                             "QUERY_STORE": "disk"}))
    try:
        answer = engine.query(LABEL_QUERY, solutions_format=JSON, graph_format=None)
        assert [row["label"] for row in json.loads(answer.body)["results"]["bindings"]] == [
            {"type": "literal", "xml:lang": "en",
             "value": "Report HSDR 2(14): being a manager, becoming a professional?"}]
        assert engine.graph_sizes()["https://w3id.org/hmkg/graph/data"] > 1000
    finally:
        engine.close()
    memory = EmbeddedEngine(settings.load({"DIST": release_without_dump, "QUERY_WORKERS": 1,
                                             "QUERY_STORE": "memory"}))
    try:  # the same release loaded from its (emptied) dump has nothing: the store answered
        assert memory.query(LABEL_QUERY, solutions_format=JSON, graph_format=None).rows == 0
    finally:
        memory.close()


def test_auto_loads_a_small_release_into_memory(dist_dir):
    assert choose_source(dist_dir, "auto") == dist_dir / "hmkg.nq"
    assert choose_source(dist_dir, "memory") == dist_dir / "hmkg.nq"


def test_unknown_store_choice_is_refused(dist_dir):
    with pytest.raises(ValueError, match="QUERY_STORE must be one of auto, disk, memory"):
        choose_source(dist_dir, "tape")
