"""The reason step: exactly the useful OWL 2 RL consequences, each labelled with its rule kind."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from hmkg.namespaces import GRAPH_INFERRED, HMK
from hmkg.pipeline import rule_kinds
from hmkg.pipeline.load import load_sources
from hmkg.namespaces import GRAPH_RULE_KINDS
from hmkg.pipeline.reason import reason


def _rule_kind_graph(ds) -> Graph:
    """Return the rule-kind graph the release would publish for ds, as an rdflib Graph."""
    graph = Graph()
    for triple in rule_kinds.triples(ds):
        graph.add(triple)
    return graph


ORG = Namespace("https://w3id.org/hmkg/id/organisation/")
ANN = URIRef("https://w3id.org/hmkg/id/person/ann")
FOAF_PERSON = URIRef("http://xmlns.com/foaf/0.1/Person")

# Every triple the fixture should yield, with the kind of rule that yields it.
EXPECTED = {
    (ORG.department, HMK.partOfOrganisation, ORG.university): "transitive",
    (ORG.faculty, RDF.type, HMK.Organisation): "range",
    (ORG.university, RDF.type, HMK.Organisation): "range",
    (ORG.faculty, HMK.hasOrganisationalPart, ORG.department): "inverse",
    (ORG.university, HMK.hasOrganisationalPart, ORG.department): "inverse",
    (ORG.university, HMK.hasOrganisationalPart, ORG.faculty): "inverse",
    (ANN, RDF.type, FOAF_PERSON): "class-hierarchy",
    (ANN, RDF.type, HMK.HealthcareManager): "class-hierarchy",
    (ANN, RDF.type, HMK.Manager): "class-hierarchy",
    (ANN, HMK.affiliatedWith, ORG.faculty): "property-chain",
    (ANN, HMK.affiliatedWith, ORG.university): "property-chain",
    (HMK.ClinicalManager, RDFS.subClassOf, FOAF_PERSON): "schema",
    (HMK.ClinicalManager, RDFS.subClassOf, HMK.Manager): "schema",
    (HMK.HealthcareManager, RDFS.subClassOf, FOAF_PERSON): "schema",
    (HMK.ExperientialKnowledge, SKOS.broader, HMK.TacitKnowledge): "subproperty",
    (HMK.ExperientialKnowledge, HMK.transitiveSpecialisationOf, HMK.TacitKnowledge):
        "subproperty",
    (HMK.LocalisedKnowledge, SKOS.broader, HMK.ExperientialKnowledge): "subproperty",
    (HMK.LocalisedKnowledge, HMK.transitiveSpecialisationOf, HMK.ExperientialKnowledge):
        "subproperty",
    (HMK.LocalisedKnowledge, HMK.transitiveSpecialisationOf, HMK.TacitKnowledge): "transitive",
    (HMK.TacitKnowledge, HMK.contrastedWith, HMK.ExplicitKnowledge): "symmetric",
}


def test_inferred_graph_holds_exactly_the_expected_triples(reasoned):
    ds, report = reasoned
    assert set(ds.graph(GRAPH_INFERRED)) == set(EXPECTED)
    assert report.inferred == len(EXPECTED)
    assert report.dropped > 100  # owlrl's noise exists and was filtered
    assert report.inconsistencies == ()


def test_counts_by_rule_kind(reasoned):
    _, report = reasoned
    expected: dict[str, int] = {}
    for kind in EXPECTED.values():
        expected[kind] = expected.get(kind, 0) + 1
    assert report.by_kind == dict(sorted(expected.items()))


def test_each_inferred_triple_is_annotated_with_its_rule_kind(reasoned):
    ds, _ = reasoned
    rules = _rule_kind_graph(ds)
    found = {}
    for statement in rules.subjects(RDF.subject, None):
        triple = (rules.value(statement, RDF.subject), rules.value(statement, RDF.predicate),
                  rules.value(statement, RDF.object))
        found[triple] = str(rules.value(statement, DCTERMS.type)).rsplit("/", 1)[-1]
    assert found == EXPECTED
    transitive = rule_kinds.iri("transitive")
    assert rules.value(transitive, RDFS.label) == Literal("transitive property", lang="en")


def test_noise_is_absent(reasoned):
    ds, _ = reasoned
    for s, p, o in ds.graph(GRAPH_INFERRED):
        assert str(s).startswith("https://w3id.org/hmkg/")
        assert not (s == o and p in (OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass,
                                     RDFS.subPropertyOf, OWL.equivalentProperty))
        assert o not in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual)


def test_asserted_triples_are_not_repeated_and_literals_not_retyped(reasoned):
    ds, _ = reasoned
    study = URIRef("https://w3id.org/hmkg/id/study/one")
    assert list(ds.graph(GRAPH_INFERRED).triples((study, None, None))) == []


def test_reasoning_again_replaces_rather_than_accumulates(reasoned):
    ds, _ = reasoned
    again = reason(ds)
    assert set(ds.graph(GRAPH_INFERRED)) == set(EXPECTED)
    assert again.inferred == len(EXPECTED)
    assert len(set(_rule_kind_graph(ds).subjects(RDF.subject, None))) == len(EXPECTED)
    assert len(ds.graph(GRAPH_RULE_KINDS)) == 0  # recorded as kinds, written at publish


@pytest.mark.parametrize("engine", ["owlrl", "fast"])
def test_both_engines_give_the_expected_graph_and_kinds(loaded, engine):
    report = reason(loaded, engine=engine)
    assert set(loaded.graph(GRAPH_INFERRED)) == set(EXPECTED)
    assert sum(report.by_kind.values()) == len(EXPECTED)


def test_both_engines_agree_on_the_real_sources():
    graphs = {}
    for engine in ("owlrl", "fast"):
        ds = load_sources()
        reason(ds, engine=engine)
        graphs[engine] = ds
    assert set(graphs["owlrl"].graph(GRAPH_INFERRED)) == set(graphs["fast"].graph(GRAPH_INFERRED))
    assert set(rule_kinds.triples(graphs["owlrl"])) == set(rule_kinds.triples(graphs["fast"]))
    assert len(graphs["owlrl"].graph(GRAPH_INFERRED)) > 100


@pytest.mark.parametrize("engine", ["owlrl", "fast"])
def test_inconsistency_is_reported(project, engine):
    (project / "data" / "clash.ttl").write_text(
        "@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "hmk:Manager owl:disjointWith hmk:Organisation .\n"
        "<https://w3id.org/hmkg/id/person/ann> a hmk:Organisation .\n")
    report = reason(load_sources(project), engine=engine)
    assert len(report.inconsistencies) == 1
    assert "https://w3id.org/hmkg/id/person/ann" in report.inconsistencies[0]
