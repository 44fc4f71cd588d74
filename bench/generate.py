"""Generate synthetic hmkg source trees at N times the size of the real graph, deterministically.

A synthetic study is a renamed copy of a real one: every resource under
https://w3id.org/hmkg/id/ (reports, studies, authors, affiliations, manager groups, networks,
findings, hedges, evidence, text-quote selectors, source documents...) gets a copy whose IRI
carries the suffix -s<k>; values that must stay unique (DOIs, PubMed IDs, source keys) and
names (labels, titles) are rewritten so each copy is distinct, as a new study's would be. Vocabulary, structure and quoted passages stay those of the
real data, so every shape and every rule applies to each copy as to the original; copy 0 is the
real data itself, so scale 1 is the real graph. A statement made only of shared terms (e.g. a
claim graph's contrast between two ontology concepts) is not copied: a copy would state the same
triple in a second claim graph, which the claim-graph rules refuse. The journal, the funding programme and
NIHR stay shared: many reports in one journal, as in life. Claim graphs are copied as claim
graphs: a copy's claim <id/finding/hsdr-2-12-s<k>/slug> asserts its triples in
<graph/claim/hsdr-2-12-s<k>/slug>, so the copies are TriG files.

Output: a source root (ontology/, shapes/, queries/ linked to the real ones, data/ synthetic)
that `hmkg build` reads with HMKG_SOURCE_ROOT=<dir>.

    .venv/bin/python bench/generate.py --scale 10 --out bench/.data/x10
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from hmkg.namespaces import GRAPH_CLAIM
from hmkg.prefixes import PREFIXES
from hmkg.pipeline.load import read_quads, read_triples

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/hmkg/id/"
HMK = "https://w3id.org/hmkg/ontology#"
DOI_IRI = "https://doi.org/"
DOI = PREFIXES["prism"] + "doi"
PUBMED_ID = PREFIXES["fabio"] + "hasPubMedId"
SHARED = (ID + "journal/", ID + "funding-programme/", ID + "organisation/nihr")
COPIES_PER_FILE = 25
# Names a copy renames, so labels stay as distinct as new studies' would be (quotes stay exact).
NAMES = {"http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title",
         "http://www.w3.org/2004/02/skos/core#prefLabel"}


def read_real_quads(root: Path = ROOT) -> list[tuple]:
    """Return every (s, p, o, graph) of the real data folder, graph None for the default
    graph, each once, Turtle and TriG files alike (parsed as the load step parses them)."""
    files = sorted(p for p in (root / "data").rglob("*") if p.suffix in (".ttl", ".trig"))
    if not files:
        raise SystemExit(f"no data files under {root / 'data'}")
    quads = set()
    for path in files:
        if path.suffix == ".trig":
            quads.update(read_quads(path, str(path))[0])
        else:
            quads.update((*t, None) for t in read_triples(path, str(path))[0])
    return list(quads)


def read_real_data(root: Path = ROOT) -> Graph:
    """Return every triple of the real data folder (claim graphs included) as one graph."""
    graph = Graph()
    for s, p, o, _ in read_real_quads(root):
        graph.add((s, p, o))
    return graph


def _iri_term(iri: str):
    """Return a copy-k renderer for an IRI (a constant when it is not copied)."""
    if iri.startswith(str(GRAPH_CLAIM)):  # graph/claim/{report}/{slug}: the copy's own graph
        report, _, slug = iri[len(str(GRAPH_CLAIM)):].partition("/")
        return lambda k: f"<{GRAPH_CLAIM}{report}-s{k}/{slug}>"
    if iri.startswith(ID) and not iri.startswith(SHARED):
        kind, _, rest = iri[len(ID):].partition("/")
        head, sep, tail = rest.partition("/")
        return lambda k: f"<{ID}{kind}/{head}-s{k}{sep}{tail}>"
    if iri.startswith(DOI_IRI):
        return lambda k: f"<{iri}.s{k}>"
    return f"<{iri}>"


def _literal_term(literal: Literal, predicate: str, copied_subject: bool):
    """Return a copy-k renderer for a literal that must differ per copy, else a constant."""
    text = literal.n3()
    if copied_subject and predicate in NAMES:
        return lambda k: Literal(f"{literal} (synthetic copy {k})", lang=literal.language,
                                 datatype=literal.datatype).n3()
    if predicate == DOI:
        return lambda k: Literal(f"{literal}.s{k}").n3()
    if predicate == HMK + "sourceKey":
        return lambda k: Literal(f"{literal}-S{k}").n3()
    if predicate == PUBMED_ID:
        return lambda k: Literal(str(int(literal) + k)).n3()
    return text


def _stable_key(quad) -> tuple:
    """Order quads independently of the random labels rdflib gives blank nodes."""
    return tuple("" if t is None or isinstance(t, BNode) else t.n3() for t in quad)


def templates(quads: list[tuple]) -> list[tuple]:
    """Return, per quad that a copy renames, a renderer (text or function of k) per term; the
    graph's renderer is None for the default graph."""
    rows, blank_names = [], {}
    for s, p, o, g in sorted(quads, key=_stable_key):
        row = []
        for term in (s, p, o):
            if isinstance(term, URIRef):
                row.append(_iri_term(str(term)))
            elif isinstance(term, BNode):
                name = blank_names.setdefault(term, f"b{len(blank_names)}")
                row.append(lambda k, name=name: f"_:c{k}{name}")
            else:
                row.append(_literal_term(term, str(p), not isinstance(row[0], str)))
        if not all(isinstance(t, str) for t in row):  # facts about shared nodes stay single
            rows.append((*row, None if g is None else _iri_term(str(g))))
    return rows


