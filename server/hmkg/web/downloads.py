"""Release downloads and the VoID description."""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template, request

from hmkg import formats
from hmkg.web import media, release_files, release_info

bp = Blueprint("downloads", __name__)

# Files every release has besides the artefacts its manifest lists.
RELEASE_FILES = {"manifest.json": formats.JSON, "SHA256SUMS": formats.PLAIN_TEXT}


@bp.get("/download")
def listing() -> Response:
    """List every artefact: HTML for people, the manifest itself for JSON clients."""
    wanted = request.accept_mimetypes.best_match([media.HTML.mime, *media.ALIASES[media.Kind.PAGE], formats.JSON])
    if wanted is None and request.accept_mimetypes:
        return make_response((f"Not acceptable: {media.HTML.mime} or {formats.JSON}.\n", 406,
                              {"Content-Type": formats.PLAIN_TEXT, "Vary": "Accept"}))
    if wanted == formats.JSON:
        response = release_files.send_release_file(
            release_files.release_path("manifest.json"), formats.JSON)
    else:
        page = render_template("downloads.html", artefacts=release_info.artefacts(),
                               licence=release_info.DATA_LICENCE, datasets=release_info.datasets())
        response = make_response(page)
    response.vary.add("Accept")
    return response


@bp.get("/download/<path:name>")
def artefact(name: str) -> Response:
    """Send one release file with the media type its manifest gives."""
    types = {a.file: a.download_type for a in release_info.artefacts()} | RELEASE_FILES
    if name not in types:
        abort(404, f"{name} is not one of this release's files; see /download.")
    return release_files.send_release_file(release_files.release_path(name), _with_charset(types[name]))


def _with_charset(mime: str) -> str:
    """Add charset=utf-8 to textual media types."""
    known = media.by_mime(mime)
    if known is not None:
        return known.content_type
    textual = mime.startswith("text/") or mime.endswith(("json", "+xml"))
    return f"{mime}; charset=utf-8" if textual and "charset" not in mime else mime


@bp.get("/.well-known/void")
def void() -> Response:
    """Send the VoID/DCAT description in the negotiated RDF syntax (Turtle by default)."""
    chosen = media.negotiate(request.accept_mimetypes, media.Kind.GRAPH, single=True)
    if chosen is None:
        offered = ", ".join(row.mime for row in media.single_graph(media.Kind.GRAPH))
        message = f"Not acceptable: the VoID description is one RDF graph. Available: {offered}\n"
        return make_response((message, 406,
                              {"Content-Type": formats.PLAIN_TEXT, "Vary": "Accept"}))
    if chosen is media.TURTLE:
        response = release_files.send_release_file(release_files.release_path("void.ttl"),
                                                   media.TURTLE.content_type)
    else:
        body = release_info.void_serialised(chosen.rdflib_format)
        response = Response(body, content_type=chosen.content_type)
    response.vary.add("Accept")
    return response
