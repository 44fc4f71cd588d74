"""The publish step: every artefact, isomorphic to its source, described, checksummed, atomic."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, VOID

from hmkg import __version__
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg.pipeline import swap
from hmkg.pipeline.errors import PipelineError
from hmkg.pipeline.publish import ARTEFACTS, graph_triples, publish, release_views
from hmkg.pipeline.load import load_sources
from hmkg.namespaces import GRAPH_RULE_KINDS
from hmkg.pipeline.reason import reason

from pipeline_support import FIXTURE_PROJECT, read_artefact, tree_digest

RELEASE_FILES = {"hmkg.trig", "hmkg.nq", "asserted.ttl", "asserted.nt.gz", "asserted.jsonld",
                 "asserted.rdf", "inferred.ttl", "ontology.ttl", "ontology.rdf",
                 "ontology.jsonld", "ontology.nt", "shapes.ttl", "context.jsonld", "void.ttl",
                 "manifest.json", "SHA256SUMS", "search.sqlite"}
DATASET = URIRef("https://w3id.org/hmkg/dataset")


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """Publish the fixture project once: (dataset, release folder, manifest)."""
    ds = load_sources(FIXTURE_PROJECT)
    reason(ds)
    out = tmp_path_factory.mktemp("release") / "dist"
    return ds, out, publish(ds, out)


@pytest.fixture
def republished(released, tmp_path):
    """Return (dataset, release folder) of a private copy a test may overwrite."""
    ds, out, _ = released
    copy = tmp_path / "release" / "dist"
    shutil.copytree(out, copy)
    return ds, copy


def test_release_holds_exactly_the_layout_files(released):
    _, out, _ = released
    top = {p.name for p in out.iterdir() if p.is_file()}
    assert top == RELEASE_FILES
    assert (out / "ontology" / "index.html").is_file()


@pytest.mark.parametrize("artefact", ARTEFACTS, ids=lambda a: a.file)
def test_every_serialisation_is_isomorphic_to_its_source(released, artefact):
    ds, out, _ = released
    source = release_views(ds)[artefact.view]
    parsed = read_artefact(out / artefact.file, artefact.format.rdflib_format)
    if isinstance(source, Dataset):
        names = {g.identifier for g in source.graphs() if len(g)}
        assert names == {g.identifier for g in parsed.graphs() if len(g)}
        for name in names:
            assert isomorphic(parsed.graph(name), source.graph(name)), name
    else:
        assert len(source) > 0
        assert isomorphic(parsed, source)


def test_whole_dataset_keeps_the_graphs_apart(released):
    ds, out, _ = released
    parsed = read_artefact(out / "hmkg.trig", "trig")
    for name in (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES):
        assert len(parsed.graph(name)) == len(set(graph_triples(ds, name))) > 0


def test_manifest_describes_every_file_truthfully(released):
    _, out, manifest = released
    on_disk = json.loads((out / "manifest.json").read_text())
    assert on_disk["version"] == __version__
    listed = {entry["file"]: entry for entry in on_disk["artefacts"]}
    assert set(listed) == RELEASE_FILES - {"manifest.json", "SHA256SUMS"}
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert listed["asserted.ttl"]["triples"] == len(read_artefact(out / "asserted.ttl", "turtle"))
    assert listed["hmkg.nq"]["triples"] == len((out / "hmkg.nq").read_text().splitlines())
    assert listed["asserted.nt.gz"]["compression"] == "application/gzip"
    assert [d["file"] for d in on_disk["documentation"]] == ["ontology/index.html"]
    assert on_disk == json.loads(manifest.to_json())


def test_sha256sums_covers_every_file(released):
    _, out, _ = released
    lines = (out / "SHA256SUMS").read_text().splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    store = {name for name in files if name.startswith("store/")}  # derived, not published
    assert store and set(sums) == files - store - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_void_gives_statistics_per_graph_licence_and_version(released):
    ds, out, _ = released
    void = Graph().parse(out / "void.ttl")
    assert void.value(DATASET, OWL.versionInfo) == Literal(__version__)
    assert void.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://w3id.org/hmkg/sparql")
    assert set(void.objects(DATASET, VOID.dataDump)) == {
        URIRef("https://w3id.org/hmkg/download/hmkg.trig"),
        URIRef("https://w3id.org/hmkg/download/hmkg.nq")}
    for name in (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES):
        assert (DATASET, VOID.subset, name) in void
        assert void.value(name, VOID.triples) == Literal(len(set(graph_triples(ds, name))))
    assert void.value(GRAPH_DATA, VOID.classes) == Literal(2)  # hmk:ClinicalManager, hmk:Report
    kinds = {void.value(s, DCTERMS.type): int(void.value(s, VOID.triples))
             for s in void.objects(GRAPH_INFERRED, VOID.subset)}
    assert sum(kinds.values()) == len(ds.graph(GRAPH_INFERRED))
    assert set(void.objects(DATASET, DCTERMS.source)) == {
        URIRef("https://doi.org/10.3310/hsdr02120")}


def test_json_ld_context_types_object_properties(released):
    _, out, _ = released
    context = json.loads((out / "context.jsonld").read_text())["@context"]
    assert context["partOfOrganisation"] == {
        "@id": "https://w3id.org/hmkg/ontology#partOfOrganisation", "@type": "@id"}
    assert context["sampleSize"] == {"@id": "https://w3id.org/hmkg/ontology#sampleSize",
                                     "@type": "http://www.w3.org/2001/XMLSchema#integer"}
    assert context["hmk"] == "https://w3id.org/hmkg/ontology#"


def test_publishing_again_replaces_the_release_and_leaves_no_staging(republished):
    ds, out = republished
    (out / "stale.txt").write_text("from an older release")
    publish(ds, out)
    assert not (out / "stale.txt").exists()
    assert [p.name for p in out.parent.iterdir()] == ["dist"]


def test_failing_docs_hook_publishes_nothing(republished, monkeypatch):
    ds, out = republished
    before = tree_digest(out)

    # The documentation is written by a child process (for reproducible pages): break it there.
    monkeypatch.setattr("hmkg.pipeline.publish._DOCS_IN_CHILD",
                        "raise RuntimeError('pyLODE exploded')")
    with pytest.raises(PipelineError, match="pyLODE exploded"):
        publish(ds, out)
    assert tree_digest(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["dist"]


def test_a_file_in_the_way_is_refused(reasoned, tmp_path):
    ds, _ = reasoned
    (tmp_path / "dist").write_text("not a folder")
    with pytest.raises(PipelineError, match="exists and is not a folder"):
        publish(ds, tmp_path / "dist")


def test_fallback_swap_without_renameat2(republished, monkeypatch):
    ds, out = republished
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    (out / "stale.txt").write_text("old")
    publish(ds, out)
    assert not (out / "stale.txt").exists() and (out / "hmkg.trig").is_file()
    assert [p.name for p in out.parent.iterdir()] == ["dist"]
    assert (RDF.type, RDF.type, RDF.Property) not in read_artefact(out / "inferred.ttl", "turtle")


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "a").write_text("old")
    (new / "a").write_text("new")
    assert swap._exchange(new, old)  # Linux: the test machine and CI have renameat2
    assert (old / "a").read_text() == "new" and (new / "a").read_text() == "old"


def test_a_consuming_publish_writes_the_same_release_and_empties_the_dataset(
        released, tmp_path):
    """`hmkg build` publishes with consume=True: the dataset is let go once the release's
    copy is made, and the release is the one a publish that keeps the dataset writes."""
    _, kept_out, _ = released
    ds = load_sources(FIXTURE_PROJECT)
    reason(ds)
    assert len(ds) > 0 and ds.rule_kinds
    out = tmp_path / "dist"
    publish(ds, out, consume=True)
    checksums = (out / "SHA256SUMS").read_text()
    assert checksums == (kept_out / "SHA256SUMS").read_text()
    assert "void.ttl" in checksums and "search.sqlite" in checksums
    assert sum(1 for _ in ds.quads()) == 0
    assert [graph.identifier for graph in ds.graphs()] == [URIRef("urn:x-rdflib:default")]
    assert ds.origins == {}
