"""The site in headless Chromium over a live granian: queries run, passages show, nothing leaks.

Every page visited is checked for console errors, for requests to any host but the server
(page request events and the browser's performance log), and with axe-core for accessibility
violations of serious or critical impact. Screenshots go to test-artifacts/face/.
"""

from __future__ import annotations

import csv
import re

import pytest
import requests
from rdflib import PROV, RDF, RDFS, Namespace

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
    chosen = next(cq for cq in questions if cq.id == "CQ16")
    visit.open(f"/query?cq={chosen.id}")
    assert visit.page.locator("#cq-picker option").count() == len(questions)
    assert visit.page.locator(".tabsList a[role=tab]").count() == 1  # one tab, not one per question
    active = visit.page.locator(".tabsList .tab.active a[role=tab] span").inner_text()
    assert active == f"{chosen.id}: {chosen.question}"
    visit.page.locator(".tabPanel.active .yasqe_queryButton").first.click()
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
    hrefs = visit.page.locator(".tabPanel.active .yasr table a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if "w3id.org/hmkg" in h]
    assert {h for h in hrefs if h.startswith("/ontology#")} == {
        "/ontology#" + b["source"]["value"].rsplit("#", 1)[1] for b in bindings}
    check_page(visit, axe_source, "query-cq16")


def test_editing_an_example_never_changes_it(browser, live_url):
    chosen = next(cq for cq in load_catalogue() if cq.id == "CQ07")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_url}/query?cq={chosen.id}", wait_until="networkidle")
        edited = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
        page.locator(".tabPanel.active .CodeMirror").click()  # edit it as a person would
        page.keyboard.press("Control+A")
        page.keyboard.type(edited)
        page.locator("h1").click()  # YASGUI stores a tab's query when the editor loses focus
        page.goto(f"{live_url}/query", wait_until="networkidle")  # the edit is kept in its tab
        assert page.evaluate("() => window.hmkgYasgui.getTab().getYasqe().getValue()") == edited
        page.select_option("#cq-picker", chosen.id)
        page.click("#cq-picker-form button")
        assert page.evaluate("() => window.hmkgYasgui.getTab().getYasqe().getValue()") == chosen.sparql
        assert page.locator(".tabsList a[role=tab]").count() == 2
        page.click("#yasgui button.addTab")  # a new tab starts with the common prefixes
        blank = page.evaluate("() => window.hmkgYasgui.getTab().getYasqe().getValue()")
        assert "PREFIX hmk: <https://w3id.org/hmkg/ontology#>" in blank and "PREFIX oa:" in blank
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
    assert visit.page.locator("#TacitKnowledge .kind").inner_text() == "individual"
    check_page(visit, axe_source, "ontology", full_page=False)  # the whole page is very long


@pytest.mark.parametrize("path,name", [
    ("/", "landing"), ("/cq", "cq-list"), ("/cq/CQ07", "cq07"), ("/download", "downloads"),
    ("/id/report/hsdr-2-14", "report"), ("/id/no/such/thing", None),
    ("/findings", "findings"), ("/findings?q=home-grown+knowledge", "findings-search"),
    ("/findings?group=manager-group/general-managers&hedged=yes", "findings-facets"),
    ("/pictures", "pictures"), ("/id/", "id-index"), ("/id/finding/", "id-finding-index"),
    ("/id/manager-group/general-managers", "manager-group"), ("/graph/data", "graph-data"),
    ("/ontology/core", "ontology-module"), ("/id/finding/hsdr-2-12/knowledge-synthesisers", "finding")])
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
        page.goto(live_url + "/findings")
        page.check("input[name=hedged][value=yes]")
        page.click("text=Show matching claims")
        assert "hedged=yes" in page.url
        hedged = page.locator("li.claim").count()
        assert 1 <= hedged == page.locator("li.claim .qualifiers", has_text="Hedged:").count()
    finally:
        context.close()


def test_a_reader_finds_hedged_findings_about_general_managers_and_downloads_them(
        visit, axe_source, served, tmp_path):
    """The issue's walk: from the home page, without SPARQL or IRIs, to the passage and the CSV."""
    general = ID["manager-group/general-managers"]
    expected = {str(c) for c in served.subjects(HMK.about, general)
                if (c, RDF.type, HMK.Finding) in served and served.value(c, HMK.hasHedge) is not None}
    assert expected
    visit.open("/")
    visit.page.get_by_role("link", name="Findings", exact=True).first.click()
    visit.page.wait_for_load_state("networkidle")
    for name in ("General managers", "Hedged", "Finding"):  # each label ends with its count
        visit.page.get_by_label(re.compile(rf"^\s*{name} \(\d+\)\s*$")).check()
    visit.page.get_by_role("button", name="Show matching claims").click()
    visit.page.wait_for_load_state("networkidle")
    items = visit.page.locator("li.claim")
    assert items.count() == len(expected)
    assert items.locator("blockquote.quote").count() == len(expected)  # each passage, in the list
    check_page(visit, axe_source, "walk-1-findings")

    with visit.page.expect_download() as download:
        visit.page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "findings.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8").splitlines()))
    assert {row["id"] for row in rows} == expected and all(row["quote"] for row in rows)

    first = items.first.locator("p.statement a")
    first_href = first.get_attribute("href")
    first.click()
    visit.page.wait_for_load_state("networkidle")
    claim = ID[first_href[len("/id/"):]]
    # The claim's page shows the words it rests on: summary passages highlighted in their
    # context, a source record's own short quotes (prov:value) as they stand.
    in_summary = sorted(str(exact) for evidence in served.objects(claim, HMK.hasEvidence)
                        for selector in served.objects(evidence, OA.hasSelector)
                        for exact in served.objects(selector, OA.exact))
    from_record = sorted(str(value) for quotation in served.objects(claim, PROV.wasDerivedFrom)
                         for value in served.objects(quotation, PROV.value))
    assert in_summary or from_record
    assert sorted(visit.page.locator("blockquote.context mark").all_inner_texts()) == in_summary
    assert sorted(visit.page.locator("section.passage blockquote.quote").all_inner_texts()) \
        == from_record
    report = served.value(claim, HMK.statedIn)
    study = served.value(report, HMK.reportsStudy)
    facts = visit.page.locator("dl.facts").inner_text()
    assert str(served.value(study, RDFS.label)) in facts
    for site in served.objects(served.value(study, HMK.hasSample), HMK.sampledFrom):
        assert str(served.value(site, RDFS.label)) in facts
    check_page(visit, axe_source, "walk-2-finding")
