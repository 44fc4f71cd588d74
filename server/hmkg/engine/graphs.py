"""Serialise CONSTRUCT/DESCRIBE answers with pyoxigraph's RDF writers."""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import RdfFormat, Triple, serialize

from hmkg.formats import Kind, of_kind
from hmkg.prefixes import CORE_PREFIXES

# Media type -> pyoxigraph writer, for every RDF format of the table.
GRAPH_FORMATS = {row.mime: row.oxigraph for row in of_kind(Kind.GRAPH)}

# Declared in Turtle and TriG answers so they read like the published files.
PREFIXES = CORE_PREFIXES
_WITH_PREFIXES = {RdfFormat.TURTLE, RdfFormat.TRIG}


def write_graph(triples: Sequence[Triple], media_type: str) -> bytes:
    """Write triples in the RDF format of a media type."""
    rdf_format = GRAPH_FORMATS[media_type]
    prefixes = PREFIXES if rdf_format in _WITH_PREFIXES else None
    body = serialize(triples, format=rdf_format, prefixes=prefixes)
    if rdf_format is RdfFormat.RDF_XML:
        # pyoxigraph writes CR raw, and XML parsers turn CRLF into LF: escape it so literals
        # round-trip. A raw CR can only occur in literal text (markup uses LF and tabs).
        body = body.replace(b"\r", b"&#13;")
    return body
