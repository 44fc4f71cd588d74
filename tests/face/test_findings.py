"""The findings browser and its full-text index, through the test client over the real release.

Expected sets are worked out here from the release's dataset with rdflib, independently of the
SPARQL the app runs.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3

import html5lib
import pytest
from rdflib import RDF, RDFS, URIRef

from hmkg import fulltext
from hmkg.namespaces import GRAPH_DATA, GRAPH_ONTOLOGY, HMK, ID
from hmkg.pipeline import search_index
from hmkg.pipeline.oxiwrite import canonical_graphs
from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

GENERAL_MANAGERS = ID["manager-group/general-managers"]
HOME_GROWN = ID["finding/hsdr-2-14/home-grown-knowledge"]


@pytest.fixture(scope="session")
def claims(dataset) -> dict[URIRef, dict]:
    """Every finding, recommendation and limitation: its kind, report, hedges and topics."""
    ontology, data = dataset.graph(GRAPH_ONTOLOGY), dataset.graph(GRAPH_DATA)
    kinds = set(ontology.transitive_subjects(RDFS.subClassOf, HMK.Claim)) - {HMK.Claim}
    found = {}
    for kind in kinds:
        for claim in data.subjects(RDF.type, kind):
            found[claim] = {"kind": kind, "report": data.value(claim, HMK.statedIn),
                            "hedged": data.value(claim, HMK.hasHedge) is not None,
                            "about": set(data.objects(claim, HMK.about))}
    assert {HMK.Finding, HMK.Recommendation, HMK.Limitation} <= {c["kind"] for c in found.values()}
    return found


def listed(client, query: str = "") -> list[str]:
    """Return the claim IRIs /findings.json lists for a query string, in order."""
    response = client.get(f"/findings.json{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["id"] for row in response.get_json()]


@pytest.fixture(scope="session")
def graphs(dataset) -> dict:
    """The release's graphs as the publish step's writer holds them (pyoxigraph Triples)."""
    return canonical_graphs({graph.identifier: graph for graph in dataset.graphs() if len(graph)})


def test_index_holds_every_claim_and_is_rebuilt_byte_for_byte(graphs, dist_dir, claims):
    built = search_index.index_bytes(graphs)
    assert built == search_index.index_bytes(graphs)
    assert built == (dist_dir / fulltext.INDEX_FILE).read_bytes()
    with sqlite3.connect(dist_dir / fulltext.INDEX_FILE) as connection:
        rows = connection.execute(f"SELECT iri, statement FROM {fulltext.TABLE}").fetchall()
    assert {URIRef(iri) for iri, _ in rows} == set(claims)
    assert all(statement for _, statement in rows)


def test_the_index_reads_every_predicate_its_rows_follow(dataset, graphs, monkeypatch):
    """search_index.READ limits what the index copies: with every predicate of the release
    copied instead, the index is the same, so no column lost a predicate it follows."""
    built = search_index.index_bytes(graphs)
    every = {p for graph in dataset.graphs() for p in graph.predicates()}
    monkeypatch.setattr(search_index, "READ", tuple(every))
    assert len(search_index.READ) > 3 * len(set(search_index.LABELS + search_index.DEFINITIONS))
    assert search_index.index_bytes(graphs) == built


def test_search_ranks_the_home_grown_quote_first(client):
    order = listed(client, "?q=home-grown+knowledge")
    assert order[0] == str(HOME_GROWN)
    page = client.get("/findings?q=home-grown+knowledge").get_data(as_text=True)
    assert "‘<mark>home</mark> <mark>grown</mark>’" in page


def test_repeated_words_count_once_and_record_quotes_are_searched(client):
    assert fulltext.words("the The the networks") == ["the", "networks"]
    assert listed(client, "?q=" + "+".join(["networks"] * 200)) == listed(client, "?q=networks")
    # A source record's own short quote (prov:value), not a summary passage.
    assert listed(client, "?q=differentiating") == [
        "https://w3id.org/hmkg/id/finding/hsdr-2-14/framework-supported"]


def test_search_words_are_never_read_as_index_syntax(client, dist_dir):
    assert fulltext.words('"NEAR(x* AND ^y)') == ["near", "x", "and", "y"]
    assert client.get('/findings?q=%22NEAR(x*+AND+%5E').status_code == 200
    assert listed(client, "?q=%2A%2A") == []


def test_every_claim_is_listed_in_report_and_kind_order(client, claims):
    order = listed(client)
    assert set(order) == {str(c) for c in claims}
    reports = [str(claims[URIRef(iri)]["report"]) for iri in order]
    assert reports == sorted(reports)
    page = html5lib.parse(client.get("/findings").get_data(as_text=True), namespaceHTMLElements=False)
    assert len(page.findall(".//li[@class='claim']")) == len(claims)


def test_facets_combine_and_the_csv_says_the_same(client, claims):
    query = "?group=manager-group/general-managers&hedged=yes"
    expected = {str(c) for c, v in claims.items() if GENERAL_MANAGERS in v["about"] and v["hedged"]}
    assert expected and set(listed(client, query)) == expected
    response = client.get(f"/findings.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["id", "report", "kind", "statement", "hedge", "strength", "quote", "source"]
    assert {row["id"] for row in rows} == expected
    assert all(row["hedge"] and row["report"] for row in rows)
    # A claim on the summary quotes it; a claim on a source record quotes the record's own short
    # words (prov:value); the INAHTA record gives the recommendation's words but no quotation.
    assert {row["id"] for row in rows if not row["quote"]} == {
        "https://w3id.org/hmkg/id/recommendation/hsdr-2-14/extend-cohort-selection-model"}
    networks = next(row for row in rows if row["id"].endswith("/groups-different-networks"))
    assert networks["quote"] == "the quite different NoPs and CoPs they tend to engage with"
    assert all(row["quote"] for row in rows if "/source/sum" in row["source"])


def test_two_values_of_one_facet_widen_the_list(client, claims):
    both = set(listed(client, "?kind=hmk:Finding&kind=hmk:Limitation"))
    assert both == {str(c) for c, v in claims.items() if v["kind"] in (HMK.Finding, HMK.Limitation)}


def test_facet_counts_match_what_a_choice_lists(client, claims):
    page = client.get("/findings?report=report/hsdr-2-14").get_data(as_text=True)
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    for label in tree.iterfind(".//fieldset//label"):
        box = label.find("input")
        count = int(label.find("span").text.strip("()"))
        if box.get("name") == "report":
            continue
        query = f"?report=report/hsdr-2-14&{box.get('name')}={box.get('value')}"
        assert len(listed(client, query)) == count, query


def test_search_and_facets_combine(client, claims):
    order = listed(client, "?q=knowledge&report=report/hsdr-2-12")
    assert order and all(claims[URIRef(iri)]["report"] == ID["report/hsdr-2-12"] for iri in order)
    assert set(order) < set(listed(client, "?q=knowledge"))


@pytest.mark.parametrize("query, message", [
    ("?colour=red", "Unknown parameter colour"),
    ("?group=manager-group/astronauts", "No claim has group=manager-group/astronauts"),
    ("?hedged=maybe", "No claim has hedged=maybe"),
    # FTS5 runs outside the query time limit: a search of thousands of words took seconds.
    ("?q=" + "+".join(f"w{n}" for n in range(33)), "Search with at most 32 different words"),
])
def test_bad_parameters_get_a_400_that_says_why(client, query, message):
    for path in ("/findings", "/findings.csv", "/findings.json"):
        response = client.get(path + query)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


@pytest.mark.slow
def test_a_release_without_its_index_still_lists_and_says_why_it_cannot_search(dist_dir, tmp_path):
    copy = tmp_path / "dist"
    shutil.copytree(dist_dir, copy, ignore=shutil.ignore_patterns(fulltext.INDEX_FILE))
    app = create_app({"TESTING": True, "DIST": str(copy), "QUERY_TIMEOUT": 20, "QUERY_WORKERS": 1})
    try:
        client = app.test_client()
        assert client.get("/findings?hedged=yes").status_code == 200
        response = client.get("/findings?q=knowledge")
        assert response.status_code == 503
        assert "no search index (search.sqlite)" in response.get_data(as_text=True)
    finally:
        close_engine(app)
