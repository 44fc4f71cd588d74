"""The query store's default graph: the served graphs' union, written into the store once.

A query without FROM or dataset parameters sees the served graphs (ontology, data, inferred
and every claim graph; layout.is_served) as its default graph. Handed to pyoxigraph as a list
of default graphs, that union costs one index lookup per graph for every triple pattern, and
a release has one graph per claim: at 100x the data (1,303 graphs) CQ01 took 11.5 s instead
of 14 ms, and at 1x (16 graphs) 3.2 ms instead of 0.6 ms. So the query store also holds the
union in its own default graph, and a query runs on the store's dataset as it stands: that
default graph, and every release graph as a named graph (the store's default graph is not a
named graph, so GRAPH ?g never sees the copy).

The union is a set, as the RDF merge the SPARQL default graph stands for: a triple in two
served graphs is there once. The served triples are stored twice (their graphs and the
union); the shapes and rule-kind graphs, which no default-graph query should see, once.
"""

from __future__ import annotations

import pyoxigraph as ox

from hmkg import layout

BATCH = 100_000  # quads per bulk_extend call: bounded memory at any size


class MissingDefaultGraph(RuntimeError):
    """The store was written before it held the default graph: queries would see nothing."""


def fill(store: ox.Store) -> int:
    """Add the served graphs' triples to the store's default graph; return how many quads
    were read into it. Read from the store itself, so blank nodes stay the same nodes."""
    served: dict[str, bool] = {}  # graph IRI -> served? (a release has thousands of graphs)
    batch: list[ox.Quad] = []
    added = 0
    for quad in store:  # quads written meanwhile are in the default graph, skipped if read
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            continue
        name = graph.value
        if served.setdefault(name, layout.is_served(name)):
            batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
            if len(batch) >= BATCH:
                store.bulk_extend(batch)
                added, batch = added + len(batch), []
    store.bulk_extend(batch)
    return added + len(batch)


def check(store: ox.Store) -> None:
    """Raise MissingDefaultGraph when the store's default graph is empty (every release
    has ontology triples in a served graph, so an empty one is an older store)."""
    if not store.query("ASK { ?s ?p ?o }"):
        raise MissingDefaultGraph(
            "the query store has no default graph (it was written by an older hmkg): "
            "run `hmkg build` again")
