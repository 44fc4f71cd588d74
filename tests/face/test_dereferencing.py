"""Dereferencing: /id/... and /ontology answer in HTML or RDF by Accept header or suffix."""

from __future__ import annotations


import json
from pathlib import Path

import html5lib
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from hmkg import __version__, paths
from hmkg.pipeline import ontology_dist
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_RULE_KINDS, HMK, ID
from hmkg.pipeline.rdfcompat import rdflib_internals

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
# (Accept header, media type of the answer); None means no Accept header at all.
ACCEPTS = [
    (None, "text/html"),
    ("*/*", "text/html"),
    (BROWSER, "text/html"),
    ("text/html", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/n-triples", "application/n-triples"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "application/rdf+xml"),
    ("text/html;q=0.1, text/turtle", "text/turtle"),
]
SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
            ".nt": "application/n-triples", ".nq": "application/n-quads", ".trig": "application/trig",
            ".html": "text/html"}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml", "application/n-triples": "nt",
                  "application/n-quads": "nquads", "application/trig": "trig"}
FINDING = ID["finding/hsdr-2-14/home-grown-knowledge"]
SAMPLES = [ID["report/hsdr-2-14"], FINDING, ID["person/vicky-ward"], ID["source/sum"]]


def headers(accept: str | None) -> dict[str, str]:
    """Return request headers with this Accept value (or none)."""
    return {} if accept is None else {"Accept": accept}


def parse_rdf(body: bytes, mime: str, dist: Path | None = None) -> Graph:
    """Parse an RDF answer into one graph (quads flattened). A resource's JSON-LD names the
    release's context by URL: the test reads that file from the release instead of the network."""
    if mime == "application/ld+json" and dist is not None:
        document = json.loads(body)
        if isinstance(document, dict) and str(document.get("@context", "")).endswith("/download/context.jsonld"):
            document["@context"] = json.loads((dist / "context.jsonld").read_text())["@context"]
            body = json.dumps(document).encode()
    with rdflib_internals():
        return _parse_rdf(body, mime)


def _parse_rdf(body: bytes, mime: str) -> Graph:
    """Parse with rdflib, flattening quads into one graph."""
    if mime in ("application/n-quads", "application/trig"):
        ds = Dataset()
        ds.parse(data=body, format=RDFLIB_FORMATS[mime])
        graph = Graph()
        for s, p, o, _ in ds.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=body, format=RDFLIB_FORMATS[mime])


def described(graph: Graph, iri: URIRef) -> set:
    """Return the triples about an IRI whose object is not a blank node."""
    return {t for t in graph.triples((iri, None, None)) if not isinstance(t[2], BNode)}


def page(response) -> object:
    """Parse an HTML answer into an element tree."""
    return html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)


@pytest.mark.parametrize("iri", SAMPLES, ids=lambda iri: str(iri)[len(str(ID)):])
@pytest.mark.parametrize("accept,expected", ACCEPTS, ids=lambda v: str(v))
def test_instance_negotiates(client, served, dist_dir, iri, accept, expected):
    response = client.get("/id/" + str(iri)[len(str(ID)):], headers=headers(accept))
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.vary
    links = response.headers["Link"]
    for suffix, mime in SUFFIXES.items():
        assert f'{suffix}>; rel="alternate"; type="{mime}"' in links
    if expected == "text/html":
        tree = page(response)
        assert tree.find(".//h1").text == str(served.value(iri, RDFS.label))
    else:
        assert described(parse_rdf(response.data, expected, dist_dir), iri) == described(served, iri)


