"""Run the build steps on one source root and print one JSON line per finished step.

Usage: python bench/build_steps.py SOURCE_ROOT OUT_DIR [--reasoner fast|owlrl]

Each line: {"step", "seconds", "cpu_seconds" (this process's user + system CPU time for the
step: less sensitive than wall time to other jobs on a shared machine), "rss_mb" (this
process's peak so far), plus counts}. The
parent (bench/run.py) reads the lines as they come, so a step that overruns its time budget
still leaves the earlier steps measured. Validation failures do not stop the run: the bench
times every step, the real `hmkg build` is the one that refuses to publish.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY  # noqa: E402
from hmkg.pipeline import publish as publish_step  # noqa: E402
from hmkg.pipeline import reason as reason_step  # noqa: E402
from hmkg.pipeline.build import REASONER  # noqa: E402
from hmkg.pipeline.load import load_sources  # noqa: E402
from hmkg.pipeline.validate import validate  # noqa: E402

CPU_AT: dict[float, float] = {}  # wall-clock start of a step -> CPU time at that moment


def start() -> float:
    """Return a step's start (wall clock), remembering the CPU time at that moment."""
    wall = time.perf_counter()
    CPU_AT[wall] = time.process_time()
    return wall


def peak_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(step: str, started: float, **counts) -> None:
    """Print one finished step as a JSON line (wall and CPU time since `started`)."""
    line = {"step": step, "seconds": round(time.perf_counter() - started, 3),
            "cpu_seconds": round(time.process_time() - CPU_AT[started], 3),
            "rss_mb": round(peak_mb(), 1), **counts}
    print(json.dumps(line), flush=True)


def run_reason(ds, reasoner: str):
    """Run the pipeline's reason step with the chosen reasoner (owlrl or the fast path)."""
    return reason_step.reason(ds, engine=reasoner)


def main() -> int:
    """Time load, reason, validate and publish."""
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reasoner", choices=("fast", "owlrl"), default=REASONER)
    args = parser.parse_args()
    started = start()
    ds = load_sources(args.root)
    emit("load", started, ontology=len(ds.graph(GRAPH_ONTOLOGY)), data=len(ds.graph(GRAPH_DATA)))
    started = start()
    report = run_reason(ds, args.reasoner)
    emit("reason", started, inferred=len(ds.graph(GRAPH_INFERRED)),
         inconsistencies=len(report.inconsistencies))
    started = start()
    validation = validate(ds)
    emit("validate", started, conforms=validation.conforms, violations=validation.count("Violation"))
    started = start()
    manifest = publish_step.publish(ds, args.out, consume=True)  # as hmkg build does
    emit("publish", started, artefacts=len(manifest.artefacts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
