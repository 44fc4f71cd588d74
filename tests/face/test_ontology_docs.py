"""The ontology documentation page in headless Chromium over a live `hmkg serve`.

What is shown is compared with what the ontology graph says, computed here from its triples
independently of docs.py: one title, the header's versions, every hmk: term with its label and
definition, every axiom of every kind on its term, the alignments, the overview SVG, and a Turtle
and a JSON-LD example per pattern that say the same thing. The page must load nothing from any
other host, log no error and pass axe.
"""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from hmkg.namespaces import GRAPH_ONTOLOGY, HMK, ONTOLOGY_IRI
from hmkg.pipeline.rdfcompat import rdflib_internals
from test_browser import check_page

pytestmark = pytest.mark.slow
# The page's rows for each stated relation: (predicate, row kind, read in both directions?).
RELATIONS = [(RDFS.subClassOf, "subclass-of", False), (RDFS.domain, "domain", False),
             (RDFS.range, "range", False), (RDFS.subPropertyOf, "subproperty-of", False),
             (OWL.inverseOf, "inverse-of", True), (OWL.equivalentClass, "equivalent-class", True),
             (OWL.equivalentProperty, "equivalent-property", True),
             (OWL.disjointWith, "disjoint-with", True),
             (OWL.propertyDisjointWith, "disjoint-property", True)]
CHARACTERISTICS = {OWL.FunctionalProperty: "functional", OWL.InverseFunctionalProperty: "inverse functional",
                   OWL.TransitiveProperty: "transitive", OWL.SymmetricProperty: "symmetric",
                   OWL.AsymmetricProperty: "asymmetric", OWL.ReflexiveProperty: "reflexive",
                   OWL.IrreflexiveProperty: "irreflexive"}
ALIGNED = ("http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
           "http://www.w3.org/2004/02/skos/core#", "http://purl.org/spar/fabio/",
           "http://purl.org/cerif/frapo/")
READ_PAGE = """() => {
  const terms = {};
  for (const s of document.querySelectorAll('section.term')) {
    const definition = s.querySelector('.definition');
    terms[s.id] = {
      label: s.querySelector('h4').firstChild.textContent.trim(),
      definition: definition ? definition.textContent.trim() : null,
      rows: [...s.querySelectorAll('tr[data-axiom]')].map(tr => [tr.dataset.axiom,
        [...tr.querySelectorAll('a')].map(a => a.getAttribute('href')),
        tr.querySelector('td li') ? [...tr.querySelectorAll('td li')].map(li => li.textContent.trim())
                                  : [tr.cells[1].textContent.trim()]])};
  }
  return terms;
}"""


@pytest.fixture(scope="module")
def ontology(dataset) -> Graph:
    """The release's ontology graph, as a plain graph."""
    graph = Graph()
    for triple in dataset.graph(GRAPH_ONTOLOGY):
        graph.add(triple)
    return graph


def is_hmk(node) -> bool:
    """Say whether a node is an hmk: IRI."""
    return isinstance(node, URIRef) and str(node).startswith(str(HMK))


def href(node: URIRef) -> str:
    """Return the link the page gives a term: an anchor for hmk:, the IRI otherwise."""
    return "#" + str(node)[len(str(HMK)):] if is_hmk(node) else str(node)


def members(graph: Graph, node) -> list:
    """Return an RDF list's members."""
    return list(Collection(graph, node))


def expected_links(graph: Graph) -> set[tuple[str, str, str]]:
    """Return (term anchor, row kind, link) for every axiom the page must show on a term."""
    found = set()

    def add(term, kind, other):
        if is_hmk(term):
            if isinstance(other, BNode):  # a class expression: its property must be linked
                for prop in graph.objects(other, OWL.onProperty):
                    found.add((href(term)[1:], kind, href(prop)))
            elif isinstance(other, URIRef):
                found.add((href(term)[1:], kind, href(other)))

    for predicate, kind, symmetric in RELATIONS:
        for s, o in graph.subject_objects(predicate):
            add(s, kind, o)
            if symmetric:
                add(o, kind, s)
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = members(graph, graph.value(group, OWL.members))
        for a in listed:
            for b in listed:
                if a != b:
                    add(a, "disjoint-with", b)
    for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
        for link in members(graph, chain):
            add(prop, "property-chain", link)
    return found


