"""Every fact row of ../shared/sources/FACTS.md is in the graph, with its source keys.

One ASK query per row, run over the release. Each asks for the structured triples of the fact
and for the claim (or objective, row of Table 6...) that carries its provenance: the source
documents by their source key, and the confidence where the fact sheet gives one. Rows the
competency questions check in full (author order, Table 6, themes...) are also listed here, so
this table alone shows every row found. NOT KNOWN rows are checked to be absent.
"""

from __future__ import annotations

import hashlib

import pytest

PREFIXES = """
PREFIX hmk: <https://w3id.org/hmkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX id: <https://w3id.org/hmkg/id/>
"""


def sourced(claim: str, keys: list[str], confidence: str | None) -> str:
    """Return graph patterns: claim's primary sources are exactly the keys; its confidence."""
    var = "?keys" + hashlib.sha1(claim.encode()).hexdigest()[:8]  # one count per claim
    listed = ", ".join(f'"{k}"' for k in keys)
    conf = (f'{claim} hmk:extractionConfidence "{confidence}" .' if confidence
            else f"FILTER NOT EXISTS {{ {claim} hmk:extractionConfidence ?anyConfidence }}")
    return f"""
      {{ SELECT (COUNT(DISTINCT ?key) AS {var}) WHERE {{
           {claim} prov:hadPrimarySource/hmk:sourceKey ?key . FILTER (?key IN ({listed})) }} }}
      FILTER ({var} = {len(keys)})
      FILTER NOT EXISTS {{ {claim} prov:hadPrimarySource/hmk:sourceKey ?other .
                           FILTER (?other NOT IN ({listed})) }}
      {conf}"""


def claim(iri: str, report: str, keys: list[str], confidence: str | None) -> str:
    """Return patterns for a claim stated in report, with its sources and confidence."""
    return f"<{iri}> hmk:statedIn <{report}> .\n" + sourced(f"<{iri}>", keys, confidence)


ID = "https://w3id.org/hmkg/id/"
R12, R14 = ID + "report/hsdr-2-12", ID + "report/hsdr-2-14"
S12, S14 = "id:study\\/hsdr-2-12", "id:study\\/hsdr-2-14"
A_AUTHORS = ["vicky-ward", "robert-west", "simon-smith", "steven-mcdermott", "justin-keen",
             "ray-pawson", "allan-house"]
B_AUTHORS = ["mike-bresnen", "damian-hodgson", "simon-bailey", "paula-hyde", "john-hassard"]


def authors_in_order(report: str, slugs: list[str]) -> str:
    """Return patterns for the report's authors at their positions, and no others."""
    parts = [f"<{report}> prov:qualifiedAttribution [ prov:agent <{ID}person/{slug}> ; "
             f"hmk:authorPosition {n} ; prov:hadRole hmk:AuthorRole ] ."
             for n, slug in enumerate(slugs, start=1)]
    parts.append(f"{{ SELECT (COUNT(?a) AS ?n) WHERE {{ <{report}> prov:qualifiedAttribution ?a }} }}"
                 f" FILTER (?n = {len(slugs)})")
    return "\n".join(parts)


def c12(slug, keys, conf="HIGH"):
    """Claim of report 2(12)."""
    return claim(ID + slug, R12, keys, conf)


def c14(slug, keys, conf="HIGH"):
    """Claim of report 2(14)."""
    return claim(ID + slug, R14, keys, conf)


