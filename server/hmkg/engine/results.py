"""Serialise SELECT/ASK results (JSON, XML, CSV, TSV) from pyoxigraph terms.

pyoxigraph writes these formats too, but only from a whole result iterator; the result cap
needs to stop after N solutions, so the writers here take a plain list. Each follows its W3C
Recommendation: SPARQL 1.1 Query Results JSON, XML, and CSV/TSV (CRLF rows in CSV).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

from pyoxigraph import BlankNode, NamedNode, Triple

from hmkg import formats

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Row = Sequence[object | None]  # one solution: a term or None (unbound) per variable


# A str as a JSON string, non-ASCII kept: what json.dumps(..., ensure_ascii=False) writes.
_string = json.encoder.encode_basestring


def _json_term(term) -> str:
    """Return the JSON results object of one term, as the text json.dumps gives its dict.

    Written as text: building a dict per term and encoding it took 40 % longer (CQ25's 955
    rows: 1.8 against 1.3 ms)."""
    kind = type(term)
    if kind is NamedNode:
        return '{"type":"uri","value":' + _string(term.value) + "}"
    if kind is BlankNode:
        return '{"type":"bnode","value":' + _string(term.value) + "}"
    if kind is Triple:
        return ('{"type":"triple","value":{"subject":' + _json_term(term.subject)
                + ',"predicate":' + _json_term(term.predicate)
                + ',"object":' + _json_term(term.object) + "}}")
    text = '{"type":"literal","value":' + _string(term.value)
    if term.language:
        text += ',"xml:lang":' + _string(term.language)
        if term.direction:
            text += ',"its:dir":' + _string(str(term.direction))
    elif term.datatype.value != XSD_STRING:
        text += ',"datatype":' + _string(term.datatype.value)
    return text + "}"


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def to_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """Write SPARQL 1.1 Query Results JSON (the bytes json.dumps gives the whole document).

    Each distinct term is written once and rows are joined as text: building one dict per
    binding and dumping the lot took a third of a 784-row answer's time.
    """
    term_json = functools.cache(_json_term)
    keys = [_string(name) + ":" for name in variables]
    bindings = ",".join(
        "{" + ",".join(key + term_json(term) for key, term in zip(keys, row) if term is not None) + "}"
        for row in rows
    )
    head = _encode({"head": {"vars": list(variables)}})  # '{"head":{...}}'
    return (head[:-1] + ',"results":{"bindings":[' + bindings + "]}}").encode()


# CR is escaped so XML parsers do not normalise "\r\n" in a literal to "\n".
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                           "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


def _xml_term(term) -> str:
    """Return the XML results element of one term."""
    kind = type(term)
    if kind is NamedNode:
        return f"<uri>{term.value.translate(_XML_TEXT)}</uri>"
    if kind is BlankNode:
        return f"<bnode>{term.value.translate(_XML_TEXT)}</bnode>"
    if kind is Triple:
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object))
        return "<triple>" + "".join(f"<{n}>{_xml_term(p)}</{n}>" for n, p in parts) + "</triple>"
    value = term.value.translate(_XML_TEXT)
    if term.language:
        # ITS 2.0 wants its:version next to its:dir.
        direction = f' its:dir="{term.direction}" its:version="2.0"' if term.direction else ""
        return f'<literal xml:lang="{term.language}"{direction}>{value}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{term.datatype.value.translate(_XML_ATTR)}">{value}</literal>'
    return f"<literal>{value}</literal>"


_XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#"')
_ITS = ' xmlns:its="http://www.w3.org/2005/11/its"'


def to_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """Write SPARQL Query Results XML."""
    term_xml = functools.cache(_xml_term)
    parts = [_XML_HEAD, _ITS, "><head>"]
    parts += [f'<variable name="{name}"/>' for name in variables]
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        parts += [f'<binding name="{name}">{term_xml(term)}</binding>'
                  for name, term in zip(variables, row) if term is not None]
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def _csv_field(text: str) -> str:
    """Quote a CSV field when it holds a quote, comma, CR or LF (RFC 4180)."""
    if any(ch in text for ch in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_text(term) -> str:
    """Return what CSV shows of a term: IRIs bare, bnodes _:x, literals their lexical form."""
    kind = type(term)
    if kind is BlankNode:
        return "_:" + term.value
    if kind is Triple:  # its three terms, space-separated, as pyoxigraph writes them
        return " ".join(_csv_text(part) for part in (term.subject, term.predicate, term.object))
    return term.value


def _csv_term(term) -> str:
    """Return the CSV field of one term (empty when unbound)."""
    return "" if term is None else _csv_field(_csv_text(term))


def to_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """Write SPARQL 1.1 Query Results CSV (CRLF line ends)."""
    lines = [",".join(_csv_field(name) for name in variables)]
    lines += [",".join(_csv_term(term) for term in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term) -> str:
    """Return the TSV field of one term, in Turtle/N-Triples syntax."""
    if term is None:
        return ""
    kind = type(term)
    if kind is NamedNode:
        return f"<{term.value}>"
    if kind is BlankNode:
        return f"_:{term.value}"
    if kind is Triple:
        parts = (term.subject, term.predicate, term.object)
        return "<<( " + " ".join(_tsv_term(part) for part in parts) + " )>>"
    text = '"' + term.value.translate(_TSV_ESCAPES) + '"'
    if term.language:
        return text + "@" + term.language + (f"--{term.direction}" if term.direction else "")
    if term.datatype.value != XSD_STRING:
        return f"{text}^^<{term.datatype.value}>"
    return text


def to_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """Write SPARQL 1.1 Query Results TSV."""
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def boolean(value: bool, media_type: str) -> bytes:
    """Write an ASK answer in one of the result formats."""
    word = "true" if value else "false"
    if media_type == JSON:
        return f'{{"head":{{}},"boolean":{word}}}'.encode()
    if media_type == XML:
        return f"{_XML_HEAD}><head/><boolean>{word}</boolean></sparql>\n".encode()
    return f"{word}\r\n".encode() if media_type == CSV else f"{word}\n".encode()


JSON, XML, CSV, TSV = (row.mime for row in (formats.SPARQL_JSON, formats.SPARQL_XML,
                                             formats.CSV, formats.TSV))


def with_cap_note(body: bytes, media_type: str, note_url: str, cap: int) -> bytes:
    """Say in the body of a capped answer that it was cut, where the format has a place.

    JSON and XML results get a `link` in their head (SPARQL 1.1 Query Results JSON 3.1, XML
    2.2), to a note on the cap; Turtle and N-Triples get a comment line. CSV and TSV have no
    place for it (a comment row would be read as a solution) and JSON-LD or RDF/XML none
    that readers keep: the HMKG-Result-Capped header is their only sign. The body must be
    one this module's writers (or pyoxigraph's Turtle/N-Triples) produced.
    """
    if media_type == JSON and body.startswith(b'{"head":{'):
        link = _encode(note_url).encode()
        return b'{"head":{"link":[' + link + b"]," + body[len(b'{"head":{'):]
    if media_type == XML:
        link = f'<link href="{note_url.translate(_XML_ATTR)}"/></head>'.encode()
        return body.replace(b"</head>", link, 1)
    if media_type in (formats.TURTLE.mime, formats.N_TRIPLES.mime):
        note = f"# Cut at the result cap of {cap} triples: see <{note_url}>.\n"
        return body + (b"" if body.endswith(b"\n") or not body else b"\n") + note.encode()
    return body


SOLUTION_WRITERS = {JSON: to_json, XML: to_xml, CSV: to_csv, TSV: to_tsv}
