"""The web page in a real browser: Debian's headless Chromium driven by Playwright.

The real app (real model, real index over a copy of ``corpus/``) runs under uvicorn in a
background thread on 127.0.0.1 and a free port. Nothing is downloaded: Playwright is only
the driver (``playwright install`` is never run), the browser is ``/usr/bin/chromium``.
Screenshots go to ``test-artifacts/screenshots/`` under the repository root.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)"),
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright for Python (pip install playwright; no browser download)",
    exc_type=ImportError)
expect = sync_api.expect

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-quic"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
CO_CHAIR = "Who co-chaired the ROK-UNODC Strategic Dialogue?"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over a copy of the corpus, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from qa.api import create_app
    from qa.settings import Settings

    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted((REPO / "corpus").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    app = create_app(Settings(corpus_dir=corpus, index_dir=root / "index"))

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # a free port, held from now on: no race with other processes
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True, name="uvicorn")
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # model load + index build for a few documents
    while not uv.started:
        if not thread.is_alive():
            pytest.fail("the server stopped during start-up (see the log above)")
        if time.monotonic() > deadline:
            pytest.fail("the server did not start within 300 s")
        time.sleep(0.2)
    with urllib.request.urlopen(f"{base}/health", timeout=30) as response:
        assert json.load(response)["status"] == "ok"
    yield base
    uv.should_exit = True
    thread.join(timeout=30)
    sock.close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: str):
    """A fresh context (fresh profile: no cookies, storage or cache) for each test."""
    context = browser.new_context(viewport=DESKTOP, base_url=server, color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    # failed HTTP responses (422, 503, 404 ...) are logged by the browser itself; the page shows them
    tab.on("console", lambda msg: errors.append(msg.text)
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def ask(page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def test_answer_with_highlighted_citation(page, server: str) -> None:
    page.goto("/")
    expect(page.locator("#doc-list li")).to_have_count(1)
    ask(page, CO_CHAIR)
    answer = page.locator(".answer-text")
    expect(answer).to_contain_text("Candice Welsch")
    expect(page.locator(".confidence")).to_contain_text("%")
    card = page.locator(".sources .card").first
    expect(card.locator("mark")).to_have_count(1)
    assert card.locator("mark").inner_text() == answer.inner_text()
    expect(card.locator(".card-title")).to_contain_text("ROK-UNODC Strategic Dialogue")
    expect(card.locator("time")).to_have_attribute("datetime", "2026-01-23")
    expect(page.locator("#result")).to_have_attribute("aria-live", "polite")
    # alternatives are there but collapsed
    details = page.locator("details.alternatives")
    if details.count():
        assert details.get_attribute("open") is None
        expect(details.locator(".alt").first).to_be_hidden()
        details.locator("summary").click()
        expect(details.locator(".alt").first).to_be_visible()
        details.locator("summary").click()
    expect(page.locator("#examples")).to_be_hidden()
    assert "q=" in page.url  # the question is in the address, so the result can be linked
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop.png"))
    page.screenshot(path=str(SCREENSHOTS / "desktop-full.png"), full_page=True)


def test_open_source_marks_and_scrolls_to_the_quote(page, server: str) -> None:
    page.goto("/")
    ask(page, CO_CHAIR)
    card = page.locator(".sources .card").first
    expect(card.locator("mark")).to_have_count(1)
    quote = card.locator("blockquote").text_content()
    link = card.get_by_role("link", name="Open source")
    href = link.get_attribute("href")
    assert "?start=" in href and "&end=" in href and "#" in href
    link.click()
    page.wait_for_url("**/view/**")
    cited = page.locator("mark#cited")
    expect(cited).to_have_count(1)
    assert cited.text_content() == quote
    expect(cited).to_be_in_viewport()
    expect(page.locator("h1")).to_contain_text("ROK-UNODC Strategic Dialogue")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop-source.png"))
    # the same link with only the #start-end fragment is marked by the page's script
    page.goto(href.split("?", 1)[0] + "#" + href.split("#", 1)[1])
    expect(page.locator("mark#cited")).to_have_count(1)
    assert page.locator("mark#cited").text_content() == quote
    expect(page.locator("mark#cited")).to_be_in_viewport()


def test_abstention_shows_reason_and_closest_passages(page, server: str) -> None:
    page.goto("/")
    ask(page, "What is the capital of France?")
    abstain = page.locator(".abstain")
    expect(abstain).to_contain_text("The sources do not say")
    expect(page.locator(".answer-text")).to_have_count(0)
    expect(page.get_by_text("Closest passages")).to_be_visible()
    assert page.locator(".sources .card").count() >= 1
    expect(page.locator(".sources .card mark")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop-abstain.png"))


def test_too_long_question_shows_the_422_detail(page, server: str) -> None:
    page.goto("/")
    page.evaluate("document.getElementById('question').value = 'a'.repeat(1001)")  # past maxlength
    page.get_by_role("button", name="Ask").click()
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).to_contain_text("1000")
    expect(error).to_contain_text("question")
    expect(page.locator("#result")).to_be_hidden()


def test_index_not_ready_and_network_failure_are_explained(page, server: str) -> None:
    page.goto("/")
    page.route("**/ask", lambda route: route.fulfill(
        status=503, content_type="application/json", body=json.dumps({"detail": "no index has been built yet"})))
    ask(page, CO_CHAIR)
    expect(page.get_by_role("alert")).to_contain_text("no index has been built yet")
    page.unroute("**/ask")
    page.route("**/ask", lambda route: route.abort("connectionrefused"))
    ask(page, CO_CHAIR)
    expect(page.get_by_role("alert")).to_contain_text("Could not reach the server")
    page.unroute("**/ask")
    ask(page, "   ")
    expect(page.get_by_role("alert")).to_contain_text("Type a question first")


def test_documents_panel_and_example_questions(page, server: str) -> None:
    page.goto("/")
    expect(page.locator("#docs-heading")).to_have_text("Indexed documents (1)")
    doc_link = page.locator("#doc-list a").first
    expect(doc_link).to_contain_text("ROK-UNODC Strategic Dialogue")
    chips = page.locator("#example-list .chip")
    expect(chips.filter(has_text="ROK-UNODC Strategic Dialogue").first).to_be_visible()
    assert chips.count() >= 4
    chips.filter(has_text="ROK-UNODC Strategic Dialogue").first.click()
    expect(page.locator(".answer-text, .abstain").first).to_be_visible()
    doc_link.click()
    page.wait_for_url("**/view/**")
    expect(page.locator("#doc-text")).to_contain_text("Candice Welsch")
    expect(page.locator("mark#cited")).to_have_count(0)


def test_keyboard_only_use(page, server: str) -> None:
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "question":
            break
    assert page.evaluate("document.activeElement.id") == "question"
    page.keyboard.type(CO_CHAIR)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ask-button"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused button has no visible focus ring"
    page.keyboard.press("Enter")
    expect(page.locator(".answer-text")).to_contain_text("Candice Welsch")


CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {  // the first ancestor with an opaque background
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = [];
  const selectors = ["body", ".brand", ".tagline", ".ask-label", "#question", "#ask-button", ".hint", ".chip",
    "#docs-heading", "#doc-list a", ".doc-meta", ".question-echo", ".answer-label", ".answer-text", ".confidence",
    ".alternatives summary", ".section-title", ".card-title", ".card-meta", ".quote", ".quote mark", ".open-source",
    ".abstain-title", ".abstain-reason", ".abstain .muted", ".error", ".site-footer .muted", ".meta dt", ".meta dd",
    ".doc-text", "mark#cited", ".cited-note", ".back a", ".error-text"];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.getClientRects().length) continue;
      const fg = parse(getComputedStyle(el).color);
      const bg = background(el);
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      out.push({sel, ratio: (hi + 0.05) / (lo + 0.05)});
      break;
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_4_5(browser, server: str, scheme: str) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=server, color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        checked: dict[str, float] = {}
        page.goto("/")
        expect(page.locator("#example-list .chip").first).to_be_visible()
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
        ask(page, CO_CHAIR)
        expect(page.locator(".answer-text")).to_be_visible()
        if page.locator("details.alternatives").count():
            page.locator("details.alternatives summary").first.click()
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"desktop-{scheme}.png"))
        ask(page, "What is the capital of France?")
        expect(page.locator(".abstain")).to_be_visible()
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
        page.evaluate("document.getElementById('question').value = 'a'.repeat(1001)")
        page.get_by_role("button", name="Ask").click()
        expect(page.get_by_role("alert")).to_be_visible()
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
        page.goto(page.locator("#doc-list a").first.get_attribute("href") + "?start=10&end=40")
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
        page.goto("/view/unknown.txt")
        checked.update({r["sel"]: r["ratio"] for r in page.evaluate(CONTRAST_JS)})
    finally:
        context.close()
    low = {sel: round(ratio, 2) for sel, ratio in checked.items() if ratio < 4.5}
    assert not low, f"contrast below 4.5:1 in {scheme} mode: {low}"
    assert {".answer-text", ".quote mark", "mark#cited", ".error", ".hint", ".open-source"} <= checked.keys()


def test_phone_layout_fits_375px(browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=server, color_scheme="light", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("#example-list .chip").first).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-empty.png"))
        ask(page, CO_CHAIR)
        expect(page.locator(".answer-text")).to_contain_text("Candice Welsch")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "sideways scrolling"
        box = page.get_by_role("button", name="Ask").bounding_box()
        assert box and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 40
        page.screenshot(path=str(SCREENSHOTS / "phone.png"))
        page.screenshot(path=str(SCREENSHOTS / "phone-full.png"), full_page=True)
        page.locator(".sources .open-source").first.click()
        page.wait_for_url("**/view/**")
        expect(page.locator("mark#cited")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(SCREENSHOTS / "phone-source.png"))
    finally:
        context.close()


def test_empty_page_screenshot(page, server: str) -> None:
    page.goto("/")
    expect(page.locator("#example-list .chip").nth(3)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop-empty.png"))
