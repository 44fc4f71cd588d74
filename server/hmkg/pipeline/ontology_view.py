"""Read the ontology graph into what its documentation page shows: the header, the modules, every
hmk: term with its axioms, the alignments to other vocabularies and the change notes.

Nothing here is written by hand about the ontology: versions, modules, terms and axioms all come
from the graph, so the page follows the ontology as it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from hmkg import formats
from hmkg.namespaces import HMK, ID, ONTOLOGY_IRI

VANN = "http://purl.org/vocab/vann/"
TERM_STATUS = URIRef("http://www.w3.org/2003/06/sw-vocab-status/ns#term_status")

# Kinds of term, in page order: (key, heading, rdf:type that makes a term of this kind).
TERM_KINDS = (("class", "Classes", OWL.Class), ("object-property", "Object properties", OWL.ObjectProperty),
              ("datatype-property", "Datatype properties", OWL.DatatypeProperty),
              ("annotation-property", "Annotation properties", OWL.AnnotationProperty))
INDIVIDUAL = ("individual", "Named individuals and concept schemes")
# The badge each kind of term carries on the page.
KIND_NAMES = {"class": "class", "object-property": "object property",
              "datatype-property": "datatype property", "annotation-property": "annotation property",
              "individual": "individual"}

# Every kind of axiom the page shows, keyed as the page's data-axiom attribute, with its heading.
AXIOM_KINDS = {
    "subclass-of": "Subclass of", "equivalent-class": "Equivalent to",
    "disjoint-with": "Disjoint with", "disjoint-union-of": "Disjoint union of",
    "has-key": "Has key", "subclasses": "Subclasses", "domain-of": "Domain of",
    "range-of": "Range of", "instances": "Instances",
    "domain": "Domain", "range": "Range", "subproperty-of": "Subproperty of",
    "equivalent-property": "Equivalent to", "inverse-of": "Inverse of",
    "characteristics": "Characteristics", "property-chain": "Property chain",
    "disjoint-property": "Disjoint with", "subproperties": "Subproperties",
    "type": "Type", "same-as": "Same as", "different-from": "Different from",
    "assertion": "Statement",
}
CHARACTERISTICS = {OWL.FunctionalProperty: "functional", OWL.InverseFunctionalProperty: "inverse functional",
                   OWL.TransitiveProperty: "transitive", OWL.SymmetricProperty: "symmetric",
                   OWL.AsymmetricProperty: "asymmetric", OWL.ReflexiveProperty: "reflexive",
                   OWL.IrreflexiveProperty: "irreflexive"}
# Annotations shown as the term's text rather than as statements.
TEXT_PROPERTIES = {RDFS.label, SKOS.definition, RDFS.comment, SKOS.scopeNote, SKOS.example,
                   SKOS.altLabel, RDFS.isDefinedBy, TERM_STATUS, OWL.deprecated, SKOS.changeNote,
                   SKOS.historyNote, SKOS.editorialNote}
# Predicates whose values the axiom rows already show, per side of the triple.
AXIOM_PREDICATES = {RDF.type, RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith,
                    OWL.disjointUnionOf, OWL.hasKey, RDFS.domain, RDFS.range, RDFS.subPropertyOf,
                    OWL.equivalentProperty, OWL.inverseOf, OWL.propertyChainAxiom,
                    OWL.propertyDisjointWith, OWL.sameAs, OWL.differentFrom}
# Relations that align a term with another vocabulary's.
ALIGNING = {RDFS.subClassOf: "subclass of", OWL.equivalentClass: "equivalent class",
            RDFS.subPropertyOf: "subproperty of", OWL.equivalentProperty: "equivalent property",
            SKOS.exactMatch: "exact match", SKOS.closeMatch: "close match",
            SKOS.broadMatch: "broader match", SKOS.narrowMatch: "narrower match",
            SKOS.relatedMatch: "related match"}
# Names of the vocabularies hmk aligns with, by namespace (others are named by their prefix).
VOCABULARIES = {
    "http://www.w3.org/ns/prov#": "PROV-O", "http://www.w3.org/ns/org#": "W3C ORG",
    "http://xmlns.com/foaf/0.1/": "FOAF", "http://www.w3.org/2004/02/skos/core#": "SKOS",
    "http://purl.org/spar/fabio/": "FaBiO", "http://purl.org/cerif/frapo/": "FRAPO",
    "http://purl.org/spar/cito/": "CiTO", "http://prismstandard.org/namespaces/basic/2.0/": "PRISM",
    "http://purl.org/dc/terms/": "DCMI Terms", "http://www.w3.org/ns/oa#": "Web Annotation",
    "http://schema.org/": "schema.org", "https://schema.org/": "schema.org",
}


@dataclass
class Axiom:
    """One row of a term's axiom table: its kind and the values, each rendered as HTML."""

    kind: str
    values: list[Markup]

    @property
    def heading(self) -> str:
        """Return the row's heading."""
        return AXIOM_KINDS.get(self.kind, self.kind)


