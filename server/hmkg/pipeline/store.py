"""Write the release's on-disk Oxigraph store: the same quads as hmkg.nq, ready to query,
plus the served graphs' union as its default graph (default_graph.py says why).

Query worker processes open this folder read-only (hmkg.engine.worker), so every worker of
every server process shares one copy of the data through the operating system's page cache,
and opening it costs the same at any size (loading N-Quads into memory grew with the data).
The store is derived, not a published artefact: RocksDB's files are not byte-reproducible,
so it is left out of SHA256SUMS, and manifest.json names the checksummed file it was built
from instead. It is written inside the staging folder, so the release swap moves it with
everything else in one step.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from hmkg import default_graph
from hmkg.layout import STORE_DIR


def write_store(folder: Path, source: dict) -> dict:
    """Bulk-load an N-Quads artefact (its manifest entry) into folder/STORE_DIR.

    Return the store's manifest entry: where it is, and which checksummed file it holds.
    """
    path = folder / STORE_DIR
    store = ox.Store(str(path))
    store.bulk_load(path=str(folder / source["file"]), format=ox.RdfFormat.N_QUADS)
    default_graph.fill(store)
    store.optimize()  # one compacted level: fewer files for each reader to open
    store.flush()
    quads = len(store)
    del store  # closes RocksDB (and releases its lock) before the folder is swapped in
    return {"folder": STORE_DIR, "format": f"Oxigraph store (pyoxigraph {ox.__version__})",
            "built_from": source["file"], "built_from_sha256": source["sha256"],
            "quads": quads}
