"""A bounded HTTP load generator: N client threads, keep-alive connections, loopback only."""

from __future__ import annotations

import http.client
import itertools
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

ACCEPT = "application/sparql-results+json"
_ENGINE_TIMING = re.compile(r"\bengine;dur=([0-9.]+)")  # hmkg's Server-Timing entry, in ms


@dataclass
class Sample:
    """One request: which query, its HTTP status (0 = connection error), seconds taken."""

    name: str
    status: int
    seconds: float


@dataclass
class LoadResult:
    """All samples of one run and its wall-clock duration."""

    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0

    def ok(self, names=None) -> list[Sample]:
        """Return the 200 answers (of the named queries only, if given)."""
        return [s for s in self.samples if s.status == 200 and (names is None or s.name in names)]

    def throughput(self) -> float:
        """Return answered requests per second."""
        return len(self.ok()) / self.wall if self.wall else 0.0

    def percentile(self, q: float, names=None) -> float:
        """Return the q-quantile latency (seconds) of answered requests."""
        times = sorted(s.seconds for s in self.ok(names))
        if not times:
            return float("nan")
        return times[min(len(times) - 1, int(q * len(times)))] if q < 0.5 or q > 0.5 \
            else statistics.median(times)

    def at_percentile(self, q: float) -> Sample | None:
        """Return the answered request at the q-quantile (q other than 0.5: the one whose
        time percentile() gives), to say which query it was."""
        answered = sorted(self.ok(), key=lambda s: s.seconds)
        return answered[min(len(answered) - 1, int(q * len(answered)))] if answered else None


def loopback(url: str) -> tuple[str, int, str]:
    """Return (host, port, path) of a loopback URL; refuse any other host (the bench loads
    only servers it started itself)."""
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"the bench's clients only talk to loopback, not {url}")
    return parts.hostname, parts.port or 80, parts.path


class Client:
    """A keep-alive SPARQL client for one endpoint URL (GET with ?query=)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.host, self.port, self.path = loopback(url)
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.headers: http.client.HTTPMessage | None = None  # the last answer's headers

    def query(self, sparql: str) -> tuple[int, bytes]:
        """Send one query; return (status, body), reconnecting once on a dropped connection."""
        target = f"{self.path}?{urlencode({'query': sparql})}"
        self.headers = None
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port,
                                                                 timeout=self.timeout)
                self.connection.request("GET", target, headers={"Accept": ACCEPT})
                response = self.connection.getresponse()
                self.headers = response.headers
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    return 0, b""
        return 0, b""

    def close(self) -> None:
        """Drop the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_load(url: str, queries: dict[str, str], clients: int, *, duration: float | None = None,
             requests: int | None = None, timeout: float = 30.0,
             bust_cache: bool = False) -> LoadResult:
    """Run `clients` threads cycling through queries for a duration or a request count each.

    With bust_cache every request ends in a SPARQL comment no other request has, so hmkg's
    answer cache (keyed by the query text) never answers it and the engine is measured.
    """
    if duration is None and requests is None:
        raise ValueError("bound the run by duration or by requests")
    result, lock = LoadResult(), threading.Lock()
    run_tag = time.time_ns()
    deadline_box: list[float] = []
    names = sorted(queries)

    def worker(offset: int) -> None:
        client, mine = Client(url, timeout), []
        order = itertools.islice(itertools.cycle(names), offset, None)
        for n, name in enumerate(order):
            if (requests is not None and n >= requests) or \
                    (duration is not None and time.perf_counter() >= deadline_box[0]):
                break
            started = time.perf_counter()
            text = queries[name] + (f"\n#{run_tag}-{offset}-{n}" if bust_cache else "")
            status, _ = client.query(text)
            mine.append(Sample(name, status, time.perf_counter() - started))
        client.close()
        with lock:
            result.samples.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    deadline_box.append(start + (duration or 0.0))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - start
    return result


def engine_ms(url: str, sparql: str, repeats: int) -> float | None:
    """Return the median time hmkg's engine took for a query, from the Server-Timing header
    ("engine;dur=..." in ms) of `repeats` answers, each a new text (no answer from the cache);
    None when the server does not say."""
    client, times = Client(url), []
    for n in range(repeats):
        status, _ = client.query(f"{sparql}\n#engine-{time.time_ns()}-{n}")
        found = _ENGINE_TIMING.search((client.headers or {}).get("Server-Timing", ""))
        if status == 200 and found:
            times.append(float(found.group(1)))
    client.close()
    return statistics.median(times) if times else None

