"""Quiet the deprecation warnings rdflib 7.6 raises about its own use of its deprecated API.

rdflib 7.6 deprecated ``Dataset.default_context``, ``Dataset.contexts`` and
``ConjunctiveGraph``, but its own Dataset.parse, TriG/N-Quads/JSON-LD parsers and TriG/N-Quads
serialisers still call them (https://github.com/RDFLib/rdflib/issues/3475), so every dataset
parse or dump warns about code hmkg does not own. Under pytest's ``filterwarnings = error``
that would fail the tests. Only those three messages, and only when raised from inside rdflib,
are ignored: hmkg calling a deprecated rdflib API itself still warns.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset

RDFLIB_SELF_DEPRECATIONS = (r"Dataset\.default_context is deprecated",
                            r"Dataset\.contexts is deprecated",
                            r"ConjunctiveGraph is deprecated")


@contextmanager
def rdflib_internals() -> Iterator[None]:
    """Ignore rdflib's warnings about its own calls to its deprecated Dataset API."""
    with warnings.catch_warnings():
        for message in RDFLIB_SELF_DEPRECATIONS:
            warnings.filterwarnings("ignore", message=message, category=DeprecationWarning,
                                    module=r"rdflib\.")
        yield


def read_dataset(path: Path, fmt: str = "trig") -> Dataset:
    """Parse a TriG or N-Quads file into a fresh Dataset."""
    dataset = Dataset()
    with rdflib_internals():
        dataset.parse(data=Path(path).read_bytes(), format=fmt)
    return dataset
