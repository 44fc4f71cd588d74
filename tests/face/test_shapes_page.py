"""The shapes IRI dereferences: a page of every node shape, and the shapes graph in each syntax."""

from __future__ import annotations

import html5lib
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from hmkg.namespaces import SHAPES_IRI
from hmkg.pipeline.rdfcompat import rdflib_internals

RDF_ANSWERS = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
               ("application/rdf+xml", "xml"), ("application/n-triples", "nt")]


@pytest.fixture(scope="module")
def published_shapes(dist_dir) -> Graph:
    """The shapes graph as the release publishes it, asserted to hold node shapes."""
    graph = Graph().parse(dist_dir / "shapes.ttl", format="turtle")
    assert any(graph.subjects(RDF.type, SH.NodeShape))
    return graph


def test_page_lists_every_node_shape_at_its_anchor(client, published_shapes):
    response = client.get("/shapes", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    tree = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    anchors = {row.get("id") for row in tree.iter("tr") if row.get("id")}
    expected = {str(shape).partition("#")[2] for shape in published_shapes.subjects(RDF.type, SH.NodeShape)
                if isinstance(shape, URIRef) and str(shape).startswith(str(SHAPES_IRI))}
    assert expected and anchors == expected
    # The ontology shape's own namespace answers with the same page.
    assert client.get("/shapes/ontology", headers={"Accept": "text/html"}).status_code == 200


@pytest.mark.parametrize("mime, rdflib_format", RDF_ANSWERS)
def test_rdf_by_accept_is_the_published_shapes_graph(client, published_shapes, mime, rdflib_format):
    response = client.get("/shapes", headers={"Accept": mime})
    assert response.status_code == 200
    assert response.mimetype == mime
    assert "Accept" in response.headers["Vary"]
    assert 'rel="alternate"' in response.headers["Link"]
    assert isomorphic(parse(response.get_data(), rdflib_format), published_shapes)


@pytest.mark.parametrize("suffix, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_suffix_chooses_the_syntax(client, published_shapes, suffix, rdflib_format):
    response = client.get(f"/shapes.{suffix}")
    assert response.status_code == 200
    assert isomorphic(parse(response.get_data(), rdflib_format), published_shapes)


def parse(body: bytes, rdflib_format: str) -> Graph:
    """Parse an answer body (rdflib's JSON-LD parser warns about its own deprecated API)."""
    with rdflib_internals():
        return Graph().parse(data=body, format=rdflib_format)


def test_unknown_suffix_and_unacceptable_type_are_refused(client):
    assert client.get("/shapes.png").status_code == 404
    response = client.get("/shapes", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)
