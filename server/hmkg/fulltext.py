"""The release's full-text index of claims: its file name, its table, and how it is searched.

The pipeline writes the index (pipeline/search_index.py) and the web app reads it
(web/findings.py); both take its layout from here. It is an SQLite FTS5 table, one row per
claim, so the standard library is all either side needs.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

INDEX_FILE = "search.sqlite"
TABLE = "claim_text"
# Searchable columns, in table order, with their weight in the ranking: a word in the quoted
# passage or the statement counts for more than one in the label or definition of what the
# claim is about.
COLUMNS = (("statement", 4.0), ("quote", 6.0), ("hedge", 1.0), ("labels", 2.0),
           ("definitions", 1.0))
# The Porter stemmer lets "managers" find "manager"; unicode61 splits "home-grown" into two words.
TOKENIZER = "porter unicode61 remove_diacritics 2"
SCHEMA = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5(iri UNINDEXED, "
          + ", ".join(name for name, _ in COLUMNS) + f", tokenize='{TOKENIZER}')")
MARK_START, MARK_END = "\x02", "\x03"  # around each matching word in highlighted text
# FTS5 runs in the web process, outside the query workers' time limit, and its cost grows
# faster than the number of words (6,000 words took 11 s): a search takes at most this many.
MAX_WORDS = 32
_NAMES = [name for name, _ in COLUMNS]
_STATEMENT, _QUOTE = 1 + _NAMES.index("statement"), 1 + _NAMES.index("quote")  # after iri
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """One claim the query matches: its IRI, and its statement and quote with words marked."""

    iri: str
    statement: str
    quote: str


def words(query: str) -> list[str]:
    """Return the query's distinct words, in order (punctuation and FTS5 operators are never
    passed through)."""
    return list(dict.fromkeys(_WORD.findall(query.lower())))


def search(index: Path, query: str) -> list[Hit]:
    """Return the claims matching every word of the query (else any word), best first."""
    terms = words(query)
    if not terms:
        return []
    if len(terms) > MAX_WORDS:
        raise ValueError(f"a search takes at most {MAX_WORDS} different words")
    quoted = [f'"{term}"' for term in terms]
    with closing(_open(index)) as connection:
        hits = _run(connection, " AND ".join(quoted))
        if not hits and len(quoted) > 1:
            hits = _run(connection, " OR ".join(quoted))
    return hits


def _open(index: Path) -> sqlite3.Connection:
    """Open the index read-only (it never changes while served)."""
    return sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _run(connection: sqlite3.Connection, expression: str) -> list[Hit]:
    """Run one FTS5 MATCH, ranked by BM25 with the column weights, ties broken by IRI."""
    weights = ", ".join(str(weight) for _, weight in COLUMNS)
    rows = connection.execute(
        f"SELECT iri, highlight({TABLE}, {_STATEMENT}, ?, ?), highlight({TABLE}, {_QUOTE}, ?, ?) "
        f"FROM {TABLE} "
        f"WHERE {TABLE} MATCH ? ORDER BY bm25({TABLE}, 0.0, {weights}), iri",
        (MARK_START, MARK_END, MARK_START, MARK_END, expression)).fetchall()
    return [Hit(iri, statement, quote) for iri, statement, quote in rows]


def marked_spans(text: str) -> list[tuple[str, bool]]:
    """Split highlighted text into (text, is_match) pieces."""
    pieces: list[tuple[str, bool]] = []
    for index, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        if part:
            pieces.append((part, index % 2 == 1))
    return pieces
