"""Derive a JSON-LD context from the ontology: prefixes plus one term per hmk: name."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from hmkg.namespaces import HMK, ID

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              RDF.Property, RDFS.Class)


def jsonld_context(ontology: Graph) -> dict:
    """Return a JSON-LD context: the ontology's prefixes and a term for each hmk: term."""
    context: dict = {prefix: str(ns) for prefix, ns in sorted(ontology.namespaces()) if prefix}
    context.update({"hmk": str(HMK), "id": str(ID)})
    for term in sorted(_hmk_terms(ontology)):
        name = term[len(str(HMK)):]
        if name and name not in context:
            context[name] = _definition(ontology, term)
    return context


def _hmk_terms(ontology: Graph) -> set[URIRef]:
    """Return the hmk: classes and properties the ontology declares."""
    return {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(HMK))}


def _definition(ontology: Graph, term: URIRef):
    """Return the term's context entry: IRI-valued for object properties, typed for data."""
    if (term, RDF.type, OWL.ObjectProperty) in ontology:
        return {"@id": str(term), "@type": "@id"}
    ranges = [r for r in ontology.objects(term, RDFS.range) if str(r).startswith(str(XSD))]
    if (term, RDF.type, OWL.DatatypeProperty) in ontology and len(ranges) == 1:
        return {"@id": str(term), "@type": str(ranges[0])}
    return str(term)
