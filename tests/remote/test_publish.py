"""`hmkg publish` into real stores: counts per graph, atomic switch, verification, refusals."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request

import pytest
from rdflib import BNode
from rdflib.namespace import OWL

from hmkg import layout, settings
from hmkg.engine.remote import RemoteEngine
from hmkg.namespaces import GRAPH_ONTOLOGY
from hmkg.publish_remote import PublishError, Target, verify_counts
from hmkg.publish_remote.release import ReleaseError, split_release

from remote_helpers import release_graph_sizes, run_publish


def store_sizes(store, graphs) -> dict[str, int]:
    """Count triples per graph straight from the store, staging graphs included."""
    names = [*graphs, *(g + "/staging" for g in graphs)]
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    params = [("query", query), *(("named-graph-uri", g) for g in names)]
    request = urllib.request.Request(f"{store.query_url}?{urllib.parse.urlencode(params)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def gsp_post(store, graph: str, ntriples: bytes) -> None:
    """Add triples to a graph through the store's Graph Store endpoint."""
    url = f"{store.graph_store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, data=ntriples, method="POST",
                                     headers={"Content-Type": "application/n-triples"})
    opener = urllib.request.build_opener()
    if store.user:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, store.graph_store_url, store.user, store.password)
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
    with opener.open(request, timeout=30) as response:
        assert response.status in (200, 201, 204)


