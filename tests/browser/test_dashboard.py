"""The real server in a real Chromium: every page opens without an error and passes axe-core's
WCAG 2.1 AA rules in both languages at desktop and phone width with nothing cut off, a drill-down reaches its table,
a copied link reproduces the view; a screenshot of every page is kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest

from tests.browser.harness import dashboard_server, require_chromium, settle

# axe-core as the pinned test package ships it (axe.min.js, no network at test time); the rules
# of WCAG 2.0 and 2.1, levels A and AA, that Dutch government sites must meet.
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_db_path, tmp_path_factory):
    require_chromium()
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copy(demo_db_path, db)  # the server's own copy: a test may publish into it
    with dashboard_server(db, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    directory = tmp_path_factory.mktemp("screenshots")
    yield directory
    if os.environ.get("GD_SCREENSHOTS"):
        target = Path(os.environ["GD_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        for png in directory.glob("*.png"):
            shutil.copy(png, target / png.name)


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="nl-NL")
    page.goto(url)
    _settle(page)
    return page


def _settle(page) -> None:
    settle(page)


def _assert_clean(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error:" not in body and "Page not found" not in body


def _axe(page, *, sidebar: bool = True) -> list[str]:
    """axe-core's serious and critical WCAG 2.0/2.1 A and AA violations on the page as shown
    (without the sidebar, the same on every page, when `sidebar` is False)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    context = {"exclude": [['[data-testid="stSidebar"]']]} if not sidebar else {"include": [["html"]]}
    found = page.evaluate("([c, o]) => axe.run(c, o)", [context, AXE_OPTIONS])["violations"]
    return [
        f"{v['id']}: {node['target']} {node['html'][:120]}"
        for v in found
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


# One evaluation per page and width: what a reader would find cut off. The page scrolling
# sideways; an element of the main area wider than the window; text cut by its own box (an
# element holding text whose content is wider, or taller, than the box that clips it: a card's
# label with an ellipsis, a truncated header); at desktop width a table whose columns run past
# its frame, a data grid or a plain table in view (a drill-down's list of rows, `gd_rows_*`, may scroll
# inside it; on a phone every table may); a chart's title, legend, axis or bar labels outside its drawing.
CUT_OFF = """() => {
  const w = document.documentElement.clientWidth, found = [];
  const say = (what, el) => found.push(what + ': ' + (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60));
  if (document.documentElement.scrollWidth > w + 1) found.push('the page scrolls sideways');
  const main = document.querySelector('[data-testid="stMain"]');
  for (const e of main.querySelectorAll('[data-testid="stElementContainer"]'))
    if (e.offsetParent && e.getBoundingClientRect().right > w + 1) say('wider than the window', e);
  for (const e of main.querySelectorAll('*')) {
    if (!e.offsetParent) continue;
    const s = getComputedStyle(e);
    // the text's own box, or a box that puts an ellipsis on the text of its children (a card's value)
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && !(s.textOverflow === 'ellipsis' && e.innerText.trim())) continue;
    const clipsX = !['visible', 'auto', 'scroll'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
    if (clipsX && e.scrollWidth > e.clientWidth + 1) say('text cut off', e);
    else if (['hidden', 'clip'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1) say('text cut off below', e);
  }
  if (w > 640) for (const g of main.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller, [data-testid="stTable"] table'))
    if (g.checkVisibility() && !g.closest('[class*="st-key-gd_rows_"]') && g.scrollWidth > (g.tagName === 'TABLE' ? g.parentElement : g).clientWidth + 1) say('table wider than its frame', g);
  for (const svg of main.querySelectorAll('svg.main-svg')) {
    const box = svg.getBoundingClientRect(), plot = svg.querySelector('.nsewdrag');
    const outside = (r, b) => r.width && (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1);
    for (const t of svg.querySelectorAll('.gtitle, .legendtext, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text'))
      if (outside(t.getBoundingClientRect(), box)) say('chart text cut off', t);
    if (plot) for (const t of svg.querySelectorAll('.bartext'))
      if (outside(t.getBoundingClientRect(), plot.getBoundingClientRect())) say('bar label cut off', t);
  }
  return found;
}"""


def _cut_off(page) -> list[str]:
    return page.evaluate(CUT_OFF)


def test_every_page_in_both_languages_at_both_widths(server, browser, shots):
    """The accessibility walk: one session opens every page through the navigation, in Dutch and
    in English; each opens without an error, `<html lang>` is the language shown, axe-core finds
    no serious or critical violation at 1400 px and at a phone's 390 px, and at both widths
    nothing is cut off or sticks out sideways (CUT_OFF). (One page object: the session's cache stays warm, the walk stays short;
    the sidebar, the same on every page, is checked on the first page of each language.)"""
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="nl-NL")
    # the fresh server's first session: it keeps the link's filters on every click (it lost
    # them on its first click while Streamlit's folder mode ran the frame, pages.ui.routing)
    page.goto(f"{server}/?period=2006-Q4&dg=DGV")
    _settle(page)
    titles = [t.splitlines()[-1] for t in page.locator(".st-key-gd_nav a").all_inner_texts()]
    assert len(titles) == 12
    problems = []
    for lang in ("nl", "en"):
        if lang == "en":
            page.locator('[data-testid="stSidebar"] label').filter(has_text="EN").click()
            _settle(page)
        for index in range(len(titles)):
            link = page.locator(".st-key-gd_nav a").nth(index)
            name = urlparse(link.get_attribute("href")).path.strip("/") or "overzicht"
            link.click()
            _settle(page)
            page.wait_for_selector('[data-testid="stMain"] h1')  # a busy machine: the new run may start late
            _settle(page)
            _assert_clean(page)
            assert page.evaluate("document.documentElement.lang") == lang, name
            assert "period=2006-Q4" in page.url and "dg=DGV" in page.url, (name, page.url)
            problems += [f"{lang} 1400 {name} {p}" for p in _axe(page, sidebar=index == 0)]
            problems += [f"{lang} 1400 {name} {p}" for p in _cut_off(page)]
            if lang == "nl":
                page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 2400})
            page.wait_for_timeout(300)
            problems += [f"{lang} 390 {name} {p}" for p in _axe(page, sidebar=index == 0)]
            problems += [f"{lang} 390 {name} {p}" for p in _cut_off(page)]
            if lang == "nl":
                page.screenshot(path=str(shots / f"{name}_390.png"), full_page=True)
            page.set_viewport_size({"width": 1400, "height": 2400})
    assert problems == [], "\n".join(problems)
    page.close()


