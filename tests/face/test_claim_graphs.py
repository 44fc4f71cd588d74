"""The pages over the real release's claim graphs: each statement shown with the claim, hedge and
quote that carry it; a claim's evidence strength and extraction confidence."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

pytestmark = pytest.mark.slow
ID = "https://w3id.org/hmkg/id/"
CLAIM = ID + "finding/hsdr-2-14/general-managers-network-access"
CLAIM_GRAPH = "https://w3id.org/hmkg/graph/claim/hsdr-2-14/general-managers-network-access"
RECOMMENDATION = ID + "recommendation/hsdr-2-14/no-unitary-community-of-practice"
HMK = "https://w3id.org/hmkg/ontology#"
DATA = "https://w3id.org/hmkg/graph/data"
# Every claim of the findings browser whose source words how strongly its evidence holds.
STRENGTHS = {
    ID + "finding/hsdr-2-12/relationships-maintained-over-time": "suggested by the evidence",
    ID + "finding/hsdr-2-12/technical-and-prudential-knowledge-conserved": "suggested by the evidence",
    ID + "finding/hsdr-2-12/knowledge-created-collectively": "shown by the study",
    ID + "finding/hsdr-2-12/relationships-formal-and-informal-stable-and-fluid": "shown by the study",
    ID + "finding/hsdr-2-14/situated-analysis": "shown by the study",
    RECOMMENDATION: "stated without qualification",
}


def test_a_statement_in_a_claim_graph_shows_the_claim_hedge_and_quote(client):
    page = client.get("/id/network/hsdr-2-14/wider-professional-networks").get_data(as_text=True)
    carried = page[page.index('<p class="carried">'):]
    carried = carried[:carried.index("</p>")]
    assert 'href="/id/finding/hsdr-2-14/general-managers-network-access"' in carried
    assert "the difficulties facing general managers in accessing" in carried
    assert 'class="graph graph-asserted" title="named graph ' + CLAIM_GRAPH + '">claim<' in page


def test_a_claim_shows_its_evidence_strength_and_extraction_confidence(client):
    page = client.get("/id/recommendation/hsdr-2-14/no-unitary-community-of-practice").get_data(as_text=True)
    assert "<dt>Evidence strength</dt>\n      <dd>stated without qualification</dd>" in page
    assert "<dt>Extraction confidence</dt><dd>HIGH</dd>" in page
    rows = csv.DictReader(io.StringIO(client.get("/findings.csv").get_data(as_text=True)))
    strengths = {row["id"]: row["strength"] for row in rows}
    assert {k: v for k, v in strengths.items() if v} == STRENGTHS


# No claim of the two reports is about a kind of manager (a class) rather than a group: one
# added quad makes such a claim, to check the browser files it under that kind.
ABOUT_A_KIND = f"<{CLAIM}> <{HMK}about> <{HMK}GeneralManager> <{DATA}> .\n"


@pytest.fixture(scope="module")
def kind_client(dist_dir, tmp_path_factory):
    """A client of the app over a copy of the release with that one quad added."""
    copy = tmp_path_factory.mktemp("claim-about-a-kind") / "dist"
    shutil.copytree(dist_dir, copy)
    with (copy / "hmkg.nq").open("a", encoding="utf-8") as quads:
        quads.write(ABOUT_A_KIND)
    app = create_app({"TESTING": True, "DIST": str(copy), "QUERY_TIMEOUT": 20, "QUERY_WORKERS": 1})
    yield app.test_client()
    close_engine(app)


def test_a_claim_about_a_kind_of_manager_is_found_by_that_kind(kind_client):
    found = kind_client.get("/findings.json?group=hmk:GeneralManager").get_json()
    assert [row["id"] for row in found] == [CLAIM]
    page = kind_client.get("/findings").get_data(as_text=True)
    assert 'value="hmk:GeneralManager">' in page and "General manager <span" in page
