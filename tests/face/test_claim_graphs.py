"""The pages after claims move into claim graphs: a release with hmk:assertion,
hmk:evidenceStrength and hmk:extractionConfidence added (test data, not the project's)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

pytestmark = pytest.mark.slow
CLAIM = "https://w3id.org/hmkg/id/finding/hsdr-2-14/general-managers-network-access"
CLAIM_GRAPH = "https://w3id.org/hmkg/graph/claim/hsdr-2-14/general-managers-network-access"
NETWORK = "https://w3id.org/hmkg/id/network/hsdr-2-14/wider-professional-networks"
STRENGTH = "https://w3id.org/hmkg/id/test-evidence-strength/stated"
HMK = "https://w3id.org/hmkg/ontology#"
DATA = "https://w3id.org/hmkg/graph/data"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ADDED = f"""<{NETWORK}> <{HMK}supports> <{HMK}Learning> <{CLAIM_GRAPH}> .
<{CLAIM}> <{HMK}assertion> <{CLAIM_GRAPH}> <{DATA}> .
<{CLAIM}> <{HMK}evidenceStrength> <{STRENGTH}> <{DATA}> .
<{STRENGTH}> <{SKOS_PREF}> "stated without qualification (test)"@en <{DATA}> .
<{CLAIM}> <{HMK}extractionConfidence> "MED" <{DATA}> .
<{CLAIM}> <{HMK}about> <{HMK}GeneralManager> <{DATA}> .
"""


@pytest.fixture(scope="module")
def claims_client(dist_dir, tmp_path_factory):
    """A client of the app over a copy of the release with one claim graph added."""
    copy = tmp_path_factory.mktemp("claim-graphs") / "dist"
    shutil.copytree(dist_dir, copy)
    with (copy / "hmkg.nq").open("a", encoding="utf-8") as quads:
        quads.write(ADDED)
    app = create_app({"TESTING": True, "DIST": str(copy), "QUERY_TIMEOUT": 20, "QUERY_WORKERS": 1})
    yield app.test_client()
    close_engine(app)


def test_a_statement_in_a_claim_graph_shows_the_claim_hedge_and_quote(claims_client):
    page = claims_client.get("/id/network/hsdr-2-14/wider-professional-networks").get_data(as_text=True)
    carried = page[page.index('<p class="carried">'):]
    carried = carried[:carried.index("</p>")]
    assert 'href="/id/finding/hsdr-2-14/general-managers-network-access"' in carried
    assert "the difficulties facing general managers in accessing" in carried
    assert 'class="graph graph-asserted" title="named graph ' + CLAIM_GRAPH + '">claim<' in page


def test_a_claim_shows_its_evidence_strength_and_extraction_confidence(claims_client):
    page = claims_client.get("/id/finding/hsdr-2-14/general-managers-network-access").get_data(as_text=True)
    assert "<dt>Evidence strength</dt>\n      <dd>stated without qualification (test)</dd>" in page
    assert "<dt>Extraction confidence</dt><dd>MED</dd>" in page
    rows = csv.DictReader(io.StringIO(claims_client.get("/findings.csv").get_data(as_text=True)))
    strengths = {row["id"]: row["strength"] for row in rows}
    assert strengths[CLAIM] == "stated without qualification (test)"
    assert {v for k, v in strengths.items() if k != CLAIM} == {""}


def test_a_claim_about_a_kind_of_manager_is_found_by_that_kind(claims_client):
    found = claims_client.get("/findings.json?group=hmk:GeneralManager").get_json()
    assert [row["id"] for row in found] == [CLAIM]
    page = claims_client.get("/findings").get_data(as_text=True)
    assert 'value="hmk:GeneralManager">' in page and "General manager <span" in page
