"""Generate the ontology's HTML documentation with pyLODE at build time."""

from __future__ import annotations

import logging
import re
import warnings
from html import escape
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from hmkg.namespaces import HMK

# Resources a page may load (not links it may offer): these must never leave the server.
_LOADING_TAG = re.compile(r"<(?:link|script|img|iframe|source)\b[^>]*?(?:href|src)=\"(?:https?:)?//", re.I)
_EXTERNAL_CSS = re.compile(r"@import\s+url\(|url\(\s*['\"]?(?:https?:)?//", re.I)
_TERM_KINDS = (OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
               OWL.AnnotationProperty, OWL.Ontology)
_SITE_NAV = ('<nav class="hmkg-site" aria-label="Site"><a href="/">hmkg home</a> · '
             '<a href="/query">query</a> · <a href="/cq">competency questions</a> · '
             '<a href="/download">downloads</a></nav>')
_EXTRA_CSS = ("<style>.hmkg-site{padding:.5em 1em;background:#1d3557;color:#fff}"
              ".hmkg-site a{color:#fff}#pylode,#pylode a{color:#333}"
              "#pylode #p{color:#1e6b2c}#pylode #y{color:#7a5c00}"
              # pyLODE's orange and light blue term badges fall below 4.5:1 contrast on white.
              ".sup-c,.sup-con{color:#9a4a00}.sup-fp{color:#0b5f8a}</style>")


def write_ontology_docs(ontology_graph: Graph, out_dir: Path) -> list[Path]:
    """Write out_dir/index.html documenting every ontology term; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = _render_pylode(ontology_graph)
    html = _add_individuals(html, ontology_graph)
    html = _polish(html)
    _assert_self_contained(html)
    target = out_dir / "index.html"
    target.write_text(html, encoding="utf-8")
    return [target]


def _render_pylode(ontology_graph: Graph) -> str:
    """Render pyLODE's OntPub page, anchoring each hmk: term at its local name."""
    OntPub = _import_pylode()
    working = Graph()
    for prefix, namespace in ontology_graph.namespaces():
        working.bind(prefix, namespace, override=True)
    for triple in ontology_graph:  # pyLODE adds helper triples to the graph it is given
        working.add(triple)
    doc = OntPub(working)
    # Pre-seeding pyLODE's fragment ids makes hmk:Foo land on /ontology#Foo.
    doc.fids.update({str(s): _local_name(s) for s in _hmk_subjects(ontology_graph)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # pyLODE leaves its CSS file open
        return doc.make_html()


def _import_pylode():
    """Import pyLODE without letting it reconfigure the root logger."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub  # importing it calls logging.basicConfig(level=DEBUG)

    root.setLevel(level)
    root.handlers[:] = handlers
    return OntPub


def _hmk_subjects(graph: Graph) -> list[URIRef]:
    """Return every hmk: IRI described in the graph, sorted."""
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(HMK)})


def _local_name(iri: URIRef) -> str:
    """Return the part of an hmk: IRI after the hash."""
    return str(iri)[len(str(HMK)):]


def individuals(graph: Graph) -> list[URIRef]:
    """Return the hmk: named individuals (pyLODE's OntPub profile leaves them out)."""
    kinds = set(_TERM_KINDS)
    return [s for s in _hmk_subjects(graph) if not kinds & set(graph.objects(s, RDF.type))]


def _add_individuals(html: str, graph: Graph) -> str:
    """Append a Named Individuals section before pyLODE's namespaces section."""
    entries = "".join(_individual_entry(graph, s) for s in individuals(graph))
    if not entries:
        return html
    section = f'<div class="section" id="namedindividuals"><h2>Named Individuals</h2>{entries}</div>'
    toc = '<li><h4><a href="#namedindividuals">Named Individuals</a></h4></li>'
    html = html.replace('<div id="namespaces">', section + '<div id="namespaces">', 1)
    return html.replace('<ul class="first">', '<ul class="first">' + toc, 1)


def _individual_entry(graph: Graph, iri: URIRef) -> str:
    """Render one individual: label, IRI, types, definition and broader concepts."""
    rows = [("IRI", f"<code>{escape(str(iri))}</code>")]
    rows.append(("Types", _links(graph, graph.objects(iri, RDF.type))))
    for predicate, heading in ((SKOS.definition, "Definition"), (RDFS.comment, "Comment")):
        for text in graph.objects(iri, predicate):
            rows.append((heading, f"<p>{escape(str(text))}</p>"))
    broader = [o for p, o in graph.predicate_objects(iri) if p.startswith(HMK) and isinstance(o, URIRef)]
    if broader:
        rows.append(("Related", _links(graph, broader)))
    body = "".join(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in rows)
    label = escape(_label(graph, iri))
    return (f'<div class="property entity" id="{escape(_local_name(iri))}">'
            f'<h3>{label} <sup class="sup-ni" title="Named Individual">ni</sup></h3>'
            f"<table>{body}</table></div>")


def _links(graph: Graph, iris) -> str:
    """Render IRIs as a list of links: hmk: terms within this page, others as they are."""
    items = []
    for iri in sorted(set(iris)):
        href = f"#{_local_name(iri)}" if iri.startswith(HMK) else str(iri)
        items.append(f'<li><a href="{escape(href)}">{escape(_label(graph, iri))}</a></li>')
    return f"<ul>{''.join(items)}</ul>"


def _label(graph: Graph, iri: URIRef) -> str:
    """Return the English label of a term, or a prefixed name."""
    labels = [o for o in graph.objects(iri, RDFS.label) if isinstance(o, Literal)]
    english = [o for o in labels if o.language in (None, "en")]
    if english or labels:
        return str((english or labels)[0])
    return graph.namespace_manager.normalizeUri(iri)


def _polish(html: str) -> str:
    """Declare the language, add the site navigation and raise the logo's contrast."""
    html = html.replace("<html>", '<html lang="en">', 1)
    html = html.replace("</head>", _EXTRA_CSS + "</head>", 1)
    html = html.replace('<div id="content">', '<div id="content" role="main">', 1)
    html = re.sub(r"<body>", "<body>" + _SITE_NAV, html, count=1)
    return _unique_ids(html)


def _unique_ids(html: str) -> str:
    """Rename repeated element ids (pyLODE lists functional properties twice): first one wins."""
    seen: dict[str, int] = {}

    def rename(match: re.Match) -> str:
        """Keep an id's first use; number the later ones."""
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        return match.group(0) if seen[name] == 1 else f' id="{name}-{seen[name]}"'

    return re.sub(r' id="([^"]+)"', rename, html)


def _assert_self_contained(html: str) -> None:
    """Refuse to publish a page that would load anything from another host."""
    for pattern in (_LOADING_TAG, _EXTERNAL_CSS):
        match = pattern.search(html)
        if match:
            raise ValueError(f"ontology docs would load an external resource: {match.group(0)!r}")
