"""Show answers and reports to people in a terminal: aligned text tables, terms as prefixed
names. Shared by `hmkg query` (SELECT answers) and `hmkg validate` (the SHACL report)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from hmkg.prefixes import CORE_PREFIXES


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Format rows as a plain-text table with aligned columns."""
    rows = [[str(cell).replace("\n", " ") for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = [_line(headers, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in rows]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Pad cells to their column widths."""
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()


def prefixed(iri: str, prefixes: Mapping[str, str] = CORE_PREFIXES) -> str:
    """Return an IRI as prefix:local when a prefix covers it, else <iri>."""
    matches = [(len(ns), name) for name, ns in prefixes.items()
               if iri.startswith(ns) and len(iri) > len(ns)]
    if matches:
        length, name = max(matches)
        return f"{name}:{iri[length:]}"
    return f"<{iri}>"


def results_table(body: bytes) -> str:
    """Render a SPARQL 1.1 JSON results document (SELECT or ASK) as a table for people."""
    document = json.loads(body)
    if "boolean" in document:
        return "true" if document["boolean"] else "false"
    names = document["head"].get("vars", [])
    rows = [[_show(binding.get(name)) for name in names]
            for binding in document["results"]["bindings"]]
    return table(names, rows) + f"\n({len(rows)} rows)"


def _show(term: dict | None) -> str:
    """Render one JSON results term: prefixed IRI, plain literal (with @lang), _:blank."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return prefixed(term["value"])
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if term["type"] == "triple":
        parts = term["value"]
        return "<< " + " ".join(_show(parts[k]) for k in ("subject", "predicate", "object")) + " >>"
    language = term.get("xml:lang")
    return f"{term['value']}@{language}" if language else term["value"]
