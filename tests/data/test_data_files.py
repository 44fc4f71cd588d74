"""The data files: every resource labelled in English, readable slugs, evidence IRIs by finding."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from hmkg import paths
from hmkg.namespaces import HMK, ID

SLUG = re.compile(r"https://w3id\.org/hmkg/id/[a-z-]+(/[a-z0-9-]+)+")
OA_SPECIFIC = URIRef("http://www.w3.org/ns/oa#SpecificResource")


def own_resources(graph):
    """Return every instance IRI the data mentions."""
    return {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef) and n.startswith(ID)}


def test_data_files_are_named_for_what_they_hold(data_files):
    names = {p.relative_to(paths.data_dir()).as_posix() for p in data_files}
    assert {"hsdr-2-12.trig", "hsdr-2-14.trig", "people-and-organisations.ttl", "journal.ttl",
            "sources/sources.ttl"} <= names


def test_every_resource_has_an_english_label(data_graph):
    resources = own_resources(data_graph)
    assert len(resources) > 150
    unlabelled = [r for r in resources
                  if not any(isinstance(l, Literal) and l.language == "en"
                             for l in data_graph.objects(r, RDFS.label))]
    assert unlabelled == []


def test_every_resource_is_described_not_only_pointed_at(data_graph):
    assert [r for r in own_resources(data_graph) if (r, RDF.type, None) not in data_graph] == []


def test_instance_iris_are_readable_slugs(data_graph):
    assert [r for r in own_resources(data_graph) if not SLUG.fullmatch(r)] == []


def test_evidence_and_selectors_are_named_after_their_claim(data_graph):
    for claim, evidence in data_graph.subject_objects(HMK.hasEvidence):
        slug = claim[len(ID):].split("/", 1)[1]
        assert re.fullmatch(re.escape(f"{ID}evidence/{slug}/") + r"\d+", evidence), evidence
        assert (evidence, RDF.type, OA_SPECIFIC) in data_graph


def test_months_are_year_months_and_counts_are_integers(data_graph):
    for prop in (HMK.contractStart, HMK.acceptedForPublication):
        assert {o.datatype for o in data_graph.objects(None, prop)} == {XSD.gYearMonth}
    for prop in (HMK.formalInterviewCount, HMK.informalInterviewCount, HMK.observationDays,
                 HMK.sampleSize, HMK.siteCount):
        assert {o.datatype for o in data_graph.objects(None, prop)} == {XSD.integer}
    assert {o.datatype for o in data_graph.objects(None, HMK.observationHours)} == {XSD.decimal}
