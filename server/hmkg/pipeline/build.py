"""Build: load -> reason -> validate -> publish, stopping before publish on any failure."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hmkg import paths
from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hmkg.pipeline.errors import InconsistentGraph, ValidationFailed
from hmkg.pipeline.load import claim_graph_names, load_sources
from hmkg.pipeline.publish import Manifest, publish
from hmkg.pipeline.reason import ReasoningReport, reason
from hmkg.pipeline.validate import ValidationReport, validate


@dataclass(frozen=True)
class Step:
    """One finished step: its name, what it counted, and how long it took."""

    name: str
    detail: str
    seconds: float


@dataclass
class BuildReport:
    """The outcome of a build: each step, the reasoning and validation reports, the manifest."""

    out: Path
    steps: list[Step] = field(default_factory=list)
    reasoning: ReasoningReport | None = None
    validation: ValidationReport | None = None
    manifest: Manifest | None = None

    @property
    def seconds(self) -> float:
        """Return the total time of all steps."""
        return sum(step.seconds for step in self.steps)


# The OWL 2 RL engine of builds and of `hmkg validate`: the fast path, tested equal to owlrl.
REASONER = "fast"


def build(out: Path, root: Path | None = None,
          progress: Callable[[Step], None] | None = None,
          reasoner: str = REASONER) -> BuildReport:
    """Run every step; raise (publishing nothing) if the sources are bad or invalid."""
    report = BuildReport(out=Path(out))

    def run(name: str, action: Callable, describe: Callable):
        start = time.perf_counter()
        result = action()
        step = Step(name, describe(result), time.perf_counter() - start)
        report.steps.append(step)
        if progress:
            progress(step)
        return result

    ds = run("load", lambda: load_sources(root), _describe_load)
    report.reasoning = run("reason", lambda: reason(ds, engine=reasoner),
                           _describe_reasoning)
    if report.reasoning.inconsistencies:
        raise InconsistentGraph("OWL 2 RL found the ontology and data inconsistent:\n"
                                + "\n".join(report.reasoning.inconsistencies))
    report.validation = run("validate", lambda: validate(ds), lambda v: v.summary)
    if not report.validation.conforms:
        raise ValidationFailed(report.validation)
    report.manifest = run("publish",
                          lambda: publish(ds, report.out, paths.ontology_dir(root), consume=True),
                          lambda m: f"{len(m.artefacts)} artefacts -> {report.out}")
    return report


def _describe_load(ds) -> str:
    """Summarise the load step: triples per graph, the claim graphs together."""
    claims = claim_graph_names(ds)
    counts = ", ".join(f"{len(ds.graph(g))} {label}" for label, g in
                       (("ontology", GRAPH_ONTOLOGY), ("data", GRAPH_DATA),
                        ("shapes", GRAPH_SHAPES))) + " triples"
    if claims:
        counts += f"; {sum(len(ds.graph(g)) for g in claims)} in {len(claims)} claim graphs"
    return counts


def _describe_reasoning(result: ReasoningReport) -> str:
    """Summarise the reason step: inferred triples by rule kind, and what was dropped."""
    kinds = ", ".join(f"{kind} {n}" for kind, n in result.by_kind.items())
    return f"{result.inferred} inferred ({kinds}); {result.dropped} dropped as noise"
