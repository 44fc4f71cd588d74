"""`hmkg serve --store` over real HTTP: granian serving answers from a published store, with
the store's credentials read from HMKG_STORE_USER / HMKG_STORE_PASSWORD."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from hmkg.queries import get_question

from live_server import hmkg_serve
from remote_helpers import bindings_by_value


@pytest.fixture
def served(published, dist_dir, tmp_path):
    """Run `hmkg serve --store` on a free port; yield its base URL and log; stop it."""
    store = published.update_url if published.user else published.query_url
    env = {"HMKG_STORE_USER": published.user or "", "HMKG_STORE_PASSWORD": published.password or ""}
    log = tmp_path / "serve.log"
    with hmkg_serve(["--store", store, "--dist", str(dist_dir)], log, env, limit=30) as base:
        yield base, log


def test_serve_answers_a_competency_question_from_the_store(served, embedded_app, published):
    base, _ = served
    query = get_question("CQ07").sparql
    request = urllib.request.Request(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        assert response.status == 200
    expected = embedded_app.test_client().get("/sparql", query_string={"query": query},
                                              headers={"Accept": "application/sparql-results+json"})
    assert bindings_by_value(body) == bindings_by_value(expected.data)
    assert json.loads(body)["results"]["bindings"]
