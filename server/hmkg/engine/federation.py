"""Find a query's SERVICE calls from a real parse, so that no spelling can hide one.

Two steps, both on the query's code text (code_text): line ends made LF, and, when that
cannot change what a parser reads, whole-line comments dropped. A screen that cannot miss:
SERVICE is a keyword, so a code text that (with the \\u escapes SPARQL allows anywhere
decoded, in either case) never spells the letters s-e-r-v-i-c-e cannot call a service;
nearly every query stops here, at the cost of a substring search. A query that does spell
them is parsed by rdflib's SPARQL 1.1 parser and its parse tree is walked for every
ServiceGraphPattern, wherever it sits (FILTER EXISTS, OPTIONAL, UNION, MINUS, subqueries).
That parse costs 6-80 ms for a usual query but ~18 s for 5,000 chained operators, so the
embedded engine runs it in its query worker processes, under the time limit; it is
serialised anyway (rdflib's parser is not thread-safe, and the remote engine calls it in the
web process) and its verdicts are cached by code text, so a comment that differs (a
client's cache-buster, a note) does not cost another parse. A query that spells SERVICE and
that rdflib cannot parse is refused: pyoxigraph reads keywords without a word boundary
(`SERVICEc:x` is a call to it), so a text one parser rejects may still be a call to the other.
So is one where the two parsers are known to read different tokens, which would leave a
call pyoxigraph makes out of rdflib's tree: a \\u escape for a character that can end a
string, IRI or comment (rdflib decodes it first, pyoxigraph in strings only), and a prefixed
name pyoxigraph ends early or reads again (_pyoxigraph_rereads).
The query worker processes are also kept off the network by the kernel (sandbox.py), so this
guard is not the only wall.
"""

from __future__ import annotations

import functools
import re
import threading

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PARSER_LOCK = threading.Lock()
# A comment that fills its line: after LF line ends, `.` stops at the line's end as SPARQL's
# comments do.
_WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*#.*$", re.MULTILINE)


class UnreadableService(Exception):
    """The query spells SERVICE, but its calls cannot be read from a parse."""


def code_text(sparql: str) -> str:
    """Return the text the SERVICE screen and parse read: the query's code, same calls.

    CR and CRLF become LF: SPARQL ends a comment at either, rdflib's parser only at LF, so
    `# x<CR>SERVICE <e> {..}<LF>` was a call to pyoxigraph that rdflib read as a comment.
    A line whose first non-blank character is # is dropped whole, unless the text holds a
    long string (whose content may run over lines and close mid-line) or a \\u escape (which
    a spec-following remote store decodes before it reads the line). Otherwise such a line
    cannot be inside an IRI or a short string, which never span lines, so it is a comment.
    """
    text = sparql.replace("\r\n", "\n").replace("\r", "\n")
    if '"""' in text or "'''" in text or "\\u" in text or "\\U" in text:
        return text
    return _WHOLE_LINE_COMMENT.sub("", text)


def spells_service(sparql: str) -> bool:
    """Tell whether the query's code could hold the SERVICE keyword at all."""
    text = _ESCAPE.sub(_decoded, code_text(sparql))
    # upper() first also catches letters that only upper-case to ASCII (U+017F long s -> S).
    return "service" in text.lower() or "service" in text.upper().lower()


def _decoded(match: re.Match) -> str:
    """Return the character a \\u or \\U escape stands for (invalid code points stay as text)."""
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except ValueError:
        return match.group()


def service_endpoints(sparql: str) -> tuple[str | None, ...]:
    """Return the endpoint of every SERVICE call: an absolute IRI, or None (variable, relative).

    Raises UnreadableService when the text spells SERVICE but rdflib cannot parse it.
    """
    verdict = _code_verdict(code_text(sparql))
    if isinstance(verdict, str):
        raise UnreadableService(verdict)  # a new exception each time: no traceback piles up
    return verdict


@functools.lru_cache(maxsize=256)
def _code_verdict(sparql: str) -> tuple[str | None, ...] | str:
    """service_endpoints for a code text (code_text's result), cached, refusals included (as
    their reason): a refused query sent again is not parsed again."""
    try:
        return _code_endpoints(sparql)
    except UnreadableService as refusal:
        return str(refusal)


