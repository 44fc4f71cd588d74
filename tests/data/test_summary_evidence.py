"""The summary is kept verbatim, and every quote of it in the graph is exact and complete.

Coverage: the summary's claim sentences (its bullet points, split into sentences; headings,
titles, citations and the date are not claims) must each be fully covered by text-quote
selectors: every letter and digit of the sentence lies inside some selector's oa:exact.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Namespace, URIRef
from rdflib.namespace import RDF

OA = Namespace("http://www.w3.org/ns/oa#")
SUMMARY = URIRef("https://w3id.org/hmkg/id/source/sum")
# sha256 of the seed file /work/shared/seeds/000_c73ecab1105f97d5.txt (2682 bytes)
SUMMARY_SHA256 = "8057b9d41b35ddbc542777e2adf62b474da23eeee29a9a5ec9ed5c5131d7b588"
BULLET = "\u2022"
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")


def selectors(graph):
    """Yield (selector, exact, prefix, suffix) of every text-quote selector on the summary."""
    for evidence in graph.subjects(OA.hasSource, SUMMARY):
        for selector in graph.objects(evidence, OA.hasSelector):
            yield (selector, str(graph.value(selector, OA.exact)),
                   graph.value(selector, OA.prefix), graph.value(selector, OA.suffix))


def claim_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the summary's claim sentences."""
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body.startswith(BULLET):
            start = offset + line.index(BULLET) + 1
            spans.extend(_sentences(text, start, offset + len(line.rstrip())))
        offset += len(line)
    return spans


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] into sentence spans, dropping the 'Conclusion' lead-in word."""
    chunk = text[start:end]
    lead = re.match(r'\s*Conclusion\s+"', chunk)
    cursor = start + (lead.end() if lead else 0)
    spans = []
    for piece in SENTENCE_END.split(text[cursor:end].strip()):
        first = text.index(piece, cursor)
        spans.append((first, first + len(piece)))
        cursor = first + len(piece)
    return spans


def covered_positions(text: str, graph) -> set[int]:
    """Return every offset of the summary inside some selector's exact text."""
    positions: set[int] = set()
    for _, exact, _, _ in selectors(graph):
        start = text.find(exact)
        if start >= 0:
            positions.update(range(start, start + len(exact)))
    return positions


def test_summary_is_the_seed_byte_for_byte(summary_text):
    raw = summary_text.encode("utf-8")
    assert len(raw) == 2682
    assert hashlib.sha256(raw).hexdigest() == SUMMARY_SHA256
    assert "\u2018home grown\u2019" in summary_text and summary_text.count(BULLET) == 7


def test_there_are_selectors_on_the_summary(data_graph):
    found = list(selectors(data_graph))
    assert len(found) == 26  # the integration finding quotes its hedge too (issue 15)
    assert all((s, RDF.type, OA.TextQuoteSelector) in data_graph for s, *_ in found)


def test_every_exact_occurs_once_with_its_prefix_and_suffix(data_graph, summary_text):
    for selector, exact, prefix, suffix in selectors(data_graph):
        assert summary_text.count(exact) == 1, f"{selector}: {exact!r} is not in the summary once"
        start = summary_text.index(exact)
        if prefix is not None:
            assert summary_text[:start].endswith(str(prefix)), f"{selector}: prefix does not match"
        if suffix is not None:
            assert summary_text[start + len(exact):].startswith(str(suffix)), \
                f"{selector}: suffix does not match"


def test_claim_sentences_are_split_as_expected(summary_text):
    sentences = [summary_text[a:b] for a, b in claim_sentences(summary_text)]
    assert len(sentences) == 10
    assert sentences[0].startswith("A purposive, non-random sample")
    assert sentences[2].startswith("The main findings") and sentences[2].endswith('support."')
    assert sentences[-1].startswith("The cluster modelling suggests")


def test_every_claim_sentence_is_fully_covered(data_graph, summary_text, capsys):
    covered = covered_positions(summary_text, data_graph)
    sentences = claim_sentences(summary_text)
    missing, letters, hits = [], 0, 0
    for start, end in sentences:
        wanted = [i for i in range(start, end) if summary_text[i].isalnum()]
        letters += len(wanted)
        hits += sum(1 for i in wanted if i in covered)
        if any(i not in covered for i in wanted):
            missing.append(summary_text[start:end])
    share = 100 * (len(sentences) - len(missing)) / len(sentences)
    with capsys.disabled():
        print(f"\nsummary coverage: {len(sentences) - len(missing)}/{len(sentences)} claim "
              f"sentences ({share:.0f}%), {hits}/{letters} letters and digits "
              f"({100 * hits / letters:.1f}%)")
    assert not missing, f"claim sentences not fully quoted: {missing}"


@pytest.mark.parametrize("heading", [
    "1 May 2014",
    "Two studies from NIHR on the development and use of knowledge by managers in healthcare settings",
    "Health Services Delivery Research 2014;2(14)",
])
def test_headings_and_date_are_not_claim_sentences(summary_text, heading):
    start = summary_text.index(heading)
    assert all(not (a <= start < b) for a, b in claim_sentences(summary_text))


def test_coverage_notices_a_missing_quote(data_graph, summary_text):
    sense3 = URIRef("https://w3id.org/hmkg/id/selector/hsdr-2-12/synthesis-of-ideas-negotiation-action/1")
    trimmed = data_graph.__class__()
    for triple in data_graph:
        if triple[0] != sense3:
            trimmed.add(triple)
    covered = covered_positions(summary_text, trimmed)
    third = summary_text.index("Third, they are able")
    assert third not in covered and summary_text.index("First, they draw") in covered
