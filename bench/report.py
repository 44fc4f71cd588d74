"""Collect bench measurements, then print them as a table and write CSV and PNG."""

from __future__ import annotations

import csv
import math
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Key(NamedTuple):
    """Where a measurement lives: section (build, http, servers, scale, soak), name (server or
    scale), metric."""

    section: str
    name: str
    metric: str

    def __str__(self) -> str:
        return f"{self.name} {self.metric}"


@dataclass
class Results:
    """Measurements as (section, name, metric, value, unit) rows, plus why some are missing
    and notes that qualify a value (both shown beside the targets that read them)."""

    rows: list[tuple] = field(default_factory=list)
    # (section, name) or a full Key -> (reason, failed): failed means tried and not finished
    missing: dict[tuple, tuple[str, bool]] = field(default_factory=dict)
    notes: dict[Key, str] = field(default_factory=dict)

    def add(self, section: str, name: str, metric: str, value, unit: str = "") -> None:
        """Record one measurement."""
        self.rows.append((section, name, metric, value, unit))

    def get(self, section: str, name: str, metric: str):
        """Return a recorded value, or None."""
        for row in self.rows:
            if row[:3] == (section, name, metric):
                return row[3]
        return None

    def value(self, key: Key):
        """Return the value recorded under key, or None."""
        return self.get(*key)

    def unmeasured(self, section: str, name: str, reason: str, *, failed: bool = False,
                   metric: str | None = None) -> None:
        """Say why a server's or scale's figures (or one metric of it) are missing."""
        where = (section, name) if metric is None else Key(section, name, metric)
        self.missing[where] = (reason, failed)

    def why_missing(self, key: Key) -> tuple[str, bool]:
        """Return (reason, failed) for a missing value: its own, its row's, or 'not run'."""
        found = self.missing.get(key) or self.missing.get(key[:2])
        if found:
            return found
        return f"{key.section} part not run", False

    def annotate(self, key: Key, text: str) -> None:
        """Attach a note to a recorded value."""
        self.notes[key] = text

    def note(self, key: Key) -> str:
        """Return the note attached to a value ('' when none)."""
        return self.notes.get(key, "")


def machine() -> str:
    """Describe the machine: CPU model, cores, memory, Python."""
    model = "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    mem = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    return f"{model}, {cores} cores (nproc), {mem}, Python {platform.python_version()}"


def _fmt(value) -> str:
    """Format a value for the table."""
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:.4g}"
    return str(value)


def render(results: Results, targets_table: str) -> str:
    """Return the measurements, section by section, then the targets' table."""
    lines = []
    width = max((len(row[2]) for row in results.rows), default=0)  # the metric column
    for section in dict.fromkeys(row[0] for row in results.rows):  # first-seen order
        lines.append(f"\n== {section} ==")
        lines += [f"  {name:<22} {metric:<{width}} {_fmt(value):>12} {unit}".rstrip()
                  for sec, name, metric, value, unit in results.rows if sec == section]
    if results.missing or results.notes:
        lines.append("\n== not measured, and notes ==")
    for where, (reason, failed) in results.missing.items():
        what = " ".join(where[1:])
        lines.append(f"  {what}: {'FAILED: ' if failed else 'not measured: '}{reason}")
    lines += [f"  {key}: {text}" for key, text in results.notes.items()]
    lines += ["\n== targets (issues 13 and 14) ==", targets_table]
    return "\n".join(lines)


def write_csv(results: Results, outcomes, path: Path) -> None:
    """Write every measurement, then every target's outcome (targets.Outcome), as CSV."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["section", "name", "metric", "value", "unit"])
        writer.writerows(results.rows)
        writer.writerow([])
        writer.writerow(["target", "measured", "comparison", "threshold", "unit", "verdict",
                         "reason"])
        for o in outcomes:
            t = o.target
            writer.writerow([t.label, "" if o.value is None else f"{o.value:.6g}", t.comparison,
                             f"{t.threshold:g}", t.unit, o.verdict.value, o.reason])


def write_png(results: Results, path: Path) -> None:
    """Plot build time per scale and step, and HTTP throughput per server and workload (the
    http part's servers, and the servers part's before / after / peers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (build_ax, http_ax, servers_ax) = plt.subplots(1, 3, figsize=(18, 4.5))
    _plot_build(results, build_ax)
    _plot_throughput(results, http_ax, "http", HTTP_LOADS, "HTTP throughput, real graph")
    _plot_throughput(results, servers_ax, "servers", SERVERS_LOADS,
                     "issue 13: gunicorn before, hmkg serve after, peers")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


BUILD_STEPS = ("load", "reason", "validate", "publish")
HTTP_LOADS = ("lookup", "small-CQ", "CQ-mix", "repeated-CQ")
SERVERS_LOADS = ("lookup", "ASK", "CQ07")


def _plot_build(results: Results, ax) -> None:
    """Draw each build step's seconds against data triples, log-log, one line per step."""
    scales = sorted({r[1] for r in results.rows if r[0] == "scale"}, key=lambda n: int(n[1:]))
    lines = 0
    for metric in (*(f"{step} s" for step in BUILD_STEPS), "build s"):
        points = [(results.get("scale", s, "data triples"), results.get("scale", s, metric))
                  for s in scales]
        points = [(x, y) for x, y in points if x is not None and y is not None]
        if points:
            ax.plot(*zip(*points), marker="o", label=metric.removesuffix(" s"))
            lines += 1
    if not lines:
        ax.axis("off")
        ax.text(0.5, 0.5, "no build measured", ha="center")
        return
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("data triples")
    ax.set_ylabel("seconds")
    ax.set_title("build steps by scale")
    ax.legend()


def _plot_throughput(results: Results, ax, section: str, loads: tuple[str, ...],
                     title: str) -> None:
    """Draw answered requests/s at 8 connections, one group of bars per workload, one bar per
    server measured in the section (in the order they ran)."""
    servers = [n for n in dict.fromkeys(r[1] for r in results.rows if r[0] == section)
               if results.get(section, n, f"{loads[0]} req/s @8") is not None]
    if not servers:
        ax.axis("off")
        ax.text(0.5, 0.5, f"{section} part not run", ha="center")
        return
    width = 0.8 / len(servers)
    for i, server in enumerate(servers):
        values = [results.get(section, server, f"{load} req/s @8") or 0 for load in loads]
        ax.bar([x + (i - (len(servers) - 1) / 2) * width for x in range(len(loads))],
               values, width=width, label=server)
    ax.set_xticks(range(len(loads)), loads)
    ax.set_yscale("log")
    ax.set_ylabel("answered requests/s, 8 connections (wrk)")
    ax.set_title(title)
    ax.legend()
