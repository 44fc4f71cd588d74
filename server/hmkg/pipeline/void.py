"""Describe the release in VoID + DCAT: statistics per graph, licence, dumps, endpoint, sources.

Statistics follow VoID: void:triples; void:entities = distinct IRI subjects; void:classes =
distinct objects of rdf:type; void:properties = distinct predicates; void:distinctSubjects /
void:distinctObjects (counted by void_counts.py). Each named graph is a void:subset whose IRI
is the graph's IRI; the claim graphs, one per claim, are subsets of one subset for that kind
of graph (CLAIM_GRAPHS, their union), not of the dataset directly. The inferred graph has one further subset per rule kind
(dcterms:type the rule-kind IRI).
No build date is written, so an unchanged source gives the same description (bar the byte
sizes of files whose blank-node labels differ between builds).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from hmkg import __version__, layout
from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES, HMK, ID
from hmkg.namespaces import GRAPH_CLAIM, GRAPH_RULE_KINDS, is_claim_graph
from hmkg.pipeline import void_counts
from hmkg.pipeline.oxiwrite import rdflib_term
from hmkg.prefixes import BASE, PREFIXES

DATASET = URIRef(BASE + "dataset")
SPARQL_ENDPOINT = URIRef(BASE + "sparql")
DOWNLOADS = BASE + "download/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DCAT3_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
# The subset standing for every claim graph together (a VoID node, not a graph of the release).
CLAIM_GRAPHS = URIRef(str(GRAPH_CLAIM).rstrip("/"))
PRISM = Namespace(PREFIXES["prism"])
# The rule-kind graph's predicates, as the pyoxigraph terms of its triples.
_DCTERMS_TYPE, _RDFS_LABEL = (ox.NamedNode(str(p)) for p in (DCTERMS.type, RDFS.label))


GRAPH_TITLES = {
    GRAPH_ONTOLOGY: "the ontology (asserted)",
    GRAPH_DATA: "the instance data (asserted)",
    GRAPH_INFERRED: "triples inferred by OWL 2 RL reasoning",
    GRAPH_RULE_KINDS: "the kind of rule behind each inferred triple",
    GRAPH_SHAPES: "the SHACL shapes",
}


def void_graph(graphs: Sequence[URIRef], artefacts: list[dict], rows: Mapping[URIRef, list],
               namespaces: Iterable[str], sources: Iterable[URIRef]) -> Graph:
    """Return the VoID + DCAT description of the named graphs and the published files.

    `rows` gives each graph's triples as pyoxigraph Triples in line order (the publish step's
    canonical copy), which void_counts.py counts without copying them. `namespaces` are the
    dataset's and `sources` its reports (dataset_sources), read from the dataset beforehand:
    the publish step may have let the dataset go by now.
    """
    g = Graph(bind_namespaces="none")
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("owl", OWL),
                       ("xsd", XSD), ("hmk", HMK)):
        g.bind(prefix, ns)
    stats, unions, used = void_counts.count({name: rows[name] for name in graphs}, {
        "dataset": lambda name: True, "claims": is_claim_graph, "asserted": _is_asserted})
    _describe_dataset(g, used["asserted"], namespaces, sources)
    _add_statistics(g, DATASET, unions["dataset"])
    claims = [name for name in graphs if is_claim_graph(name)]
    if claims:
        g.add((DATASET, VOID.subset, CLAIM_GRAPHS))
        g.add((CLAIM_GRAPHS, RDF.type, VOID.Dataset))
        g.add((CLAIM_GRAPHS, DCTERMS.title, Literal(
            "the claims' assertions: one named graph per claim", lang="en")))
        _add_statistics(g, CLAIM_GRAPHS, unions["claims"])
    for name in graphs:
        claim = is_claim_graph(name)
        g.add((CLAIM_GRAPHS if claim else DATASET, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        title = "the assertion of one claim" if claim else GRAPH_TITLES.get(name, str(name))
        g.add((name, DCTERMS.title, Literal(title, lang="en")))
        _add_statistics(g, name, stats[name])
    _add_rule_kind_subsets(g, rows.get(GRAPH_RULE_KINDS, ()))
    for artefact in artefacts:
        _add_distribution(g, artefact)
    return g


def _is_asserted(name: URIRef) -> bool:
    """Return whether a graph holds asserted triples: the ontology, the data, a claim's."""
    return name in (GRAPH_ONTOLOGY, GRAPH_DATA) or is_claim_graph(name)


