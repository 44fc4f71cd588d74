"""The ontology documentation step (docs.py) and the passage finder, as plain functions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from rdflib import Graph, URIRef

from hmkg.namespaces import GRAPH_ONTOLOGY, HMK
from hmkg.pipeline import docs
from hmkg.web.passages import in_context


@pytest.fixture(scope="module")
def ontology(dataset) -> Graph:
    """The release's ontology graph."""
    graph = Graph()
    for triple in dataset.graph(GRAPH_ONTOLOGY):
        graph.add(triple)
    assert len(graph) > 500
    return graph


@pytest.fixture(scope="module")
def written(ontology, tmp_path_factory) -> str:
    """The HTML documentation written for the release's ontology."""
    files = docs.write_ontology_docs(ontology, tmp_path_factory.mktemp("docs") / "ontology")
    assert [f.name for f in files] == ["index.html"]
    return files[0].read_text(encoding="utf-8")


def test_docs_anchor_every_term_once(written, ontology):
    ids = Counter(re.findall(r' id="([^"]+)"', written))
    terms = {str(s)[len(str(HMK)):] for s in ontology.subjects()
             if isinstance(s, URIRef) and s.startswith(str(HMK))}
    assert terms - set(ids) == set()
    assert [name for name, count in ids.items() if count > 1] == []


def test_docs_list_named_individuals(written, ontology):
    individuals = docs.individuals(ontology)
    assert URIRef(HMK.TacitKnowledge) in individuals
    entries = re.findall(r'<section class="term" id="([^"]+)"[^>]*>\s*<h4[^>]*>[^<]*<span class="kind">([^<]+)<',
                         written)
    kinds = dict(entries)
    assert len(kinds) == len(entries)
    assert {str(i)[len(str(HMK)):] for i in individuals} == {k for k, v in kinds.items() if v == "individual"}


PROBE = """
@prefix : <https://w3id.org/hmkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/hmkg/ontology> a owl:Ontology ; dcterms:title "Probe"@en ;
    owl:versionIRI <https://w3id.org/hmkg/ontology/9.1.0> ; owl:versionInfo "9.1.0" ;
    owl:priorVersion <https://w3id.org/hmkg/ontology/9.0.0> ; skos:changeNote "Added B."@en .
:A a owl:Class ; rdfs:label "a" ; skos:definition "A." ; rdfs:subClassOf prov:Entity ,
    [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] ;
    owl:equivalentClass [ owl:unionOf ( :B :C ) ] ; owl:hasKey ( :d ) .
:B a owl:Class ; rdfs:label "b" ; owl:disjointWith :C ; owl:equivalentClass :BB .
:BB a owl:Class ; rdfs:label "bb" .
:C a owl:Class ; rdfs:label "c" ; owl:disjointUnionOf ( :BB :A ) .
:p a owl:ObjectProperty , owl:TransitiveProperty ; rdfs:label "p" ; rdfs:domain :A ; rdfs:range :B ;
    owl:inverseOf :q ; rdfs:subPropertyOf prov:wasDerivedFrom ; owl:propertyChainAxiom ( :q :p ) .
:q a owl:ObjectProperty , owl:FunctionalProperty , owl:InverseFunctionalProperty ; rdfs:label "q" ;
    owl:equivalentProperty :r ; owl:propertyDisjointWith :p .
:r a owl:ObjectProperty , owl:SymmetricProperty , owl:AsymmetricProperty , owl:ReflexiveProperty ,
    owl:IrreflexiveProperty ; rdfs:label "r" .
:d a owl:DatatypeProperty ; rdfs:label "d" ; rdfs:domain :A ; rdfs:range xsd:integer .
:i a owl:NamedIndividual , :B ; rdfs:label "i" ; owl:sameAs :j ; owl:differentFrom :k ; :p :j .
:j a owl:NamedIndividual ; rdfs:label "j" .
:k a owl:NamedIndividual ; rdfs:label "k" .
"""


