"""Helpers shared by the pipeline tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"


def tree_digest(folder: Path) -> dict[str, str]:
    """Return every file under folder mapped to its SHA-256 (to prove nothing changed)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
