"""hmkg benchmark: issues 13 and 14's targets, measured in one run and printed as one table.

    .venv/bin/python bench/run.py [scale|http|servers|soak|all] [--quick]
        [--scales 1,10,100,1000] [--duration S] [--soak-seconds S] [--build-budget S]

Parts: `scale` builds and serves the release at each scale (build steps, CPU s, peak RSS,
cold start, serving RSS, CQ latencies on the embedded engine); `http` measures hmkg beside
Oxigraph server and rdflib-endpoint on the real graph (wrk at 8 connections, the Python load
generator at 1 client); `servers` measures the app before (gunicorn) and after (`hmkg serve`,
granian) issue 13's server change beside the same peers: throughput, and what stalled
connections and an over-long request line do (probes.py); `soak` runs 8 clients plus a query
that cannot finish. The targets (targets.TARGETS) are judged from what was measured; a target
whose figure is missing says why. Writes bench/results/results-<part>.{txt,csv,png}; exits 1
when a measured target fails. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import probes  # noqa: E402
import targets  # noqa: E402
from loadgen import Client, engine_ms, run_load  # noqa: E402
from report import (HTTP_LOADS, Key, Results, machine, render, write_csv,  # noqa: E402
                    write_png)
from servers import (LOOKUP, Server, Unavailable, cpu_seconds_between, hmkg_name,  # noqa: E402
                     served_dump, start_flask_floor, start_hmkg, start_oxigraph,
                     start_rdflib_endpoint)
from wrk import run_wrk  # noqa: E402

from hmkg.engine.pool import WORKER_MODULE  # noqa: E402

RESULTS = BENCH / "results"
DATA = BENCH / ".data"
STEPS = ("load", "reason", "validate", "publish")
SMALL_ANSWER = 100  # rows: the CQs answered with at most this many rows form the "small" mix
# A query pyoxigraph cannot finish (a triple cartesian product): it must hit the time limit.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Plan:
    """How long and how much to measure: full figures, or --quick ones."""

    scales: tuple[int, ...]
    duration: float  # seconds per throughput or 1-client latency run
    soak_seconds: float
    soak_timeout: float  # HMKG_QUERY_TIMEOUT during the soak
    build_budget: float  # seconds one scale's build may take before it counts as failed
    cq_repeats: int  # timed requests per CQ at each scale
    lookups: int  # 1-client lookup requests for the p50
    probe_timeout: float  # seconds a hostile-client probe waits before it gives up

    @classmethod
    def of(cls, args: argparse.Namespace) -> Plan:
        """Build the plan from the command line (explicit options override --quick)."""
        quick = args.quick
        return cls(scales=args.scales or ((1, 10) if quick else (1, 10, 100, 1000)),
                   duration=args.duration or (3.0 if quick else 10.0),
                   soak_seconds=args.soak_seconds or (15.0 if quick else 60.0),
                   soak_timeout=2.0 if quick else 3.0,
                   build_budget=args.build_budget or (300.0 if quick else 1800.0),
                   cq_repeats=3 if quick else 5, lookups=100 if quick else 300,
                   # gunicorn answered issue 13's probes after 19-33 s: 40 s sees that
                   probe_timeout=15.0 if quick else 40.0)


def scale_list(text: str) -> tuple[int, ...]:
    """Parse --scales: positive integers separated by commas."""
    try:
        scales = tuple(int(part) for part in text.split(","))
    except ValueError:
        scales = ()
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give positive whole scales separated by commas, e.g. 1,10,100")
    return scales


def cq_queries() -> dict[str, str]:
    """Return the competency questions (queries/*.rq) by id."""
    files = sorted((ROOT / "queries").glob("CQ*.rq"))
    if not files:
        raise SystemExit("no queries/CQ*.rq to run")
    return {f.stem: f.read_text(encoding="utf-8") for f in files}


# -- scales: build, then serve the release just built ----------------------------------------

def bench_scales(results: Results, plan: Plan) -> None:
    """Build each scale in a fresh process, then serve what it published.

    A scale whose build does not finish is served from a copy made by scale_release.py of
    the largest release built so far whose scale divides it (the real one at worst), so its
    serving figures are still measured; they carry a note saying so.
    """
    built = {1: release()}
    for factor in plan.scales:
        name, root, dist = f"x{factor}", DATA / f"x{factor}", DATA / f"x{factor}-dist"
        results.add("scale", name, "data triples", generate.generate(factor, root))
        if dist.exists():
            shutil.rmtree(dist)
        steps, elapsed = _build_child(root, dist, plan.build_budget)
        _record_build(results, name, steps, elapsed, plan.build_budget)
        if "publish" in steps:
            built[factor] = dist
            _serve_scale(results, name, dist, plan)
        else:
            base = copy_base(built, factor)
            scaled = _scaled_release(built[base], factor // base, DATA / f"x{factor}-scaled")
            _serve_scale(results, name, scaled, plan,
                         note=f"served {factor // base} renamed copies of the x{base} release "
                         "(scale_release.py: not built or validated at this scale)")
        print(f"scale {name}: done", flush=True)


def copy_base(built: dict[int, Path], factor: int) -> int:
    """Return the largest built scale that divides factor (1, the real release, always does)."""
    return max(scale for scale in built if factor % scale == 0)


def _scaled_release(source: Path, copies: int, out: Path) -> Path:
    """Write `copies` renamed copies of a release's instance quads, with its store, to out."""
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, str(BENCH / "scale_release.py"), str(source), str(copies),
                    str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def _build_child(root: Path, out: Path, budget: float) -> tuple[dict, float]:
    """Run bench/build_steps.py on a source root within a time budget; return the finished
    steps and the seconds it ran."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(BENCH / "build_steps.py"), str(root), str(out)],
                             stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(budget, child.kill)
    timer.start()
    steps = {}
    for line in child.stdout:
        if line.startswith("{"):
            record = json.loads(line)
            steps[record["step"]] = record
    child.wait()
    timer.cancel()
    return steps, time.perf_counter() - started


def _record_build(results: Results, name: str, steps: dict, elapsed: float,
                  budget: float) -> None:
    """Record each step's wall time, the total, CPU time and peak RSS, or why they are missing."""
    for step in STEPS:
        if step in steps:
            results.add("scale", name, f"{step} s", steps[step]["seconds"], "s")
    if all(step in steps for step in STEPS):
        results.add("scale", name, "build s", sum(s["seconds"] for s in steps.values()), "s")
        results.add("scale", name, "build CPU s",
                    sum(s["cpu_seconds"] for s in steps.values()), "s")
        peak = max(s["rss_mb"] for s in steps.values())
        results.add("scale", name, "build peak MB", peak, "MB")
        results.add("scale", name, "conforms", steps["validate"]["conforms"])
        results.annotate(Key("scale", name, "build s"), " / ".join(STEPS) + ": "
                         + " / ".join(f"{steps[step]['seconds']:.3g}" for step in STEPS) + " s")
        # rss_mb is the process's peak so far: the first step that reached it made the peak
        where = next(step for step in STEPS if steps[step]["rss_mb"] == peak)
        results.annotate(Key("scale", name, "build peak MB"), f"reached in {where}")
        return
    stuck = next(step for step in STEPS if step not in steps)
    over = elapsed >= budget
    why = (f"build stopped at the {budget:g} s budget, in {stuck}" if over
           else f"build failed in {stuck} after {elapsed:.0f} s")
    peak = max((s["rss_mb"] for s in steps.values()), default=0.0)
    if steps:
        why += f" (peak {peak:.0f} MB before it)"
    results.unmeasured("scale", name, why, failed=True)


SERVING = ("cold start s", "slowest CQ p50 ms", "serving RSS MB", "serving PSS MB", "store MB")


def _serve_scale(results: Results, name: str, dist: Path, plan: Plan, note: str = "") -> None:
    """Cold start, every CQ's p50 over HTTP (the cache bypassed), then the serving RSS."""
    for metric in SERVING if note else ():
        results.annotate(Key("scale", name, metric), note)
    server, cold = start_hmkg(dist)
    try:
        results.add("scale", name, "cold start s", cold, "s")
        slowest, unanswered = (0.0, ""), []
        for cq, text in cq_queries().items():
            load = run_load(server.url, {cq: text}, 1, requests=plan.cq_repeats, timeout=120,
                            bust_cache=True)
            if len(load.ok()) < len(load.samples):
                unanswered.append(cq)
                continue
            p50 = load.percentile(0.5) * 1e3
            results.add("scale-cq", name, f"{cq} p50 ms", p50, "ms")
            slowest = max(slowest, (p50, cq))
        key = targets.scale(int(name[1:]), "slowest CQ p50 ms")
        if unanswered:  # a CQ with no answer is slower than any threshold
            results.unmeasured(key.section, key.name, (
                f"not answered (timeout or error): {', '.join(unanswered)}; slowest answered "
                f"{slowest[1]} {slowest[0]:.0f} ms"), failed=True, metric=key.metric)
        else:
            results.add(*key, slowest[0], "ms")
            results.annotate(key, "; ".join(filter(None, (slowest[1], note))))
        results.add("scale", name, "serving RSS MB", server.rss_mb(), "MB")
        results.add("scale", name, "serving PSS MB", server.pss_mb(), "MB")
        results.add("scale", name, "store MB", _folder_mb(dist / "store"), "MB")
    finally:
        server.stop()


def _folder_mb(folder: Path) -> float:
    """Return the bytes of the files under a folder, in MB."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024 / 1024


# -- HTTP: hmkg beside the peers on the real graph -------------------------------------------

def release() -> Path:
    """Return the real graph's release folder (dist/), building it when missing."""
    dist = ROOT / "dist"
    if not (dist / "manifest.json").exists():
        subprocess.run([sys.executable, "-m", "hmkg", "build"], check=True, cwd=ROOT)
    return dist


def bench_http(results: Results, plan: Plan) -> None:
    """Measure hmkg and each peer one after another on the same dump and queries."""
    queries = cq_queries()
    reference: dict[str, int] = {}

    def measure(name: str, server: Server) -> None:
        nonlocal reference
        rows = _check_answers(results, name, server.url, queries)
        reference = reference or rows
        results.add("http", name, "CQ row counts equal hmkg's", rows == reference)
        small = [queries[cq] for cq, n in sorted(reference.items()) if n <= SMALL_ANSWER]
        _measure(results, name, server, queries, small, plan)
        _explain_p99(results, name, server.url, queries, rows)

    _each_server(results, "http", ("serve",), measure)
    _explain_cpu(results)
    _flask_floor(results, plan)


def _flask_floor(results: Results, plan: Plan) -> None:
    """Measure the lookups/s of a bare Flask app (flask_floor.py) and note it on the lookup
    target: the ceiling of a Flask endpoint on this machine, beside Oxigraph server."""
    server = start_flask_floor()
    try:
        figure = run_wrk(server.url, [LOOKUP], connections=8, duration=plan.duration,
                         bust_cache=True)
    finally:
        server.stop()
    results.add("http", "flask-floor", "lookup req/s @8", figure.rps, "req/s")
    oxigraph = results.get("http", "oxigraph", "lookup req/s @8")
    if oxigraph:
        results.annotate(Key("http", "hmkg", "lookup req/s @8"),
                         f"a bare Flask app under granian: {figure.rps / oxigraph:.2f}x "
                         "Oxigraph server")


def _each_server(results: Results, section: str, hmkg: tuple[str, ...], measure) -> None:
    """Start hmkg under each HTTP server named (servers.HMKG_SERVERS), then Oxigraph server and
    rdflib-endpoint on the same release dump, one at a time; call measure(name, server) on each
    and stop it. A peer that cannot start is recorded as not measured, with the reason."""
    dist, work = release(), Path(tempfile.mkdtemp(prefix="hmkg-bench-"))
    dump = served_dump(dist, work)
    starters = [*((hmkg_name(http), lambda http=http: start_hmkg(dist, server=http)[0])
                  for http in hmkg),
                ("oxigraph", lambda: start_oxigraph(dump, work)),
                ("rdflib-endpoint", lambda: start_rdflib_endpoint(dump))]
    try:
        for label, start in starters:
            try:
                server = start()
            except Unavailable as error:
                results.unmeasured(section, label, str(error))
                print(f"{section} {label}: not measured: {error}", flush=True)
                continue
            try:
                measure(label, server)
            finally:
                server.stop()
            print(f"{section} {label}: done", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_answers(results: Results, name: str, url: str, queries: dict) -> dict[str, int]:
    """Count the CQs a server answers with 200; return each answer's row count."""
    client, rows = Client(url, timeout=120), {}
    for cq, text in queries.items():
        status, body = client.query(text)
        if status == 200:
            rows[cq] = len(json.loads(body)["results"]["bindings"])
    client.close()
    results.add("http", name, f"CQs answered (of {len(queries)})", len(rows))
    return rows


ENGINE_TIMINGS = 5  # answers whose Server-Timing gives the engine's time for the p99's CQ
CPU = "CPU ms/answer @8"  # the server's CPU time per answer under a wrk load
ENGINE_CPU = "engine CPU ms/answer @8"  # the part of it spent in hmkg's query processes


def _measure(results: Results, name: str, server: Server, queries: dict, small: list[str],
             plan: Plan) -> None:
    """Latency at 1 client (Python generator); throughput at 8 connections (wrk) and the
    server's CPU time per answer under it (hmkg's: also the share of its query processes)."""
    url = server.url
    lookup = run_load(url, {"lookup": LOOKUP}, 1, requests=plan.lookups, bust_cache=True)
    results.add("http", name, "lookup p50 ms @1", lookup.percentile(0.5) * 1e3, "ms")
    single = run_load(url, queries, 1, duration=plan.duration, bust_cache=True)
    results.add("http", name, "CQ p50 ms @1", single.percentile(0.5) * 1e3, "ms")
    results.add("http", name, "CQ p99 ms @1", single.percentile(0.99) * 1e3, "ms")
    slowest = single.at_percentile(0.99)
    if slowest is not None:
        results.add("http", name, "CQ at p99 @1", slowest.name)
    # label -> (queries, unique text per request): every load but the repeated CQ misses the cache
    loads = {"lookup": ([LOOKUP], True), "small-CQ": (small, True),
             "CQ-mix": (list(queries.values()), True),
             "repeated-CQ": ([queries[targets.REPEATED_CQ]], False)}
    errors = 0
    for label in HTTP_LOADS:
        texts, bust = loads[label]
        before = server.cpu_ticks(), server.cpu_ticks(WORKER_MODULE)
        figure = run_wrk(url, texts, connections=8, duration=plan.duration, bust_cache=bust)
        after = server.cpu_ticks(), server.cpu_ticks(WORKER_MODULE)
        results.add("http", name, f"{label} req/s @8", figure.rps, "req/s")
        errors += figure.errors
        _record_cpu(results, name, label, figure.answered, *(
            cpu_seconds_between(b, a) for b, a in zip(before, after)))
    results.add("http", name, "errors @8", errors)


def _record_cpu(results: Results, name: str, label: str, answered: int,
                cpu: float | None, engine_cpu: float | None) -> None:
    """Record the CPU time per answer of one load (engine_cpu: only hmkg has query processes),
    or why it is missing."""
    metrics = (CPU, ENGINE_CPU) if name == "hmkg" else (CPU,)
    for metric, seconds in zip(metrics, (cpu, engine_cpu)):
        key = Key("http", name, f"{label} {metric}")
        if not answered:
            results.unmeasured(*key[:2], "no request was answered", metric=key.metric)
        elif seconds is None:
            results.unmeasured(*key[:2], "a server process ended or started during the load",
                               metric=key.metric)
        else:
            results.add(*key, seconds / answered * 1e3, "ms")


def _explain_cpu(results: Results) -> None:
    """Note beside each throughput figure what an answer cost hmkg and Oxigraph server in CPU
    time, and how much of hmkg's went to its query processes (pyoxigraph) rather than HTTP."""
    for label in HTTP_LOADS:
        hmkg = results.get("http", "hmkg", f"{label} {CPU}")
        engine = results.get("http", "hmkg", f"{label} {ENGINE_CPU}")
        oxigraph = results.get("http", "oxigraph", f"{label} {CPU}")
        if hmkg is None or engine is None or oxigraph is None:
            continue
        # on Oxigraph's figure: the note then shows on the targets judged against Oxigraph
        results.annotate(Key("http", "oxigraph", f"{label} req/s @8"), (
            f"CPU per answer: hmkg {hmkg:.2f} ms ({engine:.2f} ms in its query processes), "
            f"Oxigraph server {oxigraph:.2f} ms"))


def _explain_p99(results: Results, name: str, url: str, queries: dict,
                 rows: dict[str, int]) -> None:
    """Note which CQ the 1-client p99 is, with its rows; for hmkg also the time its engine
    took for that CQ (Server-Timing: the query process's round trip, serialising included)."""
    cq = results.get("http", name, "CQ at p99 @1")
    if cq is None:
        return
    note = f"{cq} ({rows.get(cq, '?')} rows) is the p99"
    engine = engine_ms(url, queries[cq], ENGINE_TIMINGS) if name == "hmkg" else None
    if engine is not None:
        note += (f"; hmkg's engine takes {engine:.1f} ms of it (Server-Timing, median of "
                 f"{ENGINE_TIMINGS})")
    results.annotate(Key("http", name, "CQ p99 ms @1"), note)


# -- servers: issue 13's before / after, beside the peers ----------------------------------------

def bench_servers(results: Results, plan: Plan) -> None:
    """Measure hmkg before (gunicorn gthread, as it served until issue 13) and after (`hmkg
    serve`, granian) the server change, then Oxigraph server and rdflib-endpoint, in one run.

    Throughput is wrk at 8 connections with a unique comment on every request (the answer
    cache never answers: the HTTP layer and the engine are measured). Then the two probes of
    probes.py: an ASK while 64 connections stall, and a 10 MB request line.
    """
    cq = targets.REPEATED_CQ
    loads = (("lookup", LOOKUP), ("ASK", probes.ASK), (cq, cq_queries()[cq]))

    def measure(name: str, server: Server) -> None:
        errors = 0
        for label, text in loads:
            figure = run_wrk(server.url, [text], connections=8, duration=plan.duration)
            results.add("servers", name, f"{label} req/s @8", figure.rps, "req/s")
            errors += figure.errors
        results.add("servers", name, "errors @8", errors)
        opened, ask = probes.stalled_then_ask(server.url, timeout=plan.probe_timeout)
        cpu = server.cpu_seconds()
        line = probes.long_request_line(server.url, timeout=plan.probe_timeout)
        probes.record(results, name, opened, ask, line)
        # what reading the line cost the server (issue 13 saw ~15 CPU s per line under gunicorn)
        results.add("servers", name, probes.LONG_LINE_CPU, server.cpu_seconds() - cpu, "s")

    _each_server(results, "servers", ("gunicorn", "serve"), measure)


# -- soak --------------------------------------------------------------------------------------

def bench_soak(results: Results, plan: Plan) -> None:
    """Run 8 clients of the CQ mix plus a query that cannot finish, against one hmkg.

    Every request's text is unique (bust_cache), so the engine answers each one, and the
    answer cache is off: filled with unique answers it would grow to its bound
    (ANSWER_CACHE_MB per worker) by design, which is not the growth this target looks for.
    The baseline is taken after a warm-up under the same load (a quarter of the soak, at
    least 10 s): going from idle to loaded raises RSS once (every request thread in use, the
    query workers' pages of the store touched, a stopped worker replaced), and only growth
    past that is a leak.
    """
    server, _ = start_hmkg(release(), env={"HMKG_QUERY_TIMEOUT": str(plan.soak_timeout),
                                           "HMKG_ANSWER_CACHE_MB": "0"})
    try:
        queries = cq_queries()
        _soak_load(server, queries, max(10.0, plan.soak_seconds / 4), [], [])  # warm-up
        before = server.rss_mb()
        slow_statuses: list[int] = []
        samples: list[float] = []
        load = _soak_load(server, queries, plan.soak_seconds, slow_statuses, samples)
        after = server.rss_mb()
    finally:
        server.stop()
    results.add("soak", "hmkg", "seconds", plan.soak_seconds, "s")
    results.add("soak", "hmkg", "normal queries", len(load.samples))
    results.add("soak", "hmkg", "normal errors", len(load.samples) - len(load.ok()))
    results.add("soak", "hmkg", "slow queries", len(slow_statuses))
    if slow_statuses:
        results.add("soak", "hmkg", "slow queries not stopped",
                    sum(status != 503 for status in slow_statuses))
    else:
        results.unmeasured("soak", "hmkg", "no slow query was sent", failed=True,
                           metric="slow queries not stopped")
    results.add("soak", "hmkg", "RSS before MB", before, "MB")
    results.add("soak", "hmkg", "RSS after MB", after, "MB")
    results.add("soak", "hmkg", "RSS growth %", (after - before) / before * 100, "%")
    for quarter, mb in enumerate(samples, start=1):  # growing still, or levelled off?
        results.add("soak", "hmkg", f"RSS at {quarter}/4 MB", mb, "MB")
    results.annotate(targets.soak("RSS growth %"), "RSS MB at each quarter: "
                     + ", ".join(f"{mb:.0f}" for mb in samples))


def _soak_load(server, queries: dict, seconds: float, slow_statuses: list[int],
               samples: list[float]):
    """Run the soak's load for seconds: 8 clients of the CQ mix, a slow query every 5 s,
    RSS sampled at each quarter; return the 8 clients' load."""
    slow = threading.Thread(target=_slow_queries, args=(server.url, seconds, slow_statuses))
    sampler = threading.Thread(target=_sample_rss, args=(server, seconds, samples))
    slow.start()
    sampler.start()
    load = run_load(server.url, queries, 8, duration=seconds, timeout=60, bust_cache=True)
    slow.join()
    sampler.join()
    return load


def _sample_rss(server, duration: float, samples: list[float]) -> None:
    """Record the server tree's RSS at each quarter of the soak."""
    for _ in range(4):
        time.sleep(duration / 4)
        samples.append(server.rss_mb())


def _slow_queries(url: str, duration: float, statuses: list[int]) -> None:
    """Send a query that cannot finish every few seconds; record the statuses."""
    client, deadline = Client(url, timeout=60), time.perf_counter() + duration
    while time.perf_counter() < deadline:
        statuses.append(client.query(SLOW_QUERY)[0])
        time.sleep(min(5.0, duration / 6))
    client.close()


# -- main ----------------------------------------------------------------------------------------

PARTS = {"scale": bench_scales, "http": bench_http, "servers": bench_servers,
         "soak": bench_soak}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, print the targets' table, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("part", nargs="?", default="all", choices=(*PARTS, "all"))
    parser.add_argument("--quick", action="store_true",
                        help="scales 1,10; 3 s load runs; 15 s soak; 300 s build budget")
    parser.add_argument("--scales", type=scale_list,
                        help="comma-separated scales (default 1,10,100,1000)")
    parser.add_argument("--duration", type=float, help="seconds per load run (default 10)")
    parser.add_argument("--soak-seconds", type=float, help="soak length (default 60)")
    parser.add_argument("--build-budget", type=float,
                        help="seconds one scale's build may run (default 1800); a build still "
                        "running then is stopped and its targets FAIL")
    args = parser.parse_args(argv)
    plan = Plan.of(args)
    results = Results()
    results.add("machine", "host", "description", machine())
    for part, bench in PARTS.items():
        if args.part in (part, "all"):
            bench(results, plan)
    if args.part in ("scale", "all") and targets.LARGEST_SCALE not in plan.scales:
        results.unmeasured("scale", f"x{targets.LARGEST_SCALE}",
                           f"scale {targets.LARGEST_SCALE} not in --scales")
    outcomes = targets.judge_all(results)
    text = render(results, targets.table(outcomes))
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"results-{args.part}.txt").write_text(text + "\n", encoding="utf-8")
    write_csv(results, outcomes, RESULTS / f"results-{args.part}.csv")
    write_png(results, RESULTS / f"results-{args.part}.png")
    failed = [o for o in outcomes if o.verdict is targets.Verdict.FAIL]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
