"""Content negotiation over hmkg's table of formats (hmkg.formats).

Every route (SPARQL answers, the service description, resource pages, downloads) picks its
format here: by the Accept header through werkzeug's parser, by a `format=` parameter for tools
that cannot set headers, or by a file suffix.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from hmkg.formats import (ALIASES, CSV, DEFAULTS, HTML, JSON_LD, N_QUADS, N_TRIPLES, RDF_XML,
                          SPARQL_JSON, SPARQL_XML, TABLE, TRIG, TSV, TURTLE, Kind, by_mime,
                          by_name, by_suffix, of_kind)
from hmkg.formats import Format as MediaType

__all__ = ["ALIASES", "CSV", "DEFAULTS", "HTML", "JSON_LD", "N_QUADS", "N_TRIPLES", "RDF_XML",
           "SPARQL_JSON", "SPARQL_XML", "TABLE", "TRIG", "TSV", "TURTLE", "Kind", "MediaType",
           "by_mime", "by_name", "by_suffix", "is_known_name", "negotiate", "negotiate_header",
           "of_kind"]


def single_graph(kind: Kind) -> tuple[MediaType, ...]:
    """Return the formats of one kind that can carry a single graph (no dataset syntaxes)."""
    return tuple(media for media in of_kind(kind) if not media.quads)


def negotiate(accept: MIMEAccept, *kinds: Kind, single: bool = False) -> MediaType | None:
    """Return the best format of the given kinds for an Accept header, or None if none fits.

    Without an Accept header the first kind's default is chosen. single=True leaves out the
    dataset syntaxes (N-Quads, TriG), for answers that are one graph.
    """
    offers: dict[str, MediaType] = {}
    for kind in kinds:
        offers.update({media.mime: media for media in of_kind(kind)})
    for kind in kinds:
        for alias, media in ALIASES[kind].items():
            offers.setdefault(alias, media)
    if single:
        offers = {mime: media for mime, media in offers.items() if not media.quads}
    if not accept:  # no (or an empty) Accept header: the documented default
        return DEFAULTS[kinds[0]]
    # Media-type parameters ("; charset=utf-8") would make werkzeug skip an exact type and
    # settle for a worse one; every answer here is UTF-8, so only the bare type counts.
    bare = MIMEAccept([(value.split(";", 1)[0].strip(), quality) for value, quality in accept])
    best = bare.best_match(list(offers))  # no default: nothing acceptable means None
    return offers[best] if best else None


@lru_cache(maxsize=256)
def negotiate_header(header: str | None, *kinds: Kind) -> MediaType | None:
    """Negotiate on a raw Accept header; clients repeat the same few, so answers are cached."""
    return negotiate(parse_accept_header(header, MIMEAccept), *kinds)


def is_known_name(name: str) -> bool:
    """Say whether a `format=` value names any format at all."""
    return any(by_name(name, kind) for kind in Kind)
