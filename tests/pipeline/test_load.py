"""The load step: files into named graphs, provenance of subjects, errors naming file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, HMK
from hmkg.pipeline.errors import SourceError
from hmkg.pipeline.load import asserted_data, load_for_validation, load_sources, parse_file

ANN = URIRef("https://w3id.org/hmkg/id/person/ann")
STUDY = URIRef("https://w3id.org/hmkg/id/study/one")


def _files_union(folder: Path) -> Graph:
    graph = Graph()
    files = sorted(folder.rglob("*.ttl"))
    assert files
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize("folder, name", [("ontology", GRAPH_ONTOLOGY), ("data", GRAPH_DATA),
                                          ("shapes", GRAPH_SHAPES)])
def test_each_folder_lands_in_its_own_named_graph(project, loaded, folder, name):
    assert isomorphic(loaded.graph(name), _files_union(project / folder))


def test_data_is_read_recursively_and_only_three_graphs_hold_triples(loaded):
    assert (STUDY, HMK.sampleSize, Literal("007", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#integer"))) in loaded.graph(GRAPH_DATA)
    nonempty = {g.identifier for g in loaded.graphs() if len(g)}
    assert nonempty == {GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_SHAPES}


def test_origins_name_the_file_each_subject_came_from(loaded):
    assert loaded.files_of(ANN) == ["data/people.ttl"]
    assert loaded.files_of(STUDY) == ["data/sources/studies.ttl"]
    assert loaded.files_of(HMK.Manager) == ["ontology/mini.ttl"]
    assert loaded.files_of(URIRef("https://w3id.org/hmkg/id/nowhere")) == []


def test_prefixes_of_the_files_are_kept(loaded):
    assert dict(loaded.namespaces())["person"] == URIRef("https://w3id.org/hmkg/id/person/")


def test_malformed_turtle_names_file_line_and_column(project):
    bad = project / "data" / "people.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e ex:f ex:g .\n")
    with pytest.raises(SourceError) as caught:
        load_sources(project)
    err = caught.value
    assert (err.path, err.line, err.column) == ("data/people.ttl", 3, 16)
    assert str(err).startswith("data/people.ttl:3:16: bad syntax: expected '.'")


def test_unterminated_string_is_reported_on_its_line(project):
    bad = project / "shapes" / "shapes.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\n\nex:a ex:b "open ;\n')
    with pytest.raises(SourceError) as caught:
        load_sources(project)
    assert (caught.value.path, caught.value.line) == ("shapes/shapes.ttl", 3)
    assert "newline found in string literal" in caught.value.reason


def test_invalid_utf8_names_the_line(project):
    (project / "data" / "bad.ttl").write_bytes(b"# fine\n# fine\n<a> <b> \"\xff\" .\n")
    with pytest.raises(SourceError) as caught:
        load_sources(project)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (
        "data/bad.ttl", 3, "not valid UTF-8")


@pytest.mark.parametrize("make_unreadable", ["dangling symlink", "directory"])
def test_unreadable_file_is_named(project, make_unreadable):
    target = project / "data" / "gone.ttl"
    if make_unreadable == "dangling symlink":
        os.symlink(project / "no-such-file.ttl", target)
    else:
        target.mkdir()
    with pytest.raises(SourceError) as caught:
        load_sources(project)
    assert caught.value.path == "data/gone.ttl"
    assert caught.value.reason.startswith("cannot read file")


@pytest.mark.parametrize("folder", ["ontology", "data", "shapes"])
def test_missing_folder_is_named(project, folder):
    import shutil

    shutil.rmtree(project / folder)
    with pytest.raises(SourceError, match=f"{folder}: folder is missing"):
        load_sources(project)


def test_folder_without_turtle_is_refused(project):
    for path in (project / "shapes").glob("*.ttl"):
        path.unlink()
    with pytest.raises(SourceError, match="shapes: folder holds no \\*.ttl file"):
        load_sources(project)


def test_user_files_in_json_ld_join_hmkgs_own_data(project, tmp_path, loaded):
    user = tmp_path / "mine.jsonld"
    user.write_text('{"@id": "https://example.org/bob", "@type": '
                    '"https://w3id.org/hmkg/ontology#Manager"}')
    ds = load_for_validation([user], root=project)
    bob = (URIRef("https://example.org/bob"), RDF.type, HMK.Manager)
    assert set(ds.graph(GRAPH_DATA)) == set(loaded.graph(GRAPH_DATA)) | {bob}
    for graph in (GRAPH_ONTOLOGY, GRAPH_SHAPES):
        assert isomorphic(ds.graph(graph), loaded.graph(graph))
    assert ds.files_of(bob[0]) == [str(user)]


@pytest.mark.parametrize("name, text, where", [
    ("bad.jsonld", '{\n  "@id": "https://example.org/x",\n  "p": }', (3, 8)),
    ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                '22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n', (4, 3)),
])
def test_other_formats_report_line_and_column(tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert (caught.value.line, caught.value.column) == where


def test_unsupported_format_is_refused(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    with pytest.raises(SourceError, match="unsupported RDF format"):
        parse_file(path)


def test_labels_survive_parsing(loaded):
    assert (ANN, RDFS.label, Literal("Ann", lang="en")) in loaded.graph(GRAPH_DATA)


CLAIM_TRIG = """@prefix hmk: <https://w3id.org/hmkg/ontology#> .
@base <https://w3id.org/hmkg/id/> .
<finding/one/kept> a hmk:Finding ;
    hmk:assertion <https://w3id.org/hmkg/graph/claim/one/kept> .
<https://w3id.org/hmkg/graph/claim/one/kept> {
    <network/one/n> hmk:supports hmk:Learning .
}
"""
CLAIM_GRAPH = URIRef("https://w3id.org/hmkg/graph/claim/one/kept")


def test_trig_data_keeps_each_claim_graph_apart(project):
    (project / "data" / "claims.trig").write_text(CLAIM_TRIG)
    loaded = load_sources(project)
    finding = URIRef("https://w3id.org/hmkg/id/finding/one/kept")
    network = URIRef("https://w3id.org/hmkg/id/network/one/n")
    assert (finding, HMK.assertion, CLAIM_GRAPH) in loaded.graph(GRAPH_DATA)
    assert set(loaded.graph(CLAIM_GRAPH)) == {(network, HMK.supports, HMK.Learning)}
    assert (network, HMK.supports, HMK.Learning) not in loaded.graph(GRAPH_DATA)
    assert asserted_data(loaded) == [GRAPH_DATA, CLAIM_GRAPH]
    assert loaded.files_of(network) == ["data/claims.trig"]


def test_a_named_graph_that_is_no_claim_graph_is_refused(project):
    (project / "data" / "claims.trig").write_text(
        CLAIM_TRIG.replace("graph/claim/one/kept> {", "graph/other> {"))
    with pytest.raises(SourceError, match="named graph <https://w3id.org/hmkg/graph/other> is "
                                          "not a claim graph") as caught:
        load_sources(project)
    assert caught.value.path == "data/claims.trig"


def test_malformed_trig_names_file_and_line(project):
    (project / "data" / "claims.trig").write_text(CLAIM_TRIG.replace("hmk:Learning .", "hmk:Learning hmk:x ."))
    with pytest.raises(SourceError) as caught:
        load_sources(project)
    assert (caught.value.path, caught.value.line) == ("data/claims.trig", 6)
