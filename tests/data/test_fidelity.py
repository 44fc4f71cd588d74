"""Fidelity: the data says what its sources say, no more. One check per kind of defect the
issue-15 audit found, each run on the real data (it must find nothing) and on an in-memory
mutated copy that brings the defect back (it must find it):

- hedge lost: a hedging word of a quoted passage is missing from the claim's hedges;
- scope mixed: a resource of one study linked from the other study's records, or a domain
  statement made of an ontology concept at large rather than of what a study looked at;
- joint contrast split: qualities the source sets together against others, split into pairs;
- unsourced label: an expansion or qualifier no source gives, in a label or description;
- claim without graph / graph without claim: the claim-graph rules of the validate step.
"""

from __future__ import annotations

import re
from itertools import product

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from hmkg.namespaces import DOMAIN_RELATIONS, GRAPH_DATA, HMK, ID, claim_graph, is_claim_graph
from hmkg.pipeline import claim_rules
from hmkg.pipeline.load import asserted_data, load_sources

OA = Namespace("http://www.w3.org/ns/oa#")
# The words with which the sources qualify a statement (FACTS-2.md section 6 and the summary).
HEDGE_WORDS = re.compile(r"\b(suggests?|indicates?|typically|tendency|not always|(?:are|is) able to"
                         r"|can|may|might|likely|usually|often)\b", re.I)
# What the audit found in labels and descriptions that no source says: the expansions of NIHR
# and HS&DR, a qualifier of the wider networks, and "four kinds" read as a closed list.
UNSOURCED = ("National Institute for Health Research", "Health Services and Delivery Research programme",
             "Health Services and Delivery Research (HS&DR) programme", "beyond the manager",
             "four kinds")
STUDY_SLUG = re.compile(r"/(hsdr-\d+-\d+)(/|$)")
F12, F14 = ID["finding/hsdr-2-12/"], ID["finding/hsdr-2-14/"]


@pytest.fixture
def ds():
    """A fresh load of the sources for each test, free to mutate (loading takes ~0.1 s)."""
    return load_sources()


def everything(ds):
    """Return the asserted instance triples: the data graph and every claim graph."""
    return {t for name in asserted_data(ds) for t in ds.graph(name)}


# --- hedge lost -----------------------------------------------------------------------------

def lost_hedges(ds) -> list[tuple]:
    """Return (claim, word) for each hedging word a claim's quoted passages hold but its
    hedges do not."""
    data, lost = ds.graph(GRAPH_DATA), []
    for claim, evidence in data.subject_objects(HMK.hasEvidence):
        hedges = " ".join(str(t).lower() for h in data.objects(claim, HMK.hasHedge)
                          for t in data.objects(h, HMK.hedgeText))
        for exact in data.objects(data.value(evidence, OA.hasSelector), OA.exact):
            lost += [(claim, w.lower()) for w in HEDGE_WORDS.findall(str(exact))
                     if w.lower() not in hedges]
    return sorted(set(lost))


def test_no_hedge_is_lost(ds):
    assert lost_hedges(ds) == []


def test_a_lost_hedge_is_found(ds):
    data = ds.graph(GRAPH_DATA)
    data.remove((F12 + "technical-and-prudential-knowledge-conserved", HMK.hasHedge,
                 ID["hedge/hsdr-2-12/are-able-to"]))
    data.remove((F12 + "integration-of-sector-practices", HMK.hasHedge,
                 ID["hedge/hsdr-2-12/not-always-successful"]))
    assert lost_hedges(ds) == [(F12 + "integration-of-sector-practices", "not always"),
                               (F12 + "technical-and-prudential-knowledge-conserved", "are able to")]


# --- scope mixed ----------------------------------------------------------------------------

def study_of(node, data) -> str | None:
    """Return the report slug a resource belongs to: in its IRI, or the one study that
    distinguishes it (a manager group)."""
    found = STUDY_SLUG.search(str(node)) if str(node).startswith(str(ID)) else None
    if found:
        return found.group(1)
    studies = {STUDY_SLUG.search(str(s)).group(1)
               for s in data.subjects(HMK.distinguishesManagerGroup, node)}
    return studies.pop() if len(studies) == 1 else None


def mixed_scopes(ds) -> list[tuple]:
    """Return triples linking one study's resource to another's, and domain triples whose
    subject is an ontology term (a statement about a concept at large) other than a contrast
    between two kinds of knowledge."""
    data, mixed = ds.graph(GRAPH_DATA), []
    for s, p, o in everything(ds):
        ends = {study_of(s, data), study_of(o, data)} - {None}
        if len(ends) > 1:
            mixed.append((s, p, o))
        if p in DOMAIN_RELATIONS and str(s).startswith(str(HMK)) and p != HMK.contrastedWith:
            mixed.append((s, p, o))
    return sorted(mixed)


def test_no_statement_mixes_the_studies(ds):
    assert mixed_scopes(ds) == []


def test_a_mixed_scope_is_found(ds):
    ds.graph(GRAPH_DATA).add((ID["objective/hsdr-2-14/1"], DCTERMS.subject,
                              ID["manager-group/middle-managers"]))
    home_grown = ds.graph(claim_graph(F14 + "home-grown-knowledge"))
    home_grown.add((HMK.ManagementKnowledge, HMK.characterisedAs, HMK.LocalisedKnowledge))
    assert mixed_scopes(ds) == sorted([
        (ID["objective/hsdr-2-14/1"], DCTERMS.subject, ID["manager-group/middle-managers"]),
        (HMK.ManagementKnowledge, HMK.characterisedAs, HMK.LocalisedKnowledge)])


