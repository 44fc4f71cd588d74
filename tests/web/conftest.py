"""Fixtures for the SPARQL protocol tests.

Two kinds of app:
- `fake_app`/`fake_client`: the protocol layer over FakeEngine (fake_engine.py), a small
  in-process pyoxigraph store (no worker pool), for protocol unit tests that need no release.
- `app`/`client` and `live_server`: the real engine over the real release (`dist_dir` from
  tests/conftest.py); `live_server` runs granian through hmkg.web.serve on a free port.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine
from hmkg.pipeline.rdfcompat import rdflib_internals

from fake_engine import FakeEngine
from live_server import hmkg_serve
from protocol_helpers import load_dataset


@pytest.fixture
def fake_app():
    """An app whose engine is the in-process FakeEngine."""
    app = create_app({"TESTING": True, "ENGINE_FACTORY": FakeEngine, "PUBLIC_URL": "https://example.org/hmkg"})
    yield app
    close_engine(app)


@pytest.fixture
def fake_client(fake_app):
    """A test client of the fake-engine app."""
    return fake_app.test_client()


@pytest.fixture(scope="session")
def real_app(dist_dir: Path):
    """The app over the real engine and the real release (shared: opening the engine is slow)."""
    app = create_app({"TESTING": True, "DIST": str(dist_dir), "QUERY_TIMEOUT": 5})
    yield app
    close_engine(app)


@pytest.fixture
def client(real_app):
    """A test client of the real app."""
    return real_app.test_client()


@pytest.fixture(scope="session")
def release_dataset(dist_dir: Path) -> Dataset:
    """The whole release (hmkg.trig) as rdflib reads it."""
    return load_dataset(dist_dir / "hmkg.trig", "trig")


@pytest.fixture(scope="session")
def served_graph_names(release_dataset: Dataset) -> tuple[str, ...]:
    """The graphs whose union the endpoint serves as its default graph (claim graphs included)."""
    from hmkg import layout

    return layout.served_graphs(str(g.identifier) for g in release_dataset.graphs())


@pytest.fixture(scope="session")
def served_dataset(release_dataset: Dataset) -> Dataset:
    """The release as rdflib sees it, arranged as the endpoint serves it: every named graph,
    and a default graph holding the union of the served graphs (ontology, data, inferred, claims)."""
    from hmkg import layout

    served = Dataset()
    serving = set(layout.served_graphs(str(g.identifier) for g in release_dataset.graphs()))
    with rdflib_internals():
        for graph in release_dataset.graphs():
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                continue
            target = served.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
                if str(graph.identifier) in serving:
                    served.default_graph.add(triple)
    return served


@pytest.fixture(scope="session")
def graph_triples(release_dataset: Dataset):
    """Return a function giving the set of triples of one named graph of the release."""
    def triples(name) -> set:
        with rdflib_internals():
            return set(release_dataset.graph(name))

    return triples


@dataclass
class LiveServer:
    """A running granian serving hmkg."""

    url: str
    log: Path
    settings: dict


LIVE_SETTINGS = {"QUERY_TIMEOUT": 2, "RESULT_CAP": 2000, "QUERY_WORKERS": 2,
                 "HTTP_HEADER_TIMEOUT": 3}


@pytest.fixture(scope="session")
def live_server(dist_dir: Path, tmp_path_factory) -> Iterator[LiveServer]:
    """Run `hmkg serve` (granian) on a free port over the real release."""
    log = tmp_path_factory.mktemp("live") / "server.log"
    env = {f"HMKG_{key}": str(value) for key, value in LIVE_SETTINGS.items()}
    with hmkg_serve(["--workers", "1", "--dist", str(dist_dir)], log, env) as url:
        yield LiveServer(url, log, dict(LIVE_SETTINGS))


def _catalogue() -> list:
    """Load the competency questions (queries/*.rq), or return why they cannot be loaded."""
    try:
        from hmkg.queries import load_catalogue

        return list(load_catalogue())
    except Exception as error:  # noqa: BLE001 - reported by the `cq` fixture as a loud failure
        return [error]


def pytest_generate_tests(metafunc):
    """Parametrize `cq` over every competency question and `cq_sample` over the first three.

    A missing or empty catalogue yields one failing case instead of silently zero cases.
    """
    for name, limit in (("cq", None), ("cq_sample", 3)):
        if name in metafunc.fixturenames:
            items = _catalogue()[:limit] or [LookupError("the catalogue of competency questions is empty")]
            ids = [getattr(item, "id", "catalogue-unavailable") for item in items]
            metafunc.parametrize(name, items, ids=ids, indirect=True)


@pytest.fixture
def cq(request):
    """One competency question; fails loudly if the catalogue could not be read."""
    if isinstance(request.param, Exception):
        pytest.fail(f"cannot load the competency questions: {request.param!r}")
    return request.param


cq_sample = cq
