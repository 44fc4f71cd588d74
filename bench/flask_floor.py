"""The floor of any Flask app on this machine: one route, a fixed answer, nothing else.

`bench/run.py http` serves it under granian with `hmkg serve`'s worker and thread counts and
measures its lookups/s beside hmkg's and Oxigraph server's: what no Flask endpoint here can
exceed, so a target above it cannot be met by trimming hmkg's own path.
"""

from flask import Flask, Response

ANSWER = (b'{"head":{"vars":["label"]},"results":{"bindings":[{"label":{"type":"literal",'
          b'"xml:lang":"en","value":"Report HSDR 2(14): being a manager, becoming a professional?"}}]}}')

app = Flask(__name__)


@app.get("/sparql")
def sparql() -> Response:
    """Answer every request with the lookup's answer."""
    return Response(ANSWER, content_type="application/sparql-results+json")
