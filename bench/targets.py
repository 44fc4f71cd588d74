"""Issues 13 and 14's targets as one table, and the rule that turns measurements into verdicts.

A target names the measurement it judges (a Key into report.Results), optionally a second one
to divide by (ratios between servers measured in the same run), a comparison and a threshold.
judge() never measures anything: run.py records values, or the reason a value is missing, and
this module only reads them, so the PASS/FAIL logic is tested without starting a server.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from enum import Enum

from probes import LONG_LINE, STALLED, STALLED_ASK
from report import Key, Results

# The CQ a client asks again and again in the "repeated query" target: a typical small CQ
# (CQ07 answers in about a millisecond on either engine), so the cache, not the engine's
# speed on a heavy answer, is what the target measures.
REPEATED_CQ = "CQ07"
LARGEST_SCALE = 1000  # the scale issue 14's "1000x" targets are judged at

COMPARISONS = {">=": operator.ge, "<=": operator.le, "<": operator.lt}


class Verdict(Enum):
    """What a target's row says."""

    PASS = "PASS"
    FAIL = "FAIL"
    NOT_RUN = "NOT RUN"


def http(server: str, metric: str) -> Key:
    """Key of an HTTP figure on the real graph (section http, one row per server)."""
    return Key("http", server, metric)


def servers(server: str, metric: str) -> Key:
    """Key of a figure of the servers part (issue 13: before / after the HTTP server change,
    beside the peers; one row per server)."""
    return Key("servers", server, metric)


def scale(factor: int, metric: str) -> Key:
    """Key of a figure measured on the release at a scale (section scale, one row per scale)."""
    return Key("scale", f"x{factor}", metric)


def soak(metric: str) -> Key:
    """Key of a soak figure (section soak, hmkg only)."""
    return Key("soak", "hmkg", metric)


@dataclass(frozen=True)
class Target:
    """One target: measured (divided by `over`, when given) compared with threshold."""

    label: str
    measured: Key
    comparison: str
    threshold: float
    unit: str = ""
    over: Key | None = None

    def __post_init__(self) -> None:
        if self.comparison not in COMPARISONS:
            raise ValueError(f"{self.label}: unknown comparison {self.comparison!r}")


GIB = 1024.0  # MB

