"""w3id/.htaccess: every rule, for every format, sends each kind of hmkg IRI somewhere that
`hmkg serve` answers with 200 in that format.

The rules are run by a small evaluator (rewrite_rules.py) with the public host set to a live
server; each Location is then fetched with the client's Accept header, as a client following the
303 would. The IRIs tried are read from the release: the ontology, its version IRI, every
module and module version IRI, named graphs, and sample instances and folders. A real Apache
(Debian's apache2, as w3id.org runs) is then given the same file, and must answer every request
as the evaluator says it does.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from hmkg.namespaces import GRAPH_ONTOLOGY, ID, ONTOLOGY_IRI, SERVED_GRAPHS, SHAPES_IRI
from hmkg.pipeline.rdfcompat import rdflib_internals
from live_server import free_port
from rewrite_rules import Request, RuleSet

pytestmark = pytest.mark.slow
HTACCESS = Path(__file__).resolve().parents[2] / "w3id" / ".htaccess"
W3ID = "https://w3id.org/hmkg/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
# Accept header a client sends -> media type the answer must have (None: no header).
ACCEPTS = {None: "text/html", "*/*": "text/html", BROWSER: "text/html", "text/html": "text/html",
           "text/turtle": "text/turtle", "application/rdf+xml": "application/rdf+xml",
           "application/ld+json": "application/ld+json", "application/json": "application/ld+json",
           "application/n-triples": "application/n-triples"}
SUFFIXED = {"ontology.ttl": "text/turtle", "id/report/hsdr-2-14.jsonld": "application/ld+json",
            "graph/data.nt": "application/n-triples", "shapes.rdf": "application/rdf+xml",
            "id/report/hsdr-2-14.html": "text/html"}
RDFLIB = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}
HOST_SETTING = re.compile(r"\[E=HMKG_HOST:[^\]]+\]")


def modules_of(ontology) -> list[URIRef]:
    """Return the ontology's modules: every ontology header but the aggregate's."""
    return sorted(s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != ONTOLOGY_IRI)


def w3id_paths(dataset) -> list[str]:
    """Return the path below w3id.org/hmkg/ of every kind of IRI the rules must carry."""
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    heads = [ONTOLOGY_IRI, *modules_of(ontology)]
    versions = [ontology.value(head, OWL.versionIRI) for head in heads]
    assert len(heads) >= 3 and None not in versions  # read from the graph, never assumed
    iris = [*heads, *versions, SHAPES_IRI, *SERVED_GRAPHS, ID["report/hsdr-2-14"],
            ID["finding/hsdr-2-14/home-grown-knowledge"], ID["finding/"], ID[""]]
    # "shapes/ontology" is the namespace of the ontology shape (shapes/ontology-shape.ttl)
    return ["", "shapes/ontology", *(str(iri)[len(W3ID):] for iri in iris)]


@pytest.fixture(scope="module")
def rules(rules_text) -> RuleSet:
    """The committed rules with the public host set to the live server, as the evaluator reads
    them."""
    return RuleSet.parse(rules_text)


def fetch(location: str, accept: str | None) -> requests.Response:
    """GET a redirect target as the client would, without following further redirects."""
    headers = {} if accept is None else {"Accept": accept}
    return requests.get(location, headers=headers, allow_redirects=False, timeout=30)


def assert_answer(response: requests.Response, expected: str) -> None:
    """Assert a 200 answer of the expected type whose body reads as that type."""
    assert response.status_code == 200, (response.url, response.status_code)
    assert response.headers["Content-Type"].split(";")[0] == expected, response.url
    if expected == "text/html":
        assert response.text.lstrip().lower().startswith("<!doctype html")
    elif expected == "application/ld+json":
        assert json.loads(response.text)
    else:
        assert len(Graph().parse(data=response.content, format=RDFLIB[expected])) > 0


def test_the_committed_host_is_one_https_origin():
    setting = HOST_SETTING.findall(HTACCESS.read_text(encoding="utf-8"))
    assert len(setting) == 1
    assert re.fullmatch(r"\[E=HMKG_HOST:https://[a-z0-9.-]+\]", setting[0])


def test_every_iri_and_format_is_served(rules, dataset, live_url):
    fired, failures = set(), []
    for path in w3id_paths(dataset):
        for accept, expected in ACCEPTS.items():
            redirect = rules.evaluate(Request(path, accept))
            assert redirect is not None and redirect.status == 303, (path, accept)
            assert redirect.location.startswith(live_url + "/")
            fired.update(rule.line for rule in redirect.applied)
            try:
                assert_answer(fetch(redirect.location, accept), expected)
            except AssertionError as failure:
                failures.append((path, accept, redirect.location, str(failure)))
    for path, expected in SUFFIXED.items():  # a suffix names the format, whatever Accept says
        redirect = rules.evaluate(Request(path, "text/html"))
        assert redirect.location == f"{live_url}/{path}"
        fired.update(rule.line for rule in redirect.applied)
        assert_answer(fetch(redirect.location, "text/html"), expected)
    assert failures == []
    assert fired == {rule.line for rule in rules.rules}  # no rule is left untried


def test_other_paths_are_left_to_w3id(rules):
    for path in ("", "ontologies", "identifier/x", "graphs/data", "shapes/other"):
        redirect = rules.evaluate(Request(path))
        assert (redirect is not None) == (path == "")


def test_the_ontology_redirects_by_format(rules, dataset, live_url):
    version = str(dataset.graph(GRAPH_ONTOLOGY).value(ONTOLOGY_IRI, OWL.versionIRI))
    path = version[len(W3ID):]
    targets = {accept: rules.evaluate(Request(path, accept)).location for accept in ACCEPTS}
    assert targets == {None: f"{live_url}/{path}", "*/*": f"{live_url}/{path}",
                       BROWSER: f"{live_url}/{path}", "text/html": f"{live_url}/{path}",
                       "text/turtle": f"{live_url}/{path}.ttl",
                       "application/rdf+xml": f"{live_url}/{path}.rdf",
                       "application/ld+json": f"{live_url}/{path}.jsonld",
                       "application/json": f"{live_url}/{path}.jsonld",
                       "application/n-triples": f"{live_url}/{path}.nt"}


def test_the_evaluator_reads_conditions_as_apache_does():
    rules = RuleSet.parse(
        "RewriteEngine on\n"
        "RewriteCond %{HTTP_ACCEPT} text/a [OR]\n"
        "RewriteCond %{HTTP_ACCEPT} text/(b) [NC]\n"
        "RewriteCond %{HTTP_ACCEPT} !text/c\n"
        "RewriteRule ^x/(.*)$ https://h/%1/$1 [R=303,L]\n"
        "RewriteRule ^x https://h/other [R=302,L]\n")
    assert rules.evaluate(Request("x/1", "TEXT/B")).location == "https://h/B/1"
    assert rules.evaluate(Request("x/1", "text/a")).location == "https://h//1"
    assert rules.evaluate(Request("x/1", "text/b, text/c")).status == 302
    assert rules.evaluate(Request("x/1", "text/d")).location == "https://h/other"
    assert rules.evaluate(Request("y", "text/a")) is None
    with pytest.raises(ValueError, match="line 1: the evaluator does not know Redirect"):
        RuleSet.parse("Redirect /a /b\n")
    with pytest.raises(ValueError, match="internal rewrites"):
        RuleSet.parse("RewriteRule ^a /b\n").evaluate(Request("a"))


@pytest.fixture(scope="module")
def release_with_module_files(dist_dir, dataset, tmp_path_factory):
    """The release with a module file ontology/<name>.ttl beside the docs page (as the build
    writes once modules are published as files of their own), and an app serving it."""
    from hmkg.web.app import create_app
    from hmkg.web.engine_access import close_engine

    folder = tmp_path_factory.mktemp("modules") / "dist"
    folder.mkdir()
    for entry in dist_dir.iterdir():
        if entry.name != "ontology":
            (folder / entry.name).symlink_to(entry)
    (folder / "ontology").mkdir()
    (folder / "ontology" / "index.html").symlink_to(dist_dir / "ontology" / "index.html")
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    module = modules_of(ontology)[0]
    written = Graph()
    for triple in ontology.triples((module, None, None)):
        written.add(triple)
    written.add((URIRef(str(module) + "#probe"), OWL.versionInfo, Literal("only in the file")))
    name = str(module).rsplit("/", 1)[1]
    (folder / "ontology" / f"{name}.ttl").write_bytes(written.serialize(format="turtle", encoding="utf-8"))
    app = create_app({"TESTING": True, "DIST": str(folder)})
    yield app.test_client(), module, name, written
    close_engine(app)


def test_a_module_file_is_served_in_every_syntax(release_with_module_files, dataset):
    client, module, name, written = release_with_module_files
    version = str(dataset.graph(GRAPH_ONTOLOGY).value(module, OWL.versionIRI)).rsplit("/", 1)[1]
    for path in (f"/ontology/{name}", f"/ontology/{name}/{version}"):
        turtle = client.get(path, headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
        assert isomorphic(Graph().parse(data=turtle.data, format="turtle"), written)
        for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
            answer = client.get(path + suffix)
            assert answer.status_code == 200, path + suffix
            with rdflib_internals():
                assert isomorphic(Graph().parse(data=answer.data, format=fmt), written), path + suffix
    assert client.get(f"/ontology/{name}/9.9.9.ttl").status_code == 404


APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
# The least configuration under which Apache reads a folder's .htaccess with mod_rewrite on.
APACHE_CONFIG = """ServerRoot "{root}"
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ServerName localhost
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
ErrorLog {root}/error.log
DocumentRoot "{root}/docroot"
<Directory "{root}/docroot">
    AllowOverride All
    Require all granted
    Options FollowSymLinks
