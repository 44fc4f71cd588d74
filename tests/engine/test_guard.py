"""The SERVICE guard against the engine's own parser: for every spelling in the corpus the
guard refuses exactly the queries that make pyoxigraph call out, and the query worker
processes cannot reach the network even when a SERVICE call gets past the guard.

The oracle is pyoxigraph itself, run here unguarded and unsandboxed on an empty store with a
local listener standing in for the attacker's target: "calls" means it connected.
"""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph
import pytest

from hmkg import settings
from hmkg.engine import QueryError, QueryRefused, QueryTooComplex
from hmkg.engine.federation import code_text, service_endpoints, spells_service
from hmkg.engine.policy import QueryLimits, check_query
from hmkg.engine.pool import WorkerPool
from hmkg.engine.shape import QueryShape, query_shape, tokenize
from hmkg.engine.worker import Request

JSON = "application/sparql-results+json"
ONE = "BIND(1 AS ?one)"  # a solution to evaluate against, so OPTIONAL/EXISTS really run
STRICTER = "refused though pyoxigraph would not call"

# (query with {url} and {prefix} standing for the listener, does pyoxigraph call it?)
# Every pattern before a SERVICE yields a solution on an empty store, so a call is reached.
CORPUS = [
    # The exact repro strings: a scanner read these as one IRI.
    ("PREFIX c: <{prefix}> SELECT * WHERE { FILTER(1<2)SERVICEc:x#>\n{?x?y?z} }", True),
    ("SELECT * WHERE { FILTER(1<2)SERVICE#>\n<{url}> {?x?y?z} }", True),
    ("SELECT * WHERE { FILTER(1<2)SERVICE SILENT#>\n<{url}> {?x?y?z} }", True),
    ("select * where { filter(1<2)service#>\n<{url}> {?x?y?z} }", True),
    ("SELECT * WHERE { FILTER(1<=2)SERVICE#>\n<{url}> {?x?y?z} }", True),
    # Plain spellings, every place a group graph pattern may sit.
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }", True),
    ("sElEcT * WHERE { sErViCe <{url}> { ?s ?p ?o } }", True),
    ("SELECT * WHERE {SERVICESILENT<{url}>{?s ?p ?o}}", True),
    ("PREFIX r: <{url}> SELECT * WHERE { SERVICE r: { ?s ?p ?o } }", True),
    ("SELECT * WHERE { " + ONE + " OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }", True),
    ("SELECT * WHERE { { " + ONE + " } UNION { SERVICE <{url}> { ?s ?p ?o } } }", True),
    ("SELECT * WHERE { " + ONE + " FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }", True),
    ("SELECT * WHERE { " + ONE + " FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }", True),
    ("SELECT * WHERE { " + ONE + " MINUS { SERVICE <{url}> { ?s ?p ?o } } }", True),
    ("SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }", True),
    ("SELECT * WHERE { " + ONE + " BIND(EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?b) }", True),
    ("ASK { SERVICE <{url}> { ?s ?p ?o } }", True),
    ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }", True),
    # Variable endpoints, bound by VALUES or BIND: pyoxigraph 0.5 never binds them (it
    # answers "unbound"), and the guard refuses them all the same, failing closed.
    ("SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }", STRICTER),
    ("SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }", STRICTER),
    ("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } } VALUES ?e { <{url}> }", STRICTER),
    # Relative endpoint resolved against BASE.
    ("BASE <{url}> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }", True),
    # Strings, comments and IRIs holding >, #, { and the keyword itself.
    ('SELECT * WHERE { BIND("#>" AS ?x) SERVICE <{url}> { ?s ?p ?o } }', True),
    ("SELECT * WHERE { BIND('''it's {''' AS ?x) SERVICE <{url}> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { BIND(<http://e/#> AS ?x) # } comment\n SERVICE <{url}> { ?s ?p ?o } }",
     True),
    ('SELECT * WHERE { BIND("\\"{" AS ?x) SERVICE <{url}> { ?s ?p ?o } }', True),
    ('SELECT * WHERE { BIND("SERVICE <{url}> { }" AS ?x) }', False),
    ("SELECT * WHERE { BIND(1 AS ?x) } # SERVICE <{url}> { ?s ?p ?o }", False),
    ("SELECT ?service WHERE { BIND(<{url}service> AS ?service) }", False),
    ("PREFIX service: <{url}> SELECT * WHERE { BIND(service:x AS ?x) }", False),
    ('SELECT * WHERE { BIND("\\u0053ERVICE <{url}>" AS ?x) }', False),
    ("SELECT * WHERE { BIND(<{url}\\u0023> AS ?x) }", False),
    ("SELECT * WHERE { BIND('a > b # c {' AS ?x) }", False),
    ("SELECT * WHERE { ?s <http://e/serviceArea> ?o }", False),
    # Line ends: SPARQL ends a comment at CR as at LF (rdflib's parser read on to the LF).
    ("SELECT * WHERE { " + ONE + " # x\rSERVICE <{url}> { ?s ?p ?o } \n}", True),
    ("SELECT * WHERE { " + ONE + " # x\r\nSERVICE <{url}> { ?s ?p ?o } }", True),
    # A line starting with # inside a long string is content, and the string closes mid-line.
    ('SELECT * WHERE { BIND("""\n# """ AS ?x) SERVICE <{url}> { ?s ?p ?o } }', True),
    ("SELECT * WHERE { BIND('''\n  # ''' AS ?x) SERVICE <{url}> { ?s ?p ?o } }", True),
    ("# asks no SERVICE <{url}>\r  # at all\nSELECT * WHERE { " + ONE + " }", False),
    # pyoxigraph ends a prefixed name at its second dot; rdflib reads on (found by review).
    ("PREFIX ex: <http://e/> PREFIX c: <{prefix}> SELECT * WHERE { ?s ?p ex:a.b.SERVICEc:x {} }",
     True),
    ("PREFIX ex: <http://e/> PREFIX c: <{prefix}> SELECT * WHERE { ?s ?p ex:a.b.SERVICESILENTc:x {} }",
     True),
    ("PREFIX ex: <http://e/> SELECT * WHERE { " + ONE + " BIND(ex:service.area AS ?x) }", False),
    # rdflib decodes \u escapes before it reads the query, pyoxigraph only inside strings.
    ('SELECT * WHERE { ' + ONE + ' BIND("\\u005C" AS ?a) SERVICE <{url}> {} BIND(" AS ?b) #" AS ?c)\n}',
     True),
    ('SELECT * WHERE { ' + ONE + ' BIND("\\u0022 AS ?a) #" AS ?a) SERVICE <{url}> {}\n}', True),
    ('SELECT * WHERE {\n' + ONE + '\n# \\u000A BIND("""\nSERVICE <{url}> {}\n# """ AS ?z)\n}', True),
    ('SELECT * WHERE { ' + ONE + ' BIND("caf\\u00E9" AS ?x) ?s <http://e/serviceArea> ?o }', False),
    # pyoxigraph reads a prefixed name's local part again when its IRI is not valid.
    ("PREFIX e: <{prefix}> PREFIX ex: <http://> SELECT * WHERE { ?s <http://x/p>* ex:SERVICEe:x {} }",
     True),
    ("PREFIX : <{prefix}> PREFIX ex: <http://> SELECT * WHERE { ?s <http://x/p>* ex:SERVICE:x {} }",
     True),
    ("PREFIX ex: <http://x:> SELECT * WHERE { ?s ?p ex:SERVICE <{url}> {} }", True),
    ("PREFIX ex: <http://x:> SELECT * WHERE { ?s ?p ex:SERVICESILENT <{url}> {} }", True),
]


