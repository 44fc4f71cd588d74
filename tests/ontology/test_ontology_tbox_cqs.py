"""TBox competency questions and RL axioms: answered after OWL 2 RL inference, not before."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, OWL, RDF

from ontology_support import HMK_NS, copy_graph

ID = "https://w3id.org/hmkg/id/test/"
PREFIXES = f"PREFIX hmk: <{HMK_NS}> PREFIX owl: <{OWL}> " \
           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
# CQ13: every kind of manager, at every level (the class itself and owl:Nothing aside).
CQ13 = PREFIXES + """SELECT ?kind WHERE {
    ?kind rdfs:subClassOf hmk:Manager FILTER (?kind NOT IN (hmk:Manager, owl:Nothing)) }"""
# CQ18: the kinds of knowledge set against localised knowledge (stated once, read both ways).
CQ18_AGAINST_LOCALISED = PREFIXES + \
    "SELECT ?k WHERE { ?k hmk:contrastedWith hmk:LocalisedKnowledge }"

def names(graph: Graph, query: str) -> set[str]:
    """Run query and return the local names of the first column."""
    return {str(row[0]).removeprefix(HMK_NS) for row in graph.query(query)}


def closure(graph: Graph) -> Graph:
    """Return a copy of graph expanded with OWL 2 RL inferences."""
    expanded = copy_graph(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(expanded)
    return expanded


@pytest.fixture(scope="module")
def inferred(ontology_graph) -> Graph:
    """Return ontology + OWL 2 RL closure."""
    return closure(ontology_graph)


def test_cq13_returns_every_kind_of_manager_after_inference(inferred):
    assert names(inferred, CQ13) == {"HealthcareManager", "ClinicalManager", "GeneralManager",
                                     "FunctionalManager", "MiddleManager"}


def test_cq13_returns_only_the_direct_subclass_without_inference(ontology_graph):
    assert names(ontology_graph, CQ13) == {"HealthcareManager"}


def contrast_sample(ontology: Graph) -> Graph:
    """Return ontology + the one contrast the data states about localised knowledge."""
    graph = copy_graph(ontology)
    graph.add((URIRef(HMK_NS + "LocalisedKnowledge"), URIRef(HMK_NS + "contrastedWith"),
               URIRef(HMK_NS + "AbstractKnowledge")))
    return graph


def test_cq18_reads_a_contrast_both_ways_after_inference(ontology_graph):
    graph = contrast_sample(ontology_graph)
    assert names(graph, CQ18_AGAINST_LOCALISED) == set()
    assert names(closure(graph), CQ18_AGAINST_LOCALISED) == {"AbstractKnowledge"}


def test_no_knowledge_type_is_placed_under_another(inferred):
    """The sources state contrasts, not a hierarchy: no kind of knowledge specialises another."""
    query = PREFIXES + """SELECT ?k WHERE { ?k a hmk:KnowledgeType ;
        hmk:transitiveSpecialisationOf ?other . ?other a hmk:KnowledgeType }"""
    assert names(inferred, query) == set()


def sample_affiliation(ontology: Graph) -> Graph:
    """Return ontology + a person in a school inside an institute inside a university."""
    graph = copy_graph(ontology)
    person, school, institute, university = (URIRef(ID + n) for n in
                                             ("person", "school", "institute", "university"))
    graph.add((person, URIRef(HMK_NS + "affiliatedWith"), school))
    graph.add((school, ORG.subOrganizationOf, institute))
    graph.add((institute, ORG.subOrganizationOf, university))
    return graph


def test_affiliation_climbs_the_organisation_hierarchy_after_inference(ontology_graph):
    query = PREFIXES + f"SELECT ?org WHERE {{ <{ID}person> hmk:affiliatedWith ?org }}"
    graph = sample_affiliation(ontology_graph)
    assert {str(r[0]) for r in graph.query(query)} == {ID + "school"}
    assert {str(r[0]) for r in closure(graph).query(query)} == {
        ID + "school", ID + "institute", ID + "university"}


def test_owl_rl_finds_a_person_in_two_disjoint_cohorts_inconsistent(ontology_graph):
    graph = copy_graph(ontology_graph)
    person = URIRef(ID + "both-cohorts")
    graph.add((person, RDF.type, URIRef(HMK_NS + "ClinicalManager")))
    graph.add((person, RDF.type, URIRef(HMK_NS + "GeneralManager")))
    errors = [str(o) for s, p, o in closure(graph)
              if str(p) == "http://www.daml.org/2002/03/agents/agent-ont#error"]
    assert len(errors) == 1 and str(person) in errors[0]


def test_the_ontology_alone_raises_no_owl_rl_error(inferred):
    errors = [o for _, p, o in inferred
              if str(p) == "http://www.daml.org/2002/03/agents/agent-ont#error"]
    assert errors == []
