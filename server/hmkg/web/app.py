"""Application factory: configuration, proxy handling, blueprints and engine lifetime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hmkg import paths
from hmkg.engine import DEFAULTS as ENGINE_DEFAULTS
from hmkg.web import hooks

# Safe defaults; HMKG_<KEY> environment variables override them, explicit config overrides both.
DEFAULTS: dict[str, Any] = {
    **ENGINE_DEFAULTS,  # QUERY_TIMEOUT, RESULT_CAP, QUERY_WORKERS, QUERY_MEMORY_MB
    "DIST": None,  # resolved to paths.default_dist() when still unset
    "MAX_BODY": 100 * 1024,
    "SERVICE_ALLOWLIST": (),
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "STORE": None,
    # Answers kept in memory per server process, keyed by release (web/answer_cache.py); 0: off.
    "ANSWER_CACHE_MB": 64,
    "ANSWER_MAX_AGE": 300,  # seconds a shared HTTP cache may reuse a GET answer unasked
    "ENGINE_FACTORY": None,  # callable(config) -> Engine; None means hmkg.engine.open_engine
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the hmkg Flask application."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("HMKG")
    if config:
        app.config.from_mapping(config)
    _normalise(app)
    # Trust one proxy hop for scheme, host and prefix (documented in the README).
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    hooks.install(app)
    _register_blueprints(app)
    return app


def _normalise(app: Flask) -> None:
    """Resolve defaults that depend on the environment and accept list settings as strings."""
    if app.config["DIST"] is None:
        app.config["DIST"] = str(paths.default_dist())
    allow = app.config["SERVICE_ALLOWLIST"]
    if isinstance(allow, str):  # HMKG_SERVICE_ALLOWLIST="https://a/sparql https://b/sparql"
        allow = allow.replace(",", " ").split()
    app.config["SERVICE_ALLOWLIST"] = tuple(allow or ())
    # werkzeug refuses larger bodies with 413 on every route; /sparql also checks it itself.
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_BODY"])


def _register_blueprints(app: Flask) -> None:
    """Attach every route module."""
    from hmkg.web import downloads, pages, resources, shapes, sparql

    for module in (sparql, pages, resources, shapes, downloads):
        app.register_blueprint(module.bp)
