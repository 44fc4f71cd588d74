"""Answers kept in memory and keyed by the release, with the ETag that names each one.

While a release is served its data never changes, so an answer is a pure function of the
release (the engine's release_id: the sha256 of the hmkg.nq its workers hold), the query
text, the dataset parameters (default-graph-uri, named-graph-uri), the result format, the base
IRI and the result cap: AnswerKey holds all of them. Only an engine with a release_id gets
cached answers (a remote store may change under us). Capped and failed answers are never
stored (the caller checks), and an answer of another release is never returned: the first
lookup or store under a new release empties the cache.

Why one cache per server process, not one shared by the HTTP server's worker processes: a
hit here is a dictionary lookup under a lock (~2 us, no copy of the body), while a cache
shared between processes (shared memory, or a process all requests pass through) must copy
the body and take a cross-process lock on every hit, which costs about what the engine's
own round trip for a small query does (~0.1-0.2 ms). With W server processes a repeated
query misses at most W times; memory is bounded per process (ANSWER_CACHE_MB each).
The ETag is derived from the key alone (not the body), so a revalidation (If-None-Match) is
answered 304 without the answer being in this process's cache or asked of the engine. It is
weak: a query without ORDER BY may list the same rows in another order in another worker.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerKey:
    """Everything an answer depends on, besides the release."""

    query: str
    default_graph_uris: tuple[str, ...]
    named_graph_uris: tuple[str, ...]
    solutions_format: str | None
    graph_format: str | None
    base_iri: str | None
    limit: int

    @classmethod
    def of(cls, query: str, **fields) -> AnswerKey:
        """Build a key from a query as sent; line endings and surrounding blanks do not count."""
        return cls(normalise(query), **fields)

    def etag(self, release: str) -> str:
        """Return the entity tag of this answer in this release (without quotes)."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(release.encode())
        digest.update(repr(self).encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """A stored answer: what the response needs."""

    body: bytes
    media_type: str
    rows: int


def normalise(query: str) -> str:
    """Return the query with CRLF as LF and no leading or trailing whitespace (whitespace
    inside the query is kept: it may be part of a literal)."""
    return query.replace("\r\n", "\n").strip()


class AnswerCache:
    """A least-recently-used map of answers, bounded by their bodies' total size."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[AnswerKey, CachedAnswer] = OrderedDict()
        self._release: str | None = None
        self._size = 0
        self._lock = threading.Lock()

    def get(self, release: str, key: AnswerKey) -> CachedAnswer | None:
        """Return the stored answer of this release, or None."""
        with self._lock:
            self._follow(release)
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, release: str, key: AnswerKey, answer: CachedAnswer) -> None:
        """Store an answer of this release, evicting the least recently used past the limit."""
        size = len(answer.body)
        if size > self.max_bytes:
            return
        with self._lock:
            self._follow(release)
            old = self._entries.pop(key, None)
            self._size += size - (len(old.body) if old else 0)
            self._entries[key] = answer
            while self._size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)

    def _follow(self, release: str) -> None:
        """Forget every answer when the release changes (caller holds the lock)."""
        if release != self._release:
            self._entries.clear()
            self._size = 0
            self._release = release
