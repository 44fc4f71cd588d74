"""The engine's settings, built once: defaults, then HMKG_* environment, then explicit config.

The web app builds one Settings from its Flask config (which already layered HMKG_* over its
defaults); the CLI and tests build one with `load`. Either way the engine factory receives the
frozen object, and no engine re-defaults a setting or re-reads the config per query.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hmkg import paths

# Config key -> default. QUERY_MEMORY_MB caps each query worker's address space (an idle
# worker uses ~200 MB); DIST None means paths.default_dist() ($HMKG_DIST or ./dist).
# QUERY_MAX_TOKENS / QUERY_MAX_DEPTH bound a query's size and bracket nesting: pyoxigraph's
# parser overflowed its stack at ~3,000 nested groups and at ~8,000 chained operators
# (`1+1+...`); legitimate queries stay far below both (docs/sparql-endpoint.md).
# QUERY_SANDBOX keeps query worker processes off the network (seccomp; engine/sandbox.py).
# QUERY_STORE: where the embedded workers' store lives, "auto", "disk" or "memory"
# (engine/embedded.py says how auto chooses).
DEFAULTS: dict[str, Any] = {
    "DIST": None,
    "STORE": None,  # a SPARQL 1.1 endpoint URL: answer from that store, not the release
    "STORE_USER": None,
    "STORE_PASSWORD": None,
    "QUERY_TIMEOUT": 10.0,  # seconds
    "RESULT_CAP": 10000,  # rows (solutions or triples) in one answer
    "QUERY_WORKERS": 2,
    "QUERY_MEMORY_MB": 2048,
    "QUERY_MAX_TOKENS": 10000,
    "QUERY_MAX_DEPTH": 64,
    "QUERY_SANDBOX": True,
    "QUERY_STORE": "auto",
    "SERVICE_ALLOWLIST": (),  # SPARQL endpoints SERVICE may call
}


@dataclass(frozen=True)
class Settings:
    """What the engines need to know, with every value already of its type."""

    dist: Path
    store: str | None
    store_user: str | None
    store_password: str | None
    query_timeout: float
    result_cap: int
    query_workers: int
    query_memory_mb: int
    query_max_tokens: int
    query_max_depth: int
    query_sandbox: bool
    query_store: str
    service_allowlist: frozenset[str]

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced (tests, and the CLI's --dist)."""
        return replace(self, **changes)


def load(config: Mapping[str, Any] | None = None,
         environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from DEFAULTS, then HMKG_<KEY> variables, then config (None is unset)."""
    merged = dict(DEFAULTS)
    environ = os.environ if environ is None else environ
    for key in DEFAULTS:
        if f"HMKG_{key}" in environ:
            merged[key] = _from_env(environ[f"HMKG_{key}"])
    merged.update({k: v for k, v in (config or {}).items() if k in DEFAULTS and v is not None})
    return from_config(merged)


def from_config(config: Mapping[str, Any]) -> Settings:
    """Build Settings from a config mapping that already holds every key (a Flask config)."""
    value = {key: config.get(key, default) for key, default in DEFAULTS.items()}
    return Settings(
        dist=Path(value["DIST"]).resolve() if value["DIST"] else paths.default_dist(),
        store=_text(value["STORE"]),
        store_user=_text(value["STORE_USER"]),
        store_password=_text(value["STORE_PASSWORD"]),
        query_timeout=float(value["QUERY_TIMEOUT"]),
        result_cap=int(value["RESULT_CAP"]),
        query_workers=int(value["QUERY_WORKERS"]),
        query_memory_mb=int(value["QUERY_MEMORY_MB"]),
        query_max_tokens=int(value["QUERY_MAX_TOKENS"]),
        query_max_depth=int(value["QUERY_MAX_DEPTH"]),
        query_sandbox=flag(value["QUERY_SANDBOX"]),
        query_store=str(value["QUERY_STORE"] or "auto"),
        service_allowlist=parse_allowlist(value["SERVICE_ALLOWLIST"]),
    )


def parse_allowlist(value) -> frozenset[str]:
    """Read SERVICE_ALLOWLIST: a sequence of IRIs or one string separated by spaces/commas."""
    if not value:
        return frozenset()
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return frozenset(value)


def flag(value) -> bool:
    """Read a boolean setting given as a bool or as text (HMKG_QUERY_SANDBOX=false, =off)."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def _from_env(text: str) -> Any:
    """Read an environment value as Flask's from_prefixed_env does: JSON if it parses."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _text(value) -> str | None:
    """Return a setting as text (HMKG_ env values may arrive parsed as numbers); empty is unset."""
    return None if value in (None, "") else str(value)
