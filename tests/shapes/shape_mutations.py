"""The mutation table: small breakages of the real data, each with the exact results it must cause.

Every row changes a copy of the asserted graph (ontology + data) and names every result the
shapes must then report: focus node, path, constraint component, source shape, value and
severity. Rows are data, so adding a shape means adding a row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from hmkg.namespaces import GRAPH_DATA, HMK, ID

S = Namespace("https://w3id.org/hmkg/shapes#")
OSH = Namespace("https://w3id.org/hmkg/shapes/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
FABIO = Namespace("http://purl.org/spar/fabio/")
SCHEMA = Namespace("https://schema.org/")
VIOLATION, WARNING = SH.Violation, SH.Warning
ONTOLOGY_CORE = URIRef("https://w3id.org/hmkg/ontology/core")


def en(text: str) -> Literal:
    """Return an English-tagged literal."""
    return Literal(text, lang="en")


def pos(n: int) -> Literal:
    """Return an author position or ordinal literal."""
    return Literal(str(n), datatype=XSD.positiveInteger)


@dataclass(frozen=True)
class Change:
    """Remove every triple matching (s, p, o) (None: any object) and/or add (s, p, new)."""

    s: Node
    p: URIRef
    old: Node | None = None
    new: Node | None = None
    drop: bool = True  # False: only add


def drop(s, p, o=None) -> Change:
    """Remove the matching triples (they must exist)."""
    return Change(s, p, old=o)


def put(s, p, o) -> Change:
    """Add a triple."""
    return Change(s, p, new=o, drop=False)


def replace(s, p, o) -> Change:
    """Replace every value of s p (there must be one) with o."""
    return Change(s, p, new=o)


@dataclass(frozen=True)
class Expect:
    """One result a mutation must cause."""

    focus: Node
    path: object
    component: str  # local name in sh:, e.g. "MinCount" for sh:MinCountConstraintComponent
    shape: Node
    value: Node | None = None
    severity: URIRef = VIOLATION


@dataclass(frozen=True)
class Mutation:
    """A named breakage and the results it must cause, no more and no fewer."""

    name: str
    changes: tuple[Change, ...]
    expect: tuple[Expect, ...] = field(default=())


def m(name: str, changes, *expect: Expect) -> Mutation:
    """Build a Mutation from one change or a list of changes."""
    changes = tuple(changes) if isinstance(changes, list) else (changes,)
    return Mutation(name, changes, expect)


# Nodes of the real data the rows break.
R12, R14 = ID["report/hsdr-2-12"], ID["report/hsdr-2-14"]
S12, S14 = ID["study/hsdr-2-12"], ID["study/hsdr-2-14"]
A12 = {n: ID[f"attribution/hsdr-2-12/{n}"] for n in range(1, 8)}
WARD, WEST = ID["person/vicky-ward"], ID["person/robert-west"]
HOUSE = ID["person/allan-house"]
LEEDS, LIHS = ID["organisation/university-of-leeds"], ID["organisation/leeds-institute-of-health-sciences"]
NIHR, ACUTE = ID["organisation/nihr"], ID["organisation/hsdr-2-14/acute-trust"]
JOURNAL, GRANT12 = ID["journal/hsdr"], ID["grant/09-1002-02"]
PROGRAMME, RIGHTS12 = ID["funding-programme/hsdr"], ID["rights/hsdr-2-12"]
MIDDLE, GENERAL = ID["manager-group/middle-managers"], ID["manager-group/general-managers"]
NORTH = ID["place/northern-england"]
SETTING12, SAMPLE14 = ID["setting/hsdr-2-12"], ID["sample/hsdr-2-14"]
NVIVO = ID["software/nvivo-9"]
DC_KEY = ID["data-collection/hsdr-2-14/key-informants"]
DC_ACUTE = ID["data-collection/hsdr-2-14/acute-trust"]
KEY_INFORMANTS = ID["participant-group/hsdr-2-14/key-informants"]
THEME_CONTEXT = ID["theme/hsdr-2-14/context"]
THEME_INSTITUTIONAL = ID["theme/hsdr-2-14/institutional-context"]
CODING_KNOWLEDGE = ID["coding-theme/hsdr-2-14/knowledge"]
OBJECTIVE12 = ID["objective/hsdr-2-12/1"]
COLLECTIVE = ID["finding/hsdr-2-12/knowledge-created-collectively"]
HOME_GROWN = ID["finding/hsdr-2-14/home-grown-knowledge"]
# A finding with neither hedge nor summary passage: evidence put on it trips only evidence rules.
SITUATED = ID["finding/hsdr-2-14/situated-analysis"]
SYNTHESISERS = ID["finding/hsdr-2-12/knowledge-synthesisers"]
MAINTAINED = ID["finding/hsdr-2-12/relationships-maintained-over-time"]
FORMAL_INFORMAL = ID["finding/hsdr-2-12/relationships-formal-and-informal-stable-and-fluid"]
TENDENCY = ID["tendency/hsdr-2-14/home-grown-knowledge"]
QUOTE_COPE = ID["quotation/hsdr-2-14/journal-cope/1"]
MAINTAINED = ID["finding/hsdr-2-12/relationships-maintained-over-time"]
DOI_CLAIM12 = ID["claim/hsdr-2-12/doi"]
DESIGN_CLAIM12 = ID["claim/hsdr-2-12/design"]
FIRST_RECOMMENDATION = ID["recommendation/hsdr-2-14/no-unitary-community-of-practice"]
HEDGE_PARTIAL = ID["hedge/hsdr-2-12/not-always-successful"]
EVIDENCE = ID["evidence/hsdr-2-12/design/1"]
SELECTOR = ID["selector/hsdr-2-12/design/1"]
SUM, NIHR12, NIHR14 = ID["source/sum"], ID["source/nihr-12"], ID["source/nihr-14"]
NETWORK12 = ID["network/hsdr-2-12/informal-manager-networks"]
WIDER = ID["network/hsdr-2-14/wider-professional-networks"]
SENSE1 = ID["synthesis-sense/hsdr-2-12/information-sources"]
IDENTITY = ID["challenge/hsdr-2-14/professional-identity"]
ACCESS = ID["challenge/hsdr-2-14/access-to-wider-networks"]
NOWHERE = ID["nowhere/at-all"]

BIBLIOGRAPHIC = [
    m("report without title", drop(R12, DCTERMS.title),
      Expect(R12, DCTERMS.title, "MinCount", S["ReportShape-title"])),
    m("report title in French", replace(R12, DCTERMS.title, Literal("Le rôle", lang="fr")),
      Expect(R12, DCTERMS.title, "LanguageIn", S["ReportShape-title"], Literal("Le rôle", lang="fr"))),
    m("DOI with a space", replace(R12, PRISM.doi, Literal("10.3310 hsdr02120")),
      Expect(R12, PRISM.doi, "Pattern", S["ReportShape-doi"], Literal("10.3310 hsdr02120")),
      Expect(R12, HMK.doiIri, "SPARQL", S["ReportShape-doiAgrees"], URIRef("https://doi.org/10.3310/hsdr02120"))),
    m("DOI typed anyURI", replace(R12, PRISM.doi, Literal("10.3310/hsdr02120", datatype=XSD.anyURI)),
      Expect(R12, PRISM.doi, "Datatype", S["ReportShape-doi"],
             Literal("10.3310/hsdr02120", datatype=XSD.anyURI))),
    m("report without DOI", drop(R14, PRISM.doi),
      Expect(R14, PRISM.doi, "MinCount", S["ReportShape-doi"])),
    m("DOI IRI on dx.doi.org", replace(R12, HMK.doiIri, URIRef("https://dx.doi.org/10.3310/hsdr02120")),
      Expect(R12, HMK.doiIri, "Pattern", S["ReportShape-doiIri"],
             URIRef("https://dx.doi.org/10.3310/hsdr02120")),
      Expect(R12, HMK.doiIri, "SPARQL", S["ReportShape-doiAgrees"],
             URIRef("https://dx.doi.org/10.3310/hsdr02120"))),
    m("DOI IRI as a string", replace(R12, HMK.doiIri, Literal("https://doi.org/10.3310/hsdr02120")),
      Expect(R12, HMK.doiIri, "NodeKind", S["ReportShape-doiIri"],
             Literal("https://doi.org/10.3310/hsdr02120"))),
    m("DOI IRI of the other report", replace(R12, HMK.doiIri, URIRef("https://doi.org/10.3310/hsdr02140")),
      Expect(R12, HMK.doiIri, "SPARQL", S["ReportShape-doiAgrees"], URIRef("https://doi.org/10.3310/hsdr02140"))),
    m("journal is the funder", replace(R12, DCTERMS.isPartOf, NIHR),
      Expect(R12, DCTERMS.isPartOf, "Class", S["ReportShape-journal"], NIHR)),
    m("volume in roman numerals", replace(R12, PRISM.volume, Literal("II")),
      Expect(R12, PRISM.volume, "Pattern", S["ReportShape-volume"], Literal("II"))),
    m("two issue numbers", put(R12, PRISM.issueIdentifier, Literal("13")),
      Expect(R12, PRISM.issueIdentifier, "MaxCount", S["ReportShape-issue"])),
    m("publication date in words", replace(R12, DCTERMS.issued, Literal("May 2014")),
      Expect(R12, DCTERMS.issued, "Or", S["ReportShape-issued"], Literal("May 2014"))),
    m("acceptance as a full date", replace(R12, HMK.acceptedForPublication, Literal("2013-07-01", datatype=XSD.date)),
      Expect(R12, HMK.acceptedForPublication, "Datatype", S["ReportShape-accepted"],
             Literal("2013-07-01", datatype=XSD.date))),
    m("PubMed ID with prefix", replace(R14, FABIO.hasPubMedId, Literal("PMID25642561")),
      Expect(R14, FABIO.hasPubMedId, "Pattern", S["ReportShape-pubmedId"], Literal("PMID25642561"))),
    m("publisher is a person", replace(R12, DCTERMS.publisher, WARD),
      Expect(R12, DCTERMS.publisher, "Node", S["ReportShape-publisher"], WARD)),
    m("rights is a grant", replace(R12, DCTERMS.rights, GRANT12),
      Expect(R12, DCTERMS.rights, "Class", S["ReportShape-rights"], GRANT12)),
    m("creator is an organisation", put(R12, DCTERMS.creator, NIHR),
      Expect(R12, DCTERMS.creator, "Class", S["ReportShape-creator"], NIHR),
      Expect(R12, DCTERMS.creator, "SPARQL", S["ReportShape-creatorsMatch"], NIHR)),
    m("author missing from creators", drop(R12, DCTERMS.creator, WEST),
      Expect(R12, DCTERMS.creator, "SPARQL", S["ReportShape-creatorsMatch"], WEST)),
    m("attribution is a person", put(R12, PROV.qualifiedAttribution, WEST),
      Expect(R12, PROV.qualifiedAttribution, "Class", S["ReportShape-attribution"], WEST)),
    m("two authors in position 6", replace(A12[7], HMK.authorPosition, pos(6)),
      Expect(R12, PROV.qualifiedAttribution, "SPARQL", S["ReportShape-authorOrder"], A12[6]),
      Expect(R12, PROV.qualifiedAttribution, "SPARQL", S["ReportShape-authorOrder"], A12[7])),
    m("gap in author positions", replace(A12[7], HMK.authorPosition, pos(8)),
      Expect(R12, PROV.qualifiedAttribution, "SPARQL", S["ReportShape-authorOrder"], A12[7])),
    m("no first author", replace(A12[1], HMK.authorPosition, pos(8)),
      Expect(R12, PROV.qualifiedAttribution, "SPARQL", S["ReportShape-authorOrder"], A12[2])),
    m("two corresponding authors",
      [put(R12, HMK.correspondingAuthor, WEST), put(A12[2], PROV.hadRole, HMK.CorrespondingAuthorRole)],
      Expect(R12, HMK.correspondingAuthor, "MaxCount", S["ReportShape-correspondingAuthor"])),
    m("corresponding author without the role", drop(A12[1], PROV.hadRole, HMK.CorrespondingAuthorRole),
      Expect(R12, HMK.correspondingAuthor, "SPARQL", S["ReportShape-correspondingRole"], WARD)),
    m("report reports a sample", put(R12, HMK.reportsStudy, SAMPLE14),
      Expect(R12, HMK.reportsStudy, "Class", S["ReportShape-reportsStudy"], SAMPLE14)),
    m("funded by an organisation", replace(R12, HMK.fundedBy, NIHR),
      Expect(R12, HMK.fundedBy, "Class", S["ReportShape-fundedBy"], NIHR)),
    m("recommendation is a limitation", put(R14, HMK.hasRecommendation, ID["limitation/hsdr-2-14/three-kinds-of-trust"]),
      Expect(R14, HMK.hasRecommendation, "Class", S["ReportShape-recommendation"],
             ID["limitation/hsdr-2-14/three-kinds-of-trust"])),
    m("limitation is a recommendation", put(R14, HMK.hadLimitation, FIRST_RECOMMENDATION),
      Expect(R14, HMK.hadLimitation, "Class", S["ReportShape-limitation"], FIRST_RECOMMENDATION)),
    m("attribution with two people", put(A12[2], PROV.agent, WARD),
      Expect(A12[2], PROV.agent, "MaxCount", S["AttributionShape-agent"])),
    # A non-person author is also out of step with dcterms:creator: three rules see it.
    m("report record without source", drop(R14, PROV.hadPrimarySource),
      Expect(R14, PROV.hadPrimarySource, "MinCount", S["ReportShape-source"])),
    m("attribution to an organisation", replace(A12[2], PROV.agent, NIHR),
      Expect(A12[2], PROV.agent, "Class", S["AttributionShape-agent"], NIHR),
      Expect(R12, DCTERMS.creator, "SPARQL", S["ReportShape-creatorsMatch"], WEST),
      Expect(R12, DCTERMS.creator, "SPARQL", S["ReportShape-creatorsMatch"], NIHR)),
    m("position typed integer", replace(A12[2], HMK.authorPosition, Literal(2)),
      Expect(A12[2], HMK.authorPosition, "Datatype", S["AttributionShape-position"], Literal(2))),
    m("author plays a management role", put(A12[2], PROV.hadRole, HMK.BridgerRole),
      Expect(A12[2], PROV.hadRole, "In", S["AttributionShape-role"], HMK.BridgerRole)),
    m("corresponding author not an author", drop(A12[1], PROV.hadRole, HMK.AuthorRole),
      Expect(A12[1], PROV.hadRole, "HasValue", S["AttributionShape-role"])),
    m("attribution without a report",
      [drop(R12, PROV.qualifiedAttribution, A12[7]), drop(R12, DCTERMS.creator, HOUSE)],
      Expect(A12[7], ("^", PROV.qualifiedAttribution), "MinCount", S["AttributionShape-report"])),
    m("journal title in German", replace(JOURNAL, DCTERMS.title, Literal("Gesundheit", lang="de")),
      Expect(JOURNAL, DCTERMS.title, "LanguageIn", S["JournalShape-title"], Literal("Gesundheit", lang="de"))),
    m("ISSN too short", replace(JOURNAL, PRISM.issn, Literal("2050-434")),
      Expect(JOURNAL, PRISM.issn, "Pattern", S["JournalShape-issn"], Literal("2050-434"))),
    m("eISSN without hyphen", replace(JOURNAL, PRISM.eIssn, Literal("20504357")),
      Expect(JOURNAL, PRISM.eIssn, "Pattern", S["JournalShape-eissn"], Literal("20504357"))),
    m("project number with hyphens", replace(GRANT12, HMK.projectNumber, Literal("09-1002-02")),
      Expect(GRANT12, HMK.projectNumber, "Pattern", S["GrantShape-projectNumber"], Literal("09-1002-02"))),
    m("grant without funder", drop(GRANT12, HMK.awardedBy),
      Expect(GRANT12, HMK.awardedBy, "MinCount", S["GrantShape-awardedBy"])),
    m("programme is an organisation", replace(GRANT12, HMK.fundingProgramme, NIHR),
      Expect(GRANT12, HMK.fundingProgramme, "Class", S["GrantShape-programme"], NIHR)),
    m("contract start in words", replace(GRANT12, HMK.contractStart, Literal("July 2010")),
      Expect(GRANT12, HMK.contractStart, "Datatype", S["GrantShape-contractStart"], Literal("July 2010"))),
    m("programme without name", drop(PROGRAMME, RDFS.label),
      Expect(PROGRAMME, RDFS.label, "MinCount", S["FundingProgrammeShape-label"])),
    m("programme run by a university", replace(PROGRAMME, PROV.wasAttributedTo, LEEDS),
      Expect(PROGRAMME, PROV.wasAttributedTo, "Class", S["FundingProgrammeShape-funder"], LEEDS)),
    m("rights statement without name", drop(RIGHTS12, RDFS.label),
      Expect(RIGHTS12, RDFS.label, "MinCount", S["RightsStatementShape-label"])),
]

AGENTS = [
    m("two full names", put(WARD, FOAF.name, Literal("V. Ward")),
      Expect(WARD, FOAF.name, "MaxCount", S["PersonShape-name"])),
    m("family name tagged", replace(WARD, FOAF.familyName, en("Ward")),
      Expect(WARD, FOAF.familyName, "Datatype", S["PersonShape-familyName"], en("Ward"))),
    m("author without affiliation", drop(WARD, HMK.affiliatedWith),
      Expect(WARD, HMK.affiliatedWith, "MinCount", S["PersonShape-affiliation"], severity=WARNING)),
    m("affiliated with a grant", replace(WARD, HMK.affiliatedWith, GRANT12),
      Expect(WARD, HMK.affiliatedWith, "Node", S["PersonShape-affiliationKind"], GRANT12)),
    m("organisation without any name", [drop(LEEDS, RDFS.label), drop(LEEDS, FOAF.name)],
      Expect(LEEDS, None, "Or", S["OrganisationShape"], LEEDS)),
    m("organisation label in German", replace(LEEDS, RDFS.label, Literal("Universität Leeds", lang="de")),
      Expect(LEEDS, RDFS.label, "LanguageIn", S["OrganisationShape-label"], Literal("Universität Leeds", lang="de"))),
    m("part of a region", replace(LIHS, ORG.subOrganizationOf, NORTH),
      Expect(LIHS, ORG.subOrganizationOf, "Node", S["OrganisationShape-partOf"], NORTH)),
    m("trust in a relationship sector", replace(ACUTE, HMK.inSector, HMK.Formal),
      Expect(ACUTE, HMK.inSector, "Class", S["OrganisationShape-sector"], HMK.Formal)),
    m("manager group without name", drop(MIDDLE, RDFS.label),
      Expect(MIDDLE, RDFS.label, "MinCount", S["ManagerGroupShape-label"])),
    m("members are researchers", replace(MIDDLE, HMK.memberKind, HMK.Researcher),
      Expect(MIDDLE, (HMK.memberKind, ("*", RDFS.subClassOf)), "HasValue", S["ManagerGroupShape-memberKind"])),
    m("information source is a knowledge type", put(MIDDLE, HMK.drawsOnInformationSource, HMK.TacitKnowledge),
      Expect(MIDDLE, HMK.drawsOnInformationSource, "Class", S["ManagerGroupShape-informationSource"], HMK.TacitKnowledge)),
    m("knowledge type is an information source", put(MIDDLE, HMK.drawsOnKnowledgeType, HMK.ResearchEvidence),
      Expect(MIDDLE, HMK.drawsOnKnowledgeType, "Class", S["ManagerGroupShape-knowledgeType"], HMK.ResearchEvidence)),
    m("plays the author role", put(MIDDLE, HMK.playsRole, HMK.AuthorRole),
      Expect(MIDDLE, HMK.playsRole, "Class", S["ManagerGroupShape-role"], HMK.AuthorRole)),
    m("integrates a relationship", put(MIDDLE, HMK.integratesPracticesOf, HMK.Formal),
      Expect(MIDDLE, HMK.integratesPracticesOf, "Class", S["ManagerGroupShape-sector"], HMK.Formal)),
    m("synthesis sense is a challenge", put(MIDDLE, HMK.synthesisSense, IDENTITY),
      Expect(MIDDLE, HMK.synthesisSense, "Class", S["ManagerGroupShape-synthesisSense"], IDENTITY)),
    m("challenge is a finding", put(GENERAL, HMK.facesChallenge, HOME_GROWN),
      Expect(GENERAL, HMK.facesChallenge, "Class", S["ManagerGroupShape-challenge"], HOME_GROWN)),
    m("collective effort is a network function", put(MIDDLE, HMK.collectiveEffortManifestedIn, HMK.Learning),
      Expect(MIDDLE, HMK.collectiveEffortManifestedIn, "Class", S["ManagerGroupShape-collectiveEffort"], HMK.Learning)),
    m("region without name", drop(NORTH, RDFS.label),
      Expect(NORTH, RDFS.label, "MinCount", S["PlaceShape-label"])),
    m("region inside an organisation", put(NORTH, HMK.locatedIn, NIHR),
      Expect(NORTH, HMK.locatedIn, "Class", S["PlaceShape-locatedIn"], NIHR)),
]

STUDY = [
    m("two study names", put(S12, RDFS.label, en("Another name")),
      Expect(S12, RDFS.label, "MaxCount", S["StudyShape-label"])),
    m("study no report describes", replace(R12, HMK.reportsStudy, S14),
      Expect(S12, ("^", HMK.reportsStudy), "MinCount", S["StudyShape-reportedIn"])),
    m("design is a data-collection method", replace(S12, HMK.hasDesign, HMK.Interview),
      Expect(S12, HMK.hasDesign, "Class", S["StudyShape-design"], HMK.Interview)),
    m("method is a hedge kind", put(S12, HMK.usedMethod, HMK.Tendency),
      Expect(S12, HMK.usedMethod, "Class", S["StudyShape-method"], HMK.Tendency)),
    m("sample is a setting", replace(S14, HMK.hasSample, ID["setting/hsdr-2-14"]),
      Expect(S14, HMK.hasSample, "Class", S["StudyShape-sample"], ID["setting/hsdr-2-14"])),
    m("data-collection row is a sample", put(S14, HMK.dataCollection, SAMPLE14),
      Expect(S14, HMK.dataCollection, "Class", S["StudyShape-dataCollection"], SAMPLE14)),
    m("study without setting", drop(S12, HMK.setting),
      Expect(S12, HMK.setting, "MinCount", S["StudyShape-setting"])),
    m("manager group is a network", replace(S12, HMK.distinguishesManagerGroup, NETWORK12),
      Expect(S12, HMK.distinguishesManagerGroup, "Class", S["StudyShape-managerGroup"], NETWORK12)),
    m("software is an organisation", replace(S14, HMK.usedSoftware, NIHR),
      Expect(S14, HMK.usedSoftware, "Class", S["StudyShape-software"], NIHR)),
    m("analytic theme is a coding theme", put(S14, HMK.analyticTheme, CODING_KNOWLEDGE),
      Expect(S14, HMK.analyticTheme, "Class", S["StudyShape-theme"], CODING_KNOWLEDGE)),
    m("coding theme is an analytic theme", put(S14, HMK.codingTheme, THEME_CONTEXT),
      Expect(S14, HMK.codingTheme, "Class", S["StudyShape-codingTheme"], THEME_CONTEXT)),
    m("objective is a research question", put(S12, HMK.hasObjective, ID["research-question/hsdr-2-14/1"]),
      Expect(S12, HMK.hasObjective, "Class", S["StudyShape-objective"], ID["research-question/hsdr-2-14/1"])),
    m("research question is an objective", put(S14, HMK.hasResearchQuestion, ID["objective/hsdr-2-14/1"]),
      Expect(S14, HMK.hasResearchQuestion, "Class", S["StudyShape-question"], ID["objective/hsdr-2-14/1"])),
    m("interviews do not add up to 68", replace(DC_ACUTE, HMK.formalInterviewCount, Literal(21)),
      Expect(S14, None, "SPARQL", S["StudyShape"], Literal(68))),
    m("setting without name", drop(SETTING12, RDFS.label),
      Expect(SETTING12, RDFS.label, "MinCount", S["SettingShape-label"])),
    m("negative number of sites", replace(SETTING12, HMK.siteCount, Literal(-3)),
      Expect(SETTING12, HMK.siteCount, "MinInclusive", S["SettingShape-siteCount"], Literal(-3))),
    m("region is an organisation", replace(SETTING12, HMK.inRegion, NIHR),
      Expect(SETTING12, HMK.inRegion, "Class", S["SettingShape-region"], NIHR)),
    m("service area is a sector", put(SETTING12, HMK.serviceArea, HMK.NHSSector),
      Expect(SETTING12, HMK.serviceArea, "Class", S["SettingShape-serviceArea"], HMK.NHSSector)),
    m("software label in French", replace(NVIVO, RDFS.label, Literal("NVivo 9", lang="fr")),
      Expect(NVIVO, RDFS.label, "LanguageIn", S["SoftwareShape-label"], Literal("NVivo 9", lang="fr"))),
    m("software version a number", replace(NVIVO, SCHEMA.softwareVersion, Literal(9)),
      Expect(NVIVO, SCHEMA.softwareVersion, "Datatype", S["SoftwareShape-version"], Literal(9))),
    m("sample size a decimal", replace(SAMPLE14, HMK.sampleSize, Literal("68.0", datatype=XSD.decimal)),
      Expect(SAMPLE14, HMK.sampleSize, "Datatype", S["SampleShape-size"], Literal("68.0", datatype=XSD.decimal))),
    m("sampled by interview", put(SAMPLE14, HMK.samplingMethod, HMK.Interview),
      Expect(SAMPLE14, HMK.samplingMethod, "Class", S["SampleShape-method"], HMK.Interview)),
    m("sampled from a sector", put(SAMPLE14, HMK.sampledFrom, HMK.NHSSector),
      Expect(SAMPLE14, HMK.sampledFrom, "Node", S["SampleShape-from"], HMK.NHSSector)),
    m("negative interview count", replace(DC_KEY, HMK.formalInterviewCount, Literal(-13)),
      Expect(DC_KEY, HMK.formalInterviewCount, "MinInclusive", S["DataCollectionSummaryShape-formal"], Literal(-13))),
    m("informal interviews missing", drop(DC_KEY, HMK.informalInterviewCount),
      Expect(DC_KEY, HMK.informalInterviewCount, "MinCount", S["DataCollectionSummaryShape-informal"])),
    m("hours typed integer", replace(DC_KEY, HMK.observationHours, Literal(3)),
      Expect(DC_KEY, HMK.observationHours, "Datatype", S["DataCollectionSummaryShape-hours"], Literal(3))),
    m("negative hours", replace(DC_KEY, HMK.observationHours, Literal("-3.0", datatype=XSD.decimal)),
      Expect(DC_KEY, HMK.observationHours, "MinInclusive", S["DataCollectionSummaryShape-hours"],
             Literal("-3.0", datatype=XSD.decimal))),
    m("days a decimal", replace(DC_KEY, HMK.observationDays, Literal("3.5", datatype=XSD.decimal)),
      Expect(DC_KEY, HMK.observationDays, "Datatype", S["DataCollectionSummaryShape-days"],
             Literal("3.5", datatype=XSD.decimal))),
    m("row number typed integer", replace(DC_KEY, HMK.ordinal, Literal(1)),
      Expect(DC_KEY, HMK.ordinal, "Datatype", S["DataCollectionSummaryShape-ordinal"], Literal(1))),
    m("row without source", drop(DC_KEY, PROV.hadPrimarySource),
      Expect(DC_KEY, PROV.hadPrimarySource, "MinCount", S["DataCollectionSummaryShape-source"])),
    m("row both at a trust and for a group", put(DC_ACUTE, HMK.forParticipantGroup, KEY_INFORMANTS),
      Expect(DC_ACUTE, None, "Xone", S["DataCollectionSummaryShape"], DC_ACUTE)),
    m("participant group without name", drop(KEY_INFORMANTS, RDFS.label),
      Expect(KEY_INFORMANTS, RDFS.label, "MinCount", S["LabelledStudyPartShape-label"])),
    m("theme position in words", replace(THEME_CONTEXT, HMK.ordinal, Literal("first")),
      Expect(THEME_CONTEXT, HMK.ordinal, "Datatype", S["LabelledStudyPartShape-ordinal"], Literal("first"))),
    m("sub-theme of a coding theme", replace(THEME_INSTITUTIONAL, HMK.subThemeOf, CODING_KNOWLEDGE),
      Expect(THEME_INSTITUTIONAL, HMK.subThemeOf, "Class", S["AnalyticThemeShape-subThemeOf"], CODING_KNOWLEDGE)),
    m("objective without short name", drop(OBJECTIVE12, RDFS.label),
      Expect(OBJECTIVE12, RDFS.label, "MinCount", S["OrderedStatementShape-label"])),
    m("objective in German", replace(OBJECTIVE12, HMK.statement, Literal("Ziel", lang="de")),
      Expect(OBJECTIVE12, HMK.statement, "LanguageIn", S["OrderedStatementShape-statement"], Literal("Ziel", lang="de"))),
    m("objective with two positions", put(OBJECTIVE12, HMK.ordinal, pos(2)),
      Expect(OBJECTIVE12, HMK.ordinal, "MaxCount", S["OrderedStatementShape-ordinal"])),
    m("objective without source", drop(OBJECTIVE12, PROV.hadPrimarySource),
      Expect(OBJECTIVE12, PROV.hadPrimarySource, "MinCount", S["OrderedStatementShape-source"])),
    m("objective about nothing known", put(OBJECTIVE12, DCTERMS.subject, NOWHERE),
      Expect(OBJECTIVE12, DCTERMS.subject, "Node", S["OrderedStatementShape-subject"], NOWHERE)),
]

FINDINGS = [
    m("claim without any evidence", drop(COLLECTIVE, PROV.hadPrimarySource),
      Expect(COLLECTIVE, None, "Or", S["ClaimShape"], COLLECTIVE)),
    m("finding stated nowhere", drop(COLLECTIVE, HMK.statedIn),
      Expect(COLLECTIVE, HMK.statedIn, "MinCount", S["ClaimShape-statedIn"])),
    m("summary cited but not quoted", drop(SYNTHESISERS, HMK.hasEvidence),
      Expect(SYNTHESISERS, PROV.hadPrimarySource, "SPARQL", S["ClaimQuotationShape"], SUM)),
    m("quoted document not cited", put(SITUATED, HMK.hasEvidence, EVIDENCE),
      Expect(SITUATED, HMK.hasEvidence, "SPARQL", S["ClaimQuotationShape"], EVIDENCE)),
    m("finding with two short names", put(COLLECTIVE, RDFS.label, en("Second name")),
      Expect(COLLECTIVE, RDFS.label, "MaxCount", S["ClaimShape-label"])),
    m("empty statement", replace(COLLECTIVE, HMK.statement, en("")),
      Expect(COLLECTIVE, HMK.statement, "MinLength", S["ClaimShape-statement"], en(""))),
    m("confidence LOW", replace(SYNTHESISERS, HMK.extractionConfidence, Literal("LOW")),
      Expect(SYNTHESISERS, HMK.extractionConfidence, "In", S["ClaimShape-confidence"], Literal("LOW"))),
    m("evidence strength is a hedge kind", replace(MAINTAINED, HMK.evidenceStrength, HMK.Tendency),
      Expect(MAINTAINED, HMK.evidenceStrength, "Class", S["ClaimShape-evidenceStrength"], HMK.Tendency)),
    m("assertion in the data graph", replace(SYNTHESISERS, HMK.assertion, GRAPH_DATA),
      Expect(SYNTHESISERS, HMK.assertion, "Pattern", S["AssertingClaimShape-assertion"], GRAPH_DATA)),
    m("asserting claim without source", drop(FORMAL_INFORMAL, PROV.hadPrimarySource),
      Expect(FORMAL_INFORMAL, PROV.hadPrimarySource, "MinCount", S["AssertingClaimShape-source"]),
      Expect(FORMAL_INFORMAL, None, "Or", S["ClaimShape"], FORMAL_INFORMAL)),
    m("concept without name", drop(TENDENCY, RDFS.label),
      Expect(TENDENCY, RDFS.label, "MinCount", S["ConceptShape-label"])),
    m("hedge is a challenge", replace(HOME_GROWN, HMK.hasHedge, IDENTITY),
      Expect(HOME_GROWN, HMK.hasHedge, "Class", S["ClaimShape-hedge"], IDENTITY)),
    m("evidence is a bare selector", put(SITUATED, HMK.hasEvidence, SELECTOR),
      Expect(SITUATED, HMK.hasEvidence, "Class", S["ClaimShape-evidence"], SELECTOR)),
    m("primary source is a report", put(COLLECTIVE, PROV.hadPrimarySource, R12),
      Expect(COLLECTIVE, PROV.hadPrimarySource, "Class", S["ClaimShape-primarySource"], R12)),
    m("finding about a dangling IRI", put(COLLECTIVE, HMK.about, NOWHERE),
      Expect(COLLECTIVE, HMK.about, "Node", S["ClaimShape-about"], NOWHERE)),
    m("finding about a person", put(COLLECTIVE, HMK.about, WARD),
      Expect(COLLECTIVE, HMK.about, "SPARQL", S["ClaimSubjectKindShape"], WARD)),
    m("claim subject dangles", put(DOI_CLAIM12, DCTERMS.subject, NOWHERE),
      Expect(DOI_CLAIM12, DCTERMS.subject, "Node", S["ClaimShape-subject"], NOWHERE)),
    m("recommendation number typed integer", replace(FIRST_RECOMMENDATION, HMK.ordinal, Literal(1)),
      Expect(FIRST_RECOMMENDATION, HMK.ordinal, "Datatype", S["ClaimShape-ordinal"], Literal(1))),
    m("finding about nothing", drop(COLLECTIVE, HMK.about),
      Expect(COLLECTIVE, HMK.about, "MinCount", S["FindingShape-about"])),
    m("finding based on a hedge kind", replace(MAINTAINED, HMK.basedOnMethod, HMK.Tendency),
      Expect(MAINTAINED, HMK.basedOnMethod, "Class", S["FindingShape-method"], HMK.Tendency)),
    m("hedge without words", drop(HEDGE_PARTIAL, HMK.hedgeText),
      Expect(HEDGE_PARTIAL, HMK.hedgeText, "MinCount", S["HedgeShape-text"])),
    m("hedge words not in the quotation", replace(HEDGE_PARTIAL, HMK.hedgeText, en("rarely successful")),
      Expect(ID["finding/hsdr-2-12/synthesis-of-policy-and-local-reality"], HMK.hasHedge, "SPARQL",
             S["HedgeQuotedShape"], HEDGE_PARTIAL),
      Expect(ID["finding/hsdr-2-12/integration-of-sector-practices"], HMK.hasHedge, "SPARQL",
             S["HedgeQuotedShape"], HEDGE_PARTIAL)),
    m("hedge of an unknown kind", replace(HEDGE_PARTIAL, HMK.hedgeKind, HMK.Formal),
      Expect(HEDGE_PARTIAL, HMK.hedgeKind, "In", S["HedgeShape-kind"], HMK.Formal)),
    # Quoting a report instead of the cited summary also breaks the quotation/source agreement.
    m("evidence from a report", replace(EVIDENCE, OA.hasSource, R12),
      Expect(EVIDENCE, OA.hasSource, "Class", S["EvidenceShape-source"], R12),
      Expect(DESIGN_CLAIM12, PROV.hadPrimarySource, "SPARQL", S["ClaimQuotationShape"], SUM),
      Expect(DESIGN_CLAIM12, HMK.hasEvidence, "SPARQL", S["ClaimQuotationShape"], EVIDENCE)),
    m("evidence without selector", drop(EVIDENCE, OA.hasSelector),
      Expect(EVIDENCE, OA.hasSelector, "MinCount", S["EvidenceShape-selector"])),
    m("empty quotation", replace(SELECTOR, OA.exact, Literal("")),
      Expect(SELECTOR, OA.exact, "MinLength", S["SelectorShape-exact"], Literal(""))),
    m("two prefixes", put(SELECTOR, OA.prefix, Literal("x")),
      Expect(SELECTOR, OA.prefix, "MaxCount", S["SelectorShape-prefix"])),
    m("quotation without prefix", drop(SELECTOR, OA.prefix),
      Expect(SELECTOR, OA.prefix, "MinCount", S["SelectorShape-context"], severity=WARNING)),
    m("two suffixes", put(SELECTOR, OA.suffix, Literal("y")),
      Expect(SELECTOR, OA.suffix, "MaxCount", S["SelectorShape-suffix"])),
]

SOURCES_AND_NETWORKS = [
    m("source key in lower case", replace(SUM, HMK.sourceKey, Literal("sum")),
      Expect(SUM, HMK.sourceKey, "Pattern", S["SourceDocumentShape-key"], Literal("sum"))),
    m("two documents share a key", replace(NIHR12, HMK.sourceKey, Literal("NIHR-14")),
      Expect(NIHR12, (HMK.sourceKey, ("^", HMK.sourceKey)), "MaxCount", S["SourceDocumentShape-uniqueKey"]),
      Expect(NIHR14, (HMK.sourceKey, ("^", HMK.sourceKey)), "MaxCount", S["SourceDocumentShape-uniqueKey"])),
    m("source label in French", replace(SUM, RDFS.label, Literal("Résumé", lang="fr")),
      Expect(SUM, RDFS.label, "LanguageIn", S["SourceDocumentShape-label"], Literal("Résumé", lang="fr"))),
    m("source without title", drop(SUM, DCTERMS.title),
      Expect(SUM, DCTERMS.title, "MinCount", S["SourceDocumentShape-title"])),
    # Plain http is allowed: FACTS-2 stores PubMed's address as http://www.pubmed.gov/25642561/.
    m("source not on the web", replace(NIHR12, SCHEMA.url, URIRef("ftp://www.journalslibrary.nihr.ac.uk/hsdr/HSDR02120")),
      Expect(NIHR12, SCHEMA.url, "Pattern", S["SourceDocumentShape-url"],
             URIRef("ftp://www.journalslibrary.nihr.ac.uk/hsdr/HSDR02120"))),
    m("quotation without its source", drop(QUOTE_COPE, PROV.wasQuotedFrom),
      Expect(QUOTE_COPE, None, "Or", S["QuotationShape"], QUOTE_COPE)),
    m("quotation quoted from a report", replace(QUOTE_COPE, PROV.wasQuotedFrom, R14),
      Expect(QUOTE_COPE, PROV.wasQuotedFrom, "Class", S["QuotationShape-source"], R14)),
    m("quotation in two versions", put(QUOTE_COPE, PROV.value, Literal("This journal is a member of COPE")),
      Expect(QUOTE_COPE, PROV.value, "MaxCount", S["QuotationShape-value"])),
    m("summary dated by month", replace(SUM, DCTERMS.date, Literal("2014-05", datatype=XSD.gYearMonth)),
      Expect(SUM, DCTERMS.date, "Datatype", S["SourceDocumentShape-date"], Literal("2014-05", datatype=XSD.gYearMonth))),
    m("landing page about a study", replace(NIHR12, FOAF.primaryTopic, S12),
      Expect(NIHR12, FOAF.primaryTopic, "Class", S["SourceDocumentShape-topic"], S12)),
    m("network without name", drop(NETWORK12, RDFS.label),
      Expect(NETWORK12, RDFS.label, "MinCount", S["NetworkShape-label"])),
    m("characteristic is a hedge kind", put(NETWORK12, HMK.hasCharacteristic, HMK.Tendency),
      Expect(NETWORK12, HMK.hasCharacteristic, "Class", S["NetworkShape-characteristic"], HMK.Tendency)),
    m("network supports a relationship", put(WIDER, HMK.supports, HMK.Formal),
      Expect(WIDER, HMK.supports, "Class", S["NetworkShape-supports"], HMK.Formal)),
    m("network conserves an information source", put(NETWORK12, HMK.conservesKnowledge, HMK.ResearchEvidence),
      Expect(NETWORK12, HMK.conservesKnowledge, "Class", S["NetworkShape-conserves"], HMK.ResearchEvidence)),
    m("two time spans", put(NETWORK12, HMK.timeSpan, en("years")),
      Expect(NETWORK12, HMK.timeSpan, "MaxCount", S["NetworkShape-timeSpan"])),
    m("sense number as text", replace(SENSE1, HMK.senseNumber, Literal("1")),
      Expect(SENSE1, HMK.senseNumber, "Datatype", S["SynthesisSenseShape-number"], Literal("1"))),
    m("sense without description", drop(SENSE1, RDFS.label),
      Expect(SENSE1, RDFS.label, "MinCount", S["SynthesisSenseShape-label"])),
    m("sense statement in French", replace(SENSE1, HMK.statement, Literal("Sens", lang="fr")),
      Expect(SENSE1, HMK.statement, "LanguageIn", S["SynthesisSenseShape-statement"], Literal("Sens", lang="fr"))),
    m("challenge without name", drop(IDENTITY, RDFS.label),
      Expect(IDENTITY, RDFS.label, "MinCount", S["ChallengeShape-label"])),
    m("challenge reinforces a manager group", replace(ACCESS, HMK.reinforces, GENERAL),
      Expect(ACCESS, HMK.reinforces, "Or", S["ChallengeShape-reinforces"], GENERAL)),
]

# The ontology helper's term template (shapes/ontology-shape.ttl) guards the ontology graph.
ONTOLOGY = [
    m("term without definition", drop(HMK.Manager, SKOS.definition),
      Expect(HMK.Manager, SKOS.definition, "MinCount", OSH.TermDefinition)),
    m("two terms share a label", replace(HMK.GeneralManager, RDFS.label, en("clinical manager")),
      Expect(HMK.GeneralManager, None, "SPARQL", OSH.SharedLabelShape, en("clinical manager")),
      Expect(HMK.ClinicalManager, None, "SPARQL", OSH.SharedLabelShape, en("clinical manager"))),
    m("module without version", drop(ONTOLOGY_CORE, URIRef("http://www.w3.org/2002/07/owl#versionInfo")),
      Expect(ONTOLOGY_CORE, URIRef("http://www.w3.org/2002/07/owl#versionInfo"), "MinCount", OSH.HeaderShape)),
]

MUTATIONS = BIBLIOGRAPHIC + AGENTS + STUDY + FINDINGS + SOURCES_AND_NETWORKS + ONTOLOGY
