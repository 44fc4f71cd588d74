"""The validate step: SHACL over asserted + inferred data, results mapped to source files."""

from __future__ import annotations

import json

from rdflib.namespace import SH

from hmkg.pipeline.load import load_sources
from hmkg.pipeline.reason import reason
from hmkg.pipeline.validate import ValidationResult, validate

WARNING = ValidationResult(
    severity="Warning", focus="study:one", path="hmk:sampleSize", constraint="sh:MinInclusive",
    message="A sample this small is unusual.", value='"7"^^xsd:integer',
    shape=None, file="data/sources/studies.ttl")


def _checked(project):
    ds = load_sources(project)
    reason(ds)
    return validate(ds)


def _without_shape(result: ValidationResult) -> ValidationResult:
    return ValidationResult(**{**result.__dict__, "shape": None})


def test_fixture_conforms_with_one_warning(reasoned):
    ds, _ = reasoned
    report = validate(ds)
    assert report.conforms
    assert [_without_shape(r) for r in report.results] == [WARNING]
    assert report.summary == "0 violations, 1 warnings"
    assert len(list(report.graph.subjects(SH.resultSeverity, None))) == 1


def test_shapes_see_inferred_types(project):
    # ann is a foaf:Person only by inference; without a label the person shape must catch her.
    people = project / "data" / "people.ttl"
    people.write_text(people.read_text().replace('rdfs:label "Ann"@en ;', ""))
    report = _checked(project)
    assert not report.conforms
    violations = [r for r in report.results if r.severity == "Violation"]
    assert [(r.focus, r.path, r.constraint, r.message, r.file) for r in violations] == [
        ("person:ann", "rdfs:label", "sh:MinCount", "A person needs a label.",
         "data/people.ttl")]
    assert report.summary == "1 violations, 1 warnings"


def test_text_report_groups_results_by_file_and_ends_with_summary(project):
    (project / "data" / "extra.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/hmkg/id/organisation/faculty> rdfs:label \"Second name\"@en .\n")
    report = _checked(project)
    lines = report.text.splitlines()
    assert lines[-1] == "1 violations, 1 warnings"
    faculty_file = "data/extra.ttl, data/people.ttl"
    assert lines[0] == faculty_file
    assert lines[1].split() == ["severity", "focus", "node", "path", "value", "constraint", "message"]
    assert lines[3].split()[:4] == ["Violation", "org:faculty", "rdfs:label", "sh:MaxCount"]
    assert "data/sources/studies.ttl" in lines
    assert not report.conforms


def test_json_report_lists_every_result(reasoned):
    ds, _ = reasoned
    parsed = json.loads(validate(ds).as_json())
    assert parsed["conforms"] is True
    assert parsed["summary"] == "0 violations, 1 warnings"
    assert [r["focus"] for r in parsed["results"]] == ["study:one"]


# A reuser's TriG file, checked with hmkg's own sources around it (`hmkg validate`).
USER_TRIG = """@prefix hmk: <https://w3id.org/hmkg/ontology#> .
@base <https://w3id.org/hmkg/id/> .

<network/hsdr-2-12/informal-manager-networks> hmk:supports hmk:Learning .

<https://w3id.org/hmkg/graph/claim/hsdr-2-12/orphan> {
    <network/hsdr-2-12/informal-manager-networks> hmk:supports hmk:Support .
}
"""


def test_claim_graph_rules_name_file_line_and_rule(tmp_path):
    from hmkg.pipeline.load import load_for_validation

    user = tmp_path / "mine.trig"
    user.write_text(USER_TRIG)
    report = validate(load_for_validation([user]))
    assert not report.conforms
    found = sorted((r.constraint, r.focus, r.path, r.value, r.message.split(":", 1)[0], r.shape)
                   for r in report.results)
    assert found == [
        ("claim-graph-without-claim", "<https://w3id.org/hmkg/graph/claim/hsdr-2-12/orphan>", "",
         "", "line 6", "hmkg:claim-graphs"),
        ("domain-relation-outside-claim-graph", "id:network/hsdr-2-12/informal-manager-networks",
         "hmk:supports", "hmk:Learning", "line 4", "hmkg:claim-graphs"),
    ]
    assert {r.file.split(", ")[0] for r in report.results} == {str(user)}


def test_the_data_view_parses_each_text_once_and_answers_as_rdflib():
    """pyshacl asks the same constraint text once per focus node: parsed once, same answers."""
    from rdflib import Graph, Literal, URIRef

    from hmkg.pipeline.validate import DataView

    turtle = ('@prefix ex: <http://example.org/> . ex:a ex:p 1, 2 . ex:b ex:p 3 .')
    plain, preparing = Graph(), DataView()
    plain.parse(data=turtle, format="turtle")
    preparing.parse(data=turtle, format="turtle")
    text = "SELECT ?o WHERE { $this ex:p ?o } ORDER BY ?o"  # ex: from the graph's prefixes
    for node, expected in (("a", [1, 2]), ("b", [3]), ("c", [])):
        bindings = {"this": URIRef(f"http://example.org/{node}")}
        answer = [row.o for row in preparing.query(text, initBindings=bindings)]
        assert answer == [Literal(n) for n in expected]
        assert answer == [row.o for row in plain.query(text, initBindings=bindings)]
    assert list(preparing._prepared) == [text]


