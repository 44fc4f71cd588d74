"""The hmkg command: build, validate and query, with their exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import re
import os
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from hmkg.cli import main
from hmkg.namespaces import HMK
from hmkg.pipeline.rdfcompat import rdflib_internals

from pipeline_support import tree_digest

PEOPLE_CSV = [["person", "organisation"], ["Ann", "Department"], ["Ann", "Faculty"],
              ["Ann", "University"]]


def hmkg(project, *args):
    """Run `hmkg ARGS` with the project as the source root."""
    return CliRunner().invoke(main, list(args), env={"HMKG_SOURCE_ROOT": str(project)},
                              catch_exceptions=False)


@pytest.fixture
def built(project, tmp_path):
    """Return (project, release folder) after a successful `hmkg build`."""
    out = tmp_path / "dist"
    result = hmkg(project, "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return project, out


@pytest.mark.parametrize("reasoner", ["owlrl", "fast"])
def test_build_prints_each_step_with_counts_and_times(project, tmp_path, reasoner):
    result = hmkg(project, "build", "--out", str(tmp_path / "dist"), "--reasoner", reasoner)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["load", "reason", "validate", "publish",
                                                   "built"]
    assert lines[0].endswith("s  56 ontology, 13 data, 20 shapes triples")
    assert "20 inferred (class-hierarchy 3, inverse 3, property-chain 2" in lines[1]
    assert lines[2].endswith("0 violations, 1 warnings")
    assert (tmp_path / "dist" / "hmkg.trig").is_file()


def _break(project, how):
    people = project / "data" / "people.ttl"
    if how == "malformed":
        people.write_text(people.read_text().replace("org:faculty .", "org:faculty org:x .", 1))
    elif how == "violation":
        people.write_text(people.read_text().replace('rdfs:label "Ann"@en ;', ""))
    elif how == "unreadable":
        os.symlink(project / "nowhere.ttl", project / "data" / "gone.ttl")
    elif how == "missing":
        shutil.rmtree(project / "shapes")
    elif how == "inconsistent":
        (project / "data" / "clash.ttl").write_text(
            "@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            "hmk:Manager owl:disjointWith hmk:Organisation .\n"
            "<https://w3id.org/hmkg/id/person/ann> a hmk:Organisation .\n")


@pytest.mark.parametrize("how, code, message", [
    ("malformed", 2, "error: data/people.ttl:9:80: bad syntax: expected '.'"),
    ("violation", 1, "error: validation failed (1 violations, 1 warnings); nothing published"),
    ("unreadable", 2, "error: data/gone.ttl: cannot read file: No such file or directory"),
    ("missing", 2, "/project/shapes: folder is missing"),
    ("inconsistent", 1, "error: OWL 2 RL found the ontology and data inconsistent:"),
])
def test_failed_build_exits_non_zero_and_leaves_the_release_untouched(built, how, code, message):
    project, out = built
    before = tree_digest(out)
    _break(project, how)
    result = hmkg(project, "build", "--out", str(out))
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stderr.rstrip().endswith("nothing published")
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist", "project"]


def test_violation_report_names_focus_node_and_file(built):
    project, out = built
    _break(project, "violation")
    result = hmkg(project, "build", "--out", str(out))
    assert "data/people.ttl\nseverity" in result.stderr
    assert re.search(r"Violation +person:ann +rdfs:label +sh:MinCount", result.stderr)


def test_validate_project_data(project):
    result = hmkg(project, "validate")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 violations, 1 warnings"


USER_DATA = """@prefix hmk: <https://w3id.org/hmkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/bob> a hmk:ClinicalManager {label} .
"""


@pytest.mark.parametrize("label, code", [('; rdfs:label "Bob"', 0), ("", 1)])
def test_validate_user_file(project, tmp_path, label, code):
    user = tmp_path / "mine.ttl"
    user.write_text(USER_DATA.format(label=label))
    result = hmkg(project, "validate", str(user), "--format", "json")
    assert result.exit_code == code
    report = json.loads(result.stdout)
    assert report["conforms"] is (code == 0)
    violations = [(r["focus"], r["path"], r["file"]) for r in report["results"]
                  if r["severity"] == "Violation"]
    assert violations == ([("<https://example.org/bob>", "rdfs:label", str(user))] if code else [])
    # hmkg's own data is checked alongside: the fixture's one warning shows under its file.
    assert [(r["severity"], r["file"]) for r in report["results"] if r["file"] != str(user)] \
        == [("Warning", "data/sources/studies.ttl")]


def test_validate_user_file_uses_inferences_about_the_users_resources(project, tmp_path):
    # ex:uni is an hmk:Organisation only by the range of partOfOrganisation: the shape on
    # organisations must see that inferred type, though ex:uni is not an hmkg IRI.
    user = tmp_path / "mine.ttl"
    user.write_text("@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    '<https://example.org/dept> rdfs:label "Dept" ;\n'
                    "    hmk:partOfOrganisation <https://example.org/uni> .\n")
    result = hmkg(project, "validate", str(user), "--format", "json")
    assert result.exit_code == 1
    results = json.loads(result.stdout)["results"]
    assert [(r["focus"], r["path"], r["constraint"]) for r in results
            if r["severity"] == "Violation"] == [
        ("<https://example.org/uni>", "rdfs:label", "sh:MinCount")]


def test_validate_user_file_linking_to_hmkgs_resources(project, tmp_path):
    # The university is described in hmkg's data, not in the user's file: the link resolves.
    user = tmp_path / "mine.ttl"
    user.write_text("@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    '<https://example.org/lab> rdfs:label "Lab"@en ; hmk:partOfOrganisation\n'
                    "    <https://w3id.org/hmkg/id/organisation/university> .\n")
    result = hmkg(project, "validate", str(user))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "0 violations, 1 warnings"


def test_validate_turtle_output_is_a_shacl_report(project, tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(USER_DATA.format(label=""))
    result = hmkg(project, "validate", str(user), "--format", "turtle")
    report = Graph().parse(data=result.stdout, format="turtle")
    severities = sorted(report.value(r, SH.resultSeverity)
                        for r in report.subjects(RDF.type, SH.ValidationResult))
    assert severities == [SH.Violation, SH.Warning]  # bob's label; the fixture's own warning


@pytest.mark.parametrize("content, message", [
    ("<a> <b> .\n", "mine.ttl:1:8: bad syntax: objectList expected"),
    (None, "mine.ttl: cannot read file"),
])
def test_validate_unusable_input_exits_2(project, tmp_path, content, message):
    user = tmp_path / "mine.ttl"
    if content is not None:
        user.write_text(content)
    result = hmkg(project, "validate", str(user))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_query_formats(built, fmt):
    project, out = built
    query = project / "queries" / "CQ01.rq"
    result = hmkg(project, "query", "--file", str(query), "--dist", str(out), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(result.stdout))) == PEOPLE_CSV
    elif fmt == "tsv":
        assert [line.split("\t") for line in result.stdout.splitlines()] == [
            ["?person", "?organisation"]] + [[f'"{p}"@en', f'"{o}"@en'] for p, o in PEOPLE_CSV[1:]]
    elif fmt == "json":
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert [(b["person"]["value"], b["organisation"]["value"]) for b in bindings] == [
            tuple(row) for row in PEOPLE_CSV[1:]]
    else:
        lines = result.stdout.splitlines()
        assert lines[0].split() == ["person", "organisation"]
        assert [line.split() for line in lines[2:5]] == [
            ["Ann@en", f"{o}@en"] for o in ("Department", "Faculty", "University")]
        assert lines[-1] == "(3 rows)"


def test_query_by_competency_question_id(built):
    project, out = built
    result = hmkg(project, "query", "--cq", "cq01", "--dist", str(out), "--format", "csv")
    assert list(csv.reader(io.StringIO(result.stdout))) == PEOPLE_CSV


def test_query_ask_and_construct(built):
    project, out = built
    ask = hmkg(project, "query", "ASK { ?s a hmk:Manager }", "--dist", str(out))
    assert ask.stdout.strip() == "true"
    construct = hmkg(project, "query", "CONSTRUCT { ?s a ?c } WHERE { GRAPH "
                     "<https://w3id.org/hmkg/graph/data> { ?s a ?c } }", "--dist", str(out))
    expected = {(URIRef("https://w3id.org/hmkg/id/person/ann"), RDF.type, HMK.ClinicalManager),
                (URIRef("https://w3id.org/hmkg/id/report/one"), RDF.type, HMK.Report)}
    assert set(Graph().parse(data=construct.stdout, format="turtle")) == expected
    for fmt, rdflib_format in (("json", "json-ld"), ("csv", "nt")):
        answer = hmkg(project, "query", "--format", fmt, "--dist", str(out), "CONSTRUCT { ?s a ?c } "
                      "WHERE { GRAPH <https://w3id.org/hmkg/graph/data> { ?s a ?c } }")
        with rdflib_internals():
            assert set(Graph().parse(data=answer.stdout, format=rdflib_format)) == expected


def test_query_does_not_see_the_shapes(built):
    project, out = built
    result = hmkg(project, "query", "--format", "csv", "--dist", str(out),
                  "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/shacl#NodeShape> }")
    assert result.stdout.splitlines() == ["n", "0"]


@pytest.mark.parametrize("args, message", [
    (["SELECT WHERE {"], "error: Malformed query: syntax error at 1:15: "),
    (["--cq", "CQ99"], "no competency question 'CQ99'"),
    ([], "give exactly one of SPARQL, --file or --cq"),
])
def test_query_errors(built, args, message):
    project, out = built
    result = CliRunner().invoke(main, ["query", "--dist", str(out), *args],
                                env={"HMKG_SOURCE_ROOT": str(project)})
    assert result.exit_code == 2
    assert message in result.stderr


def test_query_without_release(project, tmp_path):
    result = hmkg(project, "query", "ASK {}", "--dist", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert f"no release dataset at {tmp_path / 'none' / 'hmkg.nq'}: run `hmkg build`" in result.stderr


@pytest.mark.parametrize("command", ["build", "validate", "query", "serve"])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"hmkg {command}" in result.stdout


def test_validate_user_file_inconsistent_with_the_ontology(project, tmp_path):
    user = tmp_path / "clash.ttl"
    user.write_text("@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
                    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "hmk:Manager owl:disjointWith hmk:Organisation .\n"
                    "<https://example.org/bob> a hmk:ClinicalManager, hmk:Organisation .\n")
    result = hmkg(project, "validate", str(user))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: inconsistent with the ontology:\n")
    assert "https://example.org/bob" in result.stderr


@pytest.mark.parametrize("name, content, message", [
    ("mine.ttl", "", "mine.ttl: holds no triples (empty, or not RDF in that format)"),
    ("mine.jsonld", '{"label": "plain JSON, no context"}',
     "mine.jsonld: holds no triples (empty, or not RDF in that format)"),
    ("good2.txt", USER_DATA.format(label=""), "good2.txt: cannot tell the RDF format from the "
     "suffix '.txt'; name it with --input-format"),
])
def test_validate_input_that_gives_nothing_is_an_error(project, tmp_path, name, content, message):
    user = tmp_path / name
    user.write_text(content)
    result = hmkg(project, "validate", str(user))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("name, fmt, content", [
    ("mine.txt", "turtle", USER_DATA.format(label='; rdfs:label "Bob"')),
    ("mine.nt", None, '<https://example.org/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
     ' <https://w3id.org/hmkg/ontology#ClinicalManager> .\n<https://example.org/bob> '
     '<http://www.w3.org/2000/01/rdf-schema#label> "Bob" .\n'),
    ("mine.nq", None, '<https://example.org/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
     ' <https://w3id.org/hmkg/ontology#ClinicalManager> <https://example.org/g> .\n'
     '<https://example.org/bob> <http://www.w3.org/2000/01/rdf-schema#label> "Bob" .\n'),
    ("mine.trig", None, "@prefix hmk: <https://w3id.org/hmkg/ontology#> .\n"
     '<https://example.org/g> { <https://example.org/bob> a hmk:ClinicalManager ;\n'
     '  <http://www.w3.org/2000/01/rdf-schema#label> "Bob" . }\n'),
])
def test_validate_reads_each_format_by_suffix_or_name(project, tmp_path, name, fmt, content):
    user = tmp_path / name
    user.write_text(content)
    result = hmkg(project, "validate", str(user), *(["--input-format", fmt] if fmt else []),
                  "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["conforms"] is True


def test_validate_names_terms_the_ontology_does_not_define(project, tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(USER_DATA.format(label='; rdfs:label "Bob" ; hmk:partOfOrganisaton '
                                     "<https://example.org/uni>").replace("ClinicalManager",
                                                                          "ClinicalManagr"))
    result = hmkg(project, "validate", str(user))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"{user}: hmk:ClinicalManagr is not defined by the hmkg ontology; "
        "did you mean hmk:ClinicalManager?",
        f"{user}: hmk:partOfOrganisaton is not defined by the hmkg ontology; "
        "did you mean hmk:partOfOrganisation?"]


def test_validate_text_report_shows_the_offending_value(project, tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(USER_DATA.format(label='; rdfs:label "Bob"@en, "Robert"@en'))
    result = hmkg(project, "validate", str(user))
    header = result.stdout.splitlines()[1].split()
    assert header[:4] == ["severity", "focus", "node", "path"] and "value" in header
