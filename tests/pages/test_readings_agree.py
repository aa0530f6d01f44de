"""The page and the printed report can never disagree (issue 14): for the Klantdossier and the
Mantelrapportage, for a directie, a DG, a third party and the whole GD, over a quarter and a year,
every number, verdict and named culprit on the page (AppTest) equals the one in the PDF text and
in the Excel cells for the same filters."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics import access, formatting
from gdmetrics.db import open_dashboard_db
from gdmetrics.figures import REGISTRY
from gdmetrics.reports import build_client_brief, build_mantel_report
from gdmetrics.settings import get_settings
from tests.pages.conftest import APP
from tests.reports.reading import load_workbook, pdf_text, sheet_tables

PERIODS = ("2006-Q4", "2006")
CLIENTS = {"directie": {"dg": "DGV", "client": "DGV-POL"}, "dg": {"dg": "DGV"}, "derde": {"dg": "JUS"}}
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123",
    "client_id": "gd",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def flat(text: str) -> str:
    """Text as a reader sees it: whitespace and line breaks (also after a hyphen) as one space."""
    return re.sub(r"-\s+", "-", " ".join(str(text).split()))


def frame_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def sheet_text(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def as_shown(cell, unit: str) -> str:
    return formatting.value(cell.value, unit) if unit != "text" else str(cell.value)


# --- Klantdossier and the client brief ------------------------------------------------------------


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("who", list(CLIENTS))
def test_klantdossier_equals_the_client_brief(run_page, con, tmp_path, who, period):
    params = CLIENTS[who]
    code = params.get("client") or params["dg"]
    at = run_page("pages/klantdossier.py", period=period, **params)
    book = load_workbook(build_client_brief(con, code, period, "xlsx"))
    pdf = flat(pdf_text(build_client_brief(con, code, period, "pdf"), tmp_path))

    # talking points: the same sentences, in the same order, on the page, in Excel and on paper
    page_points = [line[2:] for line in at.markdown[0].value.splitlines()]
    xlsx_points = [v[2:] for v in sheet_text(book["Gesprekspunten"]) if v.startswith("• ")]
    assert page_points and page_points == xlsx_points
    for point in page_points:
        assert flat(point) in pdf, point

    # headline figures and the verdict
    shown = {m.label: m.value for m in at.metric}
    cover = {r[0].value: r[1] for r in book["Voorblad"].iter_rows() if r[0].value}
    for page_label, cover_label, unit in (
        ("Aantal meldingen", "Aantal meldingen", "count"),
        ("Serviceniveau t.o.v. doel", "Oplossing binnen norm", "share"),
        ("Verrekening plusdiensten", "Verrekening plusdiensten", "euro"),
        ("Aantal klachten", "Aantal klachten", "count"),
        ("Aantal SIA-escalaties", "Aantal SIA-escalaties", "count"),
    ):
        assert shown[page_label] == as_shown(cover[cover_label], unit), page_label
        assert shown[page_label] in pdf, page_label
    status = next(c.value for c in at.caption if c.value.startswith(("✔", "▲", "✖")))
    assert status.split(" (")[0] in pdf  # '✔ op doel' beside the service level

    # DVA lines: the same lines in the same order (worst first), with the same achieved and status
    page_lines = frame_with(at, "Meldingen met oordeel")
    xlsx_lines = sheet_tables(book["DVA"])[0]["rows"]
    assert len(page_lines) == len(xlsx_lines) > 0
    for i, (p, x) in enumerate(zip(page_lines.to_dict("records"), xlsx_lines, strict=True)):
        assert (p["DVA"], p["Product"]) == (x["DVA"].value, x["Product"].value)
        assert p["Gerealiseerd"] == as_shown(x["Gerealiseerd"], "share")
        assert p["Status"] == x["Status"].value
        assert p["Meldingen met oordeel"] == as_shown(x["Meldingen met oordeel"], "count")
        assert p["Afgesproken volume"] == as_shown(x["Afgesproken volume"], "count")
        assert p["Verrekend volume"] == as_shown(x["Verrekend volume"], "count")
        if i < 10:  # the PDF shows the first ten lines
            cells = [p["Afgesproken"], p["Gerealiseerd"], p["Status"], p["Meldingen met oordeel"]]
            assert " ".join(cells) in pdf, cells

    # quotes and open items: the same ones
    quotes = frame_with(at, "Offerte")
    xlsx_quotes = sheet_tables(book["Offertes"])[0]["rows"]
    assert list(quotes["Offerte"]) == [
        r["Id"].value for r in xlsx_quotes if not r["Id"].value.startswith("Geen ")
    ]
    open_tables = {t["title"]: t["rows"] for t in sheet_tables(book["Klachten en escalaties"])}
    for column, title in (("Klacht", "Open klachten"), ("Escalatie", "Open SIA-escalaties")):
        page_ids = (
            list(frame_with(at, column)[column])
            if any(column in d.value.columns for d in at.dataframe)
            else []
        )
        ids = [
            r["Id"].value for r in open_tables.get(title, []) if not str(r["Id"].value).startswith("Geen ")
        ]
        assert page_ids == ids, column
        assert all(i in pdf for i in page_ids[:5])


# --- Mantelrapportage and the mantel report -------------------------------------------------------


@pytest.fixture(scope="module")
def scoped_db(demo_db_path, tmp_path_factory):
    """An own copy with one account manager per kind of client scope (roles are written)."""
    path = tmp_path_factory.mktemp("scoped") / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    scopes: dict[str, tuple[str, ...] | None] = {"gd": None}
    with duckdb.connect(str(path)) as c:  # before any app opens the file
        admin = access.Access("boot@minbzk.nl", None, "beheer", None, "admin_emails")
        for who, clients in (("directie", ("DGV-POL",)), ("dg", ("DGV",)), ("derde", ("JUS",))):
            email = f"{who}@minbzk.nl"
            access.assign_role(
                c, admin, access.RoleAssignment(email=email, role="accountmanager", clients=clients)
            )
            scopes[who] = access.resolve(c, email).scope
    return path, scopes


def mantel_page(db_path, monkeypatch, who: str, period: str) -> AppTest:
    monkeypatch.setenv("GD_DB", str(db_path))
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=60)
    if who != "gd":  # an account manager of this client (AppTest sets st.user; no provider)
        email = f"{who}@minbzk.nl"
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "sub": email, "email": email, "name": email}
    at.query_params.update({"period": period})
    at.run()
    at.switch_page("pages/mantelrapportage.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("who", ["gd", "directie", "dg", "derde"])
def test_mantelrapportage_equals_the_mantel_report(scoped_db, monkeypatch, tmp_path, who, period):
    path, scopes = scoped_db
    scope = scopes[who]
    at = mantel_page(path, monkeypatch, who, period)
    con = open_dashboard_db(path, get_settings())
    try:
        book = load_workbook(build_mantel_report(con, period, "xlsx", client_scope=scope))
        pdf = flat(pdf_text(build_mantel_report(con, period, "pdf", client_scope=scope), tmp_path))
    finally:
        con.close()
    get_settings.cache_clear()

    # the counts of what was met, on the page, on the cover and in the verdict line
    shown = {m.label: m.value for m in at.metric}
    std_met, std_all = shown["Mantelnormen gehaald"].split(" / ")
    dva_met, dva_all = shown["DVA's gehaald"].split(" / ")
    assert f"haalde de GD {std_met} van de {std_all} mantelnormen en {dva_met} van de {dva_all} DVA's" in pdf

    # every standard and DVA: agreed, each earlier period, achieved and status, page = Excel = PDF
    table = at.dataframe[0].value
    xlsx = {
        r["Code"].value: r
        for t in (sheet_tables(book["Scorecard"])[0], sheet_tables(book["DVA's"])[0])
        for r in t["rows"]
    }
    assert list(table["Code"]) == list(xlsx)
    periods = [c for c in table.columns if re.fullmatch(r"(K\d )?\d{4}", c)]
    achieved = next(c for c in table.columns if c.startswith("Gerealiseerd"))
    for row in table.to_dict("records"):
        x = xlsx[row["Code"]]
        unit = REGISTRY[x["Figuur-id"].value].unit
        assert row["Afgesproken"] == as_shown(x["Afspraak"], unit), row["Code"]
        for p in periods:
            assert row[p] == as_shown(x[p], unit), (row["Code"], p)
        assert row[achieved] == as_shown(x[achieved], unit), row["Code"]
        assert row["Status"] == x["Status"].value, row["Code"]
        assert row["Aantal"] == as_shown(x["Noemer"], "count"), row["Code"]
        cells = [row["Afgesproken"], *(row[p] for p in periods), row[achieved], row["Status"]]
        assert " ".join(cells) in pdf, cells

    # every norm not met: the same sentence and the same culprits
    sentences = [
        m.value.split(" · ", 1)[1] for m in at.markdown if m.value.startswith("**") and " · " in m.value
    ]
    missed = [r for r in table.to_dict("records") if not r["Status"].startswith("✔") and r["Status"] != "–"]
    assert len(sentences) == len(missed)
    notes = sheet_text(book["Waar ging het mis"])
    culprits = sheet_tables(book["Waar ging het mis"])
    rows = culprits[0]["rows"] if culprits else []
    for i, sentence in enumerate(sentences):
        assert sentence in notes
        assert flat(sentence) in pdf, sentence
        page_culprits = at.dataframe[1 + i].value
        subject = missed[i]["Code"]
        mine = [r for r in rows if r["Code"].value == subject]
        assert list(page_culprits["Groep"]) == [r["Groep"].value for r in mine]
        # the workbook keeps the shortfall unrounded; the page shows one decimal of it
        shown_short = [float(v.replace(".", "").replace(",", ".")) for v in page_culprits["Tekort"]]
        assert shown_short == pytest.approx([r["Tekort"].value for r in mine], abs=0.05 + 1e-9)
        assert list(page_culprits["Aantal"]) == [as_shown(r["Aantal"], "count") for r in mine]
        for group in page_culprits["Groep"]:
            assert flat(group) in pdf