# Issue 14, "Targets", with issue 13's two connection figures after the HTTP rows. Throughput
# figures are wrk's answered requests/s at 8 connections with a unique comment on every
# request (the answer cache never answers), except the repeated-CQ row, which asks the very
# same text so that hmkg's cache can answer it.
TARGETS: tuple[Target, ...] = (
    Target("one-subject lookups @8 >= 0.5x Oxigraph server",
           http("hmkg", "lookup req/s @8"), ">=", 0.5, "x", http("oxigraph", "lookup req/s @8")),
    Target("24 small CQs @8 >= 1.0x Oxigraph server",
           http("hmkg", "small-CQ req/s @8"), ">=", 1.0, "x",
           http("oxigraph", "small-CQ req/s @8")),
    Target("24 small CQs @8 >= 5x rdflib-endpoint",
           http("hmkg", "small-CQ req/s @8"), ">=", 5.0, "x",
           http("rdflib-endpoint", "small-CQ req/s @8")),
    Target("full CQ mix @8 >= 10x rdflib-endpoint",
           http("hmkg", "CQ-mix req/s @8"), ">=", 10.0, "x",
           http("rdflib-endpoint", "CQ-mix req/s @8")),
    Target("full CQ mix @8 >= 2x Oxigraph server",
           http("hmkg", "CQ-mix req/s @8"), ">=", 2.0, "x", http("oxigraph", "CQ-mix req/s @8")),
    Target(f"repeated {REPEATED_CQ} (cache) @8 >= 2x Oxigraph server",
           http("hmkg", "repeated-CQ req/s @8"), ">=", 2.0, "x",
           http("oxigraph", "repeated-CQ req/s @8")),
    Target("p50 lookup <= 1 ms at 1 client", http("hmkg", "lookup p50 ms @1"), "<=", 1.0, "ms"),
    Target("p99 CQ <= 10 ms at 1 client", http("hmkg", "CQ p99 ms @1"), "<=", 10.0, "ms"),
    # Issue 13, "An HTTP layer that a slow or hostile client cannot starve", judged on hmkg
    # after the change (`hmkg serve`); gunicorn (before) and the peers are context rows.
    Target(f"issue 13: ASK with {STALLED} stalled connections <= 1 s",
           servers("hmkg", STALLED_ASK), "<=", 1.0, "s"),
    Target("issue 13: 10 MB request line refused < 100 ms", servers("hmkg", LONG_LINE), "<",
           100.0, "ms"),
    Target("1000x: cold start <= 2 s", scale(LARGEST_SCALE, "cold start s"), "<=", 2.0, "s"),
    Target("1000x: serving RSS, default workers <= 1.5x one store",
           scale(LARGEST_SCALE, "serving RSS MB"), "<=", 1.5, "x",
           scale(LARGEST_SCALE, "store MB")),
    Target("1000x: build <= 8 min", scale(LARGEST_SCALE, "build s"), "<=", 480.0, "s"),
    Target("1000x: build peak memory <= 6 GB", scale(LARGEST_SCALE, "build peak MB"), "<=",
           6 * GIB, "MB"),
    Target("1000x: slowest CQ p50 <= 1 s (embedded engine)",
           scale(LARGEST_SCALE, "slowest CQ p50 ms"), "<=", 1000.0, "ms"),
    Target("soak: 0 errors on normal queries", soak("normal errors"), "<=", 0.0),
    Target("soak: every slow query stopped (503)", soak("slow queries not stopped"), "<=", 0.0),
    Target("soak: server RSS growth < 10 %", soak("RSS growth %"), "<", 10.0, "%"),
)


@dataclass(frozen=True)
class Outcome:
    """A target's row: the value compared (None when missing), the verdict and why."""

    target: Target
    value: float | None
    verdict: Verdict
    reason: str = ""

    def measured(self) -> str:
        """The compared value with its unit, as the table prints it."""
        if self.value is None:
            return "-"
        return f"{self.value:.3g} {self.target.unit}".rstrip()


def judge(target: Target, results: Results) -> Outcome:
    """Compare a target's measurement with its threshold.

    A missing value is NOT RUN, or FAIL when run.py recorded that the measurement was tried
    and could not finish (a build over its time budget is a failed build, not a missing one).
    """
    keys = [target.measured] + ([target.over] if target.over else [])
    for key in keys:
        if results.value(key) is None:
            reason, failed = results.why_missing(key)
            return Outcome(target, None, Verdict.FAIL if failed else Verdict.NOT_RUN, reason)
    value = float(results.value(target.measured))
    if target.over is not None:
        below = float(results.value(target.over))
        if below <= 0:
            return Outcome(target, None, Verdict.NOT_RUN, f"{target.over} is {below:g}")
        value /= below
    notes = "; ".join(dict.fromkeys(filter(None, (results.note(key) for key in keys))))
    if math.isnan(value):
        return Outcome(target, None, Verdict.NOT_RUN, notes or "not a number")
    passed = COMPARISONS[target.comparison](value, target.threshold)
    return Outcome(target, value, Verdict.PASS if passed else Verdict.FAIL, notes)


def judge_all(results: Results, targets: tuple[Target, ...] = TARGETS) -> list[Outcome]:
    """Judge every target, in the table's order."""
    return [judge(target, results) for target in targets]


def table(outcomes: list[Outcome]) -> str:
    """Return the targets as a fixed-width text table: target, measured, threshold, verdict,
    reason."""
    rows = [("target", "measured", "threshold", "verdict", "reason")]
    for o in outcomes:
        t = o.target
        rows.append((t.label, o.measured(), f"{t.comparison} {t.threshold:g} {t.unit}".rstrip(),
                     o.verdict.value, o.reason))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[4])
                     .rstrip() for row in rows)
