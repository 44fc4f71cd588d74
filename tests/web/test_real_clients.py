"""Unmodified third-party clients run competency questions against the live server:
SPARQLWrapper, rdflib's SPARQLStore, and Comunica (@comunica/query-sparql 4, from npm)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper

from protocol_helpers import expected_rows, rdflib_answer

from hmkg.pipeline.rdfcompat import rdflib_internals

pytestmark = pytest.mark.slow

COMUNICA = Path(__file__).parent / "js" / "node_modules" / ".bin" / "comunica-sparql"
ONTOLOGY_LISTS = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/hmkg/graph/ontology> "
                  "{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }")


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_runs_competency_questions(live_server, served_dataset, cq, method):
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setMethod(method)
    # SPARQLWrapper guesses the query form from the first keyword-like word, comments included
    # ("which studies does the graph describe"): give it the query without its header comments.
    client.setQuery(_without_comment_lines(cq.sparql))
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    rows = Result.parse(io.StringIO(json.dumps(answer)), format="json")
    assert expected_rows(rows) == expected_rows(rdflib_answer(served_dataset, cq.sparql))


def _without_comment_lines(sparql: str) -> str:
    """Drop whole-line comments (the catalogue's header) from a query."""
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


# SPARQLWrapper 2.0 parses RDF/XML answers into a ConjunctiveGraph, which rdflib 7.6 deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning:SPARQLWrapper")
@pytest.mark.parametrize("fmt", [TURTLE, XML])
def test_sparqlwrapper_construct(live_server, served_dataset, fmt):
    client = SPARQLWrapper(f"{live_server.url}/sparql")
    client.setQuery(ONTOLOGY_LISTS)
    client.setReturnFormat(fmt)
    with rdflib_internals():
        result = client.query().convert()
        graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert isomorphic(graph, rdflib_answer(served_dataset, ONTOLOGY_LISTS).graph)


def test_rdflib_sparqlstore_runs_competency_questions(live_server, served_dataset, cq):
    store = SPARQLStore(f"{live_server.url}/sparql", returnFormat="json")
    with rdflib_internals():
        got = expected_rows(Graph(store=store).query(cq.sparql))
    store.close()
    assert got == expected_rows(rdflib_answer(served_dataset, cq.sparql))


@pytest.fixture(scope="session")
def comunica() -> Path:
    """The Comunica CLI installed by `npm ci --prefix tests/web/js` (fails loudly if missing)."""
    if not COMUNICA.exists():
        pytest.fail(f"{COMUNICA} is missing: run `npm ci --prefix tests/web/js` (make test does).")
    return COMUNICA


def test_comunica_runs_competency_questions(live_server, served_dataset, comunica, cq_sample, tmp_path):
    cq = cq_sample
    query_file = tmp_path / f"{cq.id}.rq"
    query_file.write_text(cq.sparql, encoding="utf-8")
    run = subprocess.run(
        [str(comunica), f"sparql@{live_server.url}/sparql", "-f", str(query_file),
         "-t", "application/sparql-results+json"],
        capture_output=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr.decode()
    rows = Result.parse(io.BytesIO(run.stdout), format="json")
    assert expected_rows(rows) == expected_rows(rdflib_answer(served_dataset, cq.sparql))
