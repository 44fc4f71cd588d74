"""Fixtures for the query-engine tests: engines over a tiny release, the CQ catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fixture import write_release

from hmkg import settings
from hmkg.engine.embedded import EmbeddedEngine


@pytest.fixture(scope="session")
def tiny_dist(tmp_path_factory) -> Path:
    """Write the tiny release (hmkg.nq, hmkg.trig) into a temporary dist folder."""
    out = tmp_path_factory.mktemp("tiny-dist")
    write_release(out)
    return out


@pytest.fixture(scope="session")
def engine(tiny_dist):
    """An embedded engine over the tiny release (two workers, generous defaults)."""
    opened = EmbeddedEngine(settings.load({"DIST": tiny_dist, "QUERY_WORKERS": 2,
                                            "QUERY_TIMEOUT": 20.0, "RESULT_CAP": 1000}))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def cq_catalogue():
    """The competency questions (hmkg.queries, data helper); fails loudly while it is missing."""
    from hmkg.queries import load_catalogue

    catalogue = list(load_catalogue())
    assert catalogue, "queries/*.rq matched no competency question"
    return catalogue
