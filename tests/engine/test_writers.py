"""The engine's result writers agree with pyoxigraph's own writers (the reference) on every
kind of term, including RDF 1.2 triple terms and directional language strings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from hmkg.engine import results

QUERIES = [
    "SELECT ?s ?p ?o ?none WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?s <http://x/none> ?none } }",
    'SELECT ?t WHERE { BIND(TRIPLE(<http://x/a>, <http://x/b>, "c"@en) AS ?t) }',
    'SELECT ?d WHERE { BIND(STRLANGDIR("right to left", "ar", "rtl") AS ?d) }',
    'SELECT ?n WHERE { VALUES ?n { 1 2.50 "3"^^<http://www.w3.org/2001/XMLSchema#double> } }',
    "SELECT * WHERE { }",
    "SELECT ?x WHERE { FILTER(false) }",
]


@pytest.fixture(scope="module")
def store(tiny_dist) -> ox.Store:
    """The tiny release in an in-process store."""
    loaded = ox.Store()
    loaded.load(path=str(tiny_dist / "hmkg.nq"), format=ox.RdfFormat.N_QUADS)
    return loaded


def ours_and_reference(store, query: str, writer, reference_format) -> tuple[bytes, bytes]:
    """Write one answer with the engine's writer and with pyoxigraph's."""
    solutions = store.query(query)
    variables = [v.value for v in solutions.variables]
    ours = writer(variables, [tuple(row) for row in solutions])
    return ours, store.query(query).serialize(format=reference_format)


@pytest.mark.parametrize("query", QUERIES)
def test_json_matches_the_reference(store, query):
    ours, reference = ours_and_reference(store, query, results.to_json, ox.QueryResultsFormat.JSON)
    assert json.loads(ours) == json.loads(reference)


ODD_LITERALS = ('SELECT ?s ?o WHERE { VALUES (?s ?o) { (<http://x/%C3%A9> "q\\"uote\\\\ \\n\\t \\u0001 '
                'é 😀 </script>") (<http://x/b> "x"@en-GB) (<http://x/a> UNDEF) } }')


@pytest.mark.parametrize("query", [*QUERIES, ODD_LITERALS])
def test_json_is_the_compact_dump_of_the_whole_document(store, query):
    """The writer joins rows and terms as text; its bytes must be exactly json.dumps's of the
    document (pyoxigraph's, parsed: the same keys in the same order)."""
    solutions = store.query(query)
    variables = [v.value for v in solutions.variables]
    rows = [tuple(row) for row in solutions]
    document = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    expected = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(rows) == 3 or query != ODD_LITERALS  # the odd literals really were written
    assert results.to_json(variables, rows) == expected


@pytest.mark.parametrize("query", QUERIES)
def test_csv_matches_the_reference_byte_for_byte(store, query):
    ours, reference = ours_and_reference(store, query, results.to_csv, ox.QueryResultsFormat.CSV)
    if not reference.endswith(b"\r\n"):  # pyoxigraph leaves out the last line break
        reference += b"\r\n"
    assert ours == reference


# Not the first query: pyoxigraph's XML writer leaves CR raw, which XML parsers turn into LF;
# the engine escapes it (test_formats.py round-trips that literal through rdflib).
@pytest.mark.parametrize("query", QUERIES[1:])
def test_xml_matches_the_reference(store, query):
    ours, reference = ours_and_reference(store, query, results.to_xml, ox.QueryResultsFormat.XML)
    assert _canonical(ours) == _canonical(reference)


def _canonical(document: bytes) -> list[tuple]:
    """Return an XML document as (tag, attributes, text) tuples, a parser's view of it."""
    return [(element.tag, sorted(element.attrib.items()), (element.text or "").strip())
            for element in ET.fromstring(document).iter()]


@pytest.mark.parametrize(("writer", "media_type"), [(results.to_json, results.JSON),
                                                    (results.to_xml, results.XML),
                                                    (results.to_csv, results.CSV),
                                                    (results.to_tsv, results.TSV)])
def test_every_solution_writer_is_registered(writer, media_type):
    assert results.SOLUTION_WRITERS[media_type] is writer