@pytest.fixture(scope="module")
def listener():
    """A 127.0.0.1 port that accepts, counts and closes every connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    seen = {"connections": 0}

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            seen["connections"] += 1
            connection.close()

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], seen
    server.close()


def _filled(template: str, port: int) -> str:
    url = f"http://127.0.0.1:{port}/sparql"
    return template.replace("{url}", url).replace("{prefix}", url + "/")


def _pyoxigraph_calls(query: str, seen: dict) -> bool:
    """Run the query unguarded on an empty store; tell whether it reached the listener."""
    before = seen["connections"]
    try:
        result = pyoxigraph.Store().query(query)
        if not isinstance(result, pyoxigraph.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    for _ in range(50):  # the accept thread counts asynchronously
        if seen["connections"] > before:
            return True
        threading.Event().wait(0.01)
    return False


@pytest.mark.parametrize(("template", "calls"), CORPUS)
def test_guard_refuses_exactly_what_pyoxigraph_would_call(listener, template, calls):
    port, seen = listener
    query = _filled(template, port)
    assert _pyoxigraph_calls(query, seen) is (calls is True)  # the engine's truth
    if calls:
        with pytest.raises(QueryRefused, match="SERVICE"):
            check_query(query)
    else:
        check_query(query)


def test_an_escaped_keyword_is_screened_as_a_possible_call():
    # SPARQL allows \u escapes anywhere; the screen decodes them before looking.
    assert spells_service("SELECT * { \\u0053ERVICE <http://e/> {} }")
    assert spells_service("SELECT * { \u017fERVICE <http://e/> {} }")  # long s upper-cases to S
    assert not spells_service("SELECT * WHERE { ?s ?p ?o }")


def test_whole_line_comments_are_not_code():
    query = "SELECT ?serviceArea WHERE { ?s <http://e/serviceArea> ?serviceArea }"
    noted = "# the service areas\n" + query + "\n  # cache-buster 17"
    assert code_text(noted) == "\n" + query + "\n"
    assert code_text(noted.replace("17", "18")) == code_text(noted)  # one cached verdict
    assert not spells_service("# which services?\r\nSELECT * WHERE { ?s ?p ?o }")
    # Kept where a line may not be what it seems: long strings, \u escapes.
    assert spells_service('SELECT * { BIND("""x\n# service""" AS ?x) }')
    assert spells_service('SELECT * { BIND("\\u0041" AS ?x) }\n# service')


