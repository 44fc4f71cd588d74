"""Serve files of the release: conditional requests (ETag, Last-Modified, 304).

CORS and gzip are added to every response by hooks.py (the protocol helper's app-wide hooks).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, request
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from hmkg import layout


def dist_dir() -> Path:
    """Return the release folder the app serves."""
    return Path(current_app.config["DIST"])


def release_key() -> str:
    """Return a key that changes whenever the served release does (its folder and manifest)."""
    manifest = dist_dir() / layout.MANIFEST_FILE
    stamp = manifest.stat().st_mtime_ns if manifest.is_file() else 0
    return f"{dist_dir()}:{stamp}"


def release_path(name: str) -> Path:
    """Return the path of a file inside the release, refusing anything outside it."""
    joined = safe_join(str(dist_dir()), name)
    if joined is None or not Path(joined).is_file():
        raise NotFound(f"{name} is not part of this release.")
    return Path(joined)


def send_release_file(path: Path, content_type: str) -> Response:
    """Answer with a file's bytes, revalidatable by its sha256 ETag and modification time."""
    stat = path.stat()
    body, digest = _load(path, stat.st_mtime_ns, stat.st_size)
    response = Response(body, content_type=content_type)
    response.set_etag(digest)
    response.last_modified = int(stat.st_mtime)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


@lru_cache(maxsize=64)
def _load(path: Path, _mtime: int, _size: int) -> tuple[bytes, str]:
    """Read a file and its sha256 once per version of it."""
    body = path.read_bytes()
    return body, hashlib.sha256(body).hexdigest()