FACTS = {
    # Report A, 2(12)
    "A journal, volume, issue": f"""
      <{R12}> dcterms:isPartOf id:journal\\/hsdr ; prism:volume "2" ; prism:issueIdentifier "12" .
      id:journal\\/hsdr rdfs:label "Health Services and Delivery Research"@en ;
          skos:altLabel "Health Services Delivery Research"@en ,
                        "Health and Social Care Delivery Research"@en .
      {c12("claim/hsdr-2-12/journal-issue", ["NIHR-12", "SUM"])}""",
    "A DOI": f"""
      <{R12}> prism:doi "10.3310/hsdr02120" ; hmk:doiIri <https://doi.org/10.3310/hsdr02120> .
      {c12("claim/hsdr-2-12/doi", ["NIHR-12"])}""",
    "A published": f"""
      <{R12}> dcterms:issued "2014-05"^^xsd:gYearMonth .
      {c12("claim/hsdr-2-12/publication-date", ["NIHR-12"])}""",
    "A authors, in order": f"""
      {authors_in_order(R12, A_AUTHORS)}
      <{R12}> hmk:correspondingAuthor id:person\\/vicky-ward .
      {c12("claim/hsdr-2-12/authors", ["NIHR-12"])}""",
    "A affiliations": f"""
      VALUES ?person {{ id:person\\/vicky-ward id:person\\/robert-west id:person\\/simon-smith
                       id:person\\/steven-mcdermott id:person\\/justin-keen id:person\\/allan-house }}
      ?person hmk:affiliatedWith id:organisation\\/leeds-institute-of-health-sciences .
      id:person\\/ray-pawson hmk:affiliatedWith id:organisation\\/school-of-sociology-and-social-policy .
      id:organisation\\/leeds-institute-of-health-sciences org:subOrganizationOf id:organisation\\/university-of-leeds .
      id:organisation\\/school-of-sociology-and-social-policy org:subOrganizationOf id:organisation\\/university-of-leeds .
      {c12("claim/hsdr-2-12/affiliations", ["NIHR-12"])}""",
    "A funder, project": f"""
      <{R12}> hmk:fundedBy id:grant\\/09-1002-02 ;
          hmk:acceptedForPublication "2013-07"^^xsd:gYearMonth .
      id:grant\\/09-1002-02 hmk:projectNumber "09/1002/02" ; hmk:awardedBy id:organisation\\/nihr ;
          hmk:fundingProgramme id:funding-programme\\/hsdr ;
          hmk:contractStart "2010-07"^^xsd:gYearMonth .
      {c12("claim/hsdr-2-12/funding", ["NIHR-12"])}""",
    "A rights": f"""
      <{R12}> dcterms:rights ?rights .
      ?rights a dcterms:RightsStatement ; rdfs:comment ?text .
      FILTER (CONTAINS(?text, "Crown copyright 2014") && CONTAINS(?text, "not a Creative Commons"))
      FILTER NOT EXISTS {{ <{R12}> dcterms:license ?anyLicence }}
      {c12("claim/hsdr-2-12/rights", ["NIHR-12"])}""",
    "A design": f"""
      {S12} hmk:hasDesign hmk:ProspectiveCaseStudy .
      {c12("claim/hsdr-2-12/design", ["SUM", "ABS-12"])}""",
    "A setting": f"""
      {S12} hmk:setting [ hmk:siteCount 3 ; hmk:inRegion id:place\\/northern-england ;
          hmk:serviceArea id:service-area\\/health-and-well-being-services ] .
      {c12("claim/hsdr-2-12/setting", ["SUM", "ABS-12"])}""",
    "A methods": f"""
      {S12} hmk:usedMethod hmk:LandscapeMapping , hmk:NetworkSurvey , hmk:LatentPositionNetworkModelling ,
          hmk:LatentPositionClusterModelling , hmk:SemiStructuredInterview , hmk:NarrativeAnalysis .
      id:claim\\/hsdr-2-12\\/methods hmk:about hmk:BridgerRole , id:manager-group\\/middle-managers .
      {c12("claim/hsdr-2-12/methods", ["ABS-12"])}""",
    "A background example": f"""
      id:claim\\/hsdr-2-12\\/background-coordination hmk:about id:service-area\\/weight-loss-programmes ,
          id:service-area\\/exercise-programmes , id:service-area\\/smoking-cessation-programmes .
      {c12("claim/hsdr-2-12/background-coordination", ["NIHR-12"])}""",
    "A aim": f"""
      {S12} hmk:hasObjective ?aim .
      ?aim dcterms:subject id:network\\/hsdr-2-12\\/informal-manager-networks ;
          prov:hadPrimarySource id:source\\/abs-12 .
      {c12("claim/hsdr-2-12/aim", ["ABS-12"])}""",
    "A finding: knowledge synthesisers in three senses": f"""
      id:manager-group\\/middle-managers hmk:playsRole hmk:KnowledgeSynthesiserRole ;
          hmk:drawsOnInformationSource hmk:RoutineQuantitativeData , hmk:ContractualTargetReport ,
              hmk:ResearchEvidence , hmk:ColleagueIntelligence ;
          hmk:integratesPracticesOf hmk:NHSSector , hmk:LocalAuthoritySector , hmk:PrivateSector ,
              hmk:VoluntarySector .
      {{ SELECT (COUNT(?sense) AS ?senses) WHERE {{ id:manager-group\\/middle-managers hmk:synthesisSense ?sense }} }}
      FILTER (?senses = 3)
      id:finding\\/hsdr-2-12\\/synthesis-of-policy-and-local-reality hmk:hasHedge/hmk:hedgeText "not always successful"@en .
      {c12("finding/hsdr-2-12/knowledge-synthesisers", ["SUM"], "MED")}
      {c12("finding/hsdr-2-12/synthesis-from-information-sources", ["SUM", "ABS-12"], "HIGH")}
      {c12("finding/hsdr-2-12/synthesis-of-policy-and-local-reality", ["SUM"], "MED")}
      {c12("finding/hsdr-2-12/synthesis-of-ideas-negotiation-action", ["SUM"], "MED")}""",
    "A finding: forms of collective effort": f"""
      id:manager-group\\/middle-managers hmk:collectiveEffortManifestedIn hmk:MultiOrganisationalProject ,
          hmk:NewServiceDevelopment .
      {c12("finding/hsdr-2-12/forms-of-collective-effort", ["SUM"], None)}""",
    "A finding: cluster modelling, knowledge conserved": f"""
      id:network\\/hsdr-2-12\\/informal-manager-networks hmk:conservesKnowledge hmk:TechnicalKnowledge ,
          hmk:PrudentialKnowledge ; hmk:timeSpan "months and years"@en .
      id:finding\\/hsdr-2-12\\/relationships-maintained-over-time hmk:basedOnMethod hmk:LatentPositionClusterModelling .
      {c12("finding/hsdr-2-12/relationships-maintained-over-time", ["SUM", "NIHR-12"], "HIGH")}
      {c12("finding/hsdr-2-12/technical-and-prudential-knowledge-conserved", ["SUM"], None)}""",
    "A finding: knowledge created collectively": f"""
      id:finding\\/hsdr-2-12\\/knowledge-created-collectively hmk:about id:network\\/hsdr-2-12\\/informal-manager-networks .
      {c12("finding/hsdr-2-12/knowledge-created-collectively", ["NIHR-12"])}""",
    "A finding: formal and informal, stable and fluid": f"""
      id:network\\/hsdr-2-12\\/informal-manager-networks hmk:hasCharacteristic hmk:Formal , hmk:Informal ,
          hmk:Stable , hmk:Fluid .
      {c12("finding/hsdr-2-12/relationships-formal-and-informal-stable-and-fluid", ["NIHR-12"])}""",
    # Report B, 2(14)
    "B journal, volume, issue": f"""
      <{R14}> dcterms:isPartOf id:journal\\/hsdr ; prism:volume "2" ; prism:issueIdentifier "14" .
      {c14("claim/hsdr-2-14/journal-issue", ["REP-14", "SUM"])}""",
    "B DOI": f"""
      <{R14}> prism:doi "10.3310/hsdr02140" ; hmk:doiIri <https://doi.org/10.3310/hsdr02140> .
      {c14("claim/hsdr-2-14/doi", ["REP-14"])}""",
    "B PubMed ID": f"""
      <{R14}> fabio:hasPubMedId "25642561" .
      {c14("claim/hsdr-2-14/pubmed-id", ["PUBMED-14"])}""",
    "B ISSN": f"""
      id:journal\\/hsdr prism:issn "2050-4349" ; prism:eIssn "2050-4357" .
      {c14("claim/hsdr-2-14/journal-issn", ["REP-14"])}""",
    "B published": f"""
      <{R14}> dcterms:issued "2014-05"^^xsd:gYearMonth .
      {c14("claim/hsdr-2-14/publication-date", ["REP-14", "PUBMED-14"])}""",
    "B authors, in order": f"""
      {authors_in_order(R14, B_AUTHORS)}
      <{R14}> hmk:correspondingAuthor id:person\\/mike-bresnen .
      {c14("claim/hsdr-2-14/authors", ["REP-14"])}""",
    "B affiliations": f"""
      VALUES ?person {{ id:person\\/mike-bresnen id:person\\/damian-hodgson id:person\\/simon-bailey
                       id:person\\/paula-hyde id:person\\/john-hassard }}
      ?person hmk:affiliatedWith id:organisation\\/manchester-business-school .
      id:person\\/paula-hyde hmk:affiliatedWith id:organisation\\/durham-university-business-school .
      id:organisation\\/manchester-business-school org:subOrganizationOf id:organisation\\/university-of-manchester .
      id:organisation\\/durham-university-business-school org:subOrganizationOf id:organisation\\/durham-university .
      {c14("claim/hsdr-2-14/affiliations", ["REP-14"])}""",
    "B funder, project": f"""
      <{R14}> hmk:fundedBy id:grant\\/09-1002-29 ;
          hmk:acceptedForPublication "2013-09"^^xsd:gYearMonth .
      id:grant\\/09-1002-29 hmk:projectNumber "09/1002/29" ; hmk:awardedBy id:organisation\\/nihr ;
          hmk:contractStart "2010-09"^^xsd:gYearMonth .
      {c14("claim/hsdr-2-14/funding", ["NIHR-14"])}""",
    "B objectives": f"""
      {S14} hmk:hasObjective [ hmk:ordinal 1 ; dcterms:subject hmk:MiddleManager ,
          hmk:ManagementKnowledge ; prov:hadPrimarySource id:source\\/pubmed-14 ] ,
          [ hmk:ordinal 2 ; dcterms:subject id:network\\/hsdr-2-14\\/communities-of-practice ;
          prov:hadPrimarySource id:source\\/pubmed-14 ] .
      {c14("claim/hsdr-2-14/objectives", ["PUBMED-14"])}""",
    "B research questions": f"""
      {S14} hmk:hasResearchQuestion [ hmk:ordinal 1 ] , [ hmk:ordinal 2 ] , [ hmk:ordinal 3 ] .
      {{ SELECT (COUNT(?q) AS ?questions) WHERE {{ {S14} hmk:hasResearchQuestion ?q .
          ?q prov:hadPrimarySource id:source\\/pubmed-14 }} }}
      FILTER (?questions = 3)
      {c14("claim/hsdr-2-14/research-questions", ["PUBMED-14"])}""",
    "B design": f"""
      {S14} hmk:hasDesign hmk:QualitativeCaseStudy ;
          hmk:usedMethod hmk:FormalInterview , hmk:InformalInterview , hmk:Observation ;
          hmk:hasSample/hmk:samplingMethod hmk:PurposiveSampling , hmk:NonRandomSampling .
      {c14("claim/hsdr-2-14/design", ["SUM", "REP-14"])}""",
    "B setting": f"""
      {S14} hmk:setting/hmk:siteCount 3 .
      id:organisation\\/hsdr-2-14\\/acute-trust a hmk:AcuteTrust .
      id:organisation\\/hsdr-2-14\\/care-trust a hmk:CareTrust .
      id:organisation\\/hsdr-2-14\\/specialist-foundation-trust a hmk:SpecialistFoundationTrust ;
          skos:altLabel "FT"@en .
      {c14("claim/hsdr-2-14/setting", ["SUM", "PUBMED-14"])}""",
    "B manager groups": f"""
      {S14} hmk:distinguishesManagerGroup id:manager-group\\/clinical-managers ,
          id:manager-group\\/general-managers , id:manager-group\\/functional-managers .
      {c14("claim/hsdr-2-14/manager-groups", ["SUM", "PUBMED-14"])}""",
    "B sample": f"""
      {S14} hmk:hasSample/hmk:sampleSize 68 .
      {c14("claim/hsdr-2-14/sample", ["SUM", "REP-14"])}""",
    "B data collected (Table 6)": f"""
      {{ SELECT (SUM(?f) AS ?formal) (COUNT(?row) AS ?rows) WHERE {{
          {S14} hmk:dataCollection ?row . ?row hmk:formalInterviewCount ?f ;
              prov:hadPrimarySource id:source\\/rep-14 }} }}
      FILTER (?formal = 81 && ?rows = 4)
      {c14("claim/hsdr-2-14/data-collection", ["REP-14"])}""",
    "B analysis": f"""
      {S14} hmk:usedSoftware id:software\\/nvivo-9 ; hmk:usedMethod hmk:OpenCoding , hmk:AxialCoding .
      {{ SELECT (COUNT(?t) AS ?themes) WHERE {{ {S14} hmk:codingTheme ?t }} }}
      FILTER (?themes = 5)
      {c14("claim/hsdr-2-14/analysis", ["REP-14"])}""",
    "B thematic areas": f"""
      {S14} hmk:analyticTheme id:theme\\/hsdr-2-14\\/context , id:theme\\/hsdr-2-14\\/management ,
          id:theme\\/hsdr-2-14\\/knowledge , id:theme\\/hsdr-2-14\\/networks .
      id:theme\\/hsdr-2-14\\/leadership hmk:subThemeOf id:theme\\/hsdr-2-14\\/management .
      {c14("claim/hsdr-2-14/thematic-areas", ["SUM"], None)}""",
    "B findings": f"""
      id:manager-group\\/general-managers hmk:facesChallenge id:challenge\\/hsdr-2-14\\/professional-identity ,
          id:challenge\\/hsdr-2-14\\/access-to-wider-networks .
      id:challenge\\/hsdr-2-14\\/access-to-wider-networks hmk:reinforces id:tendency\\/hsdr-2-14\\/home-grown-knowledge .
      id:knowledge\\/hsdr-2-14\\/managerial-knowledge hmk:characterisedAs hmk:LocalisedKnowledge ,
          hmk:ExperientialKnowledge ; skos:broader hmk:ManagementKnowledge .
      {c14("finding/hsdr-2-14/heterogeneity-of-management", ["SUM"], None)}
      {c14("finding/hsdr-2-14/diverse-sources-by-group", ["SUM"], None)}
      {c14("finding/hsdr-2-14/general-managers-professional-identity", ["SUM"], None)}
      {c14("finding/hsdr-2-14/home-grown-knowledge", ["SUM"], None)}
      {c14("finding/hsdr-2-14/general-managers-network-access", ["SUM"], None)}
      {c14("finding/hsdr-2-14/network-access-reinforces-home-grown-knowledge", ["SUM"], None)}""",
    "B recommendations": f"""
      {{ SELECT (COUNT(DISTINCT ?r) AS ?recs) (MAX(?n) AS ?last) WHERE {{
          <{R14}> hmk:hasRecommendation ?r . ?r a hmk:Recommendation ; hmk:statedIn <{R14}> ;
              hmk:ordinal ?n ; hmk:extractionConfidence "HIGH" ;
              prov:hadPrimarySource id:source\\/inahta-14 }} }}
      FILTER (?recs = 6 && ?last = 6)
      {c14("recommendation/hsdr-2-14/support-network-building", ["INAHTA-14"])}
      id:recommendation\\/hsdr-2-14\\/support-network-building hmk:about id:manager-group\\/general-managers .""",
    "B limitations": f"""
      <{R14}> hmk:hadLimitation id:limitation\\/hsdr-2-14\\/three-kinds-of-trust ,
          id:limitation\\/hsdr-2-14\\/small-purposive-sample .
      {c14("limitation/hsdr-2-14/three-kinds-of-trust", ["REP-14"])}
      {c14("limitation/hsdr-2-14/small-purposive-sample", ["REP-14"])}""",
}

