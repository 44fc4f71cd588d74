"""Downloads: every release file listed and served with its media type, revalidation, gzip, CORS."""

from __future__ import annotations

import gzip
import hashlib
import json

import html5lib
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from hmkg.pipeline.rdfcompat import rdflib_internals


@pytest.fixture(scope="session")
def manifest(dist_dir) -> dict:
    """The release's manifest.json."""
    return json.loads((dist_dir / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def entries(manifest) -> list[dict]:
    """Every file the manifest lists: artefacts, then documentation."""
    listed = manifest["artefacts"] + manifest.get("documentation", [])
    assert len(listed) >= 10
    return listed


def test_listing_shows_every_file_with_its_facts(client, entries):
    response = client.get("/download", headers={"Accept": "text/html"})
    assert response.status_code == 200
    tree = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    rows = tree.findall(".//table[@class='downloads']/tbody/tr")
    assert [row.find("./th/a").text for row in rows] == [entry["file"] for entry in entries]
    for row, entry in zip(rows, entries):
        cells = ["".join(cell.itertext()) for cell in row.findall("./td")]
        assert cells[4] == entry["sha256"]
        assert cells[5] == "CC BY 4.0"
        if entry.get("triples") is not None:
            assert cells[3] == f"{entry['triples']:,}"


def test_listing_as_json_is_the_manifest(client, manifest):
    response = client.get("/download", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == manifest
    assert "Accept" in response.vary


def test_every_file_is_served_whole_with_its_media_type(client, entries):
    for entry in entries:
        response = client.get(f"/download/{entry['file']}")
        assert response.status_code == 200, entry["file"]
        expected = entry.get("compression") or entry.get("media_type") or "text/html"
        assert response.mimetype == expected, entry["file"]
        assert hashlib.sha256(response.data).hexdigest() == entry["sha256"], entry["file"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_files_revalidate_with_etag_and_last_modified(client):
    first = client.get("/download/ontology.ttl")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get("/download/ontology.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/download/ontology.ttl", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    changed = client.get("/download/ontology.ttl", headers={"If-None-Match": '"not-this-one"'})
    assert changed.status_code == 200 and changed.data == first.data


def test_files_are_gzipped_on_request_and_still_revalidate(client, dist_dir):
    response = client.get("/download/asserted.ttl", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.vary
    assert gzip.decompress(response.data) == (dist_dir / "asserted.ttl").read_bytes()
    again = client.get("/download/asserted.ttl",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_already_compressed_files_are_not_compressed_again(client, dist_dir):
    response = client.get("/download/asserted.nt.gz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (dist_dir / "asserted.nt.gz").read_bytes()


@pytest.mark.parametrize("name", ["nothing.ttl", "../pyproject.toml", "ontology", "sources/../manifest.jsonx"])
def test_files_outside_the_manifest_are_404(client, name):
    assert client.get(f"/download/{name}").status_code == 404


VOID_FORMATS = [(None, "text/turtle", "turtle"), ("text/turtle", "text/turtle", "turtle"),
                ("application/ld+json", "application/ld+json", "json-ld"),
                ("application/rdf+xml", "application/rdf+xml", "xml"),
                ("application/n-triples", "application/n-triples", "nt")]


@pytest.mark.parametrize("accept,mime,rdflib_format", VOID_FORMATS, ids=lambda v: str(v))
def test_void_description_negotiates(client, dist_dir, accept, mime, rdflib_format):
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == mime
    assert "Accept" in response.vary
    with rdflib_internals():
        served = Graph().parse(data=response.data, format=rdflib_format)
    published = Graph().parse(data=(dist_dir / "void.ttl").read_bytes(), format="turtle")
    assert isomorphic(served, published)
    assert any(served.triples((None, VOID.triples, None)))


def test_void_refuses_html_only_clients(client):
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).status_code == 406
