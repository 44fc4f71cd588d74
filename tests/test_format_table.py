"""Every row of the one format table (hmkg.formats) is usable: something writes or reads it,
content negotiation offers it, and a published format has a file in the release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.datastructures import MIMEAccept

from hmkg import formats
from hmkg.engine.graphs import GRAPH_FORMATS
from hmkg.engine.results import SOLUTION_WRITERS
from hmkg.formats import Kind
from hmkg.pipeline.publish import ARTEFACTS
from hmkg.web import media

ROWS = {row.mime: row for row in formats.TABLE}


@pytest.mark.parametrize("mime", ROWS)
def test_each_row_has_a_writer(mime):
    row = ROWS[mime]
    writers = {Kind.RESULTS: SOLUTION_WRITERS, Kind.GRAPH: GRAPH_FORMATS}
    if row.kind is Kind.PAGE:  # HTML pages come from the Jinja templates
        templates = Path(media.__file__).parent / "templates"
        assert sorted(p.name for p in templates.glob("*.html")), "no HTML templates"
    else:
        assert mime in writers[row.kind]
        assert row.oxigraph is not None  # pyoxigraph reads it (the engine's tests parse it back)


@pytest.mark.parametrize("mime", ROWS)
def test_each_row_is_offered_by_accept(mime):
    row = ROWS[mime]
    chosen = media.negotiate(MIMEAccept([(mime, 1)]), row.kind)
    assert chosen is row
    assert media.negotiate(MIMEAccept([(f"{mime}; charset=utf-8", 1)]), row.kind) is row


@pytest.mark.parametrize("mime", ROWS)
def test_each_row_is_found_by_its_names_and_suffix(mime):
    row = ROWS[mime]
    assert formats.by_suffix(row.suffix) is row
    assert formats.by_mime(row.content_type) is row
    assert all(formats.by_name(name, row.kind) is row for name in row.names)


@pytest.mark.parametrize("mime", [m for m, row in ROWS.items() if row.published])
def test_each_published_row_has_an_artefact(mime, dist_dir):
    manifest = json.loads((dist_dir / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["media_type"] for entry in manifest["artefacts"]}
    if ROWS[mime] is formats.HTML:  # the ontology documentation
        assert any(entry["file"].endswith(".html") for entry in manifest["documentation"])
        return
    assert mime in listed
    files = [spec.file for spec in ARTEFACTS if spec.format.mime == mime]
    assert files and all((dist_dir / name).is_file() for name in files)


def test_unpublished_rows_are_results_only():
    assert {row.kind for row in formats.TABLE if not row.published} == {Kind.RESULTS}


def test_each_kind_has_its_default_first():
    for kind, default in formats.DEFAULTS.items():
        assert formats.of_kind(kind)[0] is default


def test_aliases_point_into_the_table():
    for kind, aliases in formats.ALIASES.items():
        assert aliases and all(row in formats.of_kind(kind) for row in aliases.values())
        assert not set(aliases) & set(ROWS)  # an alias never shadows a registered type


def test_accept_header_prefers_in_order():
    header = formats.accept_header(formats.N_TRIPLES, formats.TURTLE, formats.RDF_XML)
    assert header == "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
