"""The site in headless Chromium over a live granian: queries run, passages show, nothing leaks.

Every page visited is checked for console errors, for requests to any host but the server
(page request events and the browser's performance log), and with axe-core for accessibility
violations of serious or critical impact. Screenshots go to test-artifacts/face/.
"""

from __future__ import annotations

import pytest
import requests
from rdflib import Namespace

from hmkg.namespaces import HMK, ID
from hmkg.queries import load_catalogue

pytestmark = pytest.mark.slow
OA = Namespace("http://www.w3.org/ns/oa#")
FINDING = "finding/hsdr-2-14/home-grown-knowledge"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
}"""


def check_page(visit, axe_source: str, name: str, full_page: bool = True) -> None:
    """Assert the page is accessible, quiet and local; save its screenshot."""
    visit.screenshot(name, full_page)
    visit.page.add_script_tag(content=axe_source)
    assert visit.page.evaluate(AXE_RUN) == []
    assert visit.errors == []
    assert visit.foreign_requests() == []


def test_query_page_runs_a_competency_question(visit, axe_source, live_url):
    questions = load_catalogue()
    visit.open("/query")
    names = visit.page.locator(".tabsList a[role=tab] span").all_inner_texts()
    assert names == [f"{cq.id}: {cq.question}" for cq in questions]
    chosen = next(cq for cq in questions if cq.id == "CQ16")
    visit.page.locator(".tabsList a[role=tab]", has_text=f"{chosen.id}:").click()
    visit.page.locator(".tab-pane.active .yasqe_queryButton, .tabPanel.active .yasqe_queryButton").first.click()
    visit.page.wait_for_selector(".yasr table tbody tr td", timeout=30_000)
    shown = visit.page.locator(".tabPanel.active .yasr table tbody tr").all_inner_texts()
    expected = requests.post(f"{live_url}/sparql", data={"query": chosen.sparql},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    bindings = expected["results"]["bindings"]
    assert len(bindings) >= 4 and len(shown) == len(bindings)
    for row, binding in zip(shown, bindings):
        for value in binding.values():
            if value["type"] == "literal":
                assert value["value"] in row
    check_page(visit, axe_source, "query-cq16")


def test_query_page_keeps_returning_visitors_tabs(browser, live_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live_url + "/query", wait_until="networkidle")
        first = page.locator(".tabsList a[role=tab]").count()
        page.reload(wait_until="networkidle")
        assert page.locator(".tabsList a[role=tab]").count() == first == len(load_catalogue())
    finally:
        context.close()


def test_finding_page_highlights_the_quoted_passage(visit, axe_source, served):
    finding = ID[FINDING]
    exacts = [" ".join(str(e).split()) for ev in served.objects(finding, HMK.hasEvidence)
              for sel in served.objects(ev, OA.hasSelector) for e in served.objects(sel, OA.exact)]
    visit.open("/id/" + FINDING)
    marks = visit.page.locator("blockquote mark")
    assert marks.count() == len(exacts) >= 1
    assert sorted(" ".join(t.split()) for t in marks.all_inner_texts()) == sorted(exacts)
    assert marks.first.is_visible()
    check_page(visit, axe_source, "finding-home-grown-knowledge")


def test_ontology_documentation_opens_at_a_term(visit, axe_source):
    visit.open("/ontology#Finding")
    assert visit.page.locator("#Finding").is_visible()
    assert visit.page.locator("#namedindividuals").count() == 1
    check_page(visit, axe_source, "ontology", full_page=False)  # the whole page is very long


@pytest.mark.parametrize("path,name", [("/", "landing"), ("/cq", "cq-list"), ("/cq/CQ07", "cq07"),
                                       ("/download", "downloads"), ("/id/report/hsdr-2-14", "report"),
                                       ("/id/no/such/thing", None)])
def test_pages_are_accessible_and_local(visit, axe_source, path, name):
    if name is None:  # the helpful 404 page
        response = visit.page.goto(visit.base + path, wait_until="networkidle")
        assert response.status == 404
        # Chromium reports the page's own 404 status on the console; nothing else may fail.
        assert len(visit.errors) == 1 and "404" in visit.errors.pop()
        name = "not-found"
    else:
        visit.open(path)
    check_page(visit, axe_source, name)


def test_pages_read_without_javascript(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_url + "/cq/CQ01")
        assert page.locator("#answer-table tbody tr").count() >= 2
        page.goto(live_url + "/query")
        assert page.locator("form.plain-query textarea").is_visible()
    finally:
        context.close()
