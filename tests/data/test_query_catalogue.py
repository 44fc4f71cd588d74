"""The competency-question catalogue: 27 well-formed queries, and clear errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from hmkg.queries import CatalogueError, get_question, load_catalogue, parse_query_file

GOOD_HEADER = """# id: CQ01
# question: Which studies?
# scope: Studies and provenance
# reasoning: no
# expected: two reports
SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s
"""


def write_query(root: Path, name: str, text: str) -> Path:
    """Write a query file under root/queries and return its path."""
    folder = root / "queries"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_catalogue_has_the_27_questions_in_order():
    catalogue = load_catalogue()
    assert [cq.id for cq in catalogue] == [f"CQ{n:02d}" for n in range(1, 28)]
    assert all(cq.question.endswith("?") and cq.scope and cq.expected for cq in catalogue)
    assert {cq.scope for cq in catalogue} == {
        "Studies and provenance", "Design, sample and setting", "Managers", "Knowledge",
        "Networks and communities", "Knowledge synthesis and collective work",
        "Graph and reasoning"}


@pytest.mark.parametrize("cq", load_catalogue(), ids=lambda cq: cq.id)
def test_every_query_is_a_valid_ordered_select(cq):
    ox.Store().query(cq.sparql)  # raises SyntaxError on a malformed query
    body = "\n".join(line for line in cq.sparql.splitlines() if not line.startswith("#"))
    assert re.search(r"^SELECT\b", body, re.M) and re.search(r"^ORDER BY\b", body, re.M)


def test_get_question_is_case_insensitive_and_rejects_unknown_ids():
    assert get_question("cq14").id == "CQ14"
    with pytest.raises(KeyError, match="CQ99"):
        get_question("CQ99")


def test_a_good_file_parses(tmp_path):
    cq = parse_query_file(write_query(tmp_path, "CQ01.rq", GOOD_HEADER))
    assert (cq.id, cq.question, cq.reasoning, cq.expected) == ("CQ01", "Which studies?", False, "two reports")
    assert cq.sparql == GOOD_HEADER


@pytest.mark.parametrize("broken, message", [
    (GOOD_HEADER.replace("# scope: Studies and provenance\n", ""), "line 3: expected '# scope: ...'"),
    (GOOD_HEADER.replace("# reasoning: no", "# reasoning: maybe"), "line 4: reasoning must be"),
    (GOOD_HEADER.replace("# question: Which studies?", "# question:"), "line 2: 'question' is empty"),
    (GOOD_HEADER.replace("# id: CQ01", "# id: Q1"), "line 1: id 'Q1' is not of the form CQnn"),
    (GOOD_HEADER.replace("# id: CQ01", "# id: CQ02"), "header id 'CQ02' differs from the file name"),
    ("SELECT * WHERE { ?s ?p ?o }\n", "line 1: expected '# id: ...'"),
])
def test_a_bad_header_is_reported_with_the_file_name(tmp_path, broken, message):
    path = write_query(tmp_path, "CQ01.rq", broken)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    assert str(path) in str(caught.value) and message in str(caught.value)
    assert caught.value.path == path


def test_an_empty_queries_folder_is_an_error(tmp_path):
    (tmp_path / "queries").mkdir()
    with pytest.raises(CatalogueError, match="no \\*.rq query file"):
        load_catalogue(tmp_path)


def test_reasoning_accepts_a_trailing_note(tmp_path):
    text = GOOD_HEADER.replace("# reasoning: no", "# reasoning: yes: property chain")
    assert parse_query_file(write_query(tmp_path, "CQ01.rq", text)).reasoning is True
