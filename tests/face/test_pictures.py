"""The server-drawn pictures: Table 6 chart, knowledge-type diagram, clickable network."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rdflib import RDF, RDFS
from rdflib.namespace import SKOS

from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, HMK, ID, is_claim_graph

SVG = "{http://www.w3.org/2000/svg}"


def drawing(client, path: str) -> ET.Element:
    """Fetch an SVG file and parse it; assert it is served as SVG."""
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    return ET.fromstring(response.data)


def texts(root: ET.Element) -> list[str]:
    """Return every text element's words."""
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def links(root: ET.Element) -> set[str]:
    """Return every link target of the drawing."""
    return {a.get("href") for a in root.iter(f"{SVG}a")}


def test_table_6_chart_writes_every_number_beside_its_patterned_bar(client, dataset):
    data = dataset.graph(GRAPH_DATA)
    root = drawing(client, "/pictures/study/report/hsdr-2-14.svg")
    words = texts(root)
    rows = list(data.objects(ID["study/hsdr-2-14"], HMK.dataCollection))
    assert len(rows) == 4
    for row in rows:
        assert f"{int(data.value(row, HMK.formalInterviewCount))} formal interviews" in words
        assert f"{int(data.value(row, HMK.informalInterviewCount))} informal interviews" in words
        assert f"{float(data.value(row, HMK.observationHours)):g} hours of observation" in words
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    # Series differ by pattern, not only by hue; the patterns are this drawing's own.
    assert {"url(#chart-report-hsdr-2-14-hatch)", "url(#chart-report-hsdr-2-14-dots)"} <= fills
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert patterns == {"chart-report-hsdr-2-14-hatch", "chart-report-hsdr-2-14-dots"}
    assert root.find(f"{SVG}title").text.endswith("design and data collected")
    assert client.get("/pictures/study/report/no-such-report.svg").status_code == 404


def test_a_study_without_table_6_is_drawn_with_its_design_and_methods(client, dataset):
    data = dataset.graph(GRAPH_DATA)
    study = ID["study/hsdr-2-12"]
    words = " ".join(texts(drawing(client, "/pictures/study/report/hsdr-2-12.svg")))
    assert "The report gives no table of interviews and observation." in words
    for method in data.objects(study, HMK.usedMethod):
        label = " ".join(str(dataset.graph(GRAPH_ONTOLOGY).value(method, RDFS.label)).split())
        assert label in words


def test_knowledge_diagram_names_every_type_and_relation(client, dataset):
    ontology, data = dataset.graph(GRAPH_ONTOLOGY), dataset.graph(GRAPH_DATA)
    types = set(ontology.subjects(RDF.type, HMK.KnowledgeType))
    root = drawing(client, "/pictures/knowledge-types.svg")
    words = texts(root)
    for kind in types:
        label = str(ontology.value(kind, RDFS.label) or ontology.value(kind, SKOS.prefLabel))
        assert label in " ".join(words)
    assert links(root) == {f"/ontology#{str(kind).rsplit('#', 1)[1]}" for kind in types}
    asserted = [data, *(g for g in dataset.graphs() if is_claim_graph(g.identifier))]
    contrasts = {frozenset(pair) for graph in asserted
                 for pair in graph.subject_objects(HMK.contrastedWith)}
    assert len(contrasts) == 4  # localised and experiential, each against abstract and codified
    specialisations = {(a, b) for a, b in ontology.subject_objects(HMK.specialisationOf)
                       if a in types and b in types}
    assert words.count("contrasted with") == len(contrasts) + 1  # and once in the legend
    assert words.count("is a kind of") == len(specialisations) + 1


def test_network_view_links_every_report_claim_and_topic(client):
    claims = client.get("/findings.json").get_json()
    root = drawing(client, "/pictures/network.svg")
    targets = links(root)
    for claim in claims:
        assert "/id/" + claim["id"].split("/id/", 1)[1] in targets
        assert "/id/" + claim["report"].split("/id/", 1)[1] in targets
    assert "/id/manager-group/general-managers" in targets


def test_pictures_page_draws_them_all_into_the_page(client):
    response = client.get("/pictures")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<svg ") == 4  # two studies, the knowledge types, the network
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id repeats: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1}))
    for reference in set(re.findall(r'url\(#([^)]+)\)', page)):  # every pattern and arrow head is defined
        assert reference in ids
    assert 'href="/id/finding/hsdr-2-14/home-grown-knowledge"' in page
