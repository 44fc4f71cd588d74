"""The real release (dist_dir): every artefact parses and agrees with the dataset; CLI queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, VOID

from hmkg import __version__
from hmkg.layout import claim_graphs
from hmkg.cli import main
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg import paths
from hmkg.pipeline import ontology_dist
from hmkg.pipeline.publish import ARTEFACTS
from hmkg.namespaces import GRAPH_RULE_KINDS
from pipeline_support import read_artefact

DATASET = URIRef("https://w3id.org/hmkg/dataset")
GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED, GRAPH_RULE_KINDS, GRAPH_SHAPES)
# Files that serialise the same graph must agree with each other.
SAME_GRAPH = {"asserted": ["asserted.ttl", "asserted.nt.gz", "asserted.jsonld", "asserted.rdf"],
              "ontology": ["ontology.ttl", "ontology.rdf", "ontology.jsonld", "ontology.nt"]}
FORMATS = {a.file: a.format.rdflib_format for a in ARTEFACTS}


def _read(dist: Path, name: str):
    return read_artefact(dist / name, FORMATS[name])


@pytest.fixture(scope="module")
def manifest(dist_dir: Path) -> dict:
    return json.loads((dist_dir / "manifest.json").read_text())


def test_every_manifest_entry_exists_with_its_size(dist_dir, manifest):
    assert len(manifest["artefacts"]) == 15  # 12 serialisations, context, search index, VoID
    for entry in manifest["artefacts"]:
        assert (dist_dir / entry["file"]).stat().st_size == entry["bytes"], entry["file"]
    assert (dist_dir / "ontology" / "index.html").is_file()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_rdf_artefact_parses_to_its_manifest_count(dist_dir, manifest, name):
    parsed = _read(dist_dir, name)
    listed = {e["file"]: e["triples"] for e in manifest["artefacts"]}
    count = sum(len(g) for g in parsed.graphs()) if isinstance(parsed, Dataset) else len(parsed)
    assert count == listed[name] > 0


@pytest.mark.parametrize("view", sorted(SAME_GRAPH))
def test_serialisations_of_one_graph_are_isomorphic(dist_dir, view):
    first, *others = [_read(dist_dir, name) for name in SAME_GRAPH[view]]
    for other in others:
        assert isomorphic(first, other)


def test_trig_and_nquads_hold_the_same_graphs(dist_dir, dataset):
    quads = _read(dist_dir, "hmkg.nq")
    for name in GRAPHS:
        assert len(dataset.graph(name)) > 0, name
        assert isomorphic(dataset.graph(name), quads.graph(name)), name


# Each single-graph file against the graphs it holds in the whole dataset (hmkg.trig); the
# other formats of the same view are tied to these by test_serialisations_of_one_graph_...
# (asserted.ttl also holds every claim graph.)
VIEW_GRAPHS = {"asserted.ttl": (GRAPH_ONTOLOGY, GRAPH_DATA), "inferred.ttl": (GRAPH_INFERRED,),
               "ontology.ttl": (GRAPH_ONTOLOGY,), "shapes.ttl": (GRAPH_SHAPES,)}


@pytest.mark.parametrize("name", sorted(VIEW_GRAPHS))
def test_each_view_is_isomorphic_to_its_graphs_in_the_dataset(dist_dir, dataset, name):
    expected = Graph()
    claims = claim_graphs(str(g.identifier) for g in dataset.graphs())
    assert name != "asserted.ttl" or len(claims) > 10  # the asserted view holds every claim
    for graph in (*VIEW_GRAPHS[name], *(claims if name == "asserted.ttl" else ())):
        expected += dataset.graph(URIRef(graph))
    assert len(expected) > 0
    if name == "ontology.ttl":  # published as one standalone document (ontology_dist)
        expected = ontology_dist.standalone(
            expected, ontology_dist.external_kinds(paths.ontology_vocab_dir()))
    assert isomorphic(_read(dist_dir, name), expected)


def test_inferred_triples_are_not_asserted(dist_dir):
    assert not set(_read(dist_dir, "inferred.ttl")) & set(_read(dist_dir, "asserted.ttl"))


def test_void_counts_match_the_dataset(dist_dir, dataset):
    void = Graph().parse(dist_dir / "void.ttl")
    for name in GRAPHS:
        assert void.value(name, VOID.triples) == Literal(len(dataset.graph(name))), name
    assert void.value(DATASET, OWL.versionInfo) == Literal(__version__)
    assert set(void.objects(DATASET, DCTERMS.source)) == {
        URIRef("https://doi.org/10.3310/hsdr02120"), URIRef("https://doi.org/10.3310/hsdr02140")}
    assert URIRef("https://w3id.org/hmkg/ontology#") in set(void.objects(DATASET, VOID.vocabulary))



def test_void_counts_each_claim_graph_under_one_subset_for_the_kind(dist_dir, dataset):
    void = Graph().parse(dist_dir / "void.ttl")
    kind = URIRef("https://w3id.org/hmkg/graph/claim")
    claims = {URIRef(g) for g in claim_graphs(str(g.identifier) for g in dataset.graphs())}
    assert len(claims) == 13
    assert kind in set(void.objects(DATASET, VOID.subset))
    assert set(void.objects(kind, VOID.subset)) == claims
    assert not claims & set(void.objects(DATASET, VOID.subset))  # under the kind, not the dataset
    for name in claims:
        assert void.value(name, VOID.triples) == Literal(len(dataset.graph(name))), name
    union = set().union(*(set(dataset.graph(name)) for name in claims))
    assert void.value(kind, VOID.triples) == Literal(len(union)) == Literal(36)
CQ07_ROWS = {("id:study/hsdr-2-12", "design", "hmk:ProspectiveCaseStudy")} | {
    ("id:study/hsdr-2-12", "method", f"hmk:{m}") for m in (
        "LandscapeMapping", "NetworkSurvey", "LatentPositionNetworkModelling",
        "LatentPositionClusterModelling", "SemiStructuredInterview", "NarrativeAnalysis")} | {
    ("id:study/hsdr-2-14", "design", "hmk:QualitativeCaseStudy"),
    ("id:study/hsdr-2-14", "sampling", "hmk:PurposiveSampling"),
    ("id:study/hsdr-2-14", "sampling", "hmk:NonRandomSampling"),
    ("id:study/hsdr-2-14", "sampling", "hmk:CohortSelectionFramework"),
    ("id:study/hsdr-2-14", "software", "id:software/nvivo-9")} | {
    ("id:study/hsdr-2-14", "method", f"hmk:{m}") for m in (
        "FormalInterview", "InformalInterview", "Observation", "QualitativeCoding",
        "OpenCoding", "AxialCoding")}


def test_query_cq07_prints_the_whole_answer_as_a_table(dist_dir):
    result = CliRunner().invoke(main, ["query", "--cq", "CQ07", "--format", "table",
                                       "--dist", str(dist_dir)])
    assert result.exit_code == 0, result.output
    header, rule, *body, count = result.stdout.splitlines()
    assert header.split() == ["study", "aspect", "term", "termLabel"]
    assert set(rule.replace(" ", "")) == {"-"}
    rows = [tuple(re.split(r"\s{2,}", line)) for line in body]
    assert len(rows) == len(CQ07_ROWS) and {row[:3] for row in rows} == CQ07_ROWS
    assert ("id:study/hsdr-2-14", "software", "id:software/nvivo-9", "NVivo 9@en") in rows
    assert count == f"({len(CQ07_ROWS)} rows)"
