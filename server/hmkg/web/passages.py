"""Quoted passages: find a selector's exact words in the summary and show them in context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from hmkg import paths

SUMMARY_NAME = Path("sources") / "summary.txt"


@dataclass(frozen=True)
class Passage:
    """A quotation inside its paragraph: the text before it, the quote, the text after it."""

    before: str
    exact: str
    after: str


def summary_text() -> str | None:
    """Return the summary's text: the release's copy, else the source folder's, else None."""
    for candidate in (Path(current_app.config["DIST"]) / SUMMARY_NAME,
                      paths.data_dir() / SUMMARY_NAME):
        if candidate.is_file():
            return _read(candidate, candidate.stat().st_mtime_ns)
    return None


@lru_cache(maxsize=4)
def _read(path: Path, _mtime: int) -> str:
    """Read a text file once per modification time."""
    return path.read_text(encoding="utf-8")


def in_context(text: str, exact: str, prefix: str = "", suffix: str = "") -> Passage | None:
    """Locate the quote (whitespace-tolerant, prefix/suffix disambiguate) within its paragraph."""
    words = exact.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    match = max(matches, key=lambda m: _fit(text, m, prefix, suffix))
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    return Passage(text[start:match.start()], match.group(0), text[match.end():end])


def _fit(text: str, match: re.Match, prefix: str, suffix: str) -> int:
    """Score how well the text around a match agrees with the selector's prefix and suffix."""
    before = " ".join(text[:match.start()].split())
    after = " ".join(text[match.end():].split())
    score = 0
    if prefix.strip() and before.endswith(" ".join(prefix.split())):
        score += 1
    if suffix.strip() and after.startswith(" ".join(suffix.split())):
        score += 1
    return score