@dataclass
class Term:
    """An hmk: term as the page lists it."""

    iri: URIRef
    local: str
    label: str
    kind: str
    definition: str = ""
    comments: list[str] = field(default_factory=list)
    scope_notes: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    status: str = ""
    defined_by: URIRef | None = None
    axioms: list[Axiom] = field(default_factory=list)


@dataclass
class Module:
    """An ontology (the aggregate or a module) with its header."""

    iri: URIRef
    name: str
    title: str
    description: str
    version_iri: URIRef | None
    version: str
    prior_versions: list[URIRef]
    imports: list[URIRef]
    terms: int = 0


@dataclass
class Alignment:
    """One alignment of an hmk: term to another vocabulary's term."""

    vocabulary: str
    term: Markup
    relation: str
    target: Markup


@dataclass
class ChangeNote:
    """A change or history note from an ontology header."""

    ontology: str
    version: str
    text: str


@dataclass
class OntologyView:
    """Everything the documentation page shows, read from the ontology graph."""

    ontology: Module
    modules: list[Module]
    metadata: list[tuple[str, Markup]]
    citation: str
    downloads: list[tuple[str, str, str]]
    sections: list[tuple[Module, dict[str, list[Term]]]]
    alignments: list[Alignment]
    changes: list[ChangeNote]
    namespaces: list[tuple[str, str]]
    terms: list[Term]


class Reader:
    """Render nodes of one ontology graph as links and text."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def text(self, node, predicate: URIRef) -> str:
        """Return one English (or untagged) literal of a node, or ""."""
        values = [o for o in self.graph.objects(node, predicate) if isinstance(o, Literal)]
        chosen = sorted((o for o in values if o.language in (None, "en")), key=str) or sorted(values, key=str)
        return str(chosen[0]) if chosen else ""

    def texts(self, node, predicate: URIRef) -> list[str]:
        """Return every English (or untagged) literal of a node, sorted."""
        return sorted(str(o) for o in self.graph.objects(node, predicate)
                      if isinstance(o, Literal) and o.language in (None, "en"))

    def label(self, iri) -> str:
        """Return a term's label, else its prefixed name."""
        return self.text(iri, RDFS.label) or self.text(iri, FOAF.name) or self.short(iri)

    def short(self, iri) -> str:
        """Return a prefixed name for an IRI when a prefix covers it."""
        try:
            short = self.graph.namespace_manager.normalizeUri(iri)
        except Exception:  # an IRI rdflib cannot split into prefix and name
            return str(iri)
        return str(iri) if short.startswith("<") else short  # no prefix: the IRI as it is

    def link(self, node) -> Markup:
        """Render a node: hmk: terms link within the page, other IRIs to themselves."""
        if isinstance(node, Literal):
            return Markup("<code>{}</code>").format(node.n3(self.graph.namespace_manager))
        if isinstance(node, BNode):
            return self.expression(node)
        if str(node).startswith(str(HMK)):
            return Markup('<a href="#{}" title="{}">{}</a>').format(
                local_name(node), self.short(node), self.label(node))
        href = "/id/" + str(node)[len(str(ID)):] if str(node).startswith(str(ID)) else str(node)
        return Markup('<a href="{}"><code>{}</code></a>').format(href, self.short(node))

    def items(self, node) -> list:
        """Return the members of an RDF list."""
        return list(Collection(self.graph, node)) if node is not None else []

    def expression(self, node: BNode) -> Markup:
        """Render an anonymous class expression in Manchester syntax."""
        g = self.graph
        on = g.value(node, OWL.onProperty)
        if on is not None:
            return self._restriction(node, self.link(on))
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = g.value(node, predicate)
            if members is not None:
                return Markup("(") + Markup(f"<em>{word.strip()}</em>").join(
                    [Markup(" ") + self.link(m) + Markup(" ") for m in self.items(members)]) + Markup(")")
        if g.value(node, OWL.complementOf) is not None:
            return Markup("<em>not</em> ") + self.link(g.value(node, OWL.complementOf))
        if g.value(node, OWL.oneOf) is not None:
            return Markup("{") + Markup(", ").join(self.link(m) for m in self.items(g.value(node, OWL.oneOf))) + Markup("}")
        return Markup("<em>an anonymous expression</em>")

    def _restriction(self, node: BNode, prop: Markup) -> Markup:
        """Render an owl:Restriction on prop."""
        g = self.graph
        filler = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
        for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"),
                                (OWL.hasValue, "value")):
            value = g.value(node, predicate)
            if value is not None:
                return prop + Markup(f" <em>{word}</em> ") + self.link(value)
        for predicates, word in (((OWL.minCardinality, OWL.minQualifiedCardinality), "min"),
                                 ((OWL.maxCardinality, OWL.maxQualifiedCardinality), "max"),
                                 ((OWL.cardinality, OWL.qualifiedCardinality), "exactly")):
            for predicate in predicates:
                value = g.value(node, predicate)
                if value is not None:
                    rest = Markup(" ") + self.link(filler) if filler is not None else Markup("")
                    return prop + Markup(f" <em>{word}</em> {escape(str(value))}") + rest
        if g.value(node, OWL.hasSelf) is not None:
            return prop + Markup(" <em>Self</em>")
        return prop + Markup(" <em>(restriction)</em>")


