"""The ontology as a reuser loads it: one standalone OWL 2 DL document, and each module as a
separately importable file with versioned imports and a Protégé catalog.

The sources (``ontology/hmkg.ttl`` and ``ontology/hmkg-<module>.ttl``) reference external
vocabularies without importing them, so on their own they are not OWL 2 DL: a reused term must
be declared as a class or a kind of property. The checked term lists in ``ontology/vocab/``
(one ``IRI kind`` per line) say which; this module adds those declarations to every file it
writes, and nothing else about an external term.

- ``standalone(ontology, kinds)``: the merged ontology with one header (the aggregate's, with
  its version IRI and prior version), no imports, every external term it uses declared. The
  release's ``ontology.ttl`` (and .rdf, .jsonld, .nt) are this graph.
- ``write_modules(sources, folder)``: ``ontology/<module>.ttl`` for the aggregate and each
  module, its imports pointing at version IRIs, plus ``ontology/catalog-v001.xml`` mapping
  every imported IRI and version IRI to its file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from hmkg import layout
from hmkg.namespaces import ONTOLOGY_IRI
from hmkg.pipeline.errors import PipelineError

# The OWL 2 declaration each term-list kind stands for.
KINDS = {
    "class": OWL.Class,
    "object-property": OWL.ObjectProperty,
    "datatype-property": OWL.DatatypeProperty,
    "annotation-property": OWL.AnnotationProperty,
}


@dataclass(frozen=True)
class TermList:
    """One vocabulary's checked term list: file, its '#' comment lines and IRI -> kind."""

    path: Path
    header: str
    terms: dict[URIRef, str]


def read_term_list(path: Path) -> TermList:
    """Parse a term-list file: '#' comment lines, then 'IRI kind' lines."""
    header, terms = [], {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            header.append(line)
        elif line.strip():
            iri, kind = line.split()
            if kind not in KINDS:
                raise ValueError(f"{path}:{number}: unknown kind {kind!r}")
            terms[URIRef(iri)] = kind
    return TermList(path, "\n".join(header), terms)


def external_kinds(vocab_dir: Path) -> dict[URIRef, URIRef]:
    """Return every listed external term with its OWL declaration class. Without term lists the
    standalone ontology would leave its external terms undeclared (not OWL 2 DL): an error."""
    lists = sorted(vocab_dir.glob("*.txt"))
    if not lists:
        raise PipelineError(f"{vocab_dir}: no term lists of the vocabularies the ontology reuses "
                            "(<prefix>.txt); the standalone ontology cannot declare its external terms")
    kinds: dict[URIRef, URIRef] = {}
    for path in lists:
        for iri, kind in read_term_list(path).terms.items():
            if kinds.setdefault(iri, KINDS[kind]) != KINDS[kind]:
                raise PipelineError(f"{path}: {iri} listed with two kinds")
    return kinds


def declare_external_terms(graph: Graph, kinds: dict[URIRef, URIRef]) -> Graph:
    """Add to graph a declaration of every listed external term it uses; return graph."""
    used = {node for triple in graph for node in triple if isinstance(node, URIRef)}
    for iri in sorted(used & kinds.keys()):
        graph.add((iri, RDF.type, kinds[iri]))
    return graph


def standalone(ontology: Graph, kinds: dict[URIRef, URIRef]) -> Graph:
    """Return the merged ontology as one document: the aggregate's header only, no imports,
    the external terms declared."""
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != ONTOLOGY_IRI}
    single = Graph()
    for prefix, namespace in ontology.namespaces():
        single.bind(prefix, namespace)
    for s, p, o in ontology:
        if s in modules or p == OWL.imports:
            continue
        single.add((s, p, o))
    return declare_external_terms(single, kinds)


@dataclass(frozen=True)
class Module:
    """One source file of the ontology: its file stem in the release, its graph and IRIs."""

    name: str  # "hmkg" for the aggregate, else the module name
    graph: Graph

    @property
    def iri(self) -> URIRef:
        return next(iter(self.graph.subjects(RDF.type, OWL.Ontology)))

    @property
    def version_iri(self) -> URIRef:
        return self.graph.value(self.iri, OWL.versionIRI)

    @property
    def file(self) -> str:
        """Its file name inside the release's ontology folder."""
        return Path(layout.module_file(self.name)).name


def read_modules(ontology_dir: Path) -> list[Module]:
    """Return the aggregate and every module of an ontology folder (empty without hmkg.ttl)."""
    if not (ontology_dir / "hmkg.ttl").is_file():
        return []
    paths = [ontology_dir / "hmkg.ttl", *sorted(ontology_dir.glob("hmkg-*.ttl"))]
    return [Module(p.stem.removeprefix("hmkg-"), Graph().parse(p, format="turtle"))
            for p in paths]


def module_graph(module: Module, version_of: dict[URIRef, URIRef],
                 kinds: dict[URIRef, URIRef]) -> Graph:
    """Return a module's graph with versioned imports and its external terms declared."""
    graph = Graph()
    for prefix, namespace in module.graph.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o in module.graph:
        graph.add((s, p, version_of.get(o, o) if p == OWL.imports else o))
    return declare_external_terms(graph, kinds)


def catalog_xml(modules: list[Module]) -> str:
    """Return a Protégé (OASIS XML) catalog mapping each ontology and version IRI to its file."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">']
    for module in modules:
        for iri in (module.iri, module.version_iri):
            lines.append(f"  <uri name={quoteattr(str(iri))} uri={quoteattr(module.file)}/>")
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"


def write_modules(modules: list[Module], folder: Path,
                  kinds: dict[URIRef, URIRef]) -> list[Path]:
    """Write each module and the catalog into folder/ONTOLOGY_MODULES_DIR; return the paths."""
    target = folder / layout.ONTOLOGY_MODULES_DIR
    target.mkdir(parents=True, exist_ok=True)
    version_of = {m.iri: m.version_iri for m in modules}
    written = []
    for module in modules:
        path = target / module.file
        path.write_bytes(module_graph(module, version_of, kinds).serialize(format="turtle",
                                                                            encoding="utf-8"))
        written.append(path)
    catalog = target / layout.ONTOLOGY_CATALOG_FILE
    catalog.write_text(catalog_xml(modules), encoding="utf-8")
    return [*written, catalog]