def test_every_kind_of_axiom_is_shown_on_its_term():
    probe = Graph().parse(data=PROBE, format="turtle")
    html = docs.render(probe)
    rows = {}
    for match in re.finditer(r'<section class="term" id="([^"]+)"(.*?)</section>', html, re.S):
        rows[match.group(1)] = dict(re.findall(r'<tr data-axiom="([a-z-]+)"><th scope="row">[^<]*</th><td>(.*?)</td></tr>',
                                               match.group(2), re.S))
    assert set(rows["A"]) >= {"subclass-of", "equivalent-class", "has-key", "domain-of"}
    assert "<em>some</em>" in rows["A"]["subclass-of"] and "prov:Entity" in rows["A"]["subclass-of"]
    assert "<em>or</em>" in rows["A"]["equivalent-class"]
    assert set(rows["B"]) >= {"disjoint-with", "equivalent-class", "range-of", "instances"}
    assert "#BB" in rows["B"]["equivalent-class"] and "#B" in rows["BB"]["equivalent-class"]
    assert "#A" in rows["BB"]["disjoint-with"] and "#BB" in rows["C"]["disjoint-union-of"]
    assert {"domain", "range", "inverse-of", "subproperty-of", "property-chain", "characteristics",
            "disjoint-property"} <= set(rows["p"])
    assert "transitive" in rows["p"]["characteristics"] and "#p" in rows["q"]["inverse-of"]
    assert "∘" in rows["p"]["property-chain"] and "#q" in rows["r"]["equivalent-property"]
    assert re.findall(r"<li>([a-z ]+)</li>", rows["r"]["characteristics"]) == [
        "asymmetric", "irreflexive", "reflexive", "symmetric"]
    assert set(rows["i"]) == {"type", "same-as", "different-from", "assertion"}
    assert "9.0.0" in html and "Added B." in html
    assert set(rows) == {"A", "B", "BB", "C", "p", "q", "r", "d", "i", "j", "k"}


def test_docs_load_nothing_from_other_hosts(written):
    assert '<html lang="en">' in written
    assert not re.search(r"<(link|script|img|iframe)\b[^>]*(src|href)=\"(https?:)?//", written)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", written)


def test_docs_refuse_external_resources():
    with pytest.raises(ValueError, match="external resource"):
        docs._assert_self_contained('<link rel="stylesheet" href="https://cdn.example/x.css">')


SUMMARY = ("Title line\n"
           "  • First point: the tendency for knowledge to be   home grown.\n"
           "  • Second point: the tendency for knowledge to be shared.\n")


def test_passage_is_found_across_whitespace_in_its_paragraph():
    passage = in_context(SUMMARY, "knowledge to be home grown")
    assert passage is not None
    assert passage.exact == "knowledge to be   home grown"
    assert passage.before == "  • First point: the tendency for "
    assert passage.after == "."


def test_prefix_and_suffix_choose_between_repeated_quotes():
    first = in_context(SUMMARY, "the tendency for knowledge to be", suffix="home grown")
    second = in_context(SUMMARY, "the tendency for knowledge to be", prefix="Second point:")
    assert first.after.strip().startswith("home grown")
    assert second.after.strip().startswith("shared")


def test_missing_quote_gives_no_passage():
    assert in_context(SUMMARY, "not in the summary") is None
    assert in_context(SUMMARY, "   ") is None


MODULES = """
@prefix : <https://w3id.org/hmkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix o: <https://w3id.org/hmkg/ontology/> .
<https://w3id.org/hmkg/ontology> a owl:Ontology ; dcterms:title "Whole"@en ;
    owl:imports o:core , o:extra .
o:core a owl:Ontology ; dcterms:title "Core part"@en ; owl:versionIRI o:core\\/2.0.0 .
o:extra a owl:Ontology ; dcterms:title "Extra part"@en ; owl:imports o:core\\/2.0.0 .
:Z a owl:Class ; rdfs:label "z" ; rdfs:isDefinedBy o:core .
:Y a owl:Class ; rdfs:label "y" ; rdfs:isDefinedBy o:extra ; rdfs:subClassOf :Z .
:X a owl:Class ; rdfs:label "x" ; rdfs:isDefinedBy o:core .
:W a owl:Class ; rdfs:label "w" ; rdfs:isDefinedBy o:merged .
"""


def test_terms_are_listed_under_the_module_that_defines_them():
    html = docs.render(Graph().parse(data=MODULES, format="turtle"))
    sections = {name: re.findall(r'<section class="term" id="(\w+)"', body) for name, body in re.findall(
        r'<section id="sec-module-(\w+)"(.*?)(?=<section id="sec-module-|<section id="sec-alignments")', html, re.S)}
    # core imports nothing, so it comes first; within a section terms are sorted by label
    assert list(sections) == ["core", "merged", "extra"]
    assert sections == {"core": ["X", "Z"], "merged": ["W"], "extra": ["Y"]}
    assert ">Module merged</h2>" in html  # a module known only from its terms' isDefinedBy
    assert 'id="sec-module-ontology"' not in html  # the aggregate defines no term itself
    row = html.split('id="module-extra"', 1)[1].split("</tr>", 1)[0]
    assert '<a href="#module-core">Core part</a>' in row and "<td>1</td>" in row
    assert "https://w3id.org/hmkg/ontology/core/2.0.0" in html


def test_the_page_does_not_depend_on_the_hash_seed(dist_dir):
    script = ("import sys, hashlib; from rdflib import Graph; from hmkg.pipeline import docs; "
              "print(hashlib.sha256(docs.render(Graph(bind_namespaces='core').parse(sys.argv[1]))"
              ".encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script, str(dist_dir / "ontology.ttl")],
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True,
                              text=True, check=True).stdout for seed in ("1", "2")}
    assert len(digests) == 1
