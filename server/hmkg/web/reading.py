"""What a resource page leads with, for readers: a claim's statement, hedge and passage; a
report's claims by kind and its study; the claims made about anything else."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from hmkg.namespaces import HMK
from hmkg.web import claims, study
from hmkg.web.claims import Catalogue, Claim


@dataclass
class ReaderView:
    """The reader's part of a resource page (every part may be empty)."""

    found: Catalogue
    claim: Claim | None = None
    study: study.Study | None = None
    by_kind: list[tuple[str, list[Claim]]] = field(default_factory=list)
    about: list[Claim] = field(default_factory=list)
    carried: dict[URIRef, Claim] = field(default_factory=dict)
    report_page: bool = False


def view(iri: URIRef, types: list) -> ReaderView:
    """Return what the page of iri should lead with."""
    found = claims.catalogue()
    by_iri = {claim.iri: claim for claim in found.claims}
    result = ReaderView(found, carried=by_iri)
    result.claim = by_iri.get(iri)
    if result.claim is not None and result.claim.report is not None:
        result.study = study.study_of(result.claim.report)
    if HMK.Report in types:
        result.report_page = True
        result.study = study.study_of(iri)
        result.by_kind = _grouped([c for c in found.claims if c.report == iri], found)
    result.about = [c for c in found.claims if iri in c.links.get("about", []) and c.iri != iri]
    return result


def _grouped(chosen: list[Claim], found: Catalogue) -> list[tuple[str, list[Claim]]]:
    """Group claims by kind, in listing order, under plural headings."""
    groups: dict[URIRef, list[Claim]] = {}
    for claim in chosen:
        groups.setdefault(claim.kind, []).append(claim)
    return [(found.label(kind).capitalize() + "s", members) for kind, members in groups.items()]