# --- joint contrast split -------------------------------------------------------------------

def split_contrasts(ds) -> list[tuple]:
    """Return, per claim graph, each missing pair of a contrast: a claim that sets qualities
    against others sets every one against every other (the source states them jointly)."""
    missing = []
    for name in asserted_data(ds)[1:]:
        pairs = set(ds.graph(name).subject_objects(HMK.contrastedWith))
        sides = {a for a, _ in pairs}, {b for _, b in pairs}
        missing += [(name, a, b) for a, b in product(*sides) if (a, b) not in pairs]
    return sorted(missing)


def test_no_joint_contrast_is_split(ds):
    assert split_contrasts(ds) == []
    assert len(list(ds.graph(claim_graph(F14 + "home-grown-knowledge"))
                    .subject_objects(HMK.contrastedWith))) == 4


def test_a_split_contrast_is_found(ds):
    graph = claim_graph(F14 + "home-grown-knowledge")
    ds.graph(graph).remove((HMK.LocalisedKnowledge, HMK.contrastedWith, HMK.CodifiedKnowledge))
    ds.graph(graph).remove((HMK.ExperientialKnowledge, HMK.contrastedWith, HMK.AbstractKnowledge))
    assert split_contrasts(ds) == [
        (graph, HMK.ExperientialKnowledge, HMK.AbstractKnowledge),
        (graph, HMK.LocalisedKnowledge, HMK.CodifiedKnowledge)]


# --- unsourced label ------------------------------------------------------------------------

NAMING = (RDFS.label, RDFS.comment, FOAF.name, SKOS.altLabel, DCTERMS.title, HMK.statement)


def unsourced_labels(ds) -> list[tuple]:
    """Return (resource, phrase) for each name or description holding a phrase no source
    gives."""
    return sorted((s, phrase) for s, p, o in everything(ds) if p in NAMING
                  for phrase in UNSOURCED if phrase.lower() in str(o).lower())


def test_no_label_says_what_no_source_says(ds):
    assert unsourced_labels(ds) == []


def test_an_unsourced_label_is_found(ds):
    nihr = ID["organisation/nihr"]
    ds.graph(GRAPH_DATA).set((nihr, FOAF.name, Literal("National Institute for Health Research")))
    assert unsourced_labels(ds) == [(nihr, "National Institute for Health Research")]


# --- claims and their graphs ----------------------------------------------------------------

def rules_broken(ds) -> list[tuple[str, str]]:
    """Return (rule, focus) for every broken claim-graph rule."""
    return [(r["constraint"], r["focus"]) for r in claim_rules.check(ds)]


def test_every_claim_graph_has_its_claim_and_every_assertion_its_graph(ds):
    claims = set(ds.graph(GRAPH_DATA).subjects(HMK.assertion))
    graphs = [g for g in asserted_data(ds) if is_claim_graph(g)]
    assert len(claims) == len(graphs) == 13
    assert rules_broken(ds) == []


def test_a_claim_without_its_graph_is_found(ds):
    conserved = F12 + "technical-and-prudential-knowledge-conserved"
    ds.graph(claim_graph(conserved)).remove((None, None, None))
    assert rules_broken(ds) == [("assertion-without-graph", "id:finding/hsdr-2-12/"
                                 "technical-and-prudential-knowledge-conserved")]


def test_a_graph_without_its_claim_is_found(ds):
    conserved = F12 + "technical-and-prudential-knowledge-conserved"
    ds.graph(GRAPH_DATA).remove((conserved, HMK.assertion, None))
    assert rules_broken(ds) == [("claim-graph-without-claim", f"<{claim_graph(conserved)}>")]


def test_a_domain_triple_outside_any_claim_graph_is_found(ds):
    network = ID["network/hsdr-2-12/informal-manager-networks"]
    ds.graph(GRAPH_DATA).add((network, HMK.supports, HMK.Learning))
    assert rules_broken(ds) == [("domain-relation-outside-claim-graph",
                                 "id:network/hsdr-2-12/informal-manager-networks")]


# --- the release ----------------------------------------------------------------------------

def test_every_domain_triple_of_the_union_is_in_a_sourced_claims_graph(reasoned):
    """Done when (issue 15): every triple of the default graph whose predicate is an hmk:
    domain relation is in a claim graph whose claim has a source and a passage or a source
    record. Inferred triples (e.g. the inverse hmk:reinforcedBy) are the reasoner's, in
    graph/inferred with their rule kind (CQ25)."""
    relations = " ".join(f"<{p}>" for p in sorted(DOMAIN_RELATIONS))
    unsupported = reasoned.select(f"""
        PREFIX hmk: <{HMK}> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?p ?o WHERE {{
          VALUES ?p {{ {relations} }}
          ?s ?p ?o .
          FILTER NOT EXISTS {{ GRAPH <https://w3id.org/hmkg/graph/inferred> {{ ?s ?p ?o }} }}
          FILTER NOT EXISTS {{
            GRAPH ?g {{ ?s ?p ?o }}
            ?claim hmk:assertion ?g ; prov:hadPrimarySource ?source .
            ?source a hmk:SourceDocument .
          }}
        }}""")
    assert unsupported == []
    stated = reasoned.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {relations} }} "
                             "GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
                             "\"https://w3id.org/hmkg/graph/claim/\")) }")
    assert stated == [(36,)]
