"""Every reused external term really exists in its vocabulary, and no external term gets axioms."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

from ontology_support import ROOT, is_hmk

# Vocabularies rdflib ships as closed DefinedNamespaces: a missing term raises on access.
CLOSED = {str(ns): ns for ns in (PROV, ORG, FOAF, SKOS, DCTERMS, VANN)}
# Vocabularies checked by hand against their published sources (see each list's header).
OPEN = {"http://purl.org/spar/fabio/", "http://purl.org/spar/cito/",
        "http://prismstandard.org/namespaces/basic/2.0/", "http://www.w3.org/ns/oa#",
        "http://purl.org/cerif/frapo/"}
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Plain links (values of header fields), not vocabulary terms.
LINKS = ("https://doi.org/", "https://creativecommons.org/", "https://w3id.org/hmkg/")


def namespace_of(term: URIRef) -> str:
    """Return the vocabulary namespace a term belongs to (CLOSED or OPEN), or ''."""
    return next((ns for ns in (*CLOSED, *OPEN) if str(term).startswith(ns)), "")


def external_terms(graph: Graph) -> set[URIRef]:
    """Return the vocabulary terms a graph uses that are neither hmk nor OWL/RDF built-ins."""
    return {n for triple in graph for n in triple
            if isinstance(n, URIRef) and not is_hmk(n)
            and not str(n).startswith(BUILT_IN + LINKS)}


def test_every_external_term_of_the_ontology_is_in_a_term_list(ontology_graph, external_kinds):
    assert sorted(external_terms(ontology_graph) - set(external_kinds)) == []


def test_every_external_term_belongs_to_a_known_vocabulary(ontology_graph):
    assert sorted(t for t in external_terms(ontology_graph) if not namespace_of(t)) == []


def test_listed_terms_of_closed_vocabularies_exist_in_rdflib(external_kinds):
    closed = [t for t in external_kinds if namespace_of(t) in CLOSED]
    assert closed
    for term in closed:
        namespace = CLOSED[namespace_of(term)]
        assert getattr(namespace, str(term).removeprefix(str(namespace))) == term


def test_the_rdflib_check_catches_a_made_up_term():
    with pytest.raises(AttributeError):
        getattr(PROV, "wasFabricatedBy")


def test_lists_of_open_vocabularies_say_where_they_were_checked(term_lists):
    open_lists = [tl for tl in term_lists if any(namespace_of(t) in OPEN for t in tl.terms)]
    assert len(open_lists) == len(OPEN)
    for term_list in open_lists:
        assert "Checked" in term_list.header, term_list.path.name
        assert {namespace_of(t) for t in term_list.terms} <= OPEN, term_list.path.name


def test_open_vocabulary_terms_used_by_the_data_are_listed(external_kinds):
    data_files = sorted((ROOT / "data").rglob("*.ttl"))
    assert data_files
    data = Graph()
    for path in data_files:
        data.parse(path, format="turtle")
    used = {t for t in external_terms(data) if namespace_of(t) in OPEN}
    assert sorted(used - set(external_kinds)) == []


def test_no_axioms_are_added_to_external_terms(ontology_graph):
    """Only the header's anonymous creator may be described; external IRIs are never subjects."""
    subjects = {s for s in ontology_graph.subjects() if isinstance(s, URIRef)}
    assert sorted(s for s in subjects if not is_hmk(s) and not str(s).startswith(LINKS)) == []
