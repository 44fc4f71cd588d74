"""The ontology documentation step (pyLODE) and the passage finder, as plain functions."""

from __future__ import annotations

import logging
import re
from collections import Counter

import pytest
from rdflib import Graph, URIRef

from hmkg.namespaces import GRAPH_ONTOLOGY, HMK
from hmkg.pipeline import docs
from hmkg.web.passages import in_context


@pytest.fixture(scope="module")
def ontology(dataset) -> Graph:
    """The release's ontology graph."""
    graph = Graph()
    for triple in dataset.graph(GRAPH_ONTOLOGY):
        graph.add(triple)
    assert len(graph) > 500
    return graph


@pytest.fixture(scope="module")
def written(ontology, tmp_path_factory) -> str:
    """The HTML documentation written for the release's ontology."""
    level = logging.getLogger().level
    files = docs.write_ontology_docs(ontology, tmp_path_factory.mktemp("docs") / "ontology")
    assert logging.getLogger().level == level  # importing pyLODE must not reconfigure logging
    assert [f.name for f in files] == ["index.html"]
    return files[0].read_text(encoding="utf-8")


def test_docs_anchor_every_term_once(written, ontology):
    ids = Counter(re.findall(r' id="([^"]+)"', written))
    terms = {str(s)[len(str(HMK)):] for s in ontology.subjects()
             if isinstance(s, URIRef) and s.startswith(str(HMK))}
    assert terms - set(ids) == set()
    assert [name for name, count in ids.items() if count > 1] == []


def test_docs_list_named_individuals(written, ontology):
    individuals = docs.individuals(ontology)
    assert URIRef(HMK.TacitKnowledge) in individuals
    section = written.split('id="namedindividuals"', 1)[1].split('id="namespaces"', 1)[0]
    assert all(f'id="{str(i)[len(str(HMK)):]}"' in section for i in individuals)


def test_docs_load_nothing_from_other_hosts(written):
    assert '<html lang="en">' in written
    assert not re.search(r"<(link|script|img|iframe)\b[^>]*(src|href)=\"(https?:)?//", written)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", written)


def test_docs_refuse_external_resources():
    with pytest.raises(ValueError, match="external resource"):
        docs._assert_self_contained('<link rel="stylesheet" href="https://cdn.example/x.css">')


SUMMARY = ("Title line\n"
           "  • First point: the tendency for knowledge to be   home grown.\n"
           "  • Second point: the tendency for knowledge to be shared.\n")


def test_passage_is_found_across_whitespace_in_its_paragraph():
    passage = in_context(SUMMARY, "knowledge to be home grown")
    assert passage is not None
    assert passage.exact == "knowledge to be   home grown"
    assert passage.before == "  • First point: the tendency for "
    assert passage.after == "."


def test_prefix_and_suffix_choose_between_repeated_quotes():
    first = in_context(SUMMARY, "the tendency for knowledge to be", suffix="home grown")
    second = in_context(SUMMARY, "the tendency for knowledge to be", prefix="Second point:")
    assert first.after.strip().startswith("home grown")
    assert second.after.strip().startswith("shared")


def test_missing_quote_gives_no_passage():
    assert in_context(SUMMARY, "not in the summary") is None
    assert in_context(SUMMARY, "   ") is None
