"""Every competency question answered over HTTP (granian) in JSON and CSV, compared whole
with the answer rdflib computes on the same release."""

from __future__ import annotations

import pytest

from hmkg.web import media

from protocol_helpers import csv_rows, expected_csv_rows, expected_rows, http, rdflib_answer, result_rows

pytestmark = pytest.mark.slow



def test_the_catalogue_is_not_empty():
    from hmkg.queries import load_catalogue

    catalogue = list(load_catalogue())
    assert len(catalogue) >= 1
    assert all(cq.sparql.strip() for cq in catalogue)


@pytest.mark.parametrize("row", [media.SPARQL_JSON, media.CSV], ids=["json", "csv"])
def test_competency_question_over_http(live_server, served_dataset, cq, row):
    response = http(live_server, "POST-form", cq.sparql, accept=row.mime)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == row.content_type
    assert "HMKG-Result-Capped" not in response.headers
    expected = rdflib_answer(served_dataset, cq.sparql)
    assert expected.type == "SELECT"
    if row is media.CSV:
        assert csv_rows(response.content) == expected_csv_rows(expected)
    else:
        assert result_rows(response.content, row) == expected_rows(expected)
