"""Serve the app with granian (never the Flask development server).

Why granian: its HTTP layer is asynchronous Rust (hyper), so a connection that sends half a
request and stops (slowloris) costs a socket and a timer, not a request thread. Under
gunicorn's gthread workers 16 such connections left no thread free and a plain `ASK {}`
waited 33 s, and a 10 MB request line was read whole before the app could refuse it
(issue 13). Headers and the request line share one buffer of MAX_BODY + 16 KiB: a longer
one is refused by granian as soon as the buffer is full, without reaching Python.

How the processes combine: granian runs one worker process per core, at most two
(default_workers()); each builds the app from the HMKG_* environment (the command line's
options are passed that way) and opens ONE engine (the store and its pool of QUERY_WORKERS
query processes) eagerly, so the first request does not pay for loading the store. Within a
worker, THREADS_PER_WORKER Python threads run requests; they only wait on the query
processes. Each worker adds one copy of the engine (1 + QUERY_WORKERS processes).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask

from hmkg.web.app import create_app
from hmkg.web.engine_access import engine_for

THREADS_PER_WORKER = 8
MAX_DEFAULT_WORKERS = 2  # beyond two, memory grows faster than a shared machine gains
HEADER_ALLOWANCE = 16 * 1024  # headers beside a request line as long as MAX_BODY
WORKER_APP = "hmkg.web.serve:worker_app"  # what each granian worker calls to build the app


def default_workers() -> int:
    """Return the granian workers to run when none are asked for: one per core, up to two."""
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


def options(host: str, port: int, workers: int, app: Flask) -> dict[str, Any]:
    """Return the granian settings for this app's configuration."""
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    config = app.config
    count = max(1, int(workers))
    return {
        "target": WORKER_APP,
        "factory": True,
        "address": host,
        "port": int(port),
        "interface": Interfaces.WSGI,
        "workers": count,
        "blocking_threads": THREADS_PER_WORKER,
        # Requests one worker takes in at once; more wait in the socket backlog.
        "backpressure": int(config["HTTP_MAX_CONNECTIONS"]),
        "http1_settings": HTTP1Settings(
            # Also the time an idle keep-alive connection is kept (hyper starts this timer
            # whenever it waits for a request's first byte).
            header_read_timeout=int(float(config["HTTP_HEADER_TIMEOUT"]) * 1000),
            keep_alive=True,
            max_buffer_size=int(config["MAX_BODY"]) + HEADER_ALLOWANCE,
        ),
        "log_access": False,  # hmkg.access logs one line per request with rows and timing
        "respawn_failed_workers": True,
        # Granian stops a worker that outlives this on shutdown or reload.
        "workers_kill_timeout": int(max(30, 3 * float(config["QUERY_TIMEOUT"]))),
    }


def run(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
        config: Mapping[str, Any] | None = None) -> None:
    """Serve hmkg on host:port with granian until stopped (workers None: default_workers())."""
    from granian import Granian

    _log_to_stderr()
    overrides = app_config(host, port, config)
    _export(overrides)
    app = create_app()  # configuration errors stop start-up here, before any worker starts
    count = default_workers() if workers is None else workers
    Granian(**options(host, port, count, app)).serve()


def worker_app() -> Flask:
    """Build the app in a granian worker from the HMKG_* environment, engine opened eagerly."""
    _log_to_stderr()
    app = create_app()
    engine_for(app)
    return app


def app_config(host: str, port: int, config: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the app overrides: PUBLIC_URL follows the bound address unless it was given."""
    overrides = dict(config or {})
    if "PUBLIC_URL" not in overrides and "HMKG_PUBLIC_URL" not in os.environ:
        overrides["PUBLIC_URL"] = f"http://{host}:{port}"
    return overrides


def _export(overrides: Mapping[str, Any]) -> None:
    """Hand the overrides to the workers as HMKG_* variables (create_app reads them as JSON)."""
    for key, value in overrides.items():
        os.environ[f"HMKG_{key}"] = json.dumps(value)


def _log_to_stderr() -> None:
    """Send hmkg's log lines (the access log among them) to stderr."""
    logger = logging.getLogger("hmkg")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
