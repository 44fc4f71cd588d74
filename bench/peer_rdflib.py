"""Serve an N-Quads dump with rdflib-endpoint (FastAPI + rdflib): the Python peer of the bench.

Run with the peers' own interpreter (bench/.venv-peers), never hmkg's:
    bench/.venv-peers/bin/python bench/peer_rdflib.py DUMP.nq PORT
The default graph is the union of the named graphs, as hmkg serves it.
"""

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    """Load the dump and serve it on 127.0.0.1 at /sparql."""
    dump, port = sys.argv[1], int(sys.argv[2])
    dataset = Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", title="rdflib-endpoint peer")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
