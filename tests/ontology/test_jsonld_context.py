"""The JSON-LD context agrees with the shapes: data written with it passes `hmkg validate`.

Every data file is compacted with the context hmkg publishes and expanded again: the graph
comes back unchanged, every value of a coerced term compacts to a plain JSON value (the data
agrees with the coercion), and `hmkg validate` reports the same on the JSON-LD as on the Turtle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from hmkg.cli import main
from hmkg.pipeline.context import jsonld_context
from hmkg.pipeline.rdfcompat import rdflib_internals

from ontology_support import ROOT

DATA_FILES = sorted((ROOT / "data").rglob("*.ttl")) + sorted((ROOT / "data").rglob("*.trig"))
SHAPE_FILES = sorted((ROOT / "shapes").glob("*.ttl"))


def read(path: Path) -> Dataset:
    """Return a data file as a dataset: a TriG file keeps its claim graphs apart."""
    dataset = Dataset()
    with rdflib_internals():
        dataset.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
    return dataset


def to_jsonld(dataset: Dataset, context: dict) -> str:
    """Return the dataset as JSON-LD compacted with the context (named graphs kept)."""
    with rdflib_internals():  # rdflib's JSON-LD writer calls its own deprecated Dataset API
        return dataset.serialize(format="json-ld", context=context)


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """Return the dataset's non-empty graphs by name (the default graph under one fixed name)."""
    return {str(graph.identifier): graph for graph in dataset.graphs() if len(graph)}


@pytest.fixture(scope="module")
def context(ontology_graph) -> dict:
    shapes = Graph()
    for path in SHAPE_FILES:
        shapes.parse(path, format="turtle")
    return jsonld_context(ontology_graph, shapes)


def coerced_terms(context: dict) -> set[str]:
    """Return the context's terms that fix a value's datatype or language."""
    return {name for name, entry in context.items() if isinstance(entry, dict)
            and ("@language" in entry or entry.get("@type", "@id") != "@id")}


def values_of(node, terms: set[str], found: list) -> list:
    """Collect (term, value) for every use of the terms anywhere in a JSON-LD document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            for item in value if isinstance(value, list) else [value]:
                if key in terms:
                    found.append((key, item))
                values_of(item, terms, found)
    elif isinstance(node, list):
        for item in node:
            values_of(item, terms, found)
    return found


def test_the_context_takes_value_rules_from_the_shapes(context):
    hmk = "https://w3id.org/hmkg/ontology#"
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    for name in ("sampleSize", "siteCount", "formalInterviewCount", "informalInterviewCount",
                 "observationDays"):
        assert context[name] == {"@id": hmk + name, "@type": integer}
    assert context["memberKind"] == {"@id": hmk + "memberKind", "@type": "@id"}
    assert context["statement"] == {"@id": hmk + "statement", "@language": "en"}
    assert context["hedgeText"] == {"@id": hmk + "hedgeText", "@language": "en"}
    assert context["contractStart"] == {
        "@id": hmk + "contractStart", "@type": "http://www.w3.org/2001/XMLSchema#gYearMonth"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_round_trips_through_the_context(context, path):
    dataset = read(path)
    document = json.loads(to_jsonld(dataset, context))
    back = Dataset()
    with rdflib_internals():
        back.parse(data=json.dumps(document), format="json-ld")
    expected, got = graphs_of(dataset), graphs_of(back)
    assert sorted(got) == sorted(expected)
    assert all(isomorphic(got[name], expected[name]) for name in expected)
    # The data agrees with every coercion: no value needs its own @type or @language.
    disagreeing = [(term, value) for term, value in values_of(document, coerced_terms(context), [])
                   if isinstance(value, dict)]
    assert disagreeing == []


def validate(*files: Path) -> list[tuple]:
    """Run `hmkg validate --format json` on files; return results without their file names."""
    result = CliRunner().invoke(main, ["validate", *map(str, files), "--format", "json"],
                                env={"HMKG_SOURCE_ROOT": str(ROOT)})
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items() if k != "file"))
                  for r in report["results"])


def test_validate_reports_the_same_on_json_ld_written_with_the_context(context, tmp_path):
    written = []
    for path in DATA_FILES:
        target = tmp_path / (path.stem + ".jsonld")
        target.write_text(to_jsonld(read(path), context))
        written.append(target)
    assert validate(*written) == validate(*DATA_FILES)


def test_a_hand_written_sample_with_the_context_validates(context, tmp_path):
    """What a reuser writes: plain JSON values, typed by the context alone."""
    sample = tmp_path / "sample.jsonld"
    sample.write_text(json.dumps({
        "@context": context,
        "@id": "https://example.org/study",
        "@type": "hmk:Study",
        "rdfs:label": {"@value": "A study", "@language": "en"},
        "hasSample": {"@id": "https://example.org/sample", "@type": "hmk:Sample",
                      "rdfs:label": {"@value": "Interviewees", "@language": "en"},
                      "sampleSize": "68"}}))
    results = validate(sample)
    assert [dict(r).get("constraint") for r in results
            if dict(r).get("path") == "hmk:sampleSize"] == []
