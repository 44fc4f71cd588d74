"""The release-keyed answer cache: ETag, Cache-Control and 304 on GET, reuse without the
engine, nothing kept for capped or failed answers, everything forgotten on a new release."""

from __future__ import annotations

import json

import pytest

from hmkg.web.answer_cache import AnswerCache, AnswerKey, CachedAnswer
from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

from fake_engine import FakeEngine

JSON = "application/sparql-results+json"
NAMES = "SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"
NAME_VALUES = ["Alpha, \"the first\"\nline two", "Bravo", "Ωmega\tτ"]


class ReleasedEngine(FakeEngine):
    """FakeEngine serving a named release, as the embedded engine does."""

    release_id = "release-A"


@pytest.fixture
def served():
    """(app's test client, its engine) with a release id; result cap 5."""
    engine = None

    def factory(config):
        nonlocal engine
        engine = ReleasedEngine(config)
        return engine

    app = create_app({"TESTING": True, "ENGINE_FACTORY": factory, "RESULT_CAP": 5})
    client = app.test_client()
    client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": JSON})
    yield client, engine
    close_engine(app)


def _get(client, query=NAMES, accept=JSON, **headers):
    return client.get("/sparql", query_string={"query": query},
                      headers={"Accept": accept, **headers})


def _names(response) -> list[str]:
    return [row["n"]["value"] for row in json.loads(response.data)["results"]["bindings"]]


def test_get_answer_carries_a_weak_etag_and_public_cache_control(served):
    client, engine = served
    response = _get(client)
    assert response.status_code == 200
    assert _names(response) == NAME_VALUES
    etag, weak = response.get_etag()
    assert weak and len(etag) == 32
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response.headers["Vary"]
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_repeated_query_is_answered_from_the_cache(served):
    client, engine = served
    calls = len(engine.calls)
    first, second = _get(client), _get(client, query="\r\n" + NAMES + "  \r\n")
    assert len(engine.calls) == calls + 1  # the second (same query, other blanks) reused it
    assert second.status_code == 200
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"


def test_if_none_match_is_answered_304_without_the_engine(served):
    client, engine = served
    etag = _get(client).headers["ETag"]
    calls = len(engine.calls)
    response = _get(client, **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response.headers["Vary"]
    assert len(engine.calls) == calls
    other = _get(client, **{"If-None-Match": 'W/"0123"'})
    assert other.status_code == 200 and _names(other) == NAME_VALUES


def test_other_format_is_another_answer_with_another_etag(served):
    client, engine = served
    as_json = _get(client)
    calls = len(engine.calls)
    as_csv = _get(client, accept="text/csv", **{"If-None-Match": as_json.headers["ETag"]})
    assert as_csv.status_code == 200
    assert as_csv.data.decode().splitlines()[0] == "n"
    assert as_csv.headers["ETag"] != as_json.headers["ETag"]
    assert len(engine.calls) == calls + 1


def test_a_new_release_invalidates_every_answer(served):
    client, engine = served
    old = _get(client)
    engine.release_id = "release-B"
    calls = len(engine.calls)
    response = _get(client, **{"If-None-Match": old.headers["ETag"]})
    assert response.status_code == 200  # the old tag names the old release's answer
    assert response.headers["ETag"] != old.headers["ETag"]
    assert _names(response) == NAME_VALUES
    assert len(engine.calls) == calls + 1
    engine.release_id = "release-A"  # back again: the cache forgot A's answers too
    _get(client)
    assert len(engine.calls) == calls + 2


def test_capped_answer_is_neither_cached_nor_tagged(served):
    client, engine = served
    everything = "SELECT * WHERE { ?s ?p ?o }"  # 10 triples, cap 5
    calls = len(engine.calls)
    for _ in range(2):
        response = _get(client, query=everything)
        assert response.status_code == 200
        assert response.headers["HMKG-Result-Capped"] == "true"
        assert "ETag" not in response.headers
        assert "Cache-Control" not in response.headers
    assert len(engine.calls) == calls + 2


def test_failed_answer_is_not_cached(served):
    client, engine = served
    calls = len(engine.calls)
    for _ in range(2):
        response = _get(client, query="SELECT * WHERE { ?s ?p ?o } #slow")
        assert response.status_code == 503
        assert "ETag" not in response.headers
    assert len(engine.calls) == calls + 2


def test_post_reuses_the_answer_but_carries_no_validators(served):
    client, engine = served
    tagged = _get(client)
    calls = len(engine.calls)
    response = client.post("/sparql", data=NAMES, headers={
        "Content-Type": "application/sparql-query", "Accept": JSON,
        "If-None-Match": tagged.headers["ETag"]})
    assert response.status_code == 200
    assert _names(response) == NAME_VALUES
    assert "ETag" not in response.headers and "Cache-Control" not in response.headers
    assert len(engine.calls) == calls


def test_engine_without_release_is_never_cached(fake_client, fake_app):
    first = _get(fake_client)
    second = _get(fake_client)
    assert first.status_code == second.status_code == 200
    assert "ETag" not in first.headers
    engine = fake_app.extensions["hmkg.engine"]
    assert len(engine.calls) == 2


def _key(query: str) -> AnswerKey:
    return AnswerKey.of(query, default_graph_uris=(), named_graph_uris=(),
                        solutions_format=JSON, graph_format=None, base_iri=None, limit=10)


def test_cache_evicts_least_recently_used_past_its_size():
    cache = AnswerCache(max_bytes=10)
    cache.put("r", _key("a"), CachedAnswer(b"1234", JSON, 1))
    cache.put("r", _key("b"), CachedAnswer(b"5678", JSON, 1))
    assert cache.get("r", _key("a")).body == b"1234"  # a is now the most recently used
    cache.put("r", _key("c"), CachedAnswer(b"9012", JSON, 1))
    assert cache.get("r", _key("b")) is None
    assert [cache.get("r", _key(q)).body for q in "ac"] == [b"1234", b"9012"]
    cache.put("r", _key("huge"), CachedAnswer(b"x" * 11, JSON, 1))  # larger than the cache
    assert cache.get("r", _key("huge")) is None and len(cache) == 2
