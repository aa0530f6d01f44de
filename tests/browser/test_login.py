"""Sign-in for real: a local OpenID Connect provider (oidc-provider-mock), the real server with a
secrets.toml written for the test, and Chromium. Each role signs in and sees what it may; an
account manager cannot reach another client through the link, the drill-down, a download or a
report; a user without a role sees no data."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import duckdb
import pytest

from gdmetrics import access, text
from tests.browser.harness import free_port, require_chromium, settle

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
USERS = {
    "directeur": {
        "sub": "directeur",
        "email": "dir.gd@minbzk.nl",
        "name": "Directeur GD",
        "email_verified": True,
    },
    "accountmanager": {
        "sub": "marieke",
        "email": "marieke.jansen@minbzk.nl",
        "name": "Marieke Jansen",
        "email_verified": True,
    },
    "beheer": {
        "sub": "beheer",
        "email": "fb.beheer@minbzk.nl",
        "name": "Functioneel Beheer",
        "email_verified": True,
    },
    "stranger": {"sub": "stranger", "email": "iemand@example.org", "name": "Iemand", "email_verified": True},
}
# Marieke Jansen (AM03) has DG Openbaar Bestuur and its directies; the rest is other clients'.
OWN = {"DGOB", "DGOB-BF", "DGOB-CZW", "DGOB-DB"}


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(240):
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} stopped:\n{log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer:\n{log.read_text()[-2000:]}")


def _start(cmd: list[str], url: str, log: Path, **kw) -> subprocess.Popen:
    with log.open("w") as out:  # the child keeps its own handle
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **kw)
    _wait(url, proc, log)
    return proc


@pytest.fixture(scope="module")
def world(demo_db_path, tmp_path_factory):
    """The provider, then the app with sign-in on: (app url, database path, names of clients)."""
    require_chromium()
    tmp = tmp_path_factory.mktemp("login")
    db = tmp / "demo.duckdb"
    shutil.copy(demo_db_path, db)
    with duckdb.connect(str(db)) as con:
        admin = access.Access("setup@test", None, "beheer", None, "test")
        access.assign_role(
            con, admin, access.RoleAssignment(email=USERS["directeur"]["email"], role="directeur")
        )
        clients = dict(con.execute("SELECT code, name FROM client").fetchall())
    idp_port, app_port = free_port(), free_port()
    claims = [a for u in USERS.values() for a in ("--user-claims", json.dumps(u))]
    idp = _start(
        [
            str(Path(sys.executable).parent / "oidc-provider-mock"),
            "--host",
            "127.0.0.1",
            "--port",
            str(idp_port),
            *claims,
        ],
        f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration",
        tmp / "idp.log",
    )
    secrets = tmp / "secrets.toml"  # written for the test only, never into the project
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        'cookie_secret = "browser-test-cookie-secret-0123456789"\n'
        'client_id = "gd-dashboard"\nclient_secret = "test-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"\n'
    )
    env = {**os.environ, "GD_DB": str(db), "GD_ADMIN_EMAILS": json.dumps([USERS["beheer"]["email"]])}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(app_port),
        "--browser.gatherUsageStats",
        "false",
        "--secrets.files",
        str(secrets),
    ]
    app = _start(cmd, f"http://localhost:{app_port}/_stcore/health", tmp / "app.log", cwd=ROOT, env=env)
    yield f"http://localhost:{app_port}", db, clients
    for proc in (app, idp):
        proc.terminate()
        proc.wait(timeout=10)


def _settle(page) -> None:
    settle(page)


def _sign_in(browser, world, who: str, path: str = "/?period=2006-Q4"):
    """A fresh browser signs in at the provider as `who` and lands on `path`."""
    url = world[0]
    context = browser.new_context(
        viewport={"width": 1400, "height": 2000}, locale="nl-NL", accept_downloads=True
    )
    page = context.new_page()
    page.goto(url + path)
    _settle(page)
    assert page.locator('[data-testid="stMetric"]').count() == 0  # nothing before signing in
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name=USERS[who]["sub"], exact=True).click()  # the provider's page
    # Streamlit returns to the home page after the provider's callback; go on to `path` from there.
    page.wait_for_url(lambda u: u.startswith(url) and "oauth2callback" not in u)
    if path.split("?")[0] not in ("/", ""):
        page.goto(url + path)
    _settle(page)
    return page


def _nav(page) -> list[str]:
    """The page titles the navigation offers (each link's text ends with its title, after the icon)."""
    return [t.splitlines()[-1] for t in page.locator(".st-key-gd_nav a").all_inner_texts()]


def _others(clients: dict[str, str]) -> list[str]:
    """Other clients' names, as far as no own client's name contains them."""
    own = [clients[c] for c in OWN]
    return [n for c, n in clients.items() if c not in OWN and not any(n in o for o in own)]


def _xlsx_text(path: str) -> str:
    """Every cell of a workbook as text."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():  # openpyxl reads past the report's sparklines with a warning
        warnings.simplefilter("ignore", UserWarning)
        book = load_workbook(io.BytesIO(Path(path).read_bytes()))
    cells = (v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)
    return "\n".join(str(v) for v in cells if v is not None)


def test_directeur_signs_in_and_sees_everything(browser, world):
    page = _sign_in(browser, world, "directeur")
    nav = _nav(page)
    assert {"Overzicht", "Efficiency", "Klantdossier", "Mantelrapportage"} <= set(nav)
    assert "Toegang" not in nav and "Gegevens" not in nav
    assert "Directeur GD · directeur GD" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert page.locator('[data-testid="stMetric"]').count() >= 8
    page.context.close()


def test_accountmanager_sees_only_own_clients_by_link_drilldown_download_and_report(browser, world):
    url, _, clients = world
    page = _sign_in(browser, world, "accountmanager", "/klantdossier?period=2006-Q4&dg=DGV&client=DGV-POL")
    nav = _nav(page)
    assert "Efficiency" not in nav and "Toegang" not in nav and "Klantdossier" in nav
    body = page.inner_text("body")
    assert "client='DGV-POL'" in body and "dg='DGV'" in body  # the link's clients were refused
    assert "client=" not in page.url and "dg=" not in page.url
    # The dossier's client picker offers only her clients.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Klant (DG, directie of derde)").click()
    offered = set(page.get_by_role("option").all_inner_texts())
    assert offered == {clients[c] for c in OWN}
    page.get_by_role("option", name=clients["DGOB-BF"]).click()
    _settle(page)
    assert "client=DGOB-BF" in page.url
    with page.expect_download() as brief:
        page.get_by_role("button", name="Excel").first.click()  # the client brief
    text = _xlsx_text(brief.value.path())
    assert clients["DGOB-BF"] in text
    assert [n for n in _others(clients) if n in text] == []
    # The drill-down behind a figure, and its CSV download.
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Toon de meldingen")
    picker.scroll_into_view_if_needed()
    picker.click()
    page.get_by_role("option", name="Aantal meldingen", exact=True).click()
    _settle(page)
    with page.expect_download() as rows:
        page.get_by_role("button", name="CSV").last.click()
    csv = Path(rows.value.path()).read_text(encoding="utf-8-sig")
    assert clients["DGOB-BF"] in csv and [n for n in _others(clients) if n in csv] == []
    # The mantel report over her clients only.
    page.goto(url + "/mantelrapportage?period=2006-Q4")
    _settle(page)
    with page.expect_download() as report:
        page.get_by_role("button", name="Excel").first.click()
    text = _xlsx_text(report.value.path())
    assert [n for n in _others(clients) if n in text] == []
    # A page her role does not open is not there.
    page.goto(url + "/efficiency?period=2006-Q4")
    _settle(page)
    assert page.locator("h1").first.inner_text() != "Efficiency: op weg naar 20% bij gelijk serviceniveau"
    page.context.close()


def test_a_user_without_a_role_sees_a_message_and_no_data(browser, world):
    page = _sign_in(browser, world, "stranger")
    body = page.inner_text("body")
    assert "nog geen rol" in body
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert _nav(page) == []
    page.context.close()


def test_beheer_sees_the_toegang_page_with_every_sign_in_audited(browser, world):
    page = _sign_in(browser, world, "beheer", "/toegang")
    assert set(_nav(page)) == {"Catalogus", "Normen beheren", "Gegevens", "Toegang"}
    assert page.locator("h1").first.inner_text() == "Toegang"
    cells = page.locator('[data-testid="stDataFrame"]').last.locator('[role="gridcell"]')
    cells.first.wait_for(state="attached")  # the grid writes its accessible cells after drawing
    log = cells.all_text_contents()
    signed_in = {u["email"] for u in USERS.values()}
    assert signed_in <= set(log)  # every sign-in of this module, the one without a role too
    assert text.code("nl", "audit_action", "report_download") in log  # from the access log, labelled
    page.context.close()
