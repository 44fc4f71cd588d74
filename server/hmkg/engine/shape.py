"""Read a query's shape from its tokens: form, dataset clause, update keyword, size and depth.

What the tokens say is used for routing and for limits, never alone for security: a tokenizer
can be confused about where an IRI, string or comment ends (issue 13 smuggled a SERVICE call
past one), so SERVICE calls are decided from a real parse (federation.py). The size and depth
read here bound the work of both parsers: pyoxigraph's recursive parser overflows its stack
(the process dies) past ~1,000 nested groups or ~7,000 chained operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ESCAPE = r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\r\n]*)",
            r'(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'
            r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"
            r'|"(?:[^"\\\n\r]|\\[\s\S])*"'
            r"|'(?:[^'\\\n\r]|\\[\s\S])*')",
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_ESCAPE})*>)",
            r"(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)",
            r"(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<bnode>_:[\w\u00B7-\uFFFF](?:[\w.\-\u00B7-\uFFFF]*[\w\-\u00B7-\uFFFF])?)",
            # Prefixed name: prefix (letters first; dots only inside), colon, local part.
            r"(?P<pname>(?:(?:[^\W\d_]|[\u00B7-\uFFFF])(?:[\w.\-\u00B7-\uFFFF]*"
            r"[\w\-\u00B7-\uFFFF])?)?:(?:(?:[\w:%\u00B7-\uFFFF]|\\\S)"
            r"(?:(?:[\w.\-:%\u00B7-\uFFFF]|\\\S)*(?:[\w\-:%\u00B7-\uFFFF]|\\\S))?)?)",
            r"(?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<other>[\s\S])",
        ]
    )
)
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                    "ADD", "WITH")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class QueryShape:
    """What the tokens of a query say about it."""

    form: str | None  # SELECT/ASK/CONSTRUCT/DESCRIBE, None when unrecognised
    update_keyword: str | None  # the update operation it starts with, if any
    has_dataset_clause: bool  # FROM or FROM NAMED present
    tokens: int  # tokens outside comments: the query's size as a parser sees it
    depth: int  # deepest nesting of {, ( and [


Token = tuple[str, str]  # its kind (the name of the group of _TOKEN it matched) and its text
_SKIPPED = frozenset(("ws", "comment"))


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens, dropping whitespace and comments.

    Plain tuples, not objects: every query that is not in query_shape's cache is split
    here in the request path, and building an object per token doubled the cost.
    """
    return [(match.lastgroup, match.group()) for match in _TOKEN.finditer(text)
            if match.lastgroup not in _SKIPPED]


@lru_cache(maxsize=512)
def query_shape(text: str) -> QueryShape:
    """Return the shape of a query (cached: competency questions repeat)."""
    tokens = tokenize(text)
    first = _first_after_prologue(tokens)
    keyword = first[1].upper() if first is not None and first[0] == "word" else ""
    return QueryShape(
        form=next((form for form in _FORMS if keyword.startswith(form)), None),
        update_keyword=next((kw for kw in _UPDATE_KEYWORDS if keyword.startswith(kw)), None),
        has_dataset_clause=any(kind == "word" and word.upper().startswith("FROM")
                               for kind, word in tokens),
        tokens=len(tokens),
        depth=_depth(tokens),
    )


_OPENING, _CLOSING = frozenset("{(["), frozenset("})]")


def _depth(tokens: list[Token]) -> int:
    """Return the deepest nesting of brackets (unbalanced closers are the parser's to report)."""
    depth = deepest = 0
    for kind, text in tokens:
        if kind != "other":
            continue
        if text in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif text in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


def _first_after_prologue(tokens: list[Token]) -> Token | None:
    """Return the first token after the BASE and PREFIX declarations."""
    position = 0
    while position < len(tokens):
        keyword = tokens[position][1].upper()
        if keyword == "BASE":
            position += 2
        elif keyword == "PREFIX":
            position += 3
        else:
            return tokens[position]
    return None
