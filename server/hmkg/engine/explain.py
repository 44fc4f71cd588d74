"""Explain a SPARQL syntax error in words.

pyoxigraph's parser reports what it expected at a position: for an undeclared prefix that is a
list of Unicode ranges, and for a misspelt keyword (`LIMT`) the keywords that could follow the
previous token, never the one meant. The engine keeps the parser's position and adds what a
person needs: the prefix that is not declared, or the keyword nearest to the unknown word.
"""

from __future__ import annotations

import difflib
import re

from hmkg.prefixes import PREFIXES

# Every word SPARQL 1.1 (and the RDF 1.2 additions pyoxigraph reads) gives a meaning to:
# query forms and clauses, operators, and built-in functions.
KEYWORDS = frozenset("""
BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED FROM NAMED WHERE GRAPH OPTIONAL UNION
MINUS FILTER BIND VALUES SERVICE SILENT UNDEF AS GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET
NOT IN EXISTS A TRUE FALSE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE
LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT
SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRIPLE SUBJECT PREDICATE
OBJECT ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR
INSERT DELETE DATA LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO WITH USING DEFAULT ALL
""".split())

_POSITION = re.compile(r"error at (\d+):(\d+)")
_LEAD = re.compile(r"^(?:syntax )?error(?: at \d+:\d+)?:?\s*")
_QUOTED = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_PREFIXED = re.compile(r"(?<![\w?$:])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)")
_WORD = re.compile(r"(?<![\w?$:@^.-])([A-Za-z_]\w*)(?![\w:-])")


def explain(sparql: str, message: str) -> str:
    """Return the parser's message with what is wrong said in words (position kept)."""
    where = _POSITION.search(message)
    at = f"syntax error at {where.group(1)}:{where.group(2)}" if where else "syntax error"
    code = _QUOTED.sub(lambda m: " " * len(m.group(0)), sparql)  # IRIs, strings, comments
    if "Prefix not found" in message:
        missing = _undeclared_prefixes(code)
        if missing:
            names = ", ".join(f"{name}:" for name in missing)
            namespace = PREFIXES.get(missing[0], "http://example.org/ns#")
            return (f"{at}: the prefix {names} is not declared; add a line such as "
                    f"PREFIX {missing[0]}: <{namespace}> before the query")
        return f"{at}: a prefix is not declared"
    unknown = _unknown_words(code)
    if unknown:
        word = unknown[0]
        nearest = difflib.get_close_matches(word.upper(), KEYWORDS, n=1, cutoff=0.6)
        hint = f"; did you mean {nearest[0]}?" if nearest else ""
        said = _parser_said(message)
        useful = said.startswith("expected") and "<unreported>" not in said
        known = f" (the parser {said})" if useful else ""
        return f"{at}: {word} is not a SPARQL keyword{hint}{known}"
    return f"{at}: {_parser_said(message)}"


def _undeclared_prefixes(code: str) -> list[str]:
    """Return the prefix names the query uses without declaring them, in order of use."""
    declared = {name or "" for name in _DECLARED.findall(code)}
    used = [m.group(1) or "" for m in _PREFIXED.finditer(code)]
    return list(dict.fromkeys(name for name in used if name not in declared))


def _unknown_words(code: str) -> list[str]:
    """Return the bare words that are neither keywords nor part of a name or number."""
    body = _DECLARED.sub(" ", code)
    return [word for word in _WORD.findall(body)
            if word.upper() not in KEYWORDS and not word.isdigit()]


def _parser_said(message: str) -> str:
    """Return the parser's own words after its position, on one line."""
    said = _LEAD.sub("", message).strip().splitlines()
    return said[0] if said else ""
