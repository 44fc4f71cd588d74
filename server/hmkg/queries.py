"""The competency-question catalogue: one SPARQL query per question, read from queries/*.rq.

Each file opens with a header of ``# key: value`` lines (id, question, scope, reasoning,
expected), then free ``#`` comment lines, then the query. The server lists the catalogue as
ready examples; ``hmkg query --cq ID`` and the tests run it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hmkg import paths

HEADER_KEYS = ("id", "question", "scope", "reasoning", "expected")
_HEADER_LINE = re.compile(r"#\s*([a-z]+):\s*(.*?)\s*$")
_ID = re.compile(r"CQ\d{2}")


class CatalogueError(ValueError):
    """A query file whose header is missing, malformed or inconsistent."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class CompetencyQuestion:
    """One competency question and the SPARQL query that answers it."""

    id: str
    question: str
    scope: str
    reasoning: bool
    expected: str
    sparql: str
    path: Path


def load_catalogue(root: Path | None = None) -> list[CompetencyQuestion]:
    """Read every queries/*.rq file under root and return the questions sorted by id."""
    folder = paths.queries_dir(root)
    files = sorted(folder.glob("*.rq"))
    if not files:
        raise CatalogueError(folder, "no *.rq query file found")
    questions = sorted((parse_query_file(f) for f in files), key=lambda q: q.id)
    _check_unique(questions)
    return questions


def get_question(cq_id: str, root: Path | None = None) -> CompetencyQuestion:
    """Return the question with the given id (case-insensitive), or raise KeyError."""
    wanted = cq_id.strip().upper()
    for question in load_catalogue(root):
        if question.id == wanted:
            return question
    raise KeyError(f"no competency question {cq_id!r}")


def parse_query_file(path: Path) -> CompetencyQuestion:
    """Parse one .rq file into a CompetencyQuestion; raise CatalogueError naming the file."""
    text = path.read_text(encoding="utf-8")
    header = _read_header(path, text.splitlines())
    if header["id"] != path.stem:
        raise CatalogueError(path, f"header id {header['id']!r} differs from the file name")
    return CompetencyQuestion(
        id=header["id"], question=header["question"], scope=header["scope"],
        reasoning=_parse_reasoning(path, header["reasoning"]), expected=header["expected"],
        sparql=text, path=path)


def _read_header(path: Path, lines: list[str]) -> dict[str, str]:
    """Return the header fields of the file's leading lines, in the fixed key order."""
    header: dict[str, str] = {}
    for number, key in enumerate(HEADER_KEYS, start=1):
        line = lines[number - 1] if number <= len(lines) else ""
        match = _HEADER_LINE.fullmatch(line)
        if not match or match.group(1) != key:
            raise CatalogueError(path, f"line {number}: expected '# {key}: ...', found {line!r}")
        if not match.group(2):
            raise CatalogueError(path, f"line {number}: '{key}' is empty")
        header[key] = match.group(2)
    if not _ID.fullmatch(header["id"]):
        raise CatalogueError(path, f"line 1: id {header['id']!r} is not of the form CQnn")
    return header


def _parse_reasoning(path: Path, value: str) -> bool:
    """Return True for 'yes', False for 'no'; anything else is an error."""
    word = value.split()[0].rstrip(":").lower()
    if word not in ("yes", "no"):
        raise CatalogueError(path, f"line 4: reasoning must be 'yes' or 'no', found {value!r}")
    return word == "yes"


def _check_unique(questions: list[CompetencyQuestion]) -> None:
    """Fail if two files carry the same id."""
    seen: dict[str, Path] = {}
    for question in questions:
        if question.id in seen:
            raise CatalogueError(question.path, f"duplicate id {question.id} (also in {seen[question.id]})")
        seen[question.id] = question.path
