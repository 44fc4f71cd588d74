"""Run the build steps on one source root and print one JSON line per finished step.

Usage: python bench/build_steps.py SOURCE_ROOT OUT_DIR [--reasoner fast|owlrl]

Each line: {"step", "seconds", "rss_mb" (this process's peak so far), plus counts}. The
parent (bench/run.py) reads the lines as they come, so a step that overruns its time budget
still leaves the earlier steps measured. Validation failures do not stop the run: the bench
times every step, the real `hmkg build` is the one that refuses to publish.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from rdflib import BNode, Literal, Namespace  # noqa: E402
from rdflib.namespace import RDF  # noqa: E402

from hmkg.namespaces import GRAPH_DATA, GRAPH_INFERRED, GRAPH_ONTOLOGY  # noqa: E402
from hmkg.pipeline import publish as publish_step  # noqa: E402
from hmkg.pipeline import reason as reason_step  # noqa: E402
from hmkg.pipeline.fastreason import infer  # noqa: E402
from hmkg.pipeline.load import load_sources  # noqa: E402
from hmkg.pipeline.validate import validate  # noqa: E402

OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def peak_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(step: str, started: float, **counts) -> None:
    """Print one finished step as a JSON line."""
    line = {"step": step, "seconds": round(time.perf_counter() - started, 3),
            "rss_mb": round(peak_mb(), 1), **counts}
    print(json.dumps(line), flush=True)


class FastClosure:
    """Stand-in for owlrl.DeductiveClosure that expands with the fast path (same closure)."""

    def __init__(self, ds) -> None:
        self.ds = ds

    def __call__(self, *args, **kwargs) -> "FastClosure":
        return self

    def expand(self, graph) -> None:
        """Add the fast path's consequences (and owlrl-style error nodes) to graph."""
        result = infer(self.ds.graph(GRAPH_ONTOLOGY), self.ds.graph(GRAPH_DATA))
        for triple in result.inferred:
            graph.add(triple)
        for message in result.errors:
            node = BNode()
            graph.add((node, RDF.type, OWLRL_ERRORS.ErrorMessage))
            graph.add((node, OWLRL_ERRORS.error, Literal(message)))


def run_reason(ds, reasoner: str):
    """Run the pipeline's reason step with the chosen reasoner."""
    if "engine" in inspect.signature(reason_step.reason).parameters:
        return reason_step.reason(ds, engine=reasoner)
    if reasoner == "owlrl":
        return reason_step.reason(ds)
    # reason.py has no engine switch yet: route its owlrl call to the fast path, so the rest
    # of the step (noise filter, rule kinds, writing the graphs) runs unchanged.
    original = reason_step.owlrl.DeductiveClosure
    reason_step.owlrl.DeductiveClosure = FastClosure(ds)
    try:
        return reason_step.reason(ds)
    finally:
        reason_step.owlrl.DeductiveClosure = original


def main() -> int:
    """Time load, reason, validate and publish."""
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--reasoner", choices=("fast", "owlrl"), default="fast")
    args = parser.parse_args()
    started = time.perf_counter()
    ds = load_sources(args.root)
    emit("load", started, ontology=len(ds.graph(GRAPH_ONTOLOGY)), data=len(ds.graph(GRAPH_DATA)))
    started = time.perf_counter()
    report = run_reason(ds, args.reasoner)
    emit("reason", started, inferred=len(ds.graph(GRAPH_INFERRED)),
         inconsistencies=len(report.inconsistencies))
    started = time.perf_counter()
    validation = validate(ds)
    emit("validate", started, conforms=validation.conforms, violations=validation.count("Violation"))
    started = time.perf_counter()
    manifest = publish_step.publish(ds, args.out)
    emit("publish", started, artefacts=len(manifest.artefacts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
