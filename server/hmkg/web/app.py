"""Application factory: configuration, proxy handling, blueprints and engine lifetime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hmkg import settings
from hmkg.web import hooks
from hmkg.web.engine_access import SETTINGS

# Safe defaults; HMKG_<KEY> environment variables override them, explicit config overrides both.
DEFAULTS: dict[str, Any] = {
    **settings.DEFAULTS,  # DIST, STORE, QUERY_TIMEOUT, RESULT_CAP, ... (hmkg/settings.py)
    "MAX_BODY": 100 * 1024,  # request body, and the URL's query string (414 beyond)
    # HTTP server (hmkg serve, web/serve.py): seconds to receive a request's headers, also the
    # idle time a keep-alive connection is kept; requests in progress per server worker.
    "HTTP_HEADER_TIMEOUT": 10.0,
    "HTTP_MAX_CONNECTIONS": 256,
    "PUBLIC_URL": "http://127.0.0.1:8000",
    # Answers kept in memory per server process, keyed by release (web/answer_cache.py); 0: off.
    "ANSWER_CACHE_MB": 64,
    "ANSWER_MAX_AGE": 300,  # seconds a shared HTTP cache may reuse a GET answer unasked
    # One hmkg.access line per request (web/hooks.py). Off behind a proxy that logs requests
    # already: the line is 10-20 % of the CPU of an answer from the cache (bench/README.md).
    "ACCESS_LOG": True,
    "ENGINE_FACTORY": None,  # callable(Settings) -> Engine; None means hmkg.engine.open_engine
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
    """Build the engine Settings once from the config, and write its resolved values back."""
    built = app.extensions[SETTINGS] = settings.from_config(app.config)
    app.config["DIST"] = str(built.dist)
    app.config["SERVICE_ALLOWLIST"] = tuple(sorted(built.service_allowlist))
    app.config["ACCESS_LOG"] = settings.flag(app.config["ACCESS_LOG"])  # "off" is off too
    # werkzeug refuses larger bodies with 413 on every route; /sparql also checks it itself.
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_BODY"])


def _register_blueprints(app: Flask) -> None:
    """Attach every route module."""
    from hmkg.web import downloads, findings, pages, pictures, resources, shapes, sparql

    for module in (sparql, pages, resources, shapes, downloads, findings, pictures):
        app.register_blueprint(module.bp)
