"""Derive a JSON-LD context from the ontology and the shapes: prefixes plus one term per hmk:
name.

The shapes decide how a data property's values are written, because data written with the
context must pass `hmkg validate`: a property whose shapes all require one datatype is coerced
to it (``sh:datatype xsd:integer`` although the ontology's range is the wider
``xsd:nonNegativeInteger``; ``xsd:gYearMonth``, which the ontology cannot state as a range), and
one whose shapes require English text gets ``"@language": "en"``. Without a shape the ontology's
single XSD range is used. Object properties take IRIs (``"@type": "@id"``).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from hmkg.namespaces import HMK, ID

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              RDF.Property, RDFS.Class)


def jsonld_context(ontology: Graph, shapes: Graph | None = None) -> dict:
    """Return a JSON-LD context: the ontology's prefixes and a term for each hmk: term."""
    context: dict = {prefix: str(ns) for prefix, ns in sorted(ontology.namespaces()) if prefix}
    context.update({"hmk": str(HMK), "id": str(ID)})
    value_rules = _shape_value_rules(shapes) if shapes is not None else {}
    for term in sorted(_hmk_terms(ontology)):
        name = term[len(str(HMK)):]
        if name and name not in context:
            context[name] = _definition(ontology, term, value_rules.get(term, set()))
    return context


def _hmk_terms(ontology: Graph) -> set[URIRef]:
    """Return the hmk: classes and properties the ontology declares."""
    return {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(HMK))}


def _shape_value_rules(shapes: Graph) -> dict[URIRef, set[tuple[str, str]]]:
    """Return, per property path that is a plain IRI, the value rules its shapes state:
    ("@type", datatype) for sh:datatype, ("@language", tag) for a one-tag sh:languageIn."""
    rules: dict[URIRef, set[tuple[str, str]]] = defaultdict(set)
    for shape, path in shapes.subject_objects(SH.path):
        if not isinstance(path, URIRef):
            continue
        datatype = shapes.value(shape, SH.datatype)
        languages = shapes.value(shape, SH.languageIn)
        if datatype == RDF.langString and languages is not None:
            tags = [str(t) for t in Collection(shapes, languages) if isinstance(t, Literal)]
            if len(tags) == 1:
                rules[path].add(("@language", tags[0]))
        elif isinstance(datatype, URIRef) and datatype != RDF.langString:
            rules[path].add(("@type", str(datatype)))
    return rules


def _definition(ontology: Graph, term: URIRef, shape_rules: set[tuple[str, str]]):
    """Return the term's context entry: IRI-valued for object properties, typed or tagged as
    the shapes require for data, else typed with the ontology's one XSD range."""
    if (term, RDF.type, OWL.ObjectProperty) in ontology:
        return {"@id": str(term), "@type": "@id"}
    if len(shape_rules) == 1:  # shapes that disagree coerce nothing
        key, value = next(iter(shape_rules))
        return {"@id": str(term), key: value}
    ranges = [r for r in ontology.objects(term, RDFS.range) if str(r).startswith(str(XSD))]
    if (term, RDF.type, OWL.DatatypeProperty) in ontology and len(ranges) == 1 \
            and not shape_rules:
        return {"@id": str(term), "@type": str(ranges[0])}
    return str(term)
