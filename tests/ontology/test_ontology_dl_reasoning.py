"""The ontology is consistent and every class satisfiable under HermiT (OWL 2 DL reasoner)."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from hmkg.pipeline.load import asserted_data, load_sources, merged_graph

from ontology_support import HMK_NS, KINDS, ROOT, copy_graph, is_hmk


def dl_input(ontology: Graph, external_kinds: dict[URIRef, str]) -> Graph:
    """Return the ontology without owl:imports, plus declarations of the external terms it uses."""
    graph = copy_graph(ontology)
    # The modules are merged already; HermiT must not try to fetch the w3id IRIs.
    graph.remove((None, OWL.imports, None))
    used = {node for triple in ontology for node in triple if isinstance(node, URIRef)}
    for iri, kind in external_kinds.items():
        if iri in used:
            graph.add((iri, RDF.type, KINDS[kind]))
    return graph


def run_hermit(graph: Graph, tmp_path: Path, opaque_datatypes: bool = False) -> owlready2.World:
    """Load graph into a fresh owlready2 world and classify it with HermiT.

    opaque_datatypes: let HermiT treat literals of datatypes outside the OWL 2 datatype map
    (the data's xsd:gYearMonth dates) as opaque values instead of refusing the input."""
    source = tmp_path / "hmkg-dl.nt"
    graph.serialize(source, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(source.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                   ignore_unsupported_datatypes=opaque_datatypes)
    return world


def unsatisfiable(world: owlready2.World) -> list[str]:
    """Return the IRIs of the named classes HermiT found unsatisfiable, owl:Nothing aside."""
    return sorted(c.iri for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing))


@pytest.fixture(scope="module")
def reasoned_world(ontology_graph, external_kinds, tmp_path_factory):
    """Return the owlready2 world after HermiT classified the ontology."""
    graph = dl_input(ontology_graph, external_kinds)
    return run_hermit(graph, tmp_path_factory.mktemp("hermit"))


def test_hermit_finds_the_ontology_consistent_with_every_class_satisfiable(
        reasoned_world, ontology_graph):
    hmk_classes = {str(c) for c in ontology_graph.subjects(RDF.type, OWL.Class) if is_hmk(c)}
    loaded = {c.iri for c in reasoned_world.classes() if c.iri.startswith(HMK_NS)}
    assert loaded == hmk_classes  # HermiT really saw every class
    assert unsatisfiable(reasoned_world) == []


def test_hermit_derives_the_manager_hierarchy(reasoned_world):
    manager = reasoned_world[HMK_NS + "Manager"]
    kinds = {c.iri.removeprefix(HMK_NS) for c in manager.descendants(include_self=False)}
    assert kinds == {"HealthcareManager", "ClinicalManager", "GeneralManager",
                     "FunctionalManager", "MiddleManager"}


def test_hermit_rejects_a_person_in_two_disjoint_cohorts(ontology_graph, external_kinds, tmp_path):
    graph = dl_input(ontology_graph, external_kinds)
    person = URIRef("https://w3id.org/hmkg/id/test/both-cohorts")
    graph.add((person, RDF.type, OWL.NamedIndividual))
    graph.add((person, RDF.type, URIRef(HMK_NS + "ClinicalManager")))
    graph.add((person, RDF.type, URIRef(HMK_NS + "GeneralManager")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(graph, tmp_path)


def test_hermit_flags_an_unsatisfiable_class(ontology_graph, external_kinds, tmp_path):
    graph = dl_input(ontology_graph, external_kinds)
    odd = URIRef(HMK_NS + "ClinicalGeneralManager")
    graph.add((odd, RDF.type, OWL.Class))
    graph.add((odd, RDFS.subClassOf, URIRef(HMK_NS + "ClinicalManager")))
    graph.add((odd, RDFS.subClassOf, URIRef(HMK_NS + "GeneralManager")))
    world = run_hermit(graph, tmp_path)
    assert unsatisfiable(world) == [str(odd)]


def test_dl_input_declares_every_external_term(ontology_graph, external_kinds):
    graph = dl_input(ontology_graph, external_kinds)
    undeclared = sorted(
        str(node) for triple in graph for node in triple
        if isinstance(node, URIRef) and not isinstance(node, BNode) and not is_hmk(node)
        and _needs_declaration(node) and not any(graph.triples((node, RDF.type, None))))
    assert undeclared == []


def _needs_declaration(node: URIRef) -> bool:
    """Return True for vocabulary terms (not OWL/RDF built-ins, datatypes or plain links)."""
    builtin = (str(OWL), str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#")
    links = ("https://doi.org/", "https://creativecommons.org/", "https://w3id.org/hmkg/")
    return not str(node).startswith(builtin + links)


def data_graph() -> Graph:
    """Return every data file's triples (the data graph and every claim graph) as one graph,
    read by the build's own loader."""
    sources = load_sources(ROOT)
    graph = merged_graph(sources, *asserted_data(sources))
    assert len(graph) > 100
    return graph


def test_hermit_finds_the_ontology_and_all_data_consistent(ontology_graph, external_kinds, tmp_path):
    """The data's xsd:gYearMonth dates are outside the OWL 2 datatype map, so HermiT reads them
    as opaque values (the ontology states no range for them); everything else is checked."""
    graph = dl_input(ontology_graph, external_kinds)
    for triple in data_graph():
        graph.add(triple)
    assert any(o.datatype == XSD.gYearMonth for o in graph.objects() if isinstance(o, Literal))
    world = run_hermit(graph, tmp_path, opaque_datatypes=True)
    assert unsatisfiable(world) == []
    group = world["https://w3id.org/hmkg/id/manager-group/general-managers"]
    assert {c.iri for c in group.memberKind} == {HMK_NS + "GeneralManager"}
