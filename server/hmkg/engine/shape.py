"""Read a query's shape from its tokens: form, dataset clause, update keywords, SERVICE calls.

pyoxigraph exposes no parsed algebra, so the read-only checks work on tokens. The tokenizer
hides exactly what SPARQL hides (comments, strings, IRIs) and nothing more, so a keyword cannot
be smuggled past it in a comment or a string. pyoxigraph matches keywords without a word
boundary (it reads `SERVICESILENT<x>` as `SERVICE SILENT <x>`), so the checks look for the
keyword *inside* every bare word and prefix, failing closed on anything unusual.
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
            r"(?P<pname>(?P<prefix>(?:[^\W\d_]|[\u00B7-\uFFFF])(?:[\w.\-\u00B7-\uFFFF]*"
            r"[\w\-\u00B7-\uFFFF])?)?:(?P<local>(?:[\w:%\u00B7-\uFFFF]|\\\S)"
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
class Token:
    """One lexical token: its kind (a group name of _TOKEN) and its text."""

    kind: str
    text: str
    prefix: str = ""  # for pnames: the part before the colon


@dataclass(frozen=True)
class QueryShape:
    """What the tokens of a query say about it."""

    form: str | None  # SELECT/ASK/CONSTRUCT/DESCRIBE, None when unrecognised
    update_keyword: str | None  # the update operation it starts with, if any
    has_dataset_clause: bool  # FROM or FROM NAMED present
    services: tuple[str | None, ...]  # endpoint IRI of each SERVICE; None: unknowable


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens, dropping whitespace and comments."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        if kind in ("prefix", "local"):
            kind = "pname"
        tokens.append(Token(kind, match.group(), match.group("prefix") or ""))
    return tokens


@lru_cache(maxsize=512)
def query_shape(text: str) -> QueryShape:
    """Return the shape of a query (cached: competency questions repeat)."""
    tokens = tokenize(text)
    prefixes, first = _prologue(tokens)
    keyword = first.text.upper() if first is not None and first.kind == "word" else ""
    return QueryShape(
        form=next((form for form in _FORMS if keyword.startswith(form)), None),
        update_keyword=next((kw for kw in _UPDATE_KEYWORDS if keyword.startswith(kw)), None),
        has_dataset_clause=any(t.kind == "word" and t.text.upper().startswith("FROM")
                               for t in tokens),
        services=_services(tokens, prefixes),
    )


def _prologue(tokens: list[Token]) -> tuple[dict[str, str], Token | None]:
    """Collect PREFIX declarations; return them with the first token after the prologue."""
    prefixes: dict[str, str] = {}
    position = 0
    while position < len(tokens):
        keyword = tokens[position].text.upper()
        if keyword == "BASE":
            position += 2
        elif keyword == "PREFIX" and position + 2 < len(tokens):
            name, iri = tokens[position + 1], tokens[position + 2]
            if name.kind == "pname" and iri.kind == "iri":
                prefixes[name.prefix] = _iri_text(iri.text)
            position += 3
        else:
            return prefixes, tokens[position]
    return prefixes, None


def _services(tokens: list[Token], prefixes: dict[str, str]) -> tuple[str | None, ...]:
    """Return the endpoint of every SERVICE keyword; None where it cannot be known."""
    endpoints = []
    for index, token in enumerate(tokens):
        if not _mentions_service(token):
            continue
        if token.kind != "word" or token.text.upper() != "SERVICE":
            endpoints.append(None)  # keyword glued to something: refuse, do not guess
            continue
        following = tokens[index + 1:index + 3]
        if following and following[0].kind == "word" and following[0].text.upper() == "SILENT":
            following = following[1:]
        endpoints.append(_endpoint(following[0] if following else None, prefixes))
    return tuple(endpoints)


def _mentions_service(token: Token) -> bool:
    """Tell whether a token could be (or hide) the SERVICE keyword."""
    if token.kind == "word":
        return "SERVICE" in token.text.upper()
    return token.kind == "pname" and "SERVICE" in token.prefix.upper()


def _endpoint(token: Token | None, prefixes: dict[str, str]) -> str | None:
    """Return the absolute IRI a SERVICE names, or None (variable, relative, unknown)."""
    if token is None:
        return None
    if token.kind == "iri":
        iri = _iri_text(token.text)
    elif token.kind == "pname" and token.prefix in prefixes:
        local = token.text[len(token.prefix) + 1:]
        iri = prefixes[token.prefix] + re.sub(r"\\(.)", r"\1", local)
    else:
        return None
    return iri if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri) else None


def _iri_text(iriref: str) -> str:
    """Return the IRI inside <...>, with \\u escapes decoded."""
    return re.sub(_ESCAPE, lambda m: chr(int(m.group()[2:], 16)), iriref[1:-1])
