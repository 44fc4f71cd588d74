"""Make a release k times larger from a built one, for the serving rows of the bench.

    .venv/bin/python bench/scale_release.py SOURCE_DIST K OUT_DIST

Every quad naming an instance (an IRI under https://w3id.org/hmkg/id/) or a blank node is
written K times, its instance IRIs and blank-node labels suffixed -t<j> in copy j (copy 0
keeps the originals); the ontology's and the shapes' quads are written once. Then the
on-disk store is bulk-loaded as `hmkg build` does. The result is what serving 10x the source
release looks like (same shapes of answers, K times the rows) without running the build's
validation, which does not fit this machine at 1000x (bench/README.md). It is not a
validated release: only the bench serves it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from hmkg.pipeline.store import write_store  # noqa: E402

INSTANCE = re.compile(rb"<https://w3id\.org/hmkg/id/([^>]*)>")
BLANK = re.compile(rb"_:([A-Za-z0-9_]+)")


def scale(source: Path, k: int, out: Path) -> dict:
    """Write out/hmkg.nq (k copies of the instance quads), manifest.json and store/."""
    out.mkdir(parents=True, exist_ok=True)
    digest, lines, started = hashlib.sha256(), 0, time.perf_counter()
    with (source / "hmkg.nq").open("rb") as src, (out / "hmkg.nq").open("wb") as dst:
        for line in src:
            copies = k if (b"/hmkg/id/" in line or b"_:" in line) else 1
            for j in range(copies):
                if j:
                    suffix = b"-t%d" % j
                    line_j = INSTANCE.sub(lambda m: b"<https://w3id.org/hmkg/id/" + m[1] + suffix
                                          + b">", line)
                    line_j = BLANK.sub(lambda m: b"_:" + m[1] + suffix.replace(b"-", b"_"), line_j)
                else:
                    line_j = line
                dst.write(line_j)
                digest.update(line_j)
                lines += 1
    dump = {"file": "hmkg.nq", "sha256": digest.hexdigest(), "triples": lines}
    written = time.perf_counter()
    store = write_store(out, dump)
    manifest = {"version": f"scaled x{k} from {source}", "artefacts": [dump], "store": store}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {"quads": lines, "dump_s": written - started, "store_s": time.perf_counter() - written}


if __name__ == "__main__":
    source_dist, factor, target = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    print(json.dumps(scale(source_dist, factor, target)))
