"""The one place the web app opens its query engine, shares it, and closes it.

The engine is opened once per process, lazily (never before a pre-forking server forks, since its pool of
query worker processes cannot survive a fork), and shared by every request thread: its queries
run in its own worker processes, so request threads only wait on them.
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from hmkg.engine import Engine

_KEY = "hmkg.engine"
SETTINGS = "hmkg.settings"  # app.extensions key of the frozen Settings the app factory built
_lock = threading.Lock()


def get_engine() -> Engine:
    """Return the current app's engine, opening it on first use."""
    return engine_for(current_app._get_current_object())  # type: ignore[attr-defined]


def engine_for(app: Flask) -> Engine:
    """Return the engine of an app, opening it on first use."""
    engine = app.extensions.get(_KEY)
    if engine is not None:
        return engine
    with _lock:
        engine = app.extensions.get(_KEY)
        if engine is None:
            engine = _open(app)
            app.extensions[_KEY] = engine
            atexit.register(close_engine, app)
    return engine


def close_engine(app: Flask) -> None:
    """Close the app's engine, if open (idempotent)."""
    with _lock:
        engine = app.extensions.pop(_KEY, None)
    if engine is not None:
        engine.close()


def _open(app: Flask) -> Engine:
    """Open the engine the configuration asks for (a test may inject ENGINE_FACTORY)."""
    factory = app.config.get("ENGINE_FACTORY")
    if factory is None:
        from hmkg.engine import open_engine as factory
    return factory(app.extensions[SETTINGS])