def test_allow_listed_endpoints_are_read_from_the_parse():
    query = "PREFIX r: <http://remote.example/> SELECT * { SERVICE r:sparql { ?s ?p ?o } }"
    assert service_endpoints(query) == ("http://remote.example/sparql",)
    check_query(query, ["http://remote.example/sparql"])
    with pytest.raises(QueryRefused, match="variable or relative"):
        check_query("SELECT * { VALUES ?e { <http://remote.example/sparql> } SERVICE ?e {} }",
                    ["http://remote.example/sparql"])


@pytest.mark.parametrize(("query", "limit"), [
    ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, "HMKG_QUERY_MAX_DEPTH"),
    ("SELECT * WHERE { BIND(" + "+".join(["1"] * 10000) + " AS ?x) }", "HMKG_QUERY_MAX_TOKENS"),
])
def test_limits_are_checked_before_any_parser(query, limit):
    with pytest.raises(QueryTooComplex, match=limit):
        check_query(query)


def test_a_query_is_read_into_the_tokens_its_shape_is_made_of():
    query = ('PREFIX ex: <http://e/> # a comment\nSELECT ?s FROM <http://g/> '
             'WHERE { ?s ex:p "x, y"@en ; ex:q 1.5e2 , _:b . FILTER (?s != :c) }')
    assert tokenize(query) == [
        ("word", "PREFIX"), ("pname", "ex:"), ("iri", "<http://e/>"), ("word", "SELECT"),
        ("var", "?s"), ("word", "FROM"), ("iri", "<http://g/>"), ("word", "WHERE"),
        ("other", "{"), ("var", "?s"), ("pname", "ex:p"), ("string", '"x, y"'),
        ("langtag", "@en"), ("other", ";"), ("pname", "ex:q"), ("number", "1.5e2"),
        ("other", ","), ("bnode", "_:b"), ("other", "."), ("word", "FILTER"), ("other", "("),
        ("var", "?s"), ("other", "!"), ("other", "="), ("pname", ":c"), ("other", ")"),
        ("other", "}")]
    assert query_shape(query) == QueryShape(form="SELECT", update_keyword=None,
                                            has_dataset_clause=True, tokens=27, depth=2)


def test_limits_are_settings():
    nested = "SELECT * WHERE { { { ?s ?p ?o } } }"
    check_query(nested, limits=QueryLimits(max_depth=3))
    with pytest.raises(QueryTooComplex, match="3 deep; the limit is 2"):
        check_query(nested, limits=QueryLimits(max_depth=2))
    with pytest.raises(QueryTooComplex, match="the limit is 5"):
        check_query(nested, limits=QueryLimits(max_tokens=5))


@pytest.fixture(scope="module")
def pools(tiny_dist):
    """A sandboxed pool and an unsandboxed one over the tiny release."""
    sandboxed = WorkerPool(str(tiny_dist / "hmkg.nq"), 1)
    networked = WorkerPool(str(tiny_dist / "hmkg.nq"), 1, network=True)
    yield sandboxed, networked
    sandboxed.close()
    networked.close()


def _service_request(port: int) -> Request:
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    return Request(query, JSON, None, None, None, None, 10)


def test_a_sandboxed_worker_cannot_connect_even_past_the_guard(pools, listener):
    port, seen = listener
    before = seen["connections"]
    reply = pools[0].call(_service_request(port), timeout=20)  # the pool has no guard
    assert reply[:2] == ("error", "QueryError")
    assert "Permission denied" in reply[2]
    threading.Event().wait(0.3)
    assert seen["connections"] == before


def test_an_unsandboxed_worker_does_connect(pools, listener):
    # The control: the same request from a worker outside the sandbox reaches the listener,
    # so the test above can fail.
    port, seen = listener
    before = seen["connections"]
    pools[1].call(_service_request(port), timeout=20)
    threading.Event().wait(0.3)
    assert seen["connections"] > before


def test_evaluation_errors_are_query_errors(engine):
    with pytest.raises(QueryError, match="custom function <http://example.org/f>"):
        engine.query("SELECT * WHERE { BIND(<http://example.org/f>(1) AS ?x) }",
                     solutions_format=JSON, graph_format=None)


def test_a_slow_guard_parse_is_stopped_at_the_time_limit(tiny_dist):
    # rdflib needs ~18 s for this (it spells SERVICE, so it must be parsed): the parse runs
    # in the query worker, which is killed at the limit, not in the caller's process.
    from hmkg.engine import QueryTimeout
    from hmkg.engine.embedded import EmbeddedEngine

    slow = "SELECT * WHERE { BIND(" + "+".join(["1"] * 4900) + " AS ?service) }"
    engine = EmbeddedEngine(settings.load({"DIST": tiny_dist, "QUERY_WORKERS": 1, "QUERY_TIMEOUT": 1.0}))
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            engine.query(slow, solutions_format=JSON, graph_format=None)
        assert time.monotonic() - started < 5
    finally:
        engine.close()
