"""Probes for axioms that once inferred or contradicted what the sources do not say.

Each probe adds a few individuals to the ontology and asks OWL 2 RL (owlrl) or HermiT what
follows: a single manager playing a role is not a group, a clinician who runs a finance
function is consistent, a group names the kinds of its members with an object property.
"""

from __future__ import annotations

from itertools import combinations

import owlrl
import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

from ontology_support import HMK_NS, copy_graph, is_hmk
from test_ontology_dl_reasoning import dl_input, run_hermit

ID = "https://w3id.org/hmkg/id/test/"
OWL_RL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
ALICE, CLARA, GROUP = URIRef(ID + "alice"), URIRef(ID + "clara"), URIRef(ID + "group")
# Properties that say what a manager (or a group of managers) does, with a value for each.
AGENT_PROPERTIES = {
    "playsRole": "BridgerRole",
    "drawsOnInformationSource": "ResearchEvidence",
    "drawsOnKnowledgeType": "ExperientialKnowledge",
    "integratesPracticesOf": "NHSSector",
    "collectiveEffortManifestedIn": "NewServiceDevelopment",
}
# The controlled-vocabulary classes; every pair is disjoint except the two kinds of theme.
VOCABULARY_CLASSES = (
    "ManagementRole", "AuthorshipRole", "Sector", "KnowledgeType", "KnowledgeSubject",
    "KnowledgeProcess", "ResearchConcept",
    "InformationSourceType", "CollectiveEffortForm", "RelationshipCharacteristic",
    "NetworkFunction", "ResearchMethod", "ServiceArea", "AnalyticTheme", "CodingTheme",
    "HedgeKind", "EvidenceStrength")
NOT_DISJOINT = {frozenset({"AnalyticTheme", "CodingTheme"})}


def hmk(name: str) -> URIRef:
    return URIRef(HMK_NS + name)


