"""The worked claim-graph example of data/README.md is the data's own, and validates."""

from __future__ import annotations

import re

from rdflib import Dataset

from hmkg import paths
from hmkg.pipeline.load import load_for_validation, load_sources
from hmkg.pipeline.rdfcompat import rdflib_internals
from hmkg.pipeline.validate import validate


def example() -> str:
    """Return the TriG block of data/README.md."""
    text = (paths.data_dir() / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```trig\n(.*?)```", text, re.S)
    return block


def test_the_example_is_stated_in_the_data_graph_by_graph():
    with rdflib_internals():
        parsed = Dataset().parse(data=example(), format="trig")
    sources = load_sources()
    quads = [(s, p, o, g) for s, p, o, g in parsed.quads()]
    assert len(quads) == 32
    default = parsed.default_graph.identifier
    for s, p, o, g in quads:
        name = getattr(g, "identifier", g)
        target = "https://w3id.org/hmkg/graph/data" if name == default else name
        assert (s, p, o) in sources.graph(target), (s, p, o, target)


def test_the_example_passes_hmkg_validate(tmp_path):
    copy = tmp_path / "example.trig"
    copy.write_text(example(), encoding="utf-8")
    report = validate(load_for_validation([copy]))
    assert report.conforms and report.results == []
