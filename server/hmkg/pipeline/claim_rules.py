"""The claim-graph rules of the validate step: which named graph a triple may be in.

SHACL validates one graph and cannot see which named graph a triple came from, so these rules
run in Python over the loaded dataset, beside the shapes (findings.ttl checks the claim
resource itself: one assertion graph, a source document). Each broken rule is reported like a
SHACL violation, with the file and line that state the offending triple.

- domain-relation-outside-claim-graph: a triple whose predicate is a domain relation
  (namespaces.DOMAIN_RELATIONS) in the data graph: it must be some claim's assertion.
- claim-graph-without-claim: a claim graph that no claim names with hmk:assertion.
- claim-graph-of-several-claims: a claim graph that more than one claim names.
- assertion-without-graph: hmk:assertion naming a graph the dataset does not hold (or empty).
- assertion-not-named-for-claim: hmk:assertion naming another graph than the claim's own
  (namespaces.claim_graph).
- other-triple-in-claim-graph: a claim graph holding a triple that is not a domain relation:
  labels, types and records belong in the data graph.
- triple-in-two-claim-graphs: the same domain triple in two claim graphs. Oxigraph evaluates a
  default graph of several graphs as the union of their quads, so such a triple would answer
  every query twice; state it in one claim and point the other at it with hmk:about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, URIRef

from hmkg.namespaces import DOMAIN_RELATIONS, GRAPH_DATA, HMK, ID, claim_graph, is_claim_graph
from hmkg.pipeline.render import short_name

SHAPE = "hmkg:claim-graphs"  # what a result names as its shape: this module, not a SHACL shape


def check(ds: Dataset) -> list[dict]:
    """Return every broken claim-graph rule as the fields of a validation result (severity,
    focus, path, constraint, message, value, shape, file), sorted; none when all hold."""
    found = []
    files_of = getattr(ds, "files_of", lambda node: [])
    for rule, focus, path, value, graph, message in _problems(ds):
        # a graph is no subject: its file is the file of the triples it holds
        anchor = min(ds.graph(focus).subjects()) if focus == graph else focus
        files = files_of(anchor) or ["(no source file)"]
        line = _line(ds, files[0], focus, path, graph)
        where = f"line {line}: " if line else ""
        found.append(dict(
            severity="Violation", focus=short_name(focus, ds),
            path=short_name(path, ds) if path is not None else "",
            constraint=rule, message=where + message,
            value=short_name(value, ds) if value is not None else "", shape=SHAPE,
            file=", ".join(files)))
    return sorted(found, key=lambda r: (r["file"], r["message"]))


def _problems(ds: Dataset) -> Iterator[tuple]:
    """Yield (rule, focus, path, value, graph, message) for every broken rule."""
    data = ds.graph(GRAPH_DATA)
    graphs = {g.identifier: g for g in ds.graphs() if is_claim_graph(g.identifier) and len(g)}
    for s, p, o in data:
        if p in DOMAIN_RELATIONS:
            yield ("domain-relation-outside-claim-graph", s, p, o, None,
                   f"{short_name(p, ds)} is a domain relation: assert this triple in the named "
                   "graph of the claim that states it (hmk:assertion), not in the default graph")
    named_by: dict[URIRef, list] = {}
    for claim, graph in data.subject_objects(HMK.assertion):
        named_by.setdefault(graph, []).append(claim)
        if graph not in graphs:
            yield ("assertion-without-graph", claim, HMK.assertion, graph, None,
                   f"hmk:assertion names <{graph}>, but no GRAPH block of the data holds it")
        expected = _own_graph(claim)
        if expected is not None and graph != expected:
            yield ("assertion-not-named-for-claim", claim, HMK.assertion, graph, None,
                   f"the assertion graph of this claim is <{expected}>, not <{graph}>")
    for name, graph in sorted(graphs.items()):
        claims = named_by.get(name, [])
        if not claims:
            yield ("claim-graph-without-claim", name, None, None, name,
                   f"no claim names the graph <{name}> with hmk:assertion: add the claim "
                   "(statement, report, source) that states these triples")
        elif len(claims) > 1:
            yield ("claim-graph-of-several-claims", name, None, None, name,
                   f"<{name}> is named by {len(claims)} claims; a claim graph belongs to one")
        for s, p, o in sorted(graph):
            if p not in DOMAIN_RELATIONS:
                yield ("other-triple-in-claim-graph", s, p, o, name,
                       f"{short_name(p, ds)} is not a domain relation: move this triple from "
                       f"<{name}> to the default graph")
    seen: dict[tuple, URIRef] = {}
    for name, graph in sorted(graphs.items()):
        for triple in sorted(graph):
            if triple in seen:
                yield ("triple-in-two-claim-graphs", triple[0], triple[1], triple[2], name,
                       f"also in <{seen[triple]}>: state a domain triple in one claim graph")
            seen.setdefault(triple, name)


def _own_graph(claim) -> URIRef | None:
    """Return the claim graph a claim's IRI gives, or None for a claim outside hmkg's IRIs."""
    try:
        return claim_graph(str(claim))
    except ValueError:
        return None


def _line(ds: Dataset, file: str, focus, path, graph) -> int | None:
    """Return the first line of file that names the focus (and the path, when given), inside
    the graph's block when a graph is given; None when the file cannot be read."""
    text = _read(ds, file)
    if text is None:
        return None
    lines = text.splitlines()
    start = 0
    if graph is not None:
        start = next((i for i, line in enumerate(lines) if str(graph) in line), 0)
    names = [re.escape(form) for form in _forms(focus)]
    pattern = re.compile("|".join(names)) if names else None
    predicate = None if path is None else _forms(path)
    for number in range(start, len(lines)):
        line = lines[number]
        names_path = predicate is None or any(form in line for form in predicate)
        if pattern and pattern.search(line) and names_path:
            return number + 1
    if pattern:
        return next((n + 1 for n in range(start, len(lines)) if pattern.search(lines[n])), None)
    return None


def _forms(node) -> list[str]:
    """Return the ways a Turtle file may write an IRI: in full, relative to the instance
    base, or as an hmk: name."""
    text = str(node)
    forms = [f"<{text}>"]
    if text.startswith(str(ID)):
        forms.append(f"<{text[len(str(ID)):]}>")
    if text.startswith(str(HMK)):
        forms.append(f"hmk:{text[len(str(HMK)):]}")
    return forms


def _read(ds: Dataset, file: str) -> str | None:
    """Return a source file's text (named relative to the dataset's root, or as given)."""
    root = getattr(ds, "root", None)
    for path in ((Path(root) / file) if root else None, Path(file)):
        if path is not None and path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
    return None
