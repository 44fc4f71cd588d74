"""Fixtures for remote mode: a private Virtuoso and Oxigraph server, each loaded by `hmkg publish`.

Both servers run from temporary folders on free 127.0.0.1 ports for the whole session and are
stopped at its end. Virtuoso comes from the Debian package virtuoso-opensource (.ci/run installs
it); when it is missing the Virtuoso tests fail with that instruction rather than skip.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

from stores import Store, start_oxigraph, start_virtuoso, virtuoso_available  # noqa: E402

from hmkg.cli import main  # noqa: E402
from hmkg.web.app import create_app  # noqa: E402
from hmkg.web.engine_access import close_engine  # noqa: E402

STORE_NAMES = ("oxigraph", "virtuoso")


def _start(name: str, folder: Path) -> Store:
    """Start one kind of store, failing loudly when its server is not installed."""
    if name == "virtuoso":
        if not virtuoso_available():
            pytest.fail("virtuoso-t is not installed: apt-get install virtuoso-opensource "
                        "(see .ci/run)")
        return start_virtuoso(folder)
    return start_oxigraph(folder)


@pytest.fixture(scope="session")
def running_stores(tmp_path_factory) -> Iterator[dict[str, Store]]:
    """Start the stores lazily, once per session; stop every one started."""
    started: dict[str, Store] = {}

    class Lazy(dict):
        def __missing__(self, name: str) -> Store:
            started[name] = self[name] = _start(name, tmp_path_factory.mktemp(name))
            return started[name]

    yield Lazy()
    for store in started.values():
        store.stop()


def publish_args(store: Store, dist: Path) -> list[str]:
    """Return the `hmkg publish` arguments that load dist into a store."""
    return ["publish", "--store", store.query_url,
            "--update", store.update_url, "--graph-store", store.graph_store_url,
            "--dist", str(dist)]


def run_publish(store: Store, dist: Path, password: str | None = None):
    """Run `hmkg publish` with the store's credentials in the environment."""
    env = {"HMKG_STORE_USER": store.user or "", "HMKG_STORE_PASSWORD": password or store.password or ""}
    return CliRunner().invoke(main, publish_args(store, dist), env=env)


@pytest.fixture(scope="session", params=STORE_NAMES)
def published(request, running_stores, dist_dir) -> Store:
    """Return a store (each kind in turn) holding the release, loaded by `hmkg publish`."""
    store = running_stores[request.param]
    result = run_publish(store, dist_dir)
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="session")
def published_virtuoso(running_stores, dist_dir) -> Store:
    """Return the Virtuoso store holding the release."""
    store = running_stores["virtuoso"]
    result = run_publish(store, dist_dir)
    assert result.exit_code == 0, result.output
    return store


def remote_config(store: Store, dist: Path, **extra) -> dict:
    """Return the app config that serves a store (queries on its public endpoint)."""
    return {"STORE": store.query_url, "DIST": str(dist), "TESTING": True, **extra}


@pytest.fixture(scope="session")
def remote_app(published, dist_dir):
    """Return an app serving the published store."""
    app = create_app(remote_config(published, dist_dir))
    yield app
    close_engine(app)


@pytest.fixture(scope="session")
def embedded_app(dist_dir):
    """Return an app serving the same release from the embedded engine."""
    app = create_app({"DIST": str(dist_dir), "TESTING": True, "QUERY_WORKERS": 1})
    yield app
    close_engine(app)


def release_graph_sizes(dist: Path) -> dict[str, int]:
    """Count the triples of each named graph in dist/hmkg.nq (one quad per line)."""
    sizes: dict[str, int] = {}
    for line in (dist / "hmkg.nq").read_text("utf-8").splitlines():
        if line.strip():
            graph = line.rstrip(" .").rsplit(" ", 1)[1].strip("<>")
            sizes[graph] = sizes.get(graph, 0) + 1
    return sizes


def bindings_by_value(body: bytes) -> list[dict]:
    """Return the solutions of a JSON results body, literals compared by value."""
    document = json.loads(body)
    return [{name: _value(term) for name, term in row.items()}
            for row in document["results"]["bindings"]]


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
            "positiveInteger"}


def _value(term: dict) -> tuple:
    """Return a comparable value of a JSON term (numbers as numbers, language tags lower-case)."""
    from decimal import Decimal

    datatype = term.get("datatype", "")
    if datatype.rsplit("#", 1)[-1] in _NUMERIC:
        return ("number", Decimal(term["value"]))
    return (term["type"], term["value"], term.get("xml:lang", "").lower(), datatype)