def local_name(iri) -> str:
    """Return the part of an hmk: IRI after the hash."""
    return str(iri)[len(str(HMK)):]


def read(graph: Graph) -> OntologyView:
    """Read the whole page's content from the ontology graph."""
    reader = Reader(graph)
    heads = _ontologies(graph, reader)
    aggregate = next((m for m in heads if m.iri == ONTOLOGY_IRI), heads[0])
    modules = [m for m in heads if m is not aggregate]
    terms = [_term(reader, iri) for iri in hmk_subjects(graph)]
    by_module = {m.iri: m for m in heads}
    for term in terms:
        owner = by_module.get(term.defined_by, aggregate)
        owner.terms += 1
    sections = []
    for module in [*modules, aggregate]:
        members = [t for t in terms if by_module.get(t.defined_by, aggregate) is module]
        if members:
            grouped = {key: sorted((t for t in members if t.kind == key), key=_sort_key)
                       for key, _, _ in (*TERM_KINDS, (*INDIVIDUAL, None))}
            sections.append((module, {k: v for k, v in grouped.items() if v}))
    return OntologyView(
        ontology=aggregate, modules=modules, metadata=_metadata(reader, aggregate),
        citation=reader.text(aggregate.iri, DCTERMS.bibliographicCitation),
        downloads=_downloads(), sections=sections, alignments=_alignments(reader),
        changes=_changes(reader, heads), terms=sorted(terms, key=_sort_key),
        namespaces=sorted((p, str(ns)) for p, ns in graph.namespaces() if p and _used(graph, str(ns))))


def _sort_key(term: Term) -> tuple[str, str]:
    """Sort terms by label, ignoring case, then by IRI."""
    return term.label.casefold(), term.local


def _used(graph: Graph, namespace: str) -> bool:
    """Say whether any predicate or object of the graph is in a namespace."""
    return any(str(p).startswith(namespace) or (isinstance(o, URIRef) and str(o).startswith(namespace))
               for _, p, o in graph)


def hmk_subjects(graph: Graph) -> list[URIRef]:
    """Return every hmk: IRI described in the graph, sorted."""
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(HMK))})