@pytest.mark.parametrize("suffix,expected", SUFFIXES.items())
def test_instance_suffix_picks_the_format(client, served, dist_dir, suffix, expected):
    response = client.get(f"/id/report/hsdr-2-12{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == expected
    if expected != "text/html":
        iri = ID["report/hsdr-2-12"]
        assert described(parse_rdf(response.data, expected, dist_dir), iri) == described(served, iri)


def test_instance_refuses_unservable_accept(client):
    response = client.get("/id/report/hsdr-2-12", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_unknown_iri_is_a_helpful_404(client, accept):
    response = client.get("/id/finding/hsdr-2-14/no-such-finding", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "https://w3id.org/hmkg/id/finding/hsdr-2-14/no-such-finding" in text
    assert 'href="/id/finding/hsdr-2-14/home-grown-knowledge"' in text  # a neighbour is offered


def test_every_instance_has_a_page(client, dataset):
    subjects = sorted({s for s in dataset.graph(GRAPH_DATA).subjects()
                       if isinstance(s, URIRef) and s.startswith(str(ID))})
    assert len(subjects) > 50
    failures = [s for s in subjects
                if client.get("/id/" + s[len(str(ID)):], headers={"Accept": "text/html"}).status_code != 200]
    assert failures == []


def test_resource_page_shows_statements_by_graph(client, dataset):
    response = client.get("/id/finding/hsdr-2-14/home-grown-knowledge", headers={"Accept": "text/html"})
    tree = page(response)
    table, folded = tree.findall(".//table[@class='statements']")[:2]
    rows, inferred_rows = table.findall("./tbody/tr"), folded.findall("./tbody/tr")
    asserted = {(p, o) for graph in (GRAPH_DATA, GRAPH_ONTOLOGY)
                for p, o in dataset.graph(graph).predicate_objects(FINDING)}
    inferred = set(dataset.graph(GRAPH_INFERRED).predicate_objects(FINDING))
    assert len(rows) == len(asserted) and len(inferred_rows) == len(inferred - asserted)
    badges = [span.text for span in table.iter("span") if "graph-inferred" in span.get("class", "")]
    assert inferred and badges.count("inferred") == len(inferred & asserted)
    for p, o in asserted | inferred:  # linked values are shown by label, linking to their own pages
        if isinstance(o, URIRef) and o.startswith(str(ID)):
            assert tree.find(f".//table[@class='statements']//a[@href='/id/{o[len(str(ID)):]}']") is not None


def test_finding_page_highlights_its_quoted_passage(client, served):
    from rdflib import Namespace

    oa = Namespace("http://www.w3.org/ns/oa#")
    exacts = {" ".join(str(exact).split())
              for evidence in served.objects(FINDING, HMK.hasEvidence)
              for selector in served.objects(evidence, oa.hasSelector)
              for exact in served.objects(selector, oa.exact)}
    assert exacts
    tree = page(client.get("/id/finding/hsdr-2-14/home-grown-knowledge", headers={"Accept": "text/html"}))
    marked = {" ".join("".join(mark.itertext()).split()) for mark in tree.iter("mark")}
    assert marked == exacts
    context = "".join(tree.find(".//blockquote").itertext())
    assert len(context) > len(max(exacts, key=len))  # the passage is shown within its paragraph


def ontology_graph(dataset: Dataset) -> Graph:
    """Return the ontology as the release publishes it: the ontology named graph as one
    standalone document (one header, external terms declared; see pipeline/ontology_dist)."""
    graph = Graph()
    for triple in dataset.graph(GRAPH_ONTOLOGY):
        graph.add(triple)
    return ontology_dist.standalone(graph, ontology_dist.external_kinds(paths.ontology_vocab_dir()))


@pytest.mark.parametrize("path", ["/ontology", f"/ontology/{__version__}"])
@pytest.mark.parametrize("accept,expected", ACCEPTS, ids=lambda v: str(v))
def test_ontology_negotiates(client, dataset, path, accept, expected):
    response = client.get(path, headers=headers(accept))
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.vary
    assert 'rel="alternate"' in response.headers["Link"]
    if expected == "text/html":
        title = dataset.graph(GRAPH_ONTOLOGY).value(URIRef("https://w3id.org/hmkg/ontology"), DCTERMS.title)
        assert [h.text for h in page(response).iter("h1")] == [str(title)]
    else:
        assert isomorphic(parse_rdf(response.data, expected), ontology_graph(dataset))


@pytest.mark.parametrize("suffix,expected", SUFFIXES.items())
def test_ontology_suffixes(client, dataset, suffix, expected):
    for path in (f"/ontology{suffix}", f"/ontology/{__version__}{suffix}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == expected
        if expected != "text/html":
            assert isomorphic(parse_rdf(response.data, expected), ontology_graph(dataset))


def test_ontology_docs_anchor_every_term(client, dataset):
    tree = page(client.get("/ontology", headers={"Accept": "text/html"}))
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    terms = {s[len(str(HMK)):] for s in dataset.graph(GRAPH_ONTOLOGY).subjects()
             if isinstance(s, URIRef) and s.startswith(str(HMK))}
    assert len(terms) > 100
    assert terms - ids == set()  # hmk:Foo dereferences to /ontology#Foo


@pytest.mark.parametrize("path", ["/ontology/9.9.9", "/ontology/9.9.9.ttl", "/ontology.png"])
def test_unknown_ontology_versions_and_suffixes_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_resource_links_point_to_local_pages(client):
    text = client.get("/id/report/hsdr-2-14", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/ontology#Report"' in text
    assert str(RDF.type) in text  # the predicate's IRI is kept in the link title


def test_resource_page_lists_what_points_to_it(client, dataset):
    report = ID["report/hsdr-2-14"]
    with rdflib_internals():
        pointing = {(s, p) for s, p, _, g in dataset.quads((None, None, report, None))
                    if g != GRAPH_RULE_KINDS}  # rule-kind bookkeeping shows as each row's rule
    assert len(pointing) >= 10
    section = [s for s in page(client.get("/id/report/hsdr-2-14", headers={"Accept": "text/html"}))
               .iter("section") if s.get("aria-labelledby") == "inbound"][0]
    rows = section.findall(".//table[@class='statements']/tbody/tr")
    assert len(rows) == len(pointing)
    hrefs = {a.get("href") for a in section.iter("a")}
    for s, _ in pointing:
        if s.startswith(str(ID)):
            assert "/id/" + s[len(str(ID)):] in hrefs


@pytest.mark.parametrize("path", ["/id/a%3Eb", "/id/x%20y", '/id/q"uote', "/id/%7Bbrace%7D", "/id/%E2%9C%93"])
def test_impossible_iris_are_404_not_errors(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404


def test_not_found_pages_lead_somewhere(client, served):
    kinds = {str(s)[len(str(ID)):].split("/", 1)[0] for s in served.subjects()
             if isinstance(s, URIRef) and s.startswith(str(ID)) and "/" in str(s)[len(str(ID)):]}
    assert len(kinds) > 5
    for path, status in (("/id/", 200), ("/id/no/such/thing", 404)):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == status
        hrefs = {a.get("href") for a in page(response).iter("a")}
        assert {f"/id/{kind}/" for kind in kinds} <= hrefs
    listing = page(client.get("/id/finding/", headers={"Accept": "text/html"}))
    findings = {str(s) for s in served.subjects() if str(s).startswith(str(ID) + "finding/")}
    hrefs = {a.get("href") for a in listing.iter("a")}
    assert {"/id/" + f[len(str(ID)):] for f in findings} <= hrefs