def test_the_validation_graph_writes_nodes_as_rdflib_does_without_filing_namespaces(
        monkeypatch):
    """UnfiledNamespaces skips rdflib's namespace trie for namespaces without a prefix (its
    inserts grew with the square of the data) and writes every node as NamespaceManager does."""
    import rdflib.namespace
    from rdflib import Graph, URIRef, Variable
    from rdflib.namespace import NamespaceManager

    from hmkg.pipeline.validate import DataView, UnfiledNamespaces

    lean, plain = DataView(), Graph(bind_namespaces="core")
    assert isinstance(lean.namespace_manager, UnfiledNamespaces)
    for graph in (lean, plain):
        graph.bind("ex", "http://example.org/")
        graph.bind("deep", "http://example.org/a/b/")
    nodes = [URIRef(iri) for iri in (
        "http://example.org/x",              # a bound namespace
        "http://example.org/a/b/c",          # a longer bound namespace
        "http://example.org/a/c",            # unbound, under a bound one
        "http://example.org/a/b/c/d",        # unbound, under the longer one
        "https://w3id.org/hmkg/id/claim/2-12/s1/f",  # unbound, nothing bound near it
        "http://www.w3.org/2000/01/rdf-schema#label",  # core
        "http://example.org/",               # no local name
        "urn:x-hmkg:1",                      # no separator
    )] + [Variable("v")]
    expected = [NamespaceManager.normalizeUri(plain.namespace_manager, node) for node in nodes]
    assert [lean.namespace_manager.normalizeUri(node) for node in nodes] == expected
    assert expected[:3] == ["ex:x", "deep:c", "<http://example.org/a/c>"]
    assert expected[-1] == "?v"
    assert [node.n3(lean.namespace_manager) for node in nodes[:-1]] == \
        [node.n3(plain.namespace_manager) for node in nodes[:-1]]

    # The point of it: a thousand claim namespaces, none filed in the trie (rdflib files
    # every one of them, each insert comparing it with all filed before).
    filed = []
    real_insert = rdflib.namespace.insert_strie
    monkeypatch.setattr(rdflib.namespace, "insert_strie",
                        lambda strie, trie, value: filed.append(value) or
                        real_insert(strie, trie, value))
    claims = [URIRef(f"https://w3id.org/hmkg/id/claim/c{n}/f") for n in range(1000)]
    assert {node.n3(lean.namespace_manager) for node in claims} == {f"<{c}>" for c in claims}
    assert filed == []
    assert [node.n3(plain.namespace_manager) for node in claims[:3]] == \
        [f"<{c}>" for c in claims[:3]]
    assert filed == [f"https://w3id.org/hmkg/id/claim/c{n}/" for n in range(3)]


def test_validation_reads_only_the_data_graphs_in_place_and_gives_the_dataset_back(project):
    """validate reads the dataset's own store (no copy) with the graphs it does not check set
    aside: its results are pyshacl's on a merged copy of the checked graphs, a defect in a
    graph it does not check is not reported, and every graph holds the same triples after."""
    import pyshacl
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import FOAF, RDF

    from hmkg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
    from hmkg.pipeline.load import asserted_data, merged_graph

    people = project / "data" / "people.ttl"  # ann loses her label: a violation
    people.write_text(people.read_text().replace('rdfs:label "Ann"@en ;', ""))
    ds = load_sources(project)
    reason(ds)
    elsewhere = ds.graph(URIRef("https://example.org/not-checked"))
    elsewhere.add((Namespace("https://w3id.org/hmkg/id/person/")["zed"], RDF.type, FOAF.Person))
    before = {graph.identifier: set(graph) for graph in ds.graphs()}

    report = validate(ds)

    copy = merged_graph(ds, *asserted_data(ds), GRAPH_INFERRED, GRAPH_ONTOLOGY)
    _, expected, _ = pyshacl.validate(copy, shacl_graph=merged_graph(ds, GRAPH_SHAPES),
                                      inference="none", advanced=True, allow_warnings=True)

    def results(graph: Graph) -> set:
        return {tuple(graph.value(node, term) for term in
                      (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent,
                       SH.resultSeverity, SH.value))
                for node in graph.subjects(SH.resultSeverity, None)}

    assert results(report.graph) == results(expected)
    assert [(r.severity, r.focus, r.path) for r in report.results] == [
        ("Violation", "person:ann", "rdfs:label"), ("Warning", "study:one", "hmk:sampleSize")]
    assert {graph.identifier: set(graph) for graph in ds.graphs()} == before
    assert len(before[GRAPH_SHAPES]) > 0