def test_the_store_holds_each_graph_of_the_release(published, dist_dir, dataset):
    expected = release_graph_sizes(dist_dir)
    assert len(expected) >= 4
    # rdflib's parse of hmkg.trig is an independent count of the same release
    assert expected == {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert store_sizes(published, expected) == expected  # and no staging graph is left


def test_the_store_holds_the_union_of_the_served_graphs_with_its_blank_nodes(published, dataset):
    union = "https://w3id.org/hmkg/graph/union"
    served = set()
    for graph in dataset.graphs():
        if layout.is_served(str(graph.identifier)):
            served.update(graph)
    assert any(isinstance(term, BNode) for triple in served for term in triple)
    assert store_sizes(published, [union]) == {union: len(served)}
    # A blank node of the union is the ontology graph's own node, not an uploaded copy.
    chains = {chain for _, chain in dataset.graph(GRAPH_ONTOLOGY).subject_objects(
        OWL.propertyChainAxiom)}
    assert chains and all(isinstance(chain, BNode) for chain in chains)
    query = ("SELECT (COUNT(DISTINCT ?chain) AS ?n) WHERE { ?property owl:propertyChainAxiom "
             "?chain . GRAPH ?g { ?chain rdf:first ?first } }")
    engine = RemoteEngine(settings.load({"STORE": published.query_url}))
    answer = engine.query("PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdf: "
                          "<http://www.w3.org/1999/02/22-rdf-syntax-ns#> " + query,
                          solutions_format="application/sparql-results+json", graph_format=None,
                          default_graph_uris=[union], named_graph_uris=[str(GRAPH_ONTOLOGY)])
    assert [row["n"]["value"] for row in json.loads(answer.body)["results"]["bindings"]] == [
        str(len(chains))]


def test_publishing_again_replaces_instead_of_adding(published, dist_dir):
    result = run_publish(published, dist_dir)
    assert result.exit_code == 0, result.output
    expected = release_graph_sizes(dist_dir)
    claims = [n for g, n in expected.items() if g.startswith("https://w3id.org/hmkg/graph/claim/")]
    assert claims
    verified = result.output.splitlines()[-1]
    assert verified == (
        f"verified: ontology {expected['https://w3id.org/hmkg/graph/ontology']}, "
        f"data {expected['https://w3id.org/hmkg/graph/data']}, "
        f"inferred {expected['https://w3id.org/hmkg/graph/inferred']}, "
        f"inference-rules {expected['https://w3id.org/hmkg/graph/inference-rules']}, "
        f"shapes {expected['https://w3id.org/hmkg/graph/shapes']}, "
        f"union {store_sizes(published, [layout.UNION_GRAPH])[layout.UNION_GRAPH]}, "
        f"{len(claims)} claim graphs {sum(claims)}")
    assert store_sizes(published, expected) == expected


def test_a_stale_hmkg_graph_is_dropped_at_the_switch(published, dist_dir):
    stale = "https://w3id.org/hmkg/graph/retired"
    gsp_post(published, stale, b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert store_sizes(published, [stale]) == {stale: 1}
    assert run_publish(published, dist_dir).exit_code == 0
    assert store_sizes(published, [stale]) == {}


def test_verification_detects_a_count_mismatch(published, dist_dir):
    data = "https://w3id.org/hmkg/graph/data"
    expected = release_graph_sizes(dist_dir)
    target = Target(published.query_url, published.update_url, published.graph_store_url,
                    published.user, published.password)
    assert verify_counts(target, expected, progress=lambda _: None) == expected
    gsp_post(published, data, b"<http://example.org/x> <http://example.org/y> \"extra\" .\n")
    with pytest.raises(PublishError) as caught:
        verify_counts(target, expected, progress=lambda _: None)
    assert str(caught.value) == (f"the store does not hold the release: <{data}> holds "
                                 f"{expected[data] + 1} triples, the release {expected[data]}")
    assert run_publish(published, dist_dir).exit_code == 0  # restore the release


# Oxigraph accepts the PUTs at a wrong path yet stores nothing under the staging names: the
# staging count catches it. Virtuoso answers 501.
WRONG_PATH_REASONS = {"oxigraph": "the store does not hold the release: <https://w3id.org/",
                      "virtuoso": "the store at {url}?graph=https%3A%2F%2Fw3id.org%2Fhmkg%2F"
                                  "graph%2Fontology%2Fstaging answered HTTP 501"}


@pytest.mark.parametrize("wrong_url", ["{graph_store}-missing", "http://127.0.0.1:9/store"])
def test_a_failed_upload_leaves_the_served_graphs_unchanged(published, dist_dir, wrong_url):
    expected = release_graph_sizes(dist_dir)
    url = wrong_url.format(graph_store=published.graph_store_url)
    if url.endswith("-missing"):
        reason = WRONG_PATH_REASONS[published.name].format(url=url)
    else:
        reason = f"the store at {url}?graph=https%3A%2F%2Fw3id.org%2Fhmkg%2Fgraph%2Fontology%2F" \
                 "staging cannot be reached: [Errno 111] Connection refused"
    result = run_publish(type(published)(**{**published.__dict__, "graph_store_url": url}), dist_dir)
    assert result.exit_code == 1
    last = result.output.splitlines()[-1]
    assert last.startswith("error: publishing stopped, served graphs unchanged: " + reason), last
    assert "switched" not in result.output
    assert store_sizes(published, expected) == expected  # served graphs kept, staging dropped


def test_a_release_whose_checksum_is_wrong_is_refused(dist_dir, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(dist_dir, dist, ignore=shutil.ignore_patterns("ontology"))
    with (dist / "hmkg.nq").open("a") as out:
        out.write("<http://example.org/a> <http://example.org/b> \"c\" <https://w3id.org/hmkg/graph/data> .\n")
    with pytest.raises(ReleaseError, match="does not match the sha256"):
        split_release(dist, tmp_path)


def test_a_blank_node_shared_by_two_graphs_is_refused(tmp_path):
    (tmp_path / "hmkg.nq").write_text(
        "_:b <http://example.org/p> \"1\" <https://w3id.org/hmkg/graph/data> .\n"
        "_:b <http://example.org/p> \"2\" <https://w3id.org/hmkg/graph/inferred> .\n")
    with pytest.raises(ReleaseError, match="blank node _:b is used in "
                       "<https://w3id.org/hmkg/graph/data> and <https://w3id.org/hmkg/graph/inferred>"):
        split_release(tmp_path, tmp_path)


def test_a_graph_outside_hmkg_is_refused(tmp_path):
    (tmp_path / "hmkg.nq").write_text(
        "<http://example.org/s> <http://example.org/p> \"1\" <http://example.org/g> .\n")
    with pytest.raises(ReleaseError, match="outside the hmkg graphs: graph http://example.org/g"):
        split_release(tmp_path, tmp_path)


def test_the_engine_sees_every_published_graph(published, dist_dir):
    engine = RemoteEngine(settings.load({"STORE": published.query_url}))
    assert engine.graph_sizes() == release_graph_sizes(dist_dir)


def test_direct_publish_replaces_the_served_graphs_in_place(published, dist_dir):
    from click.testing import CliRunner

    from remote_helpers import publish_args
    from hmkg.cli import main

    expected = release_graph_sizes(dist_dir)
    data = "https://w3id.org/hmkg/graph/data"
    gsp_post(published, data, b"<http://example.org/x> <http://example.org/y> \"stale\" .\n")
    env = {"HMKG_STORE_USER": published.user or "", "HMKG_STORE_PASSWORD": published.password or ""}
    result = CliRunner().invoke(main, [*publish_args(published, dist_dir), "--direct"], env=env)
    assert result.exit_code == 0, result.output
    assert "staging" not in result.output and "switched" not in result.output
    assert f"loaded  {expected[data]:>9} triples into <{data}> in " in result.output
    assert store_sizes(published, expected) == expected
