"""Serve the app with gunicorn (never the Flask development server).

How the processes combine: each gunicorn worker process holds ONE engine (the store and its
pool of QUERY_WORKERS query processes), shared by that worker's request threads (gthread).
Request threads only wait on the query processes, but the HTTP layer itself (gunicorn, Flask,
the hooks, the pipe) costs ~0.6 ms of one process's CPU per request, more than a small query:
one gunicorn worker tops out near 1,400 lookups/s on one core. So the default is a gunicorn
worker per core, at most two (measured on 2 cores: bench/README.md); each adds one copy of the
engine (1 + QUERY_WORKERS processes, ~120 MB for the real graph).

The app is created in the gunicorn master (preload: configuration errors stop start-up at
once) but the engine is opened in each worker after the fork (its pool cannot cross a fork),
eagerly, so the first request does not pay for loading the store.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from gunicorn.app.base import BaseApplication

from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine, engine_for

THREADS_PER_WORKER = 8
MAX_DEFAULT_WORKERS = 2  # beyond two, memory grows faster than a shared machine gains


def default_workers() -> int:
    """Return the gunicorn workers to run when none are asked for: one per core, up to two."""
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


class _Gunicorn(BaseApplication):
    """A gunicorn application serving one preloaded Flask app."""

    def __init__(self, app, options: Mapping[str, Any]):
        self.application = app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        """Pass the options to gunicorn's settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Return the WSGI app."""
        return self.application


def options(host: str, port: int, workers: int, app) -> dict[str, Any]:
    """Return the gunicorn settings for this app."""
    timeout = float(app.config["QUERY_TIMEOUT"])
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, int(workers)),
        "worker_class": "gthread",
        "threads": THREADS_PER_WORKER,
        "preload_app": True,
        # gunicorn's own watchdog: well above the query time limit, which the engine enforces.
        "timeout": int(max(30, 3 * timeout)),
        "graceful_timeout": 10,
        "accesslog": None,  # hmkg.access logs one line per request with rows and timing
        "control_socket_disable": True,  # no runtime-management socket in $HOME (and no clashes)
        # Long GET queries are normal in SPARQL; the app itself caps the URL at MAX_BODY (414).
        "limit_request_line": 0,
        "post_worker_init": lambda worker: engine_for(app),
        "worker_exit": lambda server, worker: close_engine(app),
    }


def run(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
        config: Mapping[str, Any] | None = None) -> None:
    """Serve hmkg on host:port with gunicorn until stopped (workers None: default_workers())."""
    _log_to_stderr()
    app = create_app(app_config(host, port, config))
    count = default_workers() if workers is None else workers
    _Gunicorn(app, options(host, port, count, app)).run()


def app_config(host: str, port: int, config: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the app overrides: PUBLIC_URL follows the bound address unless it was given."""
    overrides = dict(config or {})
    if "PUBLIC_URL" not in overrides and "HMKG_PUBLIC_URL" not in os.environ:
        overrides["PUBLIC_URL"] = f"http://{host}:{port}"
    return overrides


def _log_to_stderr() -> None:
    """Send hmkg's log lines (the access log among them) to stderr."""
    logger = logging.getLogger("hmkg")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