def _ontologies(graph: Graph, reader: Reader) -> list[Module]:
    """Return the ontology headers, imported ones after those that import them."""
    iris = {s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}
    # A module named only as the rdfs:isDefinedBy of its terms (a merged file may keep one
    # header) is still a module of the page.
    iris |= {o for o in graph.objects(None, RDFS.isDefinedBy)
             if isinstance(o, URIRef) and str(o).startswith(f"{ONTOLOGY_IRI}/")}
    iris = sorted(iris | {ONTOLOGY_IRI})
    # An import may name a version IRI (ontology/core/0.2.0): it stands for that module.
    by_version = {graph.value(iri, OWL.versionIRI): iri for iri in iris}
    imports = {iri: sorted({by_version.get(o, o) for o in graph.objects(iri, OWL.imports)}) for iri in iris}
    order = {iri: _depth(imports, iri, set()) for iri in iris}
    modules = []
    for iri in sorted(iris, key=lambda i: (-order[i] if i == ONTOLOGY_IRI else order[i], str(i))):
        name = str(iri)[len(str(ONTOLOGY_IRI)) + 1:] if iri != ONTOLOGY_IRI else ""
        modules.append(Module(
            iri=iri, name=name,
            title=reader.text(iri, DCTERMS.title) or (f"Module {name}" if name else reader.short(iri)),
            description=reader.text(iri, DCTERMS.description),
            version_iri=graph.value(iri, OWL.versionIRI),
            version=reader.text(iri, OWL.versionInfo),
            prior_versions=sorted(graph.objects(iri, OWL.priorVersion)),
            imports=imports[iri]))
    return modules


def _depth(imports: dict, iri: URIRef, seen: set) -> int:
    """Return how many imports deep an ontology's import chain goes (core 0, its users more)."""
    seen = seen | {iri}
    below = [_depth(imports, o, seen) for o in imports.get(iri, ()) if o not in seen and o in imports]
    return 1 + max(below) if below else 0


def _metadata(reader: Reader, head: Module) -> list[tuple[str, Markup]]:
    """Return the rows of the metadata block: versions, dates, licence, creators, sources."""
    g, iri = reader.graph, head.iri
    rows: list[tuple[str, Markup]] = [("IRI", reader.link(iri))]
    if head.version_iri is not None:
        rows.append(("This version", reader.link(head.version_iri)))
    if head.version:
        rows.append(("Version", Markup(escape(head.version))))
    rows.append(("Prior version", Markup(", ").join(reader.link(v) for v in head.prior_versions)
                 if head.prior_versions else Markup("none: this is the first version")))
    for predicate, name in ((DCTERMS.created, "Created"), (DCTERMS.issued, "Issued"),
                            (DCTERMS.modified, "Modified")):
        for value in sorted(g.objects(iri, predicate)):
            rows.append((name, Markup("<time>{}</time>").format(value)))
    for predicate, name in ((DCTERMS.creator, "Creators"), (DCTERMS.contributor, "Contributors"),
                            (DCTERMS.publisher, "Publisher")):
        agents = sorted(g.objects(iri, predicate), key=str)
        if agents:
            rows.append((name, Markup(", ").join(_agent(reader, a) for a in agents)))
    for licence in sorted(g.objects(iri, DCTERMS.license)):
        rows.append(("Licence", Markup('<a href="{0}" rel="license">{0}</a>').format(licence)))
    prefix, namespace = reader.text(iri, URIRef(VANN + "preferredNamespacePrefix")), \
        reader.text(iri, URIRef(VANN + "preferredNamespaceUri"))
    if namespace:
        rows.append(("Namespace", Markup("<code>{}</code> (prefix <code>{}:</code>)").format(namespace, prefix)))
    sources = sorted(g.objects(iri, DCTERMS.source))
    if sources:
        rows.append(("Sources", Markup(", ").join(Markup('<a href="{0}">{0}</a>').format(s) for s in sources)))
    return rows


def _agent(reader: Reader, agent) -> Markup:
    """Render a creator or contributor by name (an IRI of hmkg's links to its page)."""
    if isinstance(agent, Literal):
        return Markup(escape(str(agent)))
    name = reader.text(agent, FOAF.name) or reader.text(agent, RDFS.label)
    if name and isinstance(agent, URIRef):
        href = "/id/" + str(agent)[len(str(ID)):] if str(agent).startswith(str(ID)) else str(agent)
        return Markup('<a href="{}">{}</a>').format(href, name)
    return reader.link(agent)


