"""`hmkg query` and /sparql run the same engine: the same bad query gets the same message,
and syntax errors are explained in words."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hmkg.cli import main

BAD_QUERIES = [
    # (query, HTTP status, the message both give)
    ('INSERT DATA { <http://x/a> <http://x/b> "c" }', 403,
     "Refused: SPARQL Update is not accepted: this endpoint is read-only; the data is rebuilt "
     "from the source files (hmkg build). (found INSERT)"),
    ("SELECT * WHERE { ?s foo:bar ?o }", 400,
     "Malformed query: syntax error at 1:28: the prefix foo: is not declared; add a line such "
     "as PREFIX foo: <http://example.org/ns#> before the query"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 5", 400,
     "Malformed query: syntax error at 1:35: LIMT is not a SPARQL keyword; did you mean LIMIT? "
     "(the parser expected one of HAVING, OFFSET, OPTIONAL, VALUES)"),
    ("SELEC ?s WHERE { ?s ?p ?o }", 400,
     "Malformed query: syntax error at 1:10: SELEC is not a SPARQL keyword; did you mean "
     "SELECT? (the parser expected CONSTRUCT)"),
    ("SELECT * WHERE { ?s ?p ?o ", 400,
     'Malformed query: syntax error at 1:27: expected one of ",", ".", ";", "{", "{|", "}", '
     '"~", [_]'),
]


@pytest.mark.parametrize(("query", "status", "message"), BAD_QUERIES)
def test_the_endpoint_and_the_cli_say_the_same(client, dist_dir, query, status, message):
    response = client.get("/sparql", query_string={"query": query})
    assert (response.status_code, response.get_data(as_text=True)) == (status, message + "\n")
    result = CliRunner().invoke(main, ["query", "--dist", str(dist_dir), query])
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"


def test_the_cli_keeps_positions_in_the_users_lines(dist_dir):
    # hmk: is declared for the CLI on a line of its own; the position stays the user's.
    result = CliRunner().invoke(main, ["query", "--dist", str(dist_dir),
                                       "SELECT ?c WHERE {\n ?c a hmk:Finding } LIMT 1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Malformed query: syntax error at 2:27: LIMT is not "
                                    "a SPARQL keyword; did you mean LIMIT?")


def test_the_cli_answers_with_the_endpoints_writers(client, dist_dir):
    query = "SELECT ?o WHERE { ?o a <http://www.w3.org/2002/07/owl#Ontology> } ORDER BY ?o"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    result = CliRunner().invoke(main, ["query", "--dist", str(dist_dir), "--format", "csv", query])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode() == response.get_data(as_text=True) == (
        "o\r\nhttps://w3id.org/hmkg/ontology\r\nhttps://w3id.org/hmkg/ontology/core\r\n"
        "https://w3id.org/hmkg/ontology/knowledge\r\nhttps://w3id.org/hmkg/ontology/networks\r\n"
        "https://w3id.org/hmkg/ontology/studies\r\n")
