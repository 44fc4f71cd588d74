"""bench/generate.py: deterministic, exact triple counts, and copies that conform to the shapes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rdflib import Graph, URIRef

from hmkg.pipeline.load import asserted_data, load_sources, read_quads
from hmkg.pipeline.reason import reason
from hmkg.pipeline.validate import validate

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    """Import bench/generate.py as a module."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _synthetic_bytes(root: Path) -> dict[str, bytes]:
    """Return the generated data files by name."""
    files = sorted((root / "data").glob("synthetic-*.trig"))
    assert files
    return {f.name: f.read_bytes() for f in files}


def test_generation_is_deterministic(tmp_path):
    generate = _generator()
    generate.generate(3, tmp_path / "a", ROOT)
    generate.generate(3, tmp_path / "b", ROOT)
    assert _synthetic_bytes(tmp_path / "a") == _synthetic_bytes(tmp_path / "b")


def test_each_copy_adds_the_same_number_of_new_triples(tmp_path):
    generate = _generator()
    real = len(generate.read_real_data(ROOT))
    per_copy = generate.generate(2, tmp_path / "x2", ROOT) - real
    assert per_copy > 0.9 * real
    assert generate.generate(4, tmp_path / "x4", ROOT) == real + 3 * per_copy
    loaded = load_sources(tmp_path / "x4")
    assert sum(len(loaded.graph(name)) for name in asserted_data(loaded)) == real + 3 * per_copy


def test_copies_rename_resources_and_keep_quotes(tmp_path):
    generate = _generator()
    generate.generate(2, tmp_path / "x2", ROOT)
    copy = Graph()
    for s, p, o, _ in read_quads(tmp_path / "x2" / "data" / "synthetic-0001-0001.trig", "copy")[0]:
        copy.add((s, p, o))
    real = generate.read_real_data(ROOT)
    ours = "https://w3id.org/hmkg/id/"
    renamed = {s for s in copy.subjects() if isinstance(s, URIRef) and str(s).startswith(ours)}
    assert renamed and not renamed & set(real.subjects())
    exact = URIRef("http://www.w3.org/ns/oa#exact")
    assert set(copy.objects(None, exact)) == set(real.objects(None, exact)) != set()


def test_synthetic_sample_conforms_to_the_shapes(tmp_path):
    _generator().generate(2, tmp_path / "x2", ROOT)
    ds = load_sources(tmp_path / "x2")
    assert not reason(ds, engine="fast").inconsistencies
    report = validate(ds)
    assert report.conforms, report.text
