"""Resource pages written for readers, index pages, module and graph IRIs, compacted JSON-LD."""

from __future__ import annotations

import json

import html5lib
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULE_KINDS, HMK, ID

FINDING = "finding/hsdr-2-14/network-access-reinforces-home-grown-knowledge"


def page_text(client, path: str) -> str:
    """Return the page's visible text, whitespace collapsed; assert it answered 200."""
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    tree = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    return " ".join(" ".join(tree.find(".//main").itertext()).split())


def test_a_finding_leads_with_statement_hedge_report_study_sites_and_passage(client, dataset):
    data = dataset.graph(GRAPH_DATA)
    claim = ID[FINDING]
    text = page_text(client, f"/id/{FINDING}")
    statement = str(data.value(claim, HMK.statement))
    hedge = str(data.value(data.value(claim, HMK.hasHedge), HMK.hedgeText))
    report = data.value(claim, HMK.statedIn)
    study = data.value(report, HMK.reportsStudy)
    sites = [str(data.value(site, RDFS.label)) for site in
             data.objects(data.value(study, HMK.hasSample), HMK.sampledFrom)]
    lead = text[:text.index("Statements Each value")]
    for words in (statement, f"Hedge “{hedge}”", str(data.value(report, RDFS.label)),
                  str(data.value(study, RDFS.label)), "Quoted passage", *sites):
        assert words in lead, words
    assert lead.index(statement) < lead.index("Quoted passage")


def test_a_report_groups_its_claims_then_design_sample_and_table_6(client, dataset):
    data = dataset.graph(GRAPH_DATA)
    report = ID["report/hsdr-2-14"]
    text = page_text(client, "/id/report/hsdr-2-14")
    counts = {kind: sum(1 for c in data.subjects(HMK.statedIn, report) if (c, RDF.type, kind) in data)
              for kind in (HMK.Finding, HMK.Recommendation, HMK.Limitation)}
    headings = [f"Findings ({counts[HMK.Finding]})", f"Recommendations ({counts[HMK.Recommendation]})",
                f"Limitations ({counts[HMK.Limitation]})", "Study design and sample",
                "Data collected (Table 6 of the report)", "Statements"]
    places = [text.index(heading) for heading in headings]
    assert places == sorted(places)
    table = text[places[4]:places[5]]
    for row in data.objects(data.value(report, HMK.reportsStudy), HMK.dataCollection):
        where = data.value(row, HMK.atOrganisation) or data.value(row, HMK.forParticipantGroup)
        formal, informal = data.value(row, HMK.formalInterviewCount), data.value(row, HMK.informalInterviewCount)
        assert f"{data.value(where, RDFS.label)} {formal} {informal}" in table


def test_a_manager_group_shows_what_the_studies_found_about_it(client, dataset):
    data = dataset.graph(GRAPH_DATA)
    group = ID["manager-group/general-managers"]
    about = [c for c in data.subjects(HMK.about, group)
             if any((c, RDF.type, k) in data for k in (HMK.Finding, HMK.Recommendation, HMK.Limitation))]
    text = page_text(client, "/id/manager-group/general-managers")
    assert f"What the studies found about it ({len(about)})" in text
    for claim in about:
        assert str(data.value(claim, HMK.statement)) in text


def test_inferred_rows_are_folded_with_their_rule_kind(client, dataset):
    response = client.get("/id/report/hsdr-2-14")
    tree = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    report = ID["report/hsdr-2-14"]
    inferred = dataset.graph(GRAPH_INFERRED)
    only_inferred = {(p, o) for p, o in inferred.predicate_objects(report)
                     if (report, p, o) not in dataset.graph(GRAPH_DATA)
                     and (report, p, o) not in dataset.graph(GRAPH_ONTOLOGY)}
    folded = tree.findall(".//details[@class='inferred']")
    assert folded and f"{len(only_inferred)} more statements" in "".join(folded[0].find("summary").itertext())
    rows = folded[0].findall(".//tbody/tr")
    assert len(rows) == len(only_inferred)
    kinds = {str(label) for label in dataset.graph(GRAPH_RULE_KINDS).objects(None, RDFS.label)}
    assert all("".join(row.findall("td")[2].itertext()).strip() in kinds for row in rows)
    assert "inference/" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/", "/id/finding/"])
def test_index_pages_list_resources_grouped_by_type(client, dataset, path):
    text = page_text(client, path)
    if path == "/id/":
        assert "finding (" in text and "report (" in text
        return
    findings = set(dataset.graph(GRAPH_DATA).subjects(RDF.type, HMK.Finding))
    assert f"finding ({len(findings)})" in text
    for finding in findings:
        assert str(dataset.graph(GRAPH_DATA).value(finding, RDFS.label)) in text
    assert client.get("/id/nothing-here/").status_code == 404


def test_module_and_graph_iris_dereference(client, dataset):
    module = URIRef("https://w3id.org/hmkg/ontology/core")
    assert "hmkg ontology: core module" in page_text(client, "/ontology/core")
    turtle = Graph().parse(data=client.get("/ontology/core.ttl").get_data(), format="turtle")
    assert (module, RDF.type, OWL.Ontology) in turtle
    assert "holds" in page_text(client, "/graph/data")
    triples = Graph().parse(data=client.get("/graph/data.nt").get_data(), format="nt")
    assert len(triples) == len(dataset.graph(GRAPH_DATA))
    assert client.get("/graph/no-such-graph").status_code == 404
    assert client.get("/ontology/no-such-module").status_code == 404


def test_resource_json_ld_is_compacted_with_the_release_context(client, dist_dir):
    document = json.loads(client.get(f"/id/{FINDING}.jsonld").get_data())
    assert document["@context"].endswith("/download/context.jsonld")
    assert "statement" in document and "statedIn" in document
    document["@context"] = json.loads((dist_dir / "context.jsonld").read_text())["@context"]
    with rdflib_internals():  # rdflib's JSON-LD parser warns about its own deprecated classes
        compacted = Graph().parse(data=json.dumps(document), format="json-ld")
    turtle = Graph().parse(data=client.get(f"/id/{FINDING}.ttl").get_data(), format="turtle")
    assert isomorphic(compacted, turtle)
