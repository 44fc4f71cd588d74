"""A report's study as a reader wants it: design, methods, sites, sample and its Table 6 rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from hmkg.prefixes import prologue
from hmkg.web import lookup

_PREFIXES = prologue("hmk", "rdfs")
# One row per (field, value); several values of a field come back as several rows.
STUDY_QUERY = _PREFIXES + (
    "SELECT DISTINCT ?study ?field ?value WHERE {{ {report} hmk:reportsStudy ?study . "
    "{{ ?study hmk:hasDesign ?value BIND(\"design\" AS ?field) }} "
    "UNION {{ ?study hmk:usedMethod ?value BIND(\"method\" AS ?field) }} "
    "UNION {{ ?study hmk:setting ?value BIND(\"setting\" AS ?field) }} "
    "UNION {{ ?study hmk:setting/hmk:siteCount ?value BIND(\"sites\" AS ?field) }} "
    "UNION {{ ?study hmk:hasSample ?value BIND(\"sample\" AS ?field) }} "
    "UNION {{ ?study hmk:hasSample/hmk:sampleSize ?value BIND(\"size\" AS ?field) }} "
    "UNION {{ ?study hmk:hasSample/hmk:sampledFrom ?value BIND(\"site\" AS ?field) }} "
    "UNION {{ ?study hmk:distinguishesManagerGroup ?value BIND(\"group\" AS ?field) }} "
    "}} ORDER BY ?study ?field ?value")
# Table 6 of a report: interviews and observation per trust (or participant group), in its order.
TABLE_QUERY = _PREFIXES + (
    "SELECT ?row ?ordinal ?where ?formal ?informal ?hours ?days WHERE {{ "
    "{report} hmk:reportsStudy/hmk:dataCollection ?row . "
    "OPTIONAL {{ ?row hmk:ordinal ?ordinal }} "
    "OPTIONAL {{ ?row hmk:atOrganisation|hmk:forParticipantGroup ?where }} "
    "OPTIONAL {{ ?row hmk:formalInterviewCount ?formal }} "
    "OPTIONAL {{ ?row hmk:informalInterviewCount ?informal }} "
    "OPTIONAL {{ ?row hmk:observationHours ?hours }} OPTIONAL {{ ?row hmk:observationDays ?days }} "
    "}} ORDER BY ?ordinal ?row")


@dataclass
class TableRow:
    """One row of the data-collection table: where, and how many interviews and hours."""

    iri: URIRef
    where: URIRef | None
    formal: int | None
    informal: int | None
    hours: float | None
    days: int | None


@dataclass
class Study:
    """The study behind a report, with the labels of everything it names."""

    iri: URIRef
    values: dict[str, list] = field(default_factory=dict)
    table: list[TableRow] = field(default_factory=list)
    labels: dict[URIRef, str] = field(default_factory=dict)

    def get(self, name: str) -> list:
        """Return the values of one field (design, method, setting, sites, sample, size, site, group)."""
        return self.values.get(name, [])

    def label(self, iri) -> str:
        """Return an IRI's label, else its prefixed name."""
        return self.labels.get(iri) or lookup.short_name(iri)


def study_of(report: URIRef) -> Study | None:
    """Return the study a report reports, or None."""
    rows = lookup.select(STUDY_QUERY.format(report=report.n3()))[1]
    if not rows:
        return None
    study = Study(rows[0]["study"])
    for row in rows:
        if row["study"] == study.iri:
            value = row["value"]
            study.values.setdefault(str(row["field"]), []).append(
                value if isinstance(value, URIRef) else value.toPython())
    study.table = _table(report)
    named = [study.iri, *[v for values in study.values.values() for v in values],
             *[row.where for row in study.table if row.where]]
    study.labels = lookup.labels(named)
    return study


def _table(report: URIRef) -> list[TableRow]:
    """Return the report's data-collection rows, in the table's order."""
    def number(row, name, kind):
        """Return a bound numeric value as kind, else None."""
        return kind(row[name].toPython()) if name in row else None

    return [TableRow(row["row"], row.get("where"), number(row, "formal", int),
                     number(row, "informal", int), number(row, "hours", float),
                     number(row, "days", int))
            for row in lookup.select(TABLE_QUERY.format(report=report.n3()))[1]]
