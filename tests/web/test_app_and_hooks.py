"""The factory's configuration, proxy handling, app-wide hooks and the granian settings."""

from __future__ import annotations

import gzip

import pytest
from flask import send_file

from hmkg.web import hooks, serve
from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

from fake_engine import FakeEngine
from protocol_helpers import result_rows, send
from hmkg.web import media


def test_configuration_layers(monkeypatch):
    monkeypatch.setenv("HMKG_QUERY_TIMEOUT", "3")
    monkeypatch.setenv("HMKG_RESULT_CAP", "50")
    monkeypatch.setenv("HMKG_SERVICE_ALLOWLIST", "https://a.example/sparql, https://b.example/sparql")
    app = create_app({"RESULT_CAP": 7})
    assert app.config["QUERY_TIMEOUT"] == 3  # environment over defaults
    assert app.config["RESULT_CAP"] == 7  # explicit over environment
    assert app.config["SERVICE_ALLOWLIST"] == ("https://a.example/sparql", "https://b.example/sparql")
    assert app.config["MAX_BODY"] == app.config["MAX_CONTENT_LENGTH"] == 100 * 1024
    assert {"sparql", "pages", "resources", "downloads"} <= set(app.blueprints)


def test_defaults_without_environment(monkeypatch):
    for key in ("QUERY_TIMEOUT", "RESULT_CAP", "MAX_BODY", "PUBLIC_URL", "STORE", "QUERY_WORKERS"):
        monkeypatch.delenv(f"HMKG_{key}", raising=False)
    config = create_app().config
    assert (config["QUERY_TIMEOUT"], config["RESULT_CAP"], config["MAX_BODY"]) == (10.0, 10_000, 102_400)
    assert (config["PUBLIC_URL"], config["STORE"], config["QUERY_WORKERS"]) == ("http://127.0.0.1:8000", None, 2)
    assert config["SERVICE_ALLOWLIST"] == ()


def test_proxy_headers_set_the_base_iri(fake_client):
    response = send(fake_client, "GET", "SELECT ?x WHERE { BIND(<rel> AS ?x) }", accept="text/csv",
                    headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kg.example.org"})
    assert set(result_rows(response.data, media.CSV)) == {("https://kg.example.org/rel",)}


def test_head_answers_like_get_without_a_body(fake_client):
    get = fake_client.get("/sparql?query=ASK{}")
    head = fake_client.head("/sparql?query=ASK{}")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]


def test_answers_link_to_the_service_description(fake_client):
    response = fake_client.get("/sparql?query=ASK{}")
    assert response.headers["Link"] == '<https://example.org/hmkg/sparql>; rel="service-desc"'


@pytest.fixture
def file_app(tmp_path):
    """An app with an extra route serving a file the way downloads do (send_file)."""
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine})
    path = tmp_path / "big.ttl"
    path.write_text("<http://e/s> <http://e/p> \"o\" .\n" * 200, encoding="utf-8")
    tiny = tmp_path / "tiny.png"
    tiny.write_bytes(b"\x89PNG" + b"\x00" * 2000)
    app.add_url_rule("/file.ttl", "file_ttl", lambda: send_file(path, mimetype="text/turtle"))
    app.add_url_rule("/file.png", "file_png", lambda: send_file(tiny, mimetype="image/png"))
    yield app, path
    close_engine(app)


def test_gzip_covers_files_and_keeps_revalidation(file_app):
    app, path = file_app
    client = app.test_client()
    with client.get("/file.ttl", headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.data) == path.read_bytes()
        assert "Accept-Ranges" not in zipped.headers
        etag = zipped.headers["ETag"]
    assert etag.startswith("W/")  # the compressed bytes differ from the file's
    with client.get("/file.ttl", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_gzip_of_a_file_is_computed_once_per_etag(file_app):
    app, path = file_app
    client = app.test_client()
    bodies = []
    for _ in range(2):
        with client.get("/file.ttl", headers={"Accept-Encoding": "gzip"}) as zipped:
            bodies.append(zipped.data)
    assert bodies[0] == bodies[1] and gzip.decompress(bodies[0]) == path.read_bytes()
    assert any(key[1] == len(path.read_bytes()) for key in hooks._gzipped)


def test_gzip_skips_binary_types(file_app):
    app, _ = file_app
    with app.test_client().get("/file.png", headers={"Accept-Encoding": "gzip"}) as response:
        assert "Content-Encoding" not in response.headers


def test_granian_settings():
    app = create_app({"QUERY_TIMEOUT": 20, "MAX_BODY": 1000, "HTTP_HEADER_TIMEOUT": 4})
    options = serve.options("127.0.0.1", 8123, 2, app)
    assert (options["address"], options["port"], options["workers"]) == ("127.0.0.1", 8123, 2)
    assert options["interface"].value == "wsgi"
    assert (options["target"], options["factory"]) == ("hmkg.web.serve:worker_app", True)
    assert options["blocking_threads"] == serve.THREADS_PER_WORKER
    assert options["backpressure"] == 256
    http1 = options["http1_settings"]
    assert http1.header_read_timeout == 4000 and http1.keep_alive is True
    assert http1.max_buffer_size == 1000 + serve.HEADER_ALLOWANCE  # a URL as long as MAX_BODY fits
    assert options["workers_kill_timeout"] >= 3 * 20  # never pre-empts the engine's time limit


@pytest.mark.parametrize(("cores", "workers"), [(None, 1), (1, 1), (2, 2), (16, 2)])
def test_default_server_workers_are_one_per_core_up_to_two(monkeypatch, cores, workers):
    monkeypatch.setattr(serve.os, "cpu_count", lambda: cores)
    assert serve.default_workers() == workers


def test_serve_binds_loopback_by_default():
    import inspect

    assert inspect.signature(serve.run).parameters["host"].default == "127.0.0.1"


def test_public_url_follows_the_bound_address_unless_given(monkeypatch):
    monkeypatch.delenv("HMKG_PUBLIC_URL", raising=False)
    assert serve.app_config("127.0.0.1", 8099, None)["PUBLIC_URL"] == "http://127.0.0.1:8099"
    given = {"PUBLIC_URL": "https://kg.example.org"}
    assert serve.app_config("127.0.0.1", 8099, given)["PUBLIC_URL"] == "https://kg.example.org"
    monkeypatch.setenv("HMKG_PUBLIC_URL", "https://env.example.org")
    assert "PUBLIC_URL" not in serve.app_config("127.0.0.1", 8099, {})
