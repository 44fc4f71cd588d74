"""`hmkg serve --store` over real HTTP: gunicorn serving answers from a published store, with
the store's credentials read from HMKG_STORE_USER / HMKG_STORE_PASSWORD."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from hmkg.queries import get_question

from remote_helpers import bindings_by_value
from stores import free_port

HMKG = Path(sys.executable).with_name("hmkg")


@pytest.fixture
def served(published, dist_dir, tmp_path):
    """Run `hmkg serve --store` on a free port; yield its base URL; stop it."""
    port = free_port()
    env = {**os.environ, "HMKG_STORE_USER": published.user or "",
           "HMKG_STORE_PASSWORD": published.password or ""}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(HMKG), "serve", "--store", published.update_url if published.user
             else published.query_url, "--port", str(port), "--dist", str(dist_dir)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process, log)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


def _wait(base: str, process: subprocess.Popen, log: Path, limit: float = 30) -> None:
    """Wait until the server answers; fail with its log if it dies or never does."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"hmkg serve --store did not start:\n{log.read_text(errors='replace')}")


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
