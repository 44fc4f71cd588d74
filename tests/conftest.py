"""Session fixtures shared by every test folder: a built release and its dataset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Dataset


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
