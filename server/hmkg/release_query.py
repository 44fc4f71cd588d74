"""Run one SPARQL query against a published release with pyoxigraph (the CLI's `hmkg query`)."""

from __future__ import annotations

import json
from pathlib import Path

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat,
                        QuerySolutions, RdfFormat, Store, serialize)

from hmkg.namespaces import SERVED_GRAPHS
from hmkg.pipeline.render import table
from hmkg.prefixes import CORE_PREFIXES

RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
                  "json": QueryResultsFormat.JSON}
# CONSTRUCT/DESCRIBE answers: Turtle for people, JSON-LD for json, one triple a line for csv/tsv.
GRAPH_FORMATS = {"table": RdfFormat.TURTLE, "json": RdfFormat.JSON_LD,
                 "csv": RdfFormat.N_TRIPLES, "tsv": RdfFormat.N_TRIPLES}
# hmk:, rdfs:... work in queries without PREFIX lines, and name terms in tables and Turtle.
PREFIXES = CORE_PREFIXES


def open_release(dist: Path) -> Store:
    """Load dist/hmkg.nq into an in-memory store; FileNotFoundError if there is no release."""
    dump = Path(dist) / "hmkg.nq"
    if not dump.is_file():
        raise FileNotFoundError(f"{dump}: no release here (run `hmkg build` first)")
    store = Store()
    store.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    return store


def run_query(store: Store, sparql: str, fmt: str) -> str:
    """Run a query over the served graphs and format its answer (table, csv, tsv or json;
    a graph answer as Turtle, JSON-LD, or N-Triples for csv/tsv)."""
    result = store.query(sparql, default_graph=[NamedNode(str(g)) for g in SERVED_GRAPHS],
                         prefixes=PREFIXES)  # hmk:, rdfs:... work without PREFIX lines
    if isinstance(result, QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)}) if fmt == "json" \
            else str(bool(result)).lower()
    if not isinstance(result, QuerySolutions):
        rdf_format = GRAPH_FORMATS[fmt]
        prefixes = PREFIXES if rdf_format is RdfFormat.TURTLE else None
        return serialize(list(result), format=rdf_format, prefixes=prefixes).decode()
    if fmt == "table":
        return solutions_table(result)
    return result.serialize(format=RESULT_FORMATS[fmt]).decode()


def solutions_table(solutions: QuerySolutions) -> str:
    """Format SELECT solutions as an aligned text table with prefixed names."""
    names = [v.value for v in solutions.variables]
    rows = [[show(solution[name]) for name in names] for solution in solutions]
    return table(names, rows) + f"\n({len(rows)} rows)"


def show(term) -> str:
    """Render one RDF term for a person: prefixed IRI, plain literal, _:blank."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, space in PREFIXES.items():
            if term.value.startswith(space) and len(term.value) > len(space):
                return f"{prefix}:{term.value[len(space):]}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal) and term.language:
        return f"{term.value}@{term.language}"
    return term.value