def _downloads() -> list[tuple[str, str, str]]:
    """Return (format name, media type, suffix) for each single-graph RDF syntax."""
    return [(f.label, f.mime, f.suffix) for f in formats.of_kind(formats.Kind.GRAPH) if not f.quads]


def term_kind(graph: Graph, iri: URIRef) -> str:
    """Return the key of a term's kind: class, a kind of property, or individual (anything
    else hmk: names, such as a concept or a concept scheme)."""
    types = set(graph.objects(iri, RDF.type))
    return next((key for key, _, rdf_type in TERM_KINDS if rdf_type in types), INDIVIDUAL[0])


def _term(reader: Reader, iri: URIRef) -> Term:
    """Read one hmk: term: its kind, text and axioms."""
    g = reader.graph
    kind = term_kind(g, iri)
    status = reader.text(iri, TERM_STATUS)
    if any(o.toPython() is True for o in g.objects(iri, OWL.deprecated) if isinstance(o, Literal)):
        status = "deprecated"
    term = Term(iri=iri, local=local_name(iri), label=reader.label(iri), kind=kind,
                definition=reader.text(iri, SKOS.definition), comments=reader.texts(iri, RDFS.comment),
                scope_notes=reader.texts(iri, SKOS.scopeNote), examples=reader.texts(iri, SKOS.example),
                alt_labels=reader.texts(iri, SKOS.altLabel), status=status,
                defined_by=g.value(iri, RDFS.isDefinedBy))
    if kind == "class":
        term.axioms = _class_axioms(reader, iri)
    elif kind == "individual":
        term.axioms = _individual_axioms(reader, iri)
    else:
        term.axioms = _property_axioms(reader, iri)
    term.axioms += _other_statements(reader, iri)
    return term


def _rows(reader: Reader, pairs) -> list[Axiom]:
    """Build axiom rows from (kind, nodes) pairs, leaving out empty ones; values sorted."""
    rows = []
    for kind, nodes in pairs:
        unique = {n for n in nodes if n is not None}
        if unique:
            rows.append(Axiom(kind, [reader.link(n) for n in sorted(unique, key=_node_key)]))
    return rows


def _node_key(node) -> tuple[int, str]:
    """Sort named nodes before anonymous ones, each by text."""
    return (1 if isinstance(node, BNode) else 0, str(node))


def _both_ways(g: Graph, iri, predicate) -> list:
    """Return the nodes a symmetric relation links iri with, whichever side states it."""
    return [*g.objects(iri, predicate), *g.subjects(predicate, iri)]


def _grouped(reader: Reader, iri, kind: URIRef) -> list:
    """Return the other members of every owl:AllDisjointClasses/-Properties naming iri."""
    g, others = reader.graph, []
    for group in g.subjects(RDF.type, kind):
        members = reader.items(g.value(group, OWL.members))
        if iri in members:
            others += [m for m in members if m != iri]
    return others


def _class_axioms(reader: Reader, iri: URIRef) -> list[Axiom]:
    """Return a class's axioms, then where it is used."""
    g = reader.graph
    disjoint = _both_ways(g, iri, OWL.disjointWith) + _grouped(reader, iri, OWL.AllDisjointClasses)
    for union in g.subjects(OWL.disjointUnionOf, None):
        members = reader.items(g.value(union, OWL.disjointUnionOf))
        if iri in members:
            disjoint += [m for m in members if m != iri]
    rows = _rows(reader, [
        ("subclass-of", g.objects(iri, RDFS.subClassOf)),
        ("equivalent-class", _both_ways(g, iri, OWL.equivalentClass)),
        ("disjoint-with", disjoint),
    ])
    for kind, predicate in (("disjoint-union-of", OWL.disjointUnionOf), ("has-key", OWL.hasKey)):
        for members in g.objects(iri, predicate):
            rows.append(Axiom(kind, [reader.link(m) for m in reader.items(members)]))
    instances = [s for s in g.subjects(RDF.type, iri) if isinstance(s, URIRef)]
    return rows + _rows(reader, [
        ("subclasses", [s for s in g.subjects(RDFS.subClassOf, iri) if isinstance(s, URIRef)]),
        ("domain-of", g.subjects(RDFS.domain, iri)), ("range-of", g.subjects(RDFS.range, iri)),
        ("instances", instances)])