# NOT KNOWN rows: each query must find nothing.
NOT_KNOWN = {
    "A participants, interviews, survey rounds, clusters": """
      { id:study\\/hsdr-2-12 hmk:hasSample|hmk:dataCollection ?x }
      UNION { ?cluster a hmk:NetworkCluster }""",
    "A and B fieldwork dates": """
      ?study a hmk:Study ; ?p ?date .
      FILTER (?p IN (prov:startedAtTime, prov:endedAtTime, dcterms:date, dcterms:temporal))""",
    "A and B site names and regions, keywords": """
      { ?site a hmk:StudySite } UNION { ?trust a hmk:NHSTrust ; foaf:name|hmk:inRegion|hmk:locatedIn ?x }
      UNION { ?report a hmk:Report ; dcterms:subject|prism:keyword ?keyword }""",
    "B split of the 68 between the groups": """
      ?group a hmk:ManagerGroup ; ?p ?count . FILTER (isNumeric(?count))""",
    "Context: SDO programme not stated": """
      ?x ?p ?text . FILTER (isLiteral(?text) && (CONTAINS(?text, "SDO")
          || CONTAINS(LCASE(?text), "service delivery and organisation")))""",
}


@pytest.mark.parametrize("row", sorted(FACTS))
def test_fact_row_is_in_the_graph(reasoned, row):
    assert reasoned.ask(PREFIXES + "ASK {" + FACTS[row] + "\n}"), f"fact row not found: {row}"


@pytest.mark.parametrize("row", sorted(NOT_KNOWN))
def test_not_known_row_is_absent(reasoned, row):
    assert not reasoned.ask(PREFIXES + "ASK {" + NOT_KNOWN[row] + "\n}"), f"stated: {row}"


def test_every_fact_sheet_row_is_listed():
    # FACTS.md: 18 rows for report A and 21 for report B, one NOT KNOWN row each (see NOT_KNOWN).
    assert len([r for r in FACTS if r.startswith("A ")]) == 17
    assert len([r for r in FACTS if r.startswith("B ")]) == 20
