"""The IRIs hmkg mints: ontology namespace, instance base, named graphs, claim graphs."""

from rdflib import Namespace, URIRef

from hmkg import __version__
from hmkg.prefixes import BASE, PREFIXES

HMK = Namespace(PREFIXES["hmk"])
ONTOLOGY_IRI = URIRef(f"{BASE}ontology")
ONTOLOGY_VERSION_IRI = URIRef(f"{BASE}ontology/{__version__}")
ID = Namespace(PREFIXES["id"])
GRAPH = Namespace(PREFIXES["graph"])
SHAPES_IRI = URIRef(f"{BASE}shapes")

GRAPH_ONTOLOGY = GRAPH.ontology
GRAPH_DATA = GRAPH.data
GRAPH_INFERRED = GRAPH.inferred
GRAPH_SHAPES = GRAPH.shapes
# The kind of OWL 2 RL rule behind each inferred triple (published; queried by CQ25).
GRAPH_RULE_KINDS = GRAPH["inference-rules"]

# The fixed graphs a query sees as its default graph (their union, with every claim graph:
# layout.served_graphs); shapes are published, not queried.
SERVED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED)

# Every claim's assertion is a named graph of its own: the claim
# <id/{kind}/{report}/{slug}> asserts its domain triples in <graph/claim/{report}/{slug}>.
GRAPH_CLAIM = GRAPH["claim/"]

# The hmk: relations that say something about the domain (what managers do, know, use and face,
# what networks keep and support, how knowledge is characterised). A triple with one of them is
# a claim's assertion: it belongs in that claim's graph, never in the data graph. Facts of record
# (authors, affiliations, sectors of organisations, grants, samples) use other properties.
DOMAIN_RELATIONS = frozenset(HMK[name] for name in (
    "playsRole", "drawsOnInformationSource", "drawsOnKnowledgeType", "synthesisSense",
    "linksConcept", "integratesPracticesOf", "facesChallenge", "reinforces", "reinforcedBy",
    "collectiveEffortManifestedIn", "characterisedAs", "contrastedWith", "timeSpan",
    "networkMember", "memberOfNetwork", "hasCharacteristic", "bridges", "supports",
    "conservesKnowledge"))


def claim_graph(claim: str) -> URIRef:
    """Return the assertion graph of a claim: <id/{kind}/{report}/{slug}> ->
    <graph/claim/{report}/{slug}> (the kind is dropped: one claim per report and slug)."""
    if not claim.startswith(str(ID)) or claim.count("/", len(str(ID))) < 2:
        raise ValueError(f"not a claim IRI of the form {ID}{{kind}}/{{report}}/{{slug}}: {claim}")
    return URIRef(GRAPH_CLAIM + claim[len(str(ID)):].split("/", 1)[1])


def is_claim_graph(graph: str) -> bool:
    """Say whether a graph IRI names a claim's assertion graph."""
    return str(graph).startswith(str(GRAPH_CLAIM))
