"""Reproducible releases: the same sources give the same bytes, whichever process builds them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hmkg import layout
from hmkg.pipeline.publish import ARTEFACTS


def build_in_own_process(out: Path, hash_seed: str) -> None:
    """Run `hmkg build --out OUT` in a fresh interpreter with the given PYTHONHASHSEED.

    Two seeds give two different iteration orders of every set and dict of strings, which is
    where unreproducible output (blank-node labels, statement order) comes from.
    """
    done = subprocess.run([sys.executable, "-m", "hmkg", "build", "--out", str(out)],
                          env={**os.environ, "PYTHONHASHSEED": hash_seed},
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """Build the release twice from the same sources, into two temporary folders."""
    first, second = (tmp_path_factory.mktemp(f"build-{n}") / "dist" for n in (1, 2))
    build_in_own_process(first, "1")
    build_in_own_process(second, "2")
    return first, second


def release_files(folder: Path) -> dict[str, bytes]:
    """Return every file of a release by its path relative to the release, except the derived
    ones layout.NOT_CHECKSUMMED names (the on-disk store: RocksDB's bytes vary by build)."""
    return {name: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and layout.is_checksummed(name := p.relative_to(folder).as_posix())}


def test_only_the_on_disk_store_is_left_out_of_the_checksums():
    assert layout.NOT_CHECKSUMMED == {layout.STORE_DIR}


@pytest.mark.slow
def test_two_builds_have_the_same_checksums(two_builds):
    first, second = two_builds
    sums = (first / layout.CHECKSUMS_FILE).read_text(encoding="utf-8")
    assert sums == (second / layout.CHECKSUMS_FILE).read_text(encoding="utf-8")
    listed = {line.split("  ", 1)[1] for line in sums.splitlines()}
    assert {a.file for a in ARTEFACTS} <= listed
    assert {"manifest.json", "void.ttl", "context.jsonld", "ontology/index.html"} <= listed


@pytest.mark.slow
def test_two_builds_have_the_same_files(two_builds):
    first, second = (release_files(folder) for folder in two_builds)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_every_file_but_the_checksums_is_checksummed(two_builds):
    folder = two_builds[0]
    listed = {line.split("  ", 1)[1]
              for line in (folder / layout.CHECKSUMS_FILE).read_text().splitlines()}
    assert listed == set(release_files(folder)) - {layout.CHECKSUMS_FILE}


def test_turtle_uses_readable_prefixed_names(dist_dir):
    turtle = (dist_dir / "asserted.ttl").read_text(encoding="utf-8")
    assert "\\/" not in turtle  # no escaped slashes in local names
    assert "@prefix person: <https://w3id.org/hmkg/id/person/> ." in turtle
    assert re.search(r"^person:vicky-ward a hmk:Researcher ;$", turtle, re.M)


def test_turtle_statements_are_grouped_by_subject(dist_dir):
    turtle = (dist_dir / "asserted.ttl").read_text(encoding="utf-8")
    subjects = [line.split(" ", 1)[0] for line in turtle.splitlines()
                if line and not line.startswith(("@prefix", "\t", " "))]
    assert subjects and len(subjects) == len(set(subjects))  # each subject in one block
