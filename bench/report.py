"""Collect bench measurements, then print them as a table and write CSV and PNG."""

from __future__ import annotations

import csv
import math
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Results:
    """Measurements as (section, name, metric, value, unit) rows, and target verdicts."""

    rows: list[tuple] = field(default_factory=list)
    verdicts: list[tuple[str, str, bool | None]] = field(default_factory=list)

    def add(self, section: str, name: str, metric: str, value, unit: str = "") -> None:
        """Record one measurement."""
        self.rows.append((section, name, metric, value, unit))

    def get(self, section: str, name: str, metric: str):
        """Return a recorded value, or None."""
        for row in self.rows:
            if row[:3] == (section, name, metric):
                return row[3]
        return None

    def target(self, label: str, measured: str, passed: bool | None) -> None:
        """Record a target with what was measured and PASS/FAIL (None: not measured)."""
        self.verdicts.append((label, measured, passed))


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


def render(results: Results) -> str:
    """Return the results table and the targets as text."""
    lines, section = [], None
    for sec, name, metric, value, unit in results.rows:
        if sec != section:
            lines.append(f"\n== {sec} ==")
            section = sec
        lines.append(f"  {name:<22} {metric:<28} {_fmt(value):>12} {unit}")
    lines.append("\n== targets ==")
    for label, measured, passed in results.verdicts:
        verdict = "n/a " if passed is None else ("PASS" if passed else "FAIL")
        lines.append(f"  [{verdict}] {label:<55} {measured}")
    return "\n".join(lines)


def write_csv(results: Results, path: Path) -> None:
    """Write every measurement and verdict as CSV."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["section", "name", "metric", "value", "unit"])
        writer.writerows(results.rows)
        for label, measured, passed in results.verdicts:
            verdict = "n/a" if passed is None else ("PASS" if passed else "FAIL")
            writer.writerow(["target", label, measured, verdict, ""])


def write_png(results: Results, path: Path) -> None:
    """Plot build time per scale and step, and HTTP throughput per server."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (build_ax, http_ax) = plt.subplots(1, 2, figsize=(12, 4.5))
    _plot_build(results, build_ax)
    _plot_http(results, http_ax)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _plot_build(results: Results, ax) -> None:
    """Draw step times against data size on log-log axes."""
    scales = sorted({r[1] for r in results.rows if r[0] == "build" and r[1][1:].isdigit()},
                    key=lambda n: int(n[1:]))
    if not scales:
        ax.axis("off")
        ax.text(0.5, 0.5, "build part not run", ha="center")
        return
    for step in ("load", "reason", "validate", "publish", "total"):
        points = [(results.get("build", s, "data triples"), results.get("build", s, f"{step} s"))
                  for s in scales]
        points = [(x, y) for x, y in points if isinstance(x, int) and isinstance(y, float)]
        if points:
            ax.plot(*zip(*points), marker="o", label=step)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("data triples")
    ax.set_ylabel("seconds")
    ax.set_title("build steps by scale")
    if ax.get_legend_handles_labels()[0]:
        ax.legend()


def _plot_http(results: Results, ax) -> None:
    """Draw CQ throughput at 1 and 8 clients per server."""
    servers = [n for n in ("hmkg", "oxigraph", "rdflib-endpoint")
               if results.get("http", n, "cq qps @8") is not None]
    if not servers:
        ax.axis("off")
        ax.text(0.5, 0.5, "HTTP part not run", ha="center")
        return
    for offset, clients in ((-0.2, 1), (0.2, 8)):
        values = [results.get("http", n, f"cq qps @{clients}") or 0 for n in servers]
        ax.bar([i + offset for i in range(len(servers))], values, width=0.4,
               label=f"{clients} client(s)")
    ax.set_xticks(range(len(servers)), servers)
    ax.set_yscale("log")
    ax.set_ylabel("competency questions answered per second")
    ax.set_title("HTTP throughput, real graph")
    if servers:
        ax.legend()