def test_drill_down_reaches_its_table_and_explains_a_ticket(server, browser, shots):
    # the home page by its name: it is served at `/`, and /overzicht showed "Page not found"
    page = _open(browser, f"{server}/overzicht?period=2006-11")
    assert page.locator("h1").first.inner_text() == "Overzicht"
    _assert_clean(page)
    tables_before = page.locator('[data-testid="stDataFrame"]').count()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Toon de meldingen").click()
    page.get_by_role("option", name="Oplossing binnen norm", exact=True).click()
    _settle(page)
    _assert_clean(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == tables_before + 1
    assert page.get_by_text("rijen").count() >= 1
    assert page.get_by_role("button", name="Excel").count() >= 1
    page.screenshot(path=str(shots / "overzicht_drilldown.png"), full_page=True)
    page.close()


def test_a_copied_link_opens_the_same_view(server, browser, shots):
    page = _open(browser, f"{server}/klantdossier?period=2006-Q4")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Klant (DG, directie of derde)").click()
    page.keyboard.type("Directie Politie")
    page.get_by_role("option", name="Directie Politie").first.click()
    _settle(page)
    _assert_clean(page)
    link = page.url
    assert "client=DGV-POL" in link and "period=2006-Q4" in link
    shown = page.locator('[data-testid="stMetric"]').all_inner_texts()
    page.screenshot(path=str(shots / "klantdossier_directie.png"), full_page=True)
    page.close()
    copy = _open(browser, link)
    copy.wait_for_function(f"document.querySelectorAll('[data-testid=stMetric]').length >= {len(shown)}")
    _settle(copy)
    _assert_clean(copy)
    assert copy.locator('[data-testid="stMetric"]').all_inner_texts() == shown
    copy.close()


def _tab_to(page, matches: str, presses: int = 60) -> None:
    """Press Tab until the focused element satisfies the JS predicate `matches` (on `el`)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({matches}); }})()"):
            return
    raise AssertionError(f"Tab never reached {matches}")


def test_keyboard_only_reads_the_complaint_numbers_behind_a_chart(server, browser):
    """A user without a mouse: from Overzicht to Klachten, then the numbers of its first chart
    ("Als tabel"), with Tab and Enter alone; the focused element always shows an outline."""
    page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="nl-NL")
    page.goto(f"{server}/?period=2006-Q4")
    _settle(page)
    _tab_to(page, "el.tagName === 'A' && el.innerText.trim().endsWith('Klachten')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    _settle(page)
    assert page.locator("h1").first.inner_text() == "Klachten"
    _tab_to(page, "el.tagName === 'SUMMARY' && el.innerText.includes('Als tabel')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('details').open")
    table = page.evaluate(
        "document.activeElement.closest('details').querySelector('[data-testid=stTable]') !== null"
    )
    assert table
    _assert_clean(page)
    page.close()
