"""`hmkg build` as a user runs it: in a copy of the repository, and from an installed wheel."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_FOLDERS = ("ontology", "data", "shapes", "queries")
STEPS = ["load", "reason", "validate", "publish", "built"]


def _counts(dist: Path) -> dict[str, int | None]:
    manifest = json.loads((dist / "manifest.json").read_text())
    return {entry["file"]: entry["triples"] for entry in manifest["artefacts"]}


def _run(command: list[str], cwd: Path, env: dict, timeout: int = 600):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_build_in_a_copy_of_the_repository(tmp_path, dist_dir):
    copy = tmp_path / "repo"
    for folder in SOURCE_FOLDERS:
        shutil.copytree(ROOT / folder, copy / folder)
    env = {**os.environ, "HMKG_SOURCE_ROOT": str(copy)}
    result = _run([sys.executable, "-m", "hmkg", "build", "--out", "dist"], copy, env)
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == STEPS
    assert _counts(copy / "dist") == _counts(dist_dir)  # same sources, same release
    assert sorted(p.name for p in copy.iterdir()) == sorted([*SOURCE_FOLDERS, "dist"])


@pytest.mark.slow
def test_wheel_installs_and_builds_outside_the_checkout(tmp_path, dist_dir):
    wheels, empty = tmp_path / "wheels", tmp_path / "empty"
    empty.mkdir()
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT)],
                 ROOT, dict(os.environ))
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("hmkg-*.whl")
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "HMKG_SOURCE_ROOT", "HMKG_DIST", "VIRTUAL_ENV")}
    installed = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                      "-c", str(ROOT / "constraints.txt"), str(wheel)], empty, env, timeout=900)
    assert installed.returncode == 0, installed.stderr
    result = _run([str(bin_dir / "hmkg"), "build"], empty, env)
    assert result.returncode == 0, result.stderr
    assert _counts(empty / "dist") == _counts(dist_dir)
    answer = _run([str(bin_dir / "hmkg"), "query", "--cq", "CQ13", "--format", "csv"], empty, env)
    assert answer.returncode == 0, answer.stderr
    kinds = [row[0] for row in csv.reader(io.StringIO(answer.stdout))]
    assert kinds == ["kind"] + [f"https://w3id.org/hmkg/ontology#{k}Manager" for k in (
        "Clinical", "Functional", "General", "Healthcare", "Middle")]  # needs the reasoner