def owl_rl_closure(graph: Graph) -> Graph:
    closed = copy_graph(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def manager_probe(ontology: Graph) -> Graph:
    """Alice, a general manager, does everything a group can be said to do; Clara is a
    clinical manager who leads a finance function; a group of clinical and functional managers."""
    graph = copy_graph(ontology)
    graph.add((ALICE, RDF.type, hmk("GeneralManager")))
    for prop, value in AGENT_PROPERTIES.items():
        graph.add((ALICE, hmk(prop), hmk(value)))
    graph.add((CLARA, RDF.type, hmk("ClinicalManager")))
    graph.add((CLARA, RDF.type, hmk("FunctionalManager")))
    graph.add((GROUP, RDF.type, hmk("ManagerGroup")))
    graph.add((GROUP, hmk("memberKind"), hmk("ClinicalManager")))
    graph.add((GROUP, hmk("memberKind"), hmk("FunctionalManager")))
    return graph


@pytest.fixture(scope="module")
def probe_closure(ontology_graph) -> Graph:
    return owl_rl_closure(manager_probe(ontology_graph))


def test_owl_rl_does_not_make_a_manager_who_plays_a_role_a_group(probe_closure):
    types = set(probe_closure.objects(ALICE, RDF.type))
    assert hmk("ManagerGroup") not in types
    assert FOAF.Group not in types
    assert {hmk("GeneralManager"), hmk("Manager"), FOAF.Person} <= types


def test_owl_rl_finds_a_clinician_running_a_finance_function_consistent(probe_closure):
    assert [str(o) for o in probe_closure.objects(None, OWL_RL_ERROR)] == []


def test_owl_rl_still_rejects_a_clinical_general_manager(ontology_graph):
    graph = copy_graph(ontology_graph)
    graph.add((CLARA, RDF.type, hmk("ClinicalManager")))
    graph.add((CLARA, RDF.type, hmk("GeneralManager")))
    errors = [str(o) for o in owl_rl_closure(graph).objects(None, OWL_RL_ERROR)]
    assert len(errors) == 1 and str(CLARA) in errors[0]


def test_hermit_finds_the_manager_probe_consistent_and_alice_no_group(
        ontology_graph, external_kinds, tmp_path):
    graph = dl_input(manager_probe(ontology_graph), external_kinds)
    world = run_hermit(graph, tmp_path)
    alice = world[str(ALICE)]
    assert hmk("ManagerGroup") not in {URIRef(c.iri) for c in alice.INDIRECT_is_a
                                       if hasattr(c, "iri")}
    group = world[str(GROUP)]
    kinds = {c.iri for c in getattr(group, "memberKind")}
    assert kinds == {HMK_NS + "ClinicalManager", HMK_NS + "FunctionalManager"}


def test_hermit_rejects_a_group_that_is_also_a_manager(ontology_graph, external_kinds, tmp_path):
    graph = dl_input(manager_probe(ontology_graph), external_kinds)
    graph.add((GROUP, RDF.type, hmk("GeneralManager")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(graph, tmp_path)


def test_member_kind_is_an_object_property(ontology_graph):
    assert set(ontology_graph.objects(hmk("memberKind"), RDF.type)) == {OWL.ObjectProperty}


def disjoint_pairs(graph: Graph) -> set[frozenset[str]]:
    """Return every pair of hmk classes stated disjoint (disjointWith or AllDisjointClasses)."""
    pairs = {frozenset({a, b}) for a, b in graph.subject_objects(OWL.disjointWith)}
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(graph, graph.value(axiom, OWL.members)))
        pairs |= {frozenset(pair) for pair in combinations(members, 2)}
    return {frozenset(str(c).removeprefix(HMK_NS) for c in pair)
            for pair in pairs if all(is_hmk(c) for c in pair)}


def test_controlled_vocabulary_classes_are_pairwise_disjoint(ontology_graph):
    wanted = {frozenset(pair) for pair in combinations(VOCABULARY_CLASSES, 2)} - NOT_DISJOINT
    stated = disjoint_pairs(ontology_graph)
    assert sorted(sorted(p) for p in wanted - stated) == []
    assert not NOT_DISJOINT & stated


def test_every_concept_class_is_a_listed_vocabulary_class(ontology_graph):
    direct = {str(c).removeprefix(HMK_NS) for c in ontology_graph.subjects(RDFS.subClassOf,
                                                                           SKOS.Concept)}
    assert direct == set(VOCABULARY_CLASSES)


def test_manager_cohorts_are_disjoint_only_where_defined_alike(ontology_graph):
    stated = disjoint_pairs(ontology_graph)
    cohorts = {"ClinicalManager", "GeneralManager", "FunctionalManager", "MiddleManager"}
    assert {p for p in stated if p <= cohorts} == {frozenset({"ClinicalManager",
                                                             "GeneralManager"})}


def test_skos_hierarchy_is_asserted_for_skos_tools(ontology_graph):
    """A SKOS tool without OWL inference sees the same top concepts and the same hierarchy."""
    for scheme in ontology_graph.subjects(RDF.type, SKOS.ConceptScheme):
        tops = set(ontology_graph.subjects(SKOS.topConceptOf, scheme))
        assert tops and set(ontology_graph.objects(scheme, SKOS.hasTopConcept)) == tops, scheme
    specialised = set(ontology_graph.subject_objects(hmk("specialisationOf")))
    assert specialised and set(ontology_graph.subject_objects(SKOS.broader)) == specialised


def test_knowledge_subject_is_kept_apart_from_forms_of_knowledge(ontology_graph):
    management = hmk("ManagementKnowledge")
    assert set(ontology_graph.objects(management, RDF.type)) == {
        OWL.NamedIndividual, hmk("KnowledgeSubject"), SKOS.Concept}
    assert frozenset({"KnowledgeSubject", "KnowledgeType"}) in disjoint_pairs(ontology_graph)
    kinds = set(ontology_graph.subjects(RDF.type, hmk("KnowledgeType")))
    assert len(kinds) == 8
    assert {k for k in kinds if ontology_graph.value(k, hmk("specialisationOf"))} == set()


@pytest.mark.parametrize(("prop", "domain", "range_"), [
    ("connects", "NetworkTie", FOAF.Agent),
    ("tieInNetwork", "NetworkTie", HMK_NS + "Network"),
    ("clusterInNetwork", "NetworkCluster", HMK_NS + "Network"),
])
def test_ties_and_clusters_reach_their_ends_and_network(ontology_graph, prop, domain, range_):
    assert ontology_graph.value(hmk(prop), RDFS.domain) == hmk(domain)
    assert ontology_graph.value(hmk(prop), RDFS.range) == URIRef(range_)
