"""Every report row of ../shared/sources/FACTS-2.md is in the data, with its source keys, its
extraction confidence and the source's own short quotes (prov:value of a quotation, since the
text of those sources is not stored); its later publications (section 5) are not stated."""

from __future__ import annotations

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import PROV

from hmkg.namespaces import HMK, ID
from hmkg.prefixes import PREFIXES

FABIO = Namespace(PREFIXES["fabio"])

SCHEMA_URL = URIRef("https://schema.org/url")
# Section 1: key -> the address exactly as the fact sheet stores it.
SOURCES = {
    "NIHR12-PD": "https://prod.drupal.journalslibrary.nihr.ac.uk/hsdr/HSDR02120",
    "SG12": "https://www.sciencegate.app/document/10.3310/hsdr02120",
    "SCITE12": "https://staging.scite.ai/reports/repairing-managerial-knowledge-ability-over-distance-MJY4dX",
    "RL12": "https://discovery.researcher.life/topic/realities-of-operation/25420921?page=6",
    "1LIB12-NET": "https://1library.net/article/network-analysis-latent-clusters-informal-networks-creating-knowledge.4yr487vq",
    "NIHR14-PD": "https://prod.drupal.journalslibrary.nihr.ac.uk/hsdr/HSDR02140",
    "PM14": "http://www.pubmed.gov/25642561/",
    "JRN14": "https://www.journament.com/biblio/19515",
    "INAHTA14": "https://database.inahta.org/article/15375",
    "1LIB14-FM": "https://1library.net/document/zll8vnlz-health-services-and-delivery-research.html",
    "1LIBCO14-LIM": "https://1library.co/article/la-prueba-del-reconocimiento-en-el-espejo.y8x7l30q",
}
# Sections 2-4: row -> (claim, source keys, extraction confidence, quotes).
ROWS = {
    "A2-1": ("claim/hsdr-2-12/publication-type", ['NIHR12-PD'], "HIGH",
             ['Extended Research Article', 'Primary research.']),
    "A2-2": ("claim/hsdr-2-12/editorial-review", ['NIHR12-PD'], "HIGH",
             ['The final report began editorial review in January 2013']),
    "A2-3": ("claim/hsdr-2-12/competing-interests", ['NIHR12-PD'], "HIGH",
             ['Declared competing interests of authors: none']),
    "A2-4": ("claim/hsdr-2-12/background-no-single-organisation", ['NIHR12-PD', 'SG12', 'SCITE12'], "HIGH",
             ['in common with many public services, cannot be delivered by a single organisation']),
    "A2-5": ("claim/hsdr-2-12/background-middle-managers-pivotal", ['NIHR12-PD', 'SG12', 'SCITE12', 'RL12'], "HIGH",
             ['There is some evidence, mostly from other sectors, that middle managers play pivotal roles in this co-ordination']),
    "A2-6": ("claim/hsdr-2-12/background-networks-of-relationships", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['by developing networks of relationships with colleagues in other organisations']),
    "A2-7": ("claim/hsdr-2-12/background-networks-as-contexts", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['These networks of relationships, established over time, provide contexts in which managers can, collectively, create the knowledge']),
    "A2-8": ("claim/hsdr-2-12/research-gap", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['Relatively little is known, however, about how these knowledge-creation processes work in a health-care context.']),
    "A2-9": ("claim/hsdr-2-12/interview-sampling", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['We then interviewed middle managers who – on the evidence of our cluster models – occupied similar positions in our graphs.']),
    "A2-10": ("claim/hsdr-2-12/narratives", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['The latter were used to produce practice-based narratives of knowledge creation.']),
    "A2-11": ("claim/hsdr-2-12/synthesisers-from-narratives", ['SG12', 'SCITE12', 'RL12'], "HIGH",
             ['Our narrative results showed that middle managers were synthesisers, in three different senses.']),
    "A2-12": ("claim/hsdr-2-12/nomination-cap", ['1LIB12-NET'], "HIGH",
             ['we had limited the number of connections named by participants tofive']),
    "A2-13": ("claim/hsdr-2-12/degree-of-limited-value", ['1LIB12-NET'], "HIGH",
             ['the method must have influenced the degree statistics']),
    "A2-14": ("claim/hsdr-2-12/eigenvector-centrality", ['1LIB12-NET'], "HIGH",
             ['Eigenvalue centrality: This aims to measure the influence of an individual actor within a network.']),
    "A2-15": ("claim/hsdr-2-12/betweenness", ['1LIB12-NET'], "HIGH",
             ['Betweenness: This aims to measure the dependence of the connectedness of a network on the links identified by each actor.']),
    "A2-16": ("claim/hsdr-2-12/sociograms", ['1LIB12-NET'], "HIGH",
             ['Diagrams, or sociograms, such as that shown inFigure 4']),
    "A2-17": ("claim/hsdr-2-12/centrality-computation", ['1LIB12-NET'], "HIGH",
             ['not difficult for the size of networks encountered in this project']),
    "B2-1": ("claim/hsdr-2-14/editorial-review", ['NIHR14-PD'], "HIGH",
             ['The final report began editorial review in March 2013']),
    "B2-2": ("claim/hsdr-2-14/competing-interests", ['1LIB14-FM'], "HIGH",
             ['Declared competing interests of authors:none']),
    "B2-3": ("claim/hsdr-2-14/ncbi-imprint", ['PM14'], "HIGH",
             ['Southampton (UK): NIHR Journals Library; 2014 May.']),
    "B2-4": ("claim/hsdr-2-14/pubmed-review-tag", ['PM14'], "HIGH",
             ['Review']),
    "B2-5": ("claim/hsdr-2-14/rationale-pressing-question", ['NIHR14-PD', 'PM14', 'JRN14'], "HIGH",
             ['is of pressing importance in health-care research']),
    "B2-6": ("claim/hsdr-2-14/rationale-expectations", ['NIHR14-PD'], "HIGH",
             ['Given the expectations we have of managers in the NHS to improve performance in the face of constant pressures for change']),
    "B2-7": ("claim/hsdr-2-14/rationale-poor-management", ['NIHR14-PD'], "HIGH",
             ['the grave consequences of poor management']),
    "B2-8": ("claim/hsdr-2-14/research-gap", ['PM14', 'JRN14'], "HIGH",
             ['we have only limited understanding of how they access management knowledge, interpret it and adapt and apply it']),
    "B2-9": ("claim/hsdr-2-14/design-expectation", ['PM14', 'JRN14'], "HIGH",
             ['It was expected that this variation would affect the knowledge requirements faced by managers and the networks likely to be available to them.']),
    "B2-10": ("claim/hsdr-2-14/selection-framework", ['PM14', 'JRN14'], "HIGH",
             ['To capture variation amongst managerial groups in each trust, a selection framework was developed']),
    "B2-11": ("claim/hsdr-2-14/case-selection", ['1LIBCO14-LIM'], "HIGH",
             ['choosing cases that show variation in key conditions (in this research, expected variation in managerial knowledge networks)']),
    "B2-12": ("finding/hsdr-2-14/framework-supported", ['1LIBCO14-LIM'], "HIGH",
             ['Our research has lent strong support to the framework developed in Figure 1 as a means of differentiating between relatively distinct managerial groups']),
    "B2-13": ("finding/hsdr-2-14/groups-different-networks", ['1LIBCO14-LIM'], "HIGH",
             ['the quite different NoPs and CoPs they tend to engage with']),
    "B2-14": ("finding/hsdr-2-14/situated-analysis", ['1LIBCO14-LIM'], "HIGH",
             ['demonstrated the value of situating analysis of management knowledge mobilisation and utilisation in the context of the particular organisational conditions']),
    "B2-15": ("limitation/hsdr-2-14/complexity-limits-qualitative-research", ['1LIBCO14-LIM'], "HIGH",
             ['that very complexity and diversity also inevitably creates limitations for how qualitative research is able to tap into the processes concerned']),
    "B2-16": ("claim/hsdr-2-14/transferability", ['1LIBCO14-LIM'], "HIGH",
             ['challenges to management networking may equally be found in other highly differentiated forms of trust']),
    "B2-17": ("limitation/hsdr-2-14/other-conditions-other-outcomes", ['1LIBCO14-LIM'], "HIGH",
             ['different constellations of conditions may create different outcomes in other types of trust']),
    "B2-18": ("claim/hsdr-2-14/extension-needed", ['1LIBCO14-LIM'], "HIGH",
             ['Only by extending the research systematically to consider all potential types of trust would it be possible to conclude']),
    "B2-19": ("claim/hsdr-2-14/knowledge-flows-group-distinctiveness", ['INAHTA14'], "MED",
             ['taking account not just of the distinctiveness of managerial groups, but also of a number of other features']),
    "B2-20": ("claim/hsdr-2-14/inahta-record-id", ['INAHTA14'], "MED",
             ['Record ID 32014001305']),
    "C2-1": ("claim/hsdr-2-14/journal-cope", ['1LIB14-FM'], "HIGH",
             ['This journal is a member of and subscribes to the principles of the Committee on Publication Ethics (COPE)']),
    "C2-2": ("claim/hsdr-2-14/journal-archive-free", ['1LIB14-FM'], "HIGH",
             ['The full HS&DR archive is freely available to view online']),
}
# Section 6: the hedges and strengths the sources give for findings, on their claims.
HEDGED = {
    "claim/hsdr-2-12/background-middle-managers-pivotal": "There is some evidence, mostly from other sectors",
    "claim/hsdr-2-12/background-networks-of-relationships": "There is some evidence, mostly from other sectors",
    "claim/hsdr-2-12/background-networks-as-contexts": "can",
    "claim/hsdr-2-12/degree-of-limited-value": "must have",
    "finding/hsdr-2-14/groups-different-networks": "tend to",
    "claim/hsdr-2-14/transferability": "may equally",
    "limitation/hsdr-2-14/other-conditions-other-outcomes": "may",
    "recommendation/hsdr-2-14/extend-cohort-selection-model": "might usefully",
    # Section 6 rows the first data pass left unhedged (found by the fidelity audit).
    "finding/hsdr-2-12/knowledge-created-collectively": "in line with",
    "claim/hsdr-2-14/objectives": "may",
    "finding/hsdr-2-14/framework-supported": "lent strong support",
}
SHOWN = {"claim/hsdr-2-12/synthesisers-from-narratives", "finding/hsdr-2-14/situated-analysis",
         "finding/hsdr-2-12/knowledge-created-collectively",
         "finding/hsdr-2-12/relationships-formal-and-informal-stable-and-fluid"}


