"""Settings are built once: defaults, then HMKG_* environment, then explicit config."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hmkg import settings


def test_defaults_without_environment_or_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    built = settings.load(environ={})
    assert built == settings.Settings(
        dist=tmp_path / "dist", store=None, store_user=None, store_password=None,
        query_timeout=10.0, result_cap=10000, query_workers=2, query_memory_mb=2048,
        query_max_tokens=10000, query_max_depth=64, query_sandbox=True, query_store="auto",
        service_allowlist=frozenset())


@pytest.mark.parametrize("text, expected", [("false", False), ("0", False), ("off", False),
                                            ("true", True), ("1", True)])
def test_the_sandbox_flag_reads_words_from_the_environment(text, expected):
    assert settings.load(environ={"HMKG_QUERY_SANDBOX": text}).query_sandbox is expected


def test_environment_overrides_defaults_and_config_overrides_environment(tmp_path):
    environ = {"HMKG_QUERY_TIMEOUT": "3", "HMKG_RESULT_CAP": "50", "HMKG_DIST": str(tmp_path),
               "HMKG_SERVICE_ALLOWLIST": "https://a.example/sparql, https://b.example/sparql",
               "HMKG_UNKNOWN": "ignored"}
    built = settings.load({"RESULT_CAP": 7, "QUERY_WORKERS": None}, environ=environ)
    assert (built.query_timeout, built.result_cap, built.query_workers) == (3.0, 7, 2)
    assert built.dist == Path(tmp_path).resolve()
    assert built.service_allowlist == {"https://a.example/sparql", "https://b.example/sparql"}


def test_store_values_are_text_and_empty_means_unset():
    built = settings.load({"STORE": "http://127.0.0.1:1/sparql", "STORE_USER": 1234,
                           "STORE_PASSWORD": ""}, environ={})
    assert (built.store, built.store_user, built.store_password) == \
        ("http://127.0.0.1:1/sparql", "1234", None)


def test_settings_are_frozen():
    built = settings.load(environ={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.query_timeout = 1.0  # type: ignore[misc]
    assert built.with_changes(query_timeout=1.0).query_timeout == 1.0
    assert built.query_timeout == 10.0


def test_a_bad_number_is_an_error_naming_nothing_silently():
    with pytest.raises(ValueError):
        settings.load({"QUERY_TIMEOUT": "soon"}, environ={})
