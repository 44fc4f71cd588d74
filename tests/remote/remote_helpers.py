"""Helpers shared by the remote-mode tests (a module of its own: every test folder has a
conftest.py, so importing from "conftest" could find another folder's)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hmkg.cli import main
from stores import Store


def publish_args(store: Store, dist: Path) -> list[str]:
    """Return the `hmkg publish` arguments that load dist into a store."""
    return ["publish", "--store", store.query_url,
            "--update", store.update_url, "--graph-store", store.graph_store_url,
            "--dist", str(dist)]


def run_publish(store: Store, dist: Path, password: str | None = None):
    """Run `hmkg publish` with the store's credentials in the environment."""
    env = {"HMKG_STORE_USER": store.user or "", "HMKG_STORE_PASSWORD": password or store.password or ""}
    return CliRunner().invoke(main, publish_args(store, dist), env=env)


def remote_config(store: Store, dist: Path, **extra) -> dict:
    """Return the app config that serves a store (queries on its public endpoint)."""
    return {"STORE": store.query_url, "DIST": str(dist), "TESTING": True, **extra}


def release_graph_sizes(dist: Path) -> dict[str, int]:
    """Count the triples of each named graph in dist/hmkg.nq (one quad per line)."""
    sizes: dict[str, int] = {}
    for line in (dist / "hmkg.nq").read_text("utf-8").splitlines():
        if line.strip():
            graph = line.rstrip(" .").rsplit(" ", 1)[1].strip("<>")
            sizes[graph] = sizes.get(graph, 0) + 1
    return sizes


def bindings_by_value(body: bytes) -> list[dict]:
    """Return the solutions of a JSON results body, literals compared by value."""
    document = json.loads(body)
    return [{name: _value(term) for name, term in row.items()}
            for row in document["results"]["bindings"]]


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
            "positiveInteger"}


def _value(term: dict) -> tuple:
    """Return a comparable value of a JSON term (numbers as numbers, language tags lower-case)."""
    from decimal import Decimal

    datatype = term.get("datatype", "")
    if datatype.rsplit("#", 1)[-1] in _NUMERIC:
        return ("number", Decimal(term["value"]))
    return (term["type"], term["value"], term.get("xml:lang", "").lower(), datatype)
