"""The real server in a real Chromium: every page opens without an error, a drill-down reaches
its table, a copied link reproduces the view; a screenshot of every page is kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.harness import dashboard_server, require_chromium, settle

pytestmark = pytest.mark.browser
PAGES = (
    "overzicht",
    "serviceniveaus",
    "efficiency",
    "klachten",
    "escalaties",
    "klantdossier",
    "mantelrapportage",
    "catalogus",
    "gegevens",
)


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


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_without_errors(server, browser, shots, name):
    path = "" if name == "overzicht" else name  # the default page lives at the root
    page = _open(browser, f"{server}/{path}?period=2006-Q4&dg=DGV")
    _assert_clean(page)
    assert page.locator("h1").count() >= 1
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.close()


def test_drill_down_reaches_its_table_and_explains_a_ticket(server, browser, shots):
    page = _open(browser, f"{server}/?period=2006-11")
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