def _describe_dataset(g: Graph, used: set[str], namespaces: Iterable[str],
                      sources: Iterable[URIRef]) -> None:
    """Add title, licence, version, endpoint, vocabularies and sources of the dataset."""
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("Healthcare Managers' Knowledge Graph", lang="en")))
    g.add((DATASET, DCTERMS.description, Literal(
        "What two 2014 NIHR HS&DR studies found about how healthcare managers find, share and "
        "use knowledge, as an OWL 2 ontology and sourced instance data.", lang="en")))
    g.add((DATASET, DCTERMS.license, LICENCE))
    g.add((DATASET, DCAT3_VERSION, Literal(__version__)))
    g.add((DATASET, OWL.versionInfo, Literal(__version__)))
    g.add((DATASET, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    for dump in (layout.TRIG_FILE, layout.DATASET_FILE):
        g.add((DATASET, VOID.dataDump, URIRef(DOWNLOADS + dump)))
    # The namespaces a merged Graph of the asserted graphs would have: rdflib's own and theirs.
    spaces = [*(ns for _, ns in Graph().namespaces()), *namespaces]
    for vocabulary in vocabularies(used, spaces):
        g.add((DATASET, VOID.vocabulary, vocabulary))
    for source in sources:
        g.add((DATASET, DCTERMS.source, source))


def vocabularies(used: set[str], spaces) -> list[URIRef]:
    """Return the namespaces (of spaces) that hold a used predicate or class (IRIs)."""
    found, prefixes = set(), {URIRef(str(ns)) for ns in spaces}
    for term in used:
        found.update(ns for ns in prefixes if term.startswith(str(ns)))
    return sorted(found)


def dataset_sources(ds: Dataset, graphs: Iterable[URIRef]) -> list[URIRef]:
    """Return the DOI IRIs of the reports the data is drawn from: resources typed hmk:Report,
    with their prism:doi, both stated in the asserted and inferred graphs among `graphs`.

    Each pattern is read once from the whole store, keeping the triples stated in a wanted
    graph: asking every claim graph in turn reads every DOI once per graph, 40 s at 1000x the
    data (13,000 graphs).
    """
    wanted = {name for name in graphs if _is_asserted(name) or name == GRAPH_INFERRED}

    def stated(pattern: tuple) -> list[tuple]:
        return [triple for triple, contexts in ds.store.triples(pattern, None)
                if any(context.identifier in wanted for context in contexts)]

    reports = {report for report, _, _ in stated((None, RDF.type, HMK.Report))}
    return sorted({URIRef(text if text.startswith("http") else "https://doi.org/" + text)
                   for report, _, doi in stated((None, PRISM.doi, None)) if report in reports
                   for text in (str(doi),)})


def _add_statistics(g: Graph, node: URIRef, counts: void_counts.Counts) -> None:
    """Add VoID counts of triples, entities, classes, properties, subjects and objects."""
    for prop, value in ((VOID.triples, counts.triples), (VOID.entities, counts.entities),
                        (VOID.classes, counts.classes), (VOID.properties, counts.properties),
                        (VOID.distinctSubjects, counts.subjects),
                        (VOID.distinctObjects, counts.objects)):
        g.add((node, prop, Literal(value)))


def _add_rule_kind_subsets(g: Graph, annotations: Iterable) -> None:
    """Add one subset of the inferred graph per rule kind, with its triple count, from the
    rule-kind graph's (pyoxigraph) triples."""
    kinds, labels = Counter(), {}
    for s, p, o in annotations:
        if p == _DCTERMS_TYPE:
            kinds[rdflib_term(o)] += 1
        elif p == _RDFS_LABEL:
            labels[rdflib_term(s)] = rdflib_term(o)
    for kind, count in sorted(kinds.items()):
        subset = URIRef(f"{GRAPH_INFERRED}/{str(kind).rsplit('/', 1)[-1]}")
        g.add((GRAPH_INFERRED, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, DCTERMS.type, kind))
        g.add((subset, DCTERMS.title, Literal(f"inferred: {labels.get(kind)}", lang="en")))
        g.add((subset, VOID.triples, Literal(count)))


def _add_distribution(g: Graph, artefact: dict) -> None:
    """Add a dcat:Distribution for one published file."""
    node = URIRef(f"{DATASET}/distribution/{artefact['file']}")
    g.add((DATASET, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCAT.downloadURL, URIRef(DOWNLOADS + artefact["file"])))
    g.add((node, DCAT.mediaType, MEDIA_TYPES[artefact["media_type"]]))
    g.add((node, DCTERMS.format, Literal(artefact["format"])))
    g.add((node, DCAT.byteSize, Literal(artefact["bytes"], datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, LICENCE))
    if artefact.get("compression"):
        g.add((node, DCAT.compressFormat, MEDIA_TYPES[artefact["compression"]]))