def _property_axioms(reader: Reader, iri: URIRef) -> list[Axiom]:
    """Return a property's axioms."""
    g = reader.graph
    rows = _rows(reader, [
        ("domain", g.objects(iri, RDFS.domain)), ("range", g.objects(iri, RDFS.range)),
        ("subproperty-of", g.objects(iri, RDFS.subPropertyOf)),
        ("equivalent-property", _both_ways(g, iri, OWL.equivalentProperty)),
        ("inverse-of", _both_ways(g, iri, OWL.inverseOf)),
        ("disjoint-property", _both_ways(g, iri, OWL.propertyDisjointWith)
         + _grouped(reader, iri, OWL.AllDisjointProperties)),
    ])
    traits = sorted(name for kind, name in CHARACTERISTICS.items() if (iri, RDF.type, kind) in g)
    if traits:
        rows.append(Axiom("characteristics", [Markup(escape(t)) for t in traits]))
    for chain in g.objects(iri, OWL.propertyChainAxiom):
        rows.append(Axiom("property-chain", [Markup(" ∘ ").join(reader.link(p) for p in reader.items(chain))
                                             + Markup(" ⊑ ") + reader.link(iri)]))
    return rows + _rows(reader, [("subproperties", g.subjects(RDFS.subPropertyOf, iri))])


def _individual_axioms(reader: Reader, iri: URIRef) -> list[Axiom]:
    """Return an individual's types and identity statements."""
    g = reader.graph
    return _rows(reader, [
        ("type", [t for t in g.objects(iri, RDF.type) if t != OWL.NamedIndividual]),
        ("same-as", _both_ways(g, iri, OWL.sameAs)),
        ("different-from", _both_ways(g, iri, OWL.differentFrom)),
        ("instances", [s for s in g.subjects(RDF.type, iri) if isinstance(s, URIRef)]),
    ])


def _other_statements(reader: Reader, iri: URIRef) -> list[Axiom]:
    """Return every other statement about the term, one row per predicate, so nothing the
    ontology says about a term is left off its entry."""
    g = reader.graph
    predicates = sorted({p for p in g.predicates(iri) if p not in TEXT_PROPERTIES | AXIOM_PREDICATES})
    rows = []
    for predicate in predicates:
        values = sorted(g.objects(iri, predicate), key=_node_key)
        rows.append(Axiom("assertion", [reader.link(predicate) + Markup(": ") + reader.link(v) for v in values]))
    return rows


def _alignments(reader: Reader) -> list[Alignment]:
    """Return each axiom relating an hmk: term to another vocabulary's term, by vocabulary."""
    g, rows = reader.graph, []
    for predicate, relation in ALIGNING.items():
        for s, o in g.subject_objects(predicate):
            if not (isinstance(s, URIRef) and str(s).startswith(str(HMK)) and isinstance(o, URIRef)):
                continue
            if str(o).startswith(str(HMK)) or o in (OWL.Thing, OWL.topObjectProperty):
                continue
            rows.append(Alignment(_vocabulary(reader, o), reader.link(s), relation, reader.link(o)))
    return sorted(rows, key=lambda a: (a.vocabulary.casefold(), str(a.target), str(a.term)))


def _vocabulary(reader: Reader, iri: URIRef) -> str:
    """Name the vocabulary an IRI belongs to."""
    for namespace, name in VOCABULARIES.items():
        if str(iri).startswith(namespace):
            return name
    return reader.short(iri).split(":", 1)[0]


def _changes(reader: Reader, heads: list[Module]) -> list[ChangeNote]:
    """Return the change and history notes of every ontology header, newest version first."""
    notes = []
    for head in heads:
        for predicate in (SKOS.changeNote, SKOS.historyNote):
            for text in reader.texts(head.iri, predicate):
                notes.append(ChangeNote(head.title, head.version, text))
    return sorted(notes, key=lambda n: (n.version, n.ontology, n.text), reverse=True)