</Directory>
"""


@pytest.fixture(scope="module")
def apache(rules_text, tmp_path_factory):
    """Debian's Apache serving the rules from docroot/hmkg/.htaccess; yields its base URL."""
    if not APACHE.is_file():
        pytest.fail(f"{APACHE} is missing: apt-get install apache2-bin (scripts/system-packages)")
    root = tmp_path_factory.mktemp("apache")
    (root / "docroot" / "hmkg").mkdir(parents=True)
    (root / "docroot" / "hmkg" / ".htaccess").write_text(rules_text, encoding="utf-8")
    port = free_port()
    (root / "httpd.conf").write_text(APACHE_CONFIG.format(root=root, port=port, modules=APACHE_MODULES))
    process = subprocess.Popen([str(APACHE), "-f", str(root / "httpd.conf"), "-D", "FOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/hmkg/"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"apache2 exited: {(root / 'error.log').read_text(errors='replace')}")
            try:
                requests.get(url, timeout=2, allow_redirects=False)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail("apache2 did not answer within 20 s")
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGWINCH)  # Apache's graceful stop
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def rules_text(live_url) -> str:
    """The committed rules with the public host set to the live server."""
    return HOST_SETTING.sub(f"[E=HMKG_HOST:{live_url}]", HTACCESS.read_text(encoding="utf-8"))


def test_apache_answers_as_the_evaluator_says(apache, rules, dataset):
    paths = [*w3id_paths(dataset), *SUFFIXED, "nothing-here", "ontologies", "shapes/other",
             "ontology/Core"]
    accepts = [*ACCEPTS, "text/turtle;q=0.5, text/html;q=0.1", "image/png"]
    differences = []
    for path in paths:
        for accept in accepts:
            answer = requests.get(apache + path, headers={} if accept is None else {"Accept": accept},
                                  allow_redirects=False, timeout=10)
            said = rules.evaluate(Request(path, accept))
            expected = (said.status, said.location) if said else (404, None)
            if (answer.status_code, answer.headers.get("Location")) != expected:
                differences.append((path, accept, answer.status_code, answer.headers.get("Location")))
    assert differences == []
