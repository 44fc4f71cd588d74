"""Time and memory of each part of the publish step, on one source tree.

    .venv/bin/python bench/publish_parts.py SOURCE_ROOT OUT_DIR

Loads and reasons SOURCE_ROOT (a tree from generate.py) as `hmkg build` does, skips validation,
then publishes into OUT_DIR as the build does. Each part of publishing is labelled by wrapping
its function in hmkg.pipeline.publish: the writer's canonical copy of the dataset, every
artefact file, the docs, the search index, VoID and the query store; whatever runs between
them is "publish, other". One line per part: seconds, the process's peak resident memory
(ru_maxrss, which only rises) when the part ended, marked "new peak" when the part raised it,
and the resident memory after it. Since validation is skipped, read the peaks as increments
over the "before publishing" line: bench/build_steps.py gives the whole build's peak.
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from hmkg import paths  # noqa: E402
from hmkg.pipeline import publish, reason, search_index  # noqa: E402
from hmkg.pipeline.build import REASONER  # noqa: E402
from hmkg.pipeline.load import load_sources  # noqa: E402


def resident_mb() -> float:
    """Return this process's resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """Return this process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(part: str, seconds: float, raised: bool) -> None:
    """Print one part's line (raised: the part raised the process's peak)."""
    mark = "new peak" if raised else ""
    peak = peak_mb()
    print(f"{part:<28} {seconds:8.1f} s  peak {peak:8.0f} MB {mark:<8}  "
          f"after {resident_mb():8.0f} MB", flush=True)


class Parts:
    """Runs each wrapped function as a part of its own and reports it when it ends."""

    def __init__(self) -> None:
        self.other = 0.0  # seconds of publishing outside every labelled part
        self.raised_outside = False  # whether the peak rose outside every labelled part
        self.last_peak = peak_mb()  # the peak when the last part ended
        self._depth = 0

    def timed(self, label, function):
        """Wrap function so that a call is the part label(*args) (nested calls: the outer)."""
        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            started, peak_before = time.perf_counter(), peak_mb()
            self.raised_outside |= peak_before > self.last_peak
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                seconds = time.perf_counter() - started
                self.other -= seconds
                self.last_peak = peak_mb()
                report(label(*args), seconds, self.last_peak > peak_before)
        return wrapped


def label_parts(parts: Parts) -> None:
    """Wrap the functions publish.write_release calls, each under its part's name."""
    writer = publish.ViewWriter
    writer.__init__ = parts.timed(lambda *_: "canonical copy (writer)", writer.__init__)
    writer.write = parts.timed(lambda _self, _folder, artefact, *_: artefact.file, writer.write)
    for module, name, part in ((publish, "_write_docs", "docs"),
                               (search_index, "index_bytes", "search index"),
                               (publish, "void_graph", "VoID"),
                               (publish, "write_store", "query store")):
        setattr(module, name, parts.timed(lambda *_, part=part: part, getattr(module, name)))


def main() -> int:
    """Load, reason, then publish with every part timed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    ds = load_sources(args.root)
    reason.reason(ds, engine=REASONER)
    parts = Parts()
    label_parts(parts)
    print(f"{'before publishing':<28} {'':10}  peak {peak_mb():8.0f} MB {'':8}  "
          f"after {resident_mb():8.0f} MB", flush=True)
    started, peak_before = time.perf_counter(), peak_mb()
    publish.publish(ds, args.out, paths.ontology_dir(args.root), consume=True)  # as the build
    seconds = time.perf_counter() - started
    report("publish, other", seconds + parts.other,
           parts.raised_outside or peak_mb() > parts.last_peak)
    report("publish, all", seconds, peak_mb() > peak_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