def _code_endpoints(sparql: str) -> tuple[str | None, ...]:
    """Read the SERVICE calls of a code text; raise UnreadableService where they cannot be."""
    if not spells_service(sparql):
        return ()
    from rdflib.plugins.sparql.algebra import translatePName, translatePrologue, traverse
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes_re, parseQuery

    # Where rdflib and pyoxigraph read the same text as different tokens, rdflib's tree may
    # lack a call pyoxigraph makes: such texts are refused (each case is in the guard's
    # oracle corpus, tests/engine/test_guard.py).
    escape = _boundary_escape(expandUnicodeEscapes_re, sparql)
    if escape:
        raise UnreadableService(
            f"the escape {escape} stands for a character that can end a string, IRI or "
            "comment; rdflib decodes it before reading the query, pyoxigraph only inside "
            "strings and IRIs, so the two would read different queries")
    with _PARSER_LOCK:
        try:
            tree = parseQuery(sparql)
            hiding = [(node, why) for node in _nodes(tree[1], "pname")
                      if (why := _pyoxigraph_rereads(node))]
            prologue = translatePrologue(tree[0], None)
            body = traverse(tree[1], functools.partial(translatePName, prologue=prologue))
        except Exception as error:  # pyparsing's errors, RecursionError, bad prefixes...
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise UnreadableService(first_line) from None
    if hiding:
        node, why = hiding[0]
        raise UnreadableService(f"in the prefixed name {node.get('prefix') or ''}:"
                                f"{node.get('localname')}, {why}, and what follows spells SERVICE")
    return tuple(_absolute(node.get("term")) for node in _nodes(body, "ServiceGraphPattern"))


def _boundary_escape(pattern: re.Pattern, sparql: str) -> str | None:
    """Return the first \\u escape (as rdflib finds them) that stands for an ASCII character
    other than a letter or digit: only those can move where a string, IRI or comment ends.

    rdflib decodes every escape before it tokenises (as SPARQL 1.1 says); pyoxigraph 0.5 only
    inside strings and IRIs, so `BIND("\\u0022 AS ?a) #" AS ?a) SERVICE <e> {}` closed the
    string early for rdflib and hid the call behind a comment, while pyoxigraph made it.
    """
    for match in pattern.finditer(sparql):
        try:
            character = chr(int(match.group(1), 16))
        except (ValueError, OverflowError):
            continue  # rdflib refuses the query itself
        if ord(character) < 0x80 and not character.isalnum():
            return match.group()
    return None


def _pyoxigraph_rereads(pname) -> str | None:
    """Say why pyoxigraph may read tokens (a SERVICE call) out of a prefixed name rdflib read
    whole, or None. Two grammar differences:

    - rdflib's local names take any number of dot groups, as SPARQL's grammar says;
      pyoxigraph 0.5's take one and end before a second dot, which then ends the triple:
      `ex:a.b.SERVICEc:x {}` was one object for rdflib and a call to c:x for pyoxigraph.
    - pyoxigraph checks the IRI a prefixed name expands to and, when it is not a valid IRI,
      reads the name as `ex:` and its local part again as new tokens: with `PREFIX ex:
      <http://>`, `ex:SERVICEe:sparql {}` was a call. An endpoint inside the local part is a
      prefixed name, so the local part holds a colon; an endpoint after the name
      (`ex:SERVICE <e> {}`) is also a call, but rdflib cannot parse a name followed by an IRI
      and a group, so that text is refused as unreadable (both are in the guard's corpus).
    """
    local = pname.get("localname") or ""
    after_first_dot = local.partition(".")[2]
    if "." in after_first_dot and spells_service(after_first_dot):
        return "pyoxigraph ends the name at its second dot"
    if ":" in local and spells_service(local):
        return "pyoxigraph reads the local part again when the IRI it makes is not valid"
    return None


def _nodes(tree, name: str) -> list:
    """Return every CompValue of a parse tree with this name (walked without recursion)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    found, pending = [], [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, CompValue):
            if node.name == name:
                found.append(node)
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            pending.extend(node)
    return found


def _absolute(term) -> str | None:
    """Return the endpoint IRI when it is an absolute IRI; None for a variable or relative IRI."""
    from rdflib import URIRef

    if isinstance(term, URIRef) and re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", str(term)):
        return str(term)
    return None