def keys_of(graph, node) -> set[str]:
    """Return the source keys of a node's primary sources."""
    return {str(k) for s in graph.objects(node, PROV.hadPrimarySource)
            for k in graph.objects(s, HMK.sourceKey)}


def test_every_source_of_section_1_has_its_key_and_address(data_graph):
    for key, url in SOURCES.items():
        (source,) = data_graph.subjects(HMK.sourceKey, Literal(key))
        assert data_graph.value(source, SCHEMA_URL) == URIRef(url), key


@pytest.mark.parametrize("row", sorted(ROWS))
def test_every_report_row_is_a_sourced_claim_with_its_quotes(data_graph, row):
    slug, keys, confidence, quotes = ROWS[row]
    claim = ID[slug]
    assert (claim, HMK.statedIn, None) in data_graph and (claim, HMK.statement, None) in data_graph
    assert keys_of(data_graph, claim) == set(keys)
    assert data_graph.value(claim, HMK.extractionConfidence) == Literal(confidence)
    quoted = {(str(data_graph.value(q, PROV.value)), str(data_graph.value(
        data_graph.value(q, PROV.wasQuotedFrom), HMK.sourceKey)))
        for q in data_graph.objects(claim, PROV.wasDerivedFrom)}
    assert {text for text, _ in quoted} == set(quotes)
    assert {key for _, key in quoted} <= set(keys)


def test_the_sources_hedges_and_strengths_are_on_their_claims(data_graph):
    for slug, text in HEDGED.items():
        hedges = {str(t) for h in data_graph.objects(ID[slug], HMK.hasHedge)
                  for t in data_graph.objects(h, HMK.hedgeText)}
        assert hedges == {text}, slug
    shown = {str(c)[len(str(ID)):] for c in data_graph.subjects(HMK.evidenceStrength,
                                                                  HMK.ShownStrength)}
    assert shown == SHOWN


def test_later_publications_and_not_known_rows_are_not_stated(data_graph):
    keys = {str(k) for k in data_graph.objects(None, HMK.sourceKey)}
    assert not {k for k in keys if k.startswith(("STA", "CUNI", "BOOK", "RL-MOB"))}
    assert not any("2018" in str(o) or "Managing Modern Healthcare" in str(o)
                   for o in data_graph.objects())
    report12 = ID["report/hsdr-2-12"]
    assert (report12, FABIO.hasPubMedId, None) not in data_graph
    for prop in (HMK.sampleSize, HMK.formalInterviewCount):  # no counts for study 2(12)
        assert not [s for s in data_graph.subjects(prop, None) if "hsdr-2-12" in str(s)]
