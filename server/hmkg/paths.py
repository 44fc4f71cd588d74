"""Where the graph's source folders and the release live, in a checkout or an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]  # server/hmkg -> repository root
_BUNDLED = _PACKAGE / "_resources"  # filled by the wheel's force-include


def source_root() -> Path:
    """Return the folder holding ontology/, data/, shapes/ and queries/."""
    override = os.environ.get("HMKG_SOURCE_ROOT")
    if override:
        return Path(override)
    if (_CHECKOUT / "ontology").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT
    return _BUNDLED


def ontology_dir(root: Path | None = None) -> Path:
    """Return the ontology folder."""
    return (root or source_root()) / "ontology"


def ontology_vocab_dir(root: Path | None = None) -> Path:
    """Return the folder of checked term lists of the vocabularies the ontology reuses."""
    return ontology_dir(root) / "vocab"


def data_dir(root: Path | None = None) -> Path:
    """Return the instance-data folder."""
    return (root or source_root()) / "data"


def shapes_dir(root: Path | None = None) -> Path:
    """Return the SHACL shapes folder."""
    return (root or source_root()) / "shapes"


def queries_dir(root: Path | None = None) -> Path:
    """Return the competency-question queries folder."""
    return (root or source_root()) / "queries"


def default_dist() -> Path:
    """Return the release folder: $HMKG_DIST, else dist/ in the working directory."""
    return Path(os.environ.get("HMKG_DIST", "dist")).resolve()
