"""Application factory: configuration, proxy handling, blueprints and engine lifetime."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hmkg import paths

# Safe defaults; HMKG_<KEY> environment variables override them, explicit config overrides both.
DEFAULTS: dict[str, Any] = {
    "DIST": None,  # resolved to paths.default_dist() when still unset
    "QUERY_TIMEOUT": 10.0,
    "RESULT_CAP": 10_000,
    "MAX_BODY": 100 * 1024,
    "SERVICE_ALLOWLIST": (),
    "PUBLIC_URL": "http://127.0.0.1:8000",
    "STORE": None,
    "QUERY_WORKERS": 2,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the hmkg Flask application."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("HMKG")
    if config:
        app.config.from_mapping(config)
    if app.config["DIST"] is None:
        app.config["DIST"] = str(paths.default_dist())
    # Trust one proxy hop for scheme, host and prefix (documented in the README).
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Attach every route module."""
    from hmkg.web import downloads, pages, resources, sparql

    for module in (sparql, pages, resources, downloads):
        app.register_blueprint(module.bp)
