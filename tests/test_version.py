"""One version number: package, ontology header, VoID, manifest, CITATION.cff, CHANGELOG."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from hmkg import __version__
from hmkg.namespaces import GRAPH_ONTOLOGY, ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
DATASET = URIRef("https://w3id.org/hmkg/dataset")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_package_takes_its_version_from_hmkg_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "server/hmkg/__init__.py"


def test_ontology_header_carries_the_version(dataset):
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    assert list(ontology.objects(ONTOLOGY_IRI, OWL.versionInfo)) == [Literal(__version__)]
    assert list(ontology.objects(ONTOLOGY_IRI, OWL.versionIRI)) == [
        URIRef(f"https://w3id.org/hmkg/ontology/{__version__}")]


def test_void_and_manifest_carry_the_version(dist_dir):
    void = Graph().parse(data=(dist_dir / "void.ttl").read_bytes(), format="turtle")
    assert void.value(DATASET, DCAT_VERSION) == Literal(__version__)
    assert void.value(DATASET, OWL.versionInfo) == Literal(__version__)
    assert json.loads((dist_dir / "manifest.json").read_text())["version"] == __version__


def test_citation_and_changelog_carry_the_version():
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.findall(r'^version: "([^"]+)"$', citation, re.M) == [__version__]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## \[([^\]]+)\]", changelog, re.M)[0] == __version__
