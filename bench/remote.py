"""Remote-store bench: load time of `hmkg publish` and competency-question latency at scale.

    .venv/bin/python bench/remote.py [--scale 1000] [--stores oxigraph,virtuoso] [--repeats 5]

Scale 1 is the real release (dist/). A larger scale is made from the 100x release that
`bench/run.py build` leaves in bench/.data/x100-dist: its instance graphs (data, inferred,
inference-rules) are repeated scale/100 times, block j renaming every instance IRI
https://w3id.org/hmkg/id/... to https://w3id.org/hmkg/id/b<j>/... (block 0 keeps the names), and
ontology and shapes stay single. Building 1000x through the pipeline would take about an hour
and 20 GB here (SHACL validation grows faster than linearly); renaming copies keeps each copy's
inferences valid, since OWL 2 RL rules do not look at IRI spellings.
Each store runs privately on 127.0.0.1 (tests/remote/stores.py) and is stopped at the end.
Results: printed, and written to bench/results/results-remote.txt and .csv.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "remote"))
sys.path.insert(0, str(ROOT / "server"))

from stores import start_oxigraph, start_virtuoso  # noqa: E402

from hmkg import settings  # noqa: E402
from hmkg.engine import QueryTimeout  # noqa: E402
from hmkg.engine.remote import RemoteEngine  # noqa: E402
from hmkg.publish_remote import Target, publish_release  # noqa: E402
from hmkg.queries import load_catalogue  # noqa: E402

DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
ID = "<https://w3id.org/hmkg/id/"
SINGLE_GRAPHS = ("<https://w3id.org/hmkg/graph/ontology> .", "<https://w3id.org/hmkg/graph/shapes> .")
JSON = "application/sparql-results+json"
SLOW = 5.0  # seconds: a question this slow is timed once


def release_at(scale: int) -> Path:
    """Return a release folder holding hmkg.nq at the scale (see the module docstring)."""
    if scale == 1:
        return ROOT / "dist"
    base = DATA / "x100-dist" / "hmkg.nq"
    if scale % 100 or not base.is_file():
        raise SystemExit(f"scale {scale}: needs a multiple of 100 and {base} (bench/run.py build)")
    out = DATA / f"x{scale}-remote-dist"
    target = out / "hmkg.nq"
    if not target.is_file():
        out.mkdir(parents=True, exist_ok=True)
        _repeat_blocks(base, target.with_suffix(".part"), scale // 100)
        target.with_suffix(".part").rename(target)
    return out


def _repeat_blocks(base: Path, out: Path, blocks: int) -> None:
    """Write the instance graphs of base `blocks` times under renamed IRIs, the rest once."""
    lines = base.read_text("utf-8").splitlines(keepends=True)
    single = [line for line in lines if line.rstrip().endswith(SINGLE_GRAPHS)]
    instance = [line for line in lines if not line.rstrip().endswith(SINGLE_GRAPHS)]
    with out.open("w", encoding="utf-8") as stream:
        stream.writelines(single)
        for block in range(blocks):
            if block == 0:
                stream.writelines(instance)
                continue
            prefix, label = f"{ID}b{block}/", f"_:b{block}x"
            for line in instance:  # a quad naming no instance (vocabulary only) is written once
                renamed = line.replace(ID, prefix).replace("_:", label)
                if renamed != line:
                    stream.write(renamed)


def start(name: str, folder: Path):
    """Start a private store of the given kind."""
    return start_virtuoso(folder) if name == "virtuoso" else start_oxigraph(folder)


def measure(store, release: Path, args) -> list[dict]:
    """Publish the release into the store, then time every competency question."""
    target = Target(store.query_url, store.update_url, store.graph_store_url,
                    store.user, store.password)
    started = time.perf_counter()
    counts = publish_release(release, target, direct=args.direct,
                             progress=lambda line: print("  " + line, flush=True))
    what = "publish --direct" if args.direct else "publish"
    return [{"store": store.name, "what": what, "value": round(time.perf_counter() - started, 2),
             "unit": "s", "detail": f"{sum(counts.values())} triples"},
            *time_questions(store.name, store.query_url, args)]


def time_questions(name: str, query_url: str, args) -> list[dict]:
    """Time every competency question (median of repeats after a warm-up; slow ones once)."""
    engine = RemoteEngine(settings.load({"STORE": query_url, "QUERY_TIMEOUT": args.query_timeout,
                                          "RESULT_CAP": 10**9}))
    rows = []
    for cq in load_catalogue():
        times, detail = [], ""
        for run in range(args.repeats + 1):
            began = time.perf_counter()
            try:
                answer = engine.query(cq.sparql, solutions_format=JSON, graph_format=None)
            except QueryTimeout:
                times, detail = [args.query_timeout], f"stopped at the {args.query_timeout} s limit"
                break
            times.append(time.perf_counter() - began)
            detail = f"{answer.rows} rows"
            if run == 0 and times[0] > SLOW:
                break
        counted = times[1:] or times  # the warm-up is not counted when repeats ran
        rows.append({"store": name, "what": cq.id, "unit": "ms", "detail": detail,
                     "value": round(statistics.median(counted) * 1000, 1)})
        print(f"  {cq.id} {rows[-1]['value']:>10} ms  {detail}", flush=True)
    return rows


def write(rows: list[dict], scale: int) -> None:
    """Write the results as text and CSV under bench/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "results-remote.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, ["scale", "store", "what", "value", "unit", "detail"])
        writer.writeheader()
        writer.writerows({"scale": scale, **row} for row in rows)
    text = [f"== remote stores at {scale}x (median of repeats, after one warm-up) =="]
    text += [f"  {r['store']:<9} {r['what']:<16} {r['value']:>10} {r['unit']:<2}  {r['detail']}"
             for r in rows]
    (RESULTS / "results-remote.txt").write_text("\n".join(text) + "\n")
    print("\n".join(text))


def main(argv: list[str] | None = None) -> int:
    """Run the bench for each store asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--stores", default="oxigraph")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--direct", action="store_true",
                        help="publish without staging and switch (see hmkg publish --direct)")
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--query-url", help="only time the questions on this loaded store "
                        "(of the kind --stores names)")
    args = parser.parse_args(argv)
    if args.query_url:
        rows = time_questions(args.stores, args.query_url, args)
        write(rows, args.scale)
        return 0
    release = release_at(args.scale)
    rows: list[dict] = []
    for name in args.stores.split(","):
        with tempfile.TemporaryDirectory(prefix=f"hmkg-bench-{name}-", dir=DATA) as folder:
            store = start(name, Path(folder))
            try:
                print(f"{name}: publishing {release / 'hmkg.nq'}", flush=True)
                rows += measure(store, release, args)
            finally:
                store.stop()
    write(rows, args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
