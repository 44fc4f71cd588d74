"""The SPARQL 1.1 Service Description of the endpoint, as an rdflib graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from hmkg import __version__
from hmkg import layout
from hmkg.web import media

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
OWL_PROFILE = Namespace("http://www.w3.org/ns/owl-profile/")


def describe_endpoint(config: Mapping, engine, cache: dict) -> Graph:
    """Describe the endpoint an app configuration and its engine serve (counts cached)."""
    public = config["PUBLIC_URL"].rstrip("/")
    graph = describe(
        endpoint=f"{public}/sparql",
        void_url=f"{public}/.well-known/void",
        graph_sizes=engine.graph_sizes(),
        default_graph_triples=_default_graph_size(engine, config, cache),
        limits=config,
        federation=tuple(config["SERVICE_ALLOWLIST"] or ()),
    )
    # An engine may say what it cannot do (e.g. a remote store's gaps): state it, never drop it.
    for note in engine.limitations:
        graph.add((URIRef(f"{public}/sparql"), RDFS.comment, Literal(note, lang="en")))
    return graph


def _default_graph_size(engine, config: Mapping, cache: dict) -> int:
    """Count the triples of the (union) default graph, once per cache."""
    if "hmkg.default_graph_triples" not in cache:
        answer = engine.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", solutions_format=media.CSV.mime,
            graph_format=None, timeout=float(config["QUERY_TIMEOUT"]),
        )
        cache["hmkg.default_graph_triples"] = int(answer.body.decode("utf-8").split()[1])
    return cache["hmkg.default_graph_triples"]


def describe(
    endpoint: str,
    void_url: str,
    graph_sizes: Mapping[str, int],
    default_graph_triples: int,
    limits: Mapping[str, object],
    federation: Iterable[str] = (),
) -> Graph:
    """Return the service description of the endpoint at `endpoint`."""
    graph = Graph(bind_namespaces="rdflib")
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, DCTERMS.title, Literal("hmkg SPARQL 1.1 endpoint", lang="en")))
    graph.add((service, DCTERMS.hasVersion, Literal(__version__)))
    graph.add((service, RDFS.seeAlso, URIRef(void_url)))
    graph.add((service, RDFS.comment, Literal(_limits_note(limits, federation), lang="en")))
    for row in media.TABLE:
        if row.format_iri:
            graph.add((service, SD.resultFormat, URIRef(row.format_iri)))
    _features(graph, service, graph_sizes, federation)
    graph.add((service, SD.defaultDataset, _dataset(graph, void_url, graph_sizes, default_graph_triples)))
    return graph


def _features(graph: Graph, service: URIRef, graph_sizes: Mapping[str, int],
              federation: Iterable[str]) -> None:
    """State the optional features and the entailment regime."""
    # sd:UnionDefaultGraph means the merge of *all* named graphs; the shapes and rule-kind
    # graphs are named but kept out of the default graph, so the release does not claim it.
    if set(graph_sizes) <= set(layout.served_graphs(graph_sizes)):
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federation:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    # The served default graph holds the OWL 2 RL closure, computed with RDF-based semantics.
    graph.add((service, SD.defaultEntailmentRegime, ENTAILMENT["OWL-RDF-Based"]))
    graph.add((service, SD.supportedEntailmentProfile, OWL_PROFILE.RL))


def _dataset(graph: Graph, void_url: str, sizes: Mapping[str, int], default_triples: int) -> BNode:
    """Add the default dataset: the union default graph and each named graph with its size."""
    dataset, default = BNode(), BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.seeAlso, URIRef(void_url)))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(default_triples, datatype=XSD.integer)))
    union = ", ".join(f"<{iri}>" for iri in layout.SERVED)
    graph.add((default, RDFS.comment, Literal(
        f"The union of the named graphs {union} and of every claim graph "
        f"(<{layout.CLAIM_GRAPH_PREFIX}...>).", lang="en")))
    for name, triples in sorted(sizes.items()):
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return dataset


def _limits_note(limits: Mapping[str, object], federation: Iterable[str]) -> str:
    """Describe the endpoint's limits in words."""
    allowed = ", ".join(federation) or "none"
    return (
        f"Read-only: SPARQL Update, LOAD and SERVICE are refused (SERVICE allowed for: {allowed}). "
        f"Queries stop after {limits['QUERY_TIMEOUT']} s (HTTP 503 with Retry-After). "
        f"Answers are capped at {limits['RESULT_CAP']} rows; a capped answer carries the header "
        f"'HMKG-Result-Capped: true'. Request bodies are limited to {limits['MAX_BODY']} bytes."
    )
