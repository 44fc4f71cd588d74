"""Session fixtures shared by every test folder: a built release and its dataset.

With pytest-xdist (`make test` runs `-n auto --dist loadgroup`) each worker is its own session:
the release is shared through HMKG_TEST_DIST, and the tests that need one of the expensive
servers below are grouped onto one worker, so each server starts once rather than per worker.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Dataset


# Session fixture that starts a server -> the xdist group of every test using it.
SERVER_GROUPS = {
    "running_stores": "remote-stores",  # Virtuoso and Oxigraph servers (tests/remote)
    "live_server": "web-live",  # hmkg serve for the protocol tests (tests/web)
    "live_url": "face-live",  # hmkg serve for the pages and browser tests (tests/face)
}


def pytest_collection_modifyitems(items) -> None:
    """Send the tests sharing a started server to the same xdist worker."""
    for item in items:
        used = getattr(item, "fixturenames", ())
        group = next((g for name, g in SERVER_GROUPS.items() if name in used), None)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory) -> Path:
    """Return a built release: $HMKG_TEST_DIST if set, else one built now from the sources."""
    given = os.environ.get("HMKG_TEST_DIST")
    if given:
        path = Path(given)
        if not (path / "hmkg.trig").is_file():
            pytest.fail(f"HMKG_TEST_DIST={given} holds no built release (run `make build`)")
        return path
    from hmkg.pipeline.build import build

    out = tmp_path_factory.mktemp("release") / "dist"
    build(out)  # a source, reasoning or validation error fails every test that needs it
    return out


@pytest.fixture(scope="session")
def dataset(dist_dir: Path) -> Dataset:
    """Return the release's whole dataset, parsed from hmkg.trig."""
    from hmkg.pipeline.rdfcompat import read_dataset  # quiets only rdflib's self-warnings

    return read_dataset(dist_dir / "hmkg.trig")
