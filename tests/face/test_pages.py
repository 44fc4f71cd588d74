"""The landing page, competency-question pages and the query page, through the test client."""

from __future__ import annotations

import hashlib
import json
import re
from markupsafe import escape
from pathlib import Path

import html5lib
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, VOID

from hmkg import __version__, engine
from hmkg.namespaces import GRAPH_DATA, HMK, ID
from hmkg.prefixes import PREFIXES
from hmkg.queries import load_catalogue
from hmkg.web import pages
from hmkg.web.app import create_app
from hmkg.web.lookup import short_name

VENDOR = Path(pages.__file__).parent / "static" / "vendor" / "yasgui"


def tree_of(response):
    """Parse an HTML answer into an element tree."""
    return html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)


@pytest.fixture(scope="session")
def catalogue() -> list:
    """The competency questions, asserted non-empty."""
    questions = load_catalogue()
    assert len(questions) >= 20
    return questions


def test_download_page_counts_come_from_void(client, dist_dir):
    response = client.get("/download")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    void = Graph().parse(data=(dist_dir / "void.ttl").read_bytes(), format="turtle")
    counts = {int(value) for value in void.objects(None, VOID.triples)}
    assert counts
    for count in counts:
        assert f"<td>{count:,}</td>" in text


def test_landing_page_says_what_the_reports_found_and_where_to_go(client, dataset):
    response = client.get("/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    data = dataset.graph(GRAPH_DATA)
    kinds = {HMK.Finding: "findings", HMK.Recommendation: "recommendations", HMK.Limitation: "limitations"}
    counts = {word: len(set(data.subjects(RDF.type, kind))) for kind, word in kinds.items()}
    assert f"{sum(counts.values())} claims (" in text
    for word, count in counts.items():
        assert f"{count} {word}" in text
    for report in data.subjects(RDF.type, HMK.Report):
        assert str(escape(data.value(report, DCTERMS.title))) in text
        assert f'href="/findings?report={report[len(str(ID)):]}"' in text.replace("%2F", "/")
    assert 'action="/findings"' in text and 'name="q"' in text
    for link in ('href="/findings"', 'href="/id/report/"', 'href="/id/manager-group/"',
                 'href="/pictures#knowledge"', 'href="/query"', 'href="/cq"', 'href="/download"',
                 'href="/ontology"', 'href="/shapes"', 'href="/citation.cff"'):
        assert link in text
    assert "CC BY 4.0" in text and "MIT" in text
    assert "inferred: super-property" not in text and "<td>" not in text


def test_cq_list_names_every_question(client, catalogue):
    tree = tree_of(client.get("/cq"))
    rows = tree.findall(".//table[@class='questions']/tbody/tr")
    assert [row.find("./th/a").text for row in rows] == [cq.id for cq in catalogue]
    assert [row.find("./td").text for row in rows] == [cq.question for cq in catalogue]
    assert [row.find("./td[3]/a").get("href") for row in rows] == [f"/cq/{cq.id}" for cq in catalogue]


def test_every_cq_page_shows_query_and_live_answer(client, catalogue):
    for cq in catalogue:
        response = client.get(f"/cq/{cq.id}")
        assert response.status_code == 200, cq.id
        tree = tree_of(response)
        endpoint = client.get("/sparql", query_string={"query": cq.sparql},
                              headers={"Accept": "application/sparql-results+json"}).json
        rows = tree.findall(".//table[@id='answer-table']/tbody/tr")
        assert len(rows) == len(endpoint["results"]["bindings"]), cq.id
        header = [th.text for th in tree.findall(".//table[@id='answer-table']/thead/tr/th")]
        assert header == endpoint["head"]["vars"], cq.id
        hrefs = {a.get("href") for a in tree.iter("a")}
        for binding in endpoint["results"]["bindings"]:
            for value in binding.values():
                if value["type"] == "uri" and value["value"].startswith("https://w3id.org/hmkg/id/"):
                    assert "/id/" + value["value"][len("https://w3id.org/hmkg/id/"):] in hrefs
        assert tree.find(".//div[@class='sparql']//pre") is not None  # highlighted server-side
        assert "/sparql?query=" in response.get_data(as_text=True)


def test_unknown_cq_is_404(client):
    response = client.get("/cq/CQ99")
    assert response.status_code == 404
    assert "/cq" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/no-such-page", "/static/no-such.css", "/download/no-such.ttl"])
def test_any_unknown_path_gets_the_helpful_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert 'href="/cq"' in response.get_data(as_text=True)


def query_config(response) -> dict:
    """Return the YASGUI configuration embedded in the query page."""
    script = tree_of(response).find(".//script[@id='hmkg-query-config']")
    return json.loads(script.text)


@pytest.mark.parametrize("path,accept", [("/query", None), ("/sparql", "text/html"),
                                         ("/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")])
def test_query_page_offers_every_cq_in_one_picker(client, catalogue, path, accept):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    config = query_config(response)
    assert config["endpoint"].endswith("/sparql")
    assert __version__ in config["persistenceId"]
    assert [e["name"] for e in config["examples"]] == [f"{cq.id}: {cq.question}" for cq in catalogue]
    assert [e["query"] for e in config["examples"]] == [cq.sparql for cq in catalogue]
    options = tree_of(response).findall(".//select[@id='cq-picker']/option")
    assert [o.get("value") for o in options] == [cq.id for cq in catalogue]
    assert config["open"] is None
    for name in ("hmk", "id", "rdfs", "skos", "prov", "dcterms", "oa"):
        assert f"PREFIX {name}: <{PREFIXES[name]}>" in config["blank"]
        assert config["prefixes"][name] == PREFIXES[name]
    assert config["localBase"] == "https://w3id.org/hmkg"


def test_query_page_opens_the_question_it_is_given(client, catalogue):
    chosen = catalogue[6]
    response = client.get(f"/query?cq={chosen.id}")
    assert query_config(response)["open"] == chosen.id
    tree = tree_of(response)
    assert tree.find(".//textarea[@id='plain-query']").text == chosen.sparql
    assert tree.find(".//option[@selected]").get("value") == chosen.id
    assert client.get("/query?cq=CQ99").status_code == 404
    cq_page = client.get(f"/cq/{chosen.id}").get_data(as_text=True)
    assert f'href="/query?cq={chosen.id}">Open in the query editor' in cq_page


def test_query_page_loads_only_local_files(client):
    tree = tree_of(client.get("/query"))
    sources = [s.get("src") for s in tree.iter("script") if s.get("src")]
    sources += [link.get("href") for link in tree.iter("link")]
    assert "/static/vendor/yasgui/yasgui.min.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        with client.get(source) as response:  # static files stream: close them
            assert response.status_code == 200, source


def test_vendored_yasgui_matches_its_note():
    note = (VENDOR / "NOTE.md").read_text(encoding="utf-8")
    assert f"`@zazuko/yasgui` **{pages.YASGUI_VERSION}**" in note
    assert "MIT" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert re.search(rf"\| {re.escape(name)} .*\| {digest} \|", note), name


def test_vendored_yasgui_loads_nothing_from_other_hosts():
    css = (VENDOR / "yasgui.min.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)
    script = (VENDOR / "yasgui.min.js").read_text(encoding="utf-8")
    for host in ("fonts.googleapis", "cdnjs", "jsdelivr", "unpkg.com", "gstatic"):
        assert host not in script


def test_citation_is_the_projects_citation_file(client, dist_dir):
    from hmkg import paths

    found = [p for p in (dist_dir / "CITATION.cff", paths.source_root() / "CITATION.cff") if p.is_file()]
    response = client.get("/citation.cff")
    if found:
        assert response.status_code == 200
        assert response.get_data(as_text=True) == found[0].read_text(encoding="utf-8")
    else:
        assert response.status_code == 404


def test_pages_escape_what_they_show(client, catalogue):
    text = client.get("/cq").get_data(as_text=True)
    for cq in catalogue:
        assert str(escape(cq.question)) in text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/", "/cq", "/cq/CQ16", "/query", "/download"])
@pytest.mark.parametrize("accept", [None, "*/*", BROWSER, "text/html", "application/xhtml+xml"])
def test_pages_answer_html_to_browsers_and_generic_clients(client, path, accept):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Type"].endswith("charset=utf-8")


RESULT_TYPES = [("application/sparql-results+json", "application/sparql-results+json"),
                ("application/json", "application/sparql-results+json"),
                ("application/sparql-results+xml", "application/sparql-results+xml"),
                ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
                ("text/html;q=0.2, text/csv", "text/csv")]


@pytest.mark.parametrize("accept,expected", RESULT_TYPES, ids=lambda v: str(v))
def test_cq_page_negotiates_its_answer(client, catalogue, accept, expected):
    cq = next(q for q in catalogue if q.id == "CQ16")
    response = client.get("/cq/CQ16", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.vary
    endpoint = client.get("/sparql", query_string={"query": cq.sparql}, headers={"Accept": expected})
    if expected.endswith("json"):
        assert response.json == endpoint.json and len(response.json["results"]["bindings"]) >= 4
    elif expected.endswith("xml"):
        assert response.data == endpoint.data and response.data.count(b"<result>") >= 4
    else:
        assert response.data == endpoint.data and response.data.count(b"\n") >= 5


def test_cq_page_refuses_unservable_accept(client):
    response = client.get("/cq/CQ16", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.get_data(as_text=True)


def test_every_property_and_class_has_a_short_name(served):
    """Resource pages show prefixed names: no namespace of the graph is left as a bare IRI."""
    terms = set(served.predicates()) | {o for o in served.objects(None, RDF.type) if isinstance(o, URIRef)}
    assert terms
    assert sorted(t for t in terms if short_name(t) == str(t)) == []


class _StuckEngine:
    """An engine whose every query passes the time limit."""

    def __init__(self, config):
        pass

    def query(self, *args, **kwargs):
        raise engine.QueryTimeout("the query passed the time limit and was stopped")

    def graph_sizes(self) -> dict[str, int]:
        return {}

    def close(self) -> None:
        pass


@pytest.mark.parametrize("path", ["/", "/id/report/hsdr-2-14", "/cq/CQ07", "/ontology/core.nq"])
def test_a_page_whose_query_times_out_is_503_not_500(dist_dir, path):
    app = create_app({"TESTING": True, "DIST": str(dist_dir), "ENGINE_FACTORY": _StuckEngine})
    response = app.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"


def test_a_query_that_spells_a_closing_script_tag_stays_inside_the_config(client, monkeypatch):
    hostile = "SELECT * { ?s ?p \"</script><script>alert(1)</script>\" }"
    original = pages.queries.load_catalogue

    def with_hostile_question():
        questions = original()
        return [questions[0].__class__(**{**vars(questions[0]), "sparql": hostile})] + questions[1:]

    monkeypatch.setattr(pages.queries, "load_catalogue", with_hostile_question)
    response = client.get("/query")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("</script>") == response.get_data(as_text=True).count("<script")
    assert query_config(response)["examples"][0]["query"] == hostile
