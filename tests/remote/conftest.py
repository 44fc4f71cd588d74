"""Fixtures for remote mode: a private Virtuoso and Oxigraph server, each loaded by `hmkg publish`.

Both servers run from temporary folders on free 127.0.0.1 ports for the whole session and are
stopped at its end. Virtuoso comes from the Debian package virtuoso-opensource (`make test`
installs it); when it is missing the Virtuoso tests fail with that instruction rather than skip.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from remote_helpers import remote_config, run_publish  # noqa: E402
from stores import Store, start_oxigraph, start_virtuoso, virtuoso_available  # noqa: E402

from hmkg.web.app import create_app  # noqa: E402
from hmkg.web.engine_access import close_engine  # noqa: E402

STORE_NAMES = ("oxigraph", "virtuoso")


def _start(name: str, folder: Path) -> Store:
    """Start one kind of store, failing loudly when its server is not installed."""
    if name == "virtuoso":
        if not virtuoso_available():
            pytest.fail("virtuoso-t is not installed: apt-get install virtuoso-opensource "
                        "(`make test` installs it: scripts/system-packages)")
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