def render(rows: list[tuple], k: int) -> str:
    """Return copy k of the data as TriG: one N-Triples line per default-graph triple, one
    one-triple GRAPH block per claim-graph triple (blocks of one graph merge)."""
    out = []
    for *row, graph in rows:
        line = " ".join(t if isinstance(t, str) else t(k) for t in row) + " ."
        out.append(line + "\n" if graph is None else
                   f"{graph if isinstance(graph, str) else graph(k)} {{ {line} }}\n")
    return "".join(out)


def write_copies(rows: list[tuple], scale: int, data_dir: Path) -> int:
    """Write copies 1..scale-1 into data_dir in files of COPIES_PER_FILE; return triples."""
    written = 0
    for first in range(1, scale, COPIES_PER_FILE):
        last = min(scale, first + COPIES_PER_FILE)
        path = data_dir / f"synthetic-{first:04d}-{last - 1:04d}.trig"
        with path.open("w", encoding="utf-8") as out:
            out.write(f"# Synthetic copies {first}..{last - 1} (bench/generate.py)\n")
            for k in range(first, last):
                out.write(render(rows, k))
                written += len(rows)
    return written


def _link(target: Path, link: Path) -> None:
    """Point link at target (replacing it), copying when symlinks are unavailable."""
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    try:
        os.symlink(target, link, target_is_directory=target.is_dir())
    except OSError:
        (shutil.copytree if target.is_dir() else shutil.copy)(target, link)


def generate(scale: int, out: Path, root: Path = ROOT) -> int:
    """Write a source root with `scale` copies of the real data; return the data triples."""
    if scale < 1:
        raise ValueError("scale must be >= 1")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        _link(root / name, out / name)
    data_dir = out / "data"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    shutil.copytree(root / "data", data_dir)  # copy 0: the real data, untouched
    real = read_real_quads(root)
    return len(real) + write_copies(templates(real), scale, data_dir)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and generate one scale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, required=True, help="copies of the real data")
    parser.add_argument("--out", type=Path, required=True, help="source root to write")
    args = parser.parse_args(argv)
    triples = generate(args.scale, args.out)
    print(f"scale {args.scale}: {triples} data triples -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
