"""Fixtures for the web face: the real app over the release, a live granian, headless Chromium.

The browser is the system Chromium (Debian packages chromium and chromium-driver), driven by
Playwright's Python library; nothing is downloaded at test time. axe-core comes from npm
(tests/face/js, installed with `npm ci`). A missing browser or axe-core fails the tests that
need them, loudly: they are never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from hmkg import layout
from hmkg.web.app import create_app
from hmkg.web.engine_access import close_engine

from live_server import hmkg_serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "face"


@pytest.fixture(scope="session")
def face_app(dist_dir: Path):
    """The app over the real engine and release (shared: opening the engine takes a while)."""
    app = create_app({"TESTING": True, "DIST": str(dist_dir), "QUERY_TIMEOUT": 20})
    yield app
    close_engine(app)


@pytest.fixture
def client(face_app):
    """A test client of the real app."""
    return face_app.test_client()


@pytest.fixture(scope="session")
def served(dataset: Dataset) -> Graph:
    """The union of the graphs the endpoint serves as its default graph, as rdflib sees it."""
    union = Graph()
    for name in layout.served_graphs(str(g.identifier) for g in dataset.graphs()):
        for triple in dataset.graph(URIRef(name)):
            union.add(triple)
    return union


@pytest.fixture(scope="session")
def live_url(dist_dir: Path, tmp_path_factory) -> Iterator[str]:
    """Run `hmkg serve` (granian) on a free 127.0.0.1 port over the release."""
    log = tmp_path_factory.mktemp("face-live") / "server.log"
    options = ["--workers", "1", "--dist", str(dist_dir)]
    with hmkg_serve(options, log, {"HMKG_QUERY_WORKERS": "1", "HMKG_QUERY_TIMEOUT": "20"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, headless, with no background network traffic of its own."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script the accessibility checks inject into each page."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/face/js")
    return AXE.read_text(encoding="utf-8")


@dataclass
class Visit:
    """A browser page that records every request and console error while a test drives it."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Load a path of the live server and wait until the network is idle."""
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        """Save a screenshot under test-artifacts/face/."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        return target

    def foreign_requests(self) -> list[str]:
        """Return requests (seen by the page and in its performance log) not sent to the server."""
        logged = self.page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name)")
        return [url for url in self.requests + logged
                if not url.startswith((self.base + "/", "data:", "blob:", "about:"))]


@pytest.fixture
def visit(browser, live_url) -> Iterator[Visit]:
    """A fresh browser context (no stored state) on the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    recorded = Visit(page, live_url)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("console", lambda message: recorded.errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()