def test_the_page_shows_the_ontology_as_its_graph_says(visit, axe_source, ontology):
    visit.open("/ontology")
    page = visit.page
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == str(ontology.value(ONTOLOGY_IRI, DCTERMS.title))
    header = page.locator("dl.metadata").inner_text()
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert str(version_iri) in header and str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) in header
    for prior in ontology.objects(ONTOLOGY_IRI, OWL.priorVersion):
        assert str(prior) in header
    for licence in ontology.objects(ONTOLOGY_IRI, DCTERMS.license):
        assert page.locator(f'dl.metadata a[rel=license][href="{licence}"]').count() == 1
    modules = set(ontology.objects(ONTOLOGY_IRI, OWL.imports))
    assert len(modules) >= 2
    module_table = page.locator("#sec-modules table").inner_text()
    assert all(str(m) in module_table for m in modules)

    shown = page.evaluate(READ_PAGE)
    terms = {s for s in ontology.subjects() if is_hmk(s)}
    assert {href(t)[1:] for t in terms} == set(shown)  # every term, and nothing else
    for term in terms:
        entry = shown[href(term)[1:]]
        assert entry["label"] == str(ontology.value(term, RDFS.label)), term
        assert entry["definition"] == str(ontology.value(term, SKOS.definition)), term

    rows = {(term, kind, link) for term, entry in shown.items() for kind, links, _ in entry["rows"]
            for link in links}
    expected = expected_links(ontology)
    assert expected - rows == set()
    used_kinds = {kind for _, kind, _ in expected}
    assert {"subclass-of", "domain", "range", "subproperty-of", "inverse-of", "disjoint-with",
            "property-chain"} <= used_kinds  # the kinds this ontology is known to use
    traits = {(href(p)[1:], name) for kind, name in CHARACTERISTICS.items()
              for p in ontology.subjects(RDF.type, kind) if is_hmk(p)}
    shown_traits = {(term, name) for term, entry in shown.items()
                    for kind, _, names in entry["rows"] if kind == "characteristics" for name in names}
    assert traits and traits <= shown_traits
    check_page(visit, axe_source, "ontology-docs", full_page=False)  # the whole page is very long


def test_the_overview_svg_links_to_classes(visit, ontology):
    visit.open("/ontology")
    svg = visit.page.locator("#sec-overview svg")
    assert svg.count() == 1
    assert svg.locator("title").text_content() == "Overview of the hmk ontology"
    links = svg.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    classes = {href(c) for c in ontology.subjects(RDF.type, OWL.Class) if is_hmk(c)}
    assert links and set(links) <= classes
    edges = visit.page.locator("#sec-overview details tbody tr").count()
    assert edges == len(svg.locator("line[marker-end], path[marker-end]").all())
    assert visit.foreign_requests() == []


def test_alignments_and_examples(visit, ontology):
    visit.open("/ontology")
    table = visit.page.locator("#sec-alignments tbody tr")
    pairs = set(tuple(row) for row in table.evaluate_all(
        "rows => rows.map(r => [r.cells[1].querySelector('a').getAttribute('href'), "
        "r.cells[3].querySelector('a').getAttribute('href')])"))
    expected = {(href(s), str(o)) for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                                            OWL.equivalentProperty)
                for s, o in ontology.subject_objects(p)
                if is_hmk(s) and isinstance(o, URIRef) and str(o).startswith(ALIGNED)}
    assert expected and expected <= pairs
    patterns = visit.page.locator("h4[id^=pattern-]")
    assert patterns.count() >= 5
    for i in range(patterns.count()):
        heading = patterns.nth(i)
        cls = HMK[heading.get_attribute("id")[len("pattern-"):]]
        codes = heading.locator("xpath=following-sibling::div[1]//pre").all_inner_texts()
        assert len(codes) == 2
        with rdflib_internals():
            turtle = Graph().parse(data=codes[0], format="turtle")
            jsonld = Graph().parse(data=json.dumps(json.loads(codes[1])), format="json-ld")
        assert isomorphic(turtle, jsonld), cls
        subjects = list(turtle.subjects(RDF.type, cls))
        assert len(subjects) == 1
        for prop in ontology.subjects(RDFS.domain, cls):
            if (prop, RDF.type, OWL.AnnotationProperty) not in ontology and is_hmk(prop):
                value = turtle.value(subjects[0], prop)
                assert value is not None, (cls, prop)
                for rng in ontology.objects(prop, RDFS.range):
                    if isinstance(value, Literal):
                        continue
                    assert (value, RDF.type, rng) in turtle or (value, RDF.type, rng) in ontology
