"""Fixtures for the pipeline tests: a miniature project copied where a test may break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline_support import FIXTURE_PROJECT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a fresh copy of the fixture project (ontology/, data/, shapes/, queries/)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return root


@pytest.fixture
def loaded(project: Path):
    """Return the fixture project loaded into a dataset."""
    from hmkg.pipeline.load import load_sources

    return load_sources(project)


@pytest.fixture
def reasoned(loaded):
    """Return the fixture dataset after reasoning, with its reasoning report."""
    from hmkg.pipeline.reason import reason

    return loaded, reason(loaded)

