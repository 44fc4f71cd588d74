"""The query-engine seam: open the engine the settings ask for.

Two implementations stand behind the contract (engine/base.py): the embedded pyoxigraph store
run in killable worker processes (embedded.py, the default) and a remote SPARQL 1.1 store
(remote.py, when STORE is set). The contract's names are re-exported here for callers.
"""

from __future__ import annotations

from hmkg.engine.base import (Answer, Engine, EngineUnavailable, NotAcceptable, QueryError,
                              QueryProcessDied, QueryRefused, QueryTimeout, QueryTooComplex,
                              QueryTooLarge, client_message)
from hmkg.settings import Settings

__all__ = ["Answer", "Engine", "EngineUnavailable", "NotAcceptable", "QueryError",
           "QueryProcessDied", "QueryRefused", "QueryTimeout", "QueryTooComplex",
           "QueryTooLarge", "client_message", "open_engine"]


def open_engine(settings: Settings) -> Engine:
    """Open the remote engine when settings.store is set, else the embedded one over dist."""
    if settings.store:
        from hmkg.engine.remote import RemoteEngine

        return RemoteEngine(settings)
    from hmkg.engine.embedded import EmbeddedEngine

    return EmbeddedEngine(settings)
