"""Quiet rdflib 7's deprecation warnings about its own classes, raised inside its plugins."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def rdflib_internals() -> Iterator[None]:
    """Ignore DeprecationWarnings that rdflib's parsers and serialisers raise about rdflib."""
    # Only warnings attributed to rdflib's own modules: a deprecated call in hmkg still warns.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        yield
