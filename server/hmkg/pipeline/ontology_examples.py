"""Turtle and JSON-LD examples of the ontology's patterns, generated from its axioms.

A pattern is a class with the properties whose domain it is: the example describes one made-up
instance (under https://example.org/, never hmkg's own IRIs) with one value for each property,
taken from the property's range: a named individual of the range when the ontology has one, a
made-up instance of the range class otherwise, a placeholder literal of the range datatype for
datatype properties ("…" where the ontology states no range). The examples illustrate shapes
of data; they state no fact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from hmkg.namespaces import HMK
from hmkg.pipeline.context import jsonld_context
from hmkg.pipeline.rdfcompat import rdflib_internals

EX = Namespace("https://example.org/")
# A placeholder value per datatype, for the datatype properties of an example.
PLACEHOLDERS = {XSD.integer: Literal(1), XSD.nonNegativeInteger: Literal(1, datatype=XSD.nonNegativeInteger),
                XSD.positiveInteger: Literal(1, datatype=XSD.positiveInteger),
                XSD.decimal: Literal("0.5", datatype=XSD.decimal), XSD.boolean: Literal(True),
                XSD.date: Literal("2014-01-31", datatype=XSD.date),
                XSD.gYear: Literal("2014", datatype=XSD.gYear),
                XSD.gYearMonth: Literal("2014-01", datatype=XSD.gYearMonth),
                XSD.anyURI: Literal("https://example.org/page", datatype=XSD.anyURI)}


@dataclass
class Example:
    """One pattern's example in two syntaxes."""

    cls: URIRef
    turtle: str
    jsonld: str


def examples(ontology: Graph, classes: list[URIRef]) -> dict[URIRef, Example]:
    """Return an example for each of the given classes that is the domain of a property."""
    context = jsonld_context(ontology)
    found = {}
    for cls in classes:
        properties = sorted(p for p in ontology.subjects(RDFS.domain, cls)
                            if isinstance(p, URIRef) and str(p).startswith(str(HMK)))
        if properties:
            graph = _example_graph(ontology, cls, properties)
            found[cls] = Example(cls, _turtle(graph), _jsonld(graph, context))
    return found


def _example_graph(ontology: Graph, cls: URIRef, properties: list[URIRef]) -> Graph:
    """Describe one made-up instance of cls with a value for each property."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in ontology.namespaces():  # Turtle writes only the prefixes it uses
        graph.bind(prefix, namespace, override=True)
    graph.bind("hmk", HMK)
    graph.bind("ex", EX)
    subject = EX[_slug(cls)]
    graph.add((subject, RDF.type, cls))
    for prop in properties:
        value = _value(ontology, graph, prop)
        if value is not None:
            graph.add((subject, prop, value))
    return graph


def _value(ontology: Graph, graph: Graph, prop: URIRef):
    """Return a value for prop in its range (adding a made-up object's type to graph)."""
    ranges = sorted(r for r in ontology.objects(prop, RDFS.range) if isinstance(r, URIRef))
    target = ranges[0] if ranges else None
    if (prop, RDF.type, OWL.DatatypeProperty) in ontology:
        if target in PLACEHOLDERS:
            return PLACEHOLDERS[target]
        if target is None:  # no range stated: a placeholder that claims no datatype
            return Literal("…")
        if target == RDF.langString:
            return Literal("text", lang="en")
        return Literal("text", datatype=target)
    if (prop, RDF.type, OWL.ObjectProperty) not in ontology:
        return None  # annotation properties are not part of a data pattern
    if target is not None:
        named = sorted(i for i in ontology.subjects(RDF.type, target)
                       if isinstance(i, URIRef) and str(i).startswith(str(HMK)))
        if named:
            return named[0]
    if target is None:  # no range stated: any resource
        return EX["resource-1"]
    made_up = EX[_slug(target)]
    graph.add((made_up, RDF.type, target))
    return made_up


def _slug(iri: URIRef) -> str:
    """Return a made-up instance name for a class: its local name in lower-case, then -1."""
    local = str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return f"{local[:1].lower()}{local[1:]}-1"


def _turtle(graph: Graph) -> str:
    """Serialise an example as Turtle."""
    with rdflib_internals():
        return graph.serialize(format="turtle").strip()


def _compact(entry):
    """Write a context entry's hmk: IRIs as hmk: compact IRIs, which JSON-LD expands alike."""
    shorten = lambda iri: "hmk:" + iri[len(str(HMK)):] if iri.startswith(str(HMK)) else iri
    if isinstance(entry, dict):
        return {key: shorten(value) if key == "@id" else value for key, value in entry.items()}
    return shorten(entry)


def _jsonld(graph: Graph, context: dict) -> str:
    """Serialise an example as JSON-LD compacted with hmkg's context, keeping only the context
    entries the example uses so that the example reads on its own."""
    used = {str(n) for triple in graph for n in triple} - {str(RDF.type)}  # JSON-LD's @type
    subset = {"hmk": str(HMK), "ex": str(EX), "xsd": str(XSD)}
    for prefix, namespace in graph.namespaces():  # other vocabularies the example names
        if prefix and any(iri.startswith(str(namespace)) for iri in used):
            subset.setdefault(prefix, str(namespace))
    for name, entry in context.items():
        iri = entry["@id"] if isinstance(entry, dict) else entry
        if iri in used and name not in subset:
            subset[name] = _compact(entry)
    with rdflib_internals():
        data = graph.serialize(format="json-ld", context=subset)
    document = json.loads(data)
    if isinstance(document.get("@graph"), list):  # rdflib writes nodes in its sets' order
        document["@graph"].sort(key=lambda node: node.get("@id", ""))
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
