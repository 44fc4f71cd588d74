"""The IRIs hmkg mints: ontology namespace, instance base, named graphs."""

from rdflib import Namespace, URIRef

from hmkg import __version__

HMK = Namespace("https://w3id.org/hmkg/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/hmkg/ontology")
ONTOLOGY_VERSION_IRI = URIRef(f"https://w3id.org/hmkg/ontology/{__version__}")
ID = Namespace("https://w3id.org/hmkg/id/")
GRAPH = Namespace("https://w3id.org/hmkg/graph/")
SHAPES_IRI = URIRef("https://w3id.org/hmkg/shapes")

GRAPH_ONTOLOGY = GRAPH.ontology
GRAPH_DATA = GRAPH.data
GRAPH_INFERRED = GRAPH.inferred
GRAPH_SHAPES = GRAPH.shapes
# The kind of OWL 2 RL rule behind each inferred triple (published; queried by CQ25).
GRAPH_RULE_KINDS = GRAPH["inference-rules"]

# The graphs a query sees as its default graph (their union); shapes are published, not queried.
SERVED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_INFERRED)
