"""The page and the printed report can never disagree (issue 14): for the Klantdossier and the
Mantelrapportage, for a directie, a DG, a third party and the whole GD, over a quarter and a year,
every number, verdict and named culprit on the page (AppTest) equals the one in the PDF text and
in the Excel cells for the same filters.

Every audience is checked over both periods (the Klantdossier is a client's: no whole-GD case),
one case of each page in English.

The PDF and the workbook are laid out from one computed content per case (`build_client_brief` and
`build_mantel_report` are `render(content(...), fmt)`, nothing more): computing it twice cost CI
time and proved nothing more."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics import access, formatting
from gdmetrics.db import open_dashboard_db
from gdmetrics.figures import REGISTRY
from gdmetrics.reports import client_brief_content, mantel_report_content, render
from gdmetrics.settings import get_settings
from tests.pages.conftest import APP
from tests.reports.reading import load_workbook, pdf_text, sheet_tables

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


ID = re.compile(r"^[A-Z]+-\d{4}-\d+$")  # complaint, escalation and quote ids (not an 'empty' line)


def sheet_text(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def rows_of(table: dict) -> list[list]:
    """A workbook table's rows as lists of cells in column order (headings are in the report's
    language; the test reads by position)."""
    return [[r[h] for h in table["header"]] for r in table["rows"]]


def in_language(at: AppTest, lang: str) -> AppTest:
    """The language radio as the sidebar sets it (AppTest drops sidebar widgets after the first
    run of an app with st.navigation, so the test sets the radio's state, as test_pages does)."""
    if lang != "nl":
        at.session_state["lang"] = lang
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def shown(cell, unit: str, lang: str, target=None) -> str:
    """A workbook cell as the page writes it (beside its `target` cell: as many decimals)."""
    return formatting.value(cell.value, unit, lang, None if target is None else target.value)


def decimal(text: str, lang: str) -> float:
    thousands, point = (".", ",") if lang == "nl" else (",", ".")
    return float(text.replace(thousands, "").replace(point, "."))


# --- Klantdossier and the client brief ------------------------------------------------------------

# Each audience once, the periods alternating (see the module docstring), English on the other
# period of the first audience.
DOSSIER_CASES = [
    ("directie", "2006", "nl"),
    ("dg", "2006-Q4", "nl"),
    ("dg", "2006", "nl"),
    ("derde", "2006", "nl"),
    ("derde", "2006-Q4", "nl"),
    ("directie", "2006-Q4", "en"),
]
HEADLINES = (  # the page's card, the brief's cover figure (the service level is labelled as resolution)
    ("ticket_volume", "ticket_volume"),
    ("service_level_vs_target", "resolution_within_norm"),
    ("charges", "charges"),
    ("complaint_count", "complaint_count"),
    ("escalation_count", "escalation_count"),
)


@pytest.mark.parametrize(("who", "period", "lang"), DOSSIER_CASES)
def test_klantdossier_equals_the_client_brief(run_page, con, tmp_path, who, period, lang):
    params = CLIENTS[who]
    code = params.get("client") or params["dg"]
    at = in_language(run_page("pages/klantdossier.py", period=period, **params), lang)
    assert at.title[0].value == {"nl": "Klantdossier", "en": "Client dossier"}[lang]
    brief = client_brief_content(con, code, period, lang)  # build_client_brief's content, laid out twice
    book = load_workbook(render(brief, "xlsx"))
    pdf = flat(pdf_text(render(brief, "pdf"), tmp_path))
    cover, points_sheet, _, dva_sheet, open_sheet, quote_sheet = book.worksheets[:6]
    financing, lines, quotes, complaints, escalations = (d.value for d in at.dataframe[:5])

    # talking points: the same sentences, in the same order, on the page, in Excel and on paper
    # the page shows them as literal markdown (gdmetrics.formatting.markdown_escape)
    page_points = [re.sub(r"\\(.)", r"\1", line[2:]) for line in at.markdown[0].value.splitlines()]
    xlsx_points = [v[2:] for v in sheet_text(points_sheet) if v.startswith("• ")]
    assert page_points and page_points == xlsx_points
    for point in page_points:
        assert flat(point) in pdf, point

    # headline figures and the verdict
    cards = {m.label: m.value for m in at.metric}
    figures = {r[0].value: r[1] for r in cover.iter_rows() if r[0].value}
    for card_id, cover_id in HEADLINES:
        value = cards[REGISTRY[card_id].label(lang)]
        assert value == shown(figures[REGISTRY[cover_id].label(lang)], REGISTRY[card_id].unit, lang), card_id
        assert value in pdf, card_id
    status = next(c.value for c in at.caption if c.value.startswith(("✔", "▲", "✖")))
    assert status.split(" (")[0] in pdf  # '✔ op doel' beside the service level

    # DVA lines: the same lines in the same order (worst first), with the same achieved and status
    xlsx_lines = rows_of(sheet_tables(dva_sheet)[0])
    assert len(lines) == len(xlsx_lines) > 0
    for i, (p, x) in enumerate(zip(lines.itertuples(index=False), xlsx_lines, strict=True)):
        dva, _, product, agreed, achieved, state, judged, agreed_volume, charged_volume = p
        assert (dva, product) == (x[0].value, x[3].value)
        assert achieved == shown(x[5], "share", lang, x[4]) and state == x[6].value
        assert (judged, agreed_volume, charged_volume) == tuple(shown(c, "count", lang) for c in x[7:10])
        if i < 10:  # the PDF shows the first ten lines
            cells = [agreed, achieved, state, judged]
            assert " ".join(cells) in pdf, cells

    # quotes and open items: the same ones
    xlsx_quotes = [r[0].value for r in rows_of(sheet_tables(quote_sheet)[0]) if ID.match(str(r[0].value))]
    assert list(quotes.iloc[:, 0]) == xlsx_quotes
    open_tables = sheet_tables(open_sheet)
    for page_rows, table in zip((complaints, escalations), open_tables, strict=True):
        ids = [r[0].value for r in rows_of(table) if ID.match(str(r[0].value))]
        assert list(page_rows.iloc[:, 0]) == ids
        assert all(i in pdf for i in ids[:5])


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


def mantel_page(db_path, monkeypatch, who: str, period: str, lang: str) -> AppTest:
    monkeypatch.setenv("GD_DB", str(db_path))
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=60)
    if who != "gd":  # an account manager of this client (AppTest sets st.user; no provider)
        email = f"{who}@minbzk.nl"
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "sub": email, "email": email, "email_verified": True, "name": email}
    at.query_params.update({"period": period})
    at.run()
    at.switch_page("pages/mantelrapportage.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return in_language(at, lang)


MANTEL_CASES = [
    ("gd", "2006", "nl"),
    ("directie", "2006-Q4", "nl"),
    ("directie", "2006", "nl"),
    ("dg", "2006", "nl"),
    ("dg", "2006-Q4", "nl"),
    ("derde", "2006-Q4", "nl"),
    ("derde", "2006", "nl"),
    ("gd", "2006-Q4", "en"),
]
VERDICT = {
    "nl": "haalde de GD {} van de {} mantelnormen en {} van de {} DVA's",
    "en": "the GD met {} of {} framework standards and {} of {} DVAs",
}


@pytest.mark.parametrize(("who", "period", "lang"), MANTEL_CASES)
def test_mantelrapportage_equals_the_mantel_report(scoped_db, monkeypatch, tmp_path, who, period, lang):
    path, scopes = scoped_db
    scope = scopes[who]
    at = mantel_page(path, monkeypatch, who, period, lang)
    assert at.title[0].value == {"nl": "Mantelrapportage", "en": "Framework agreement report"}[lang]
    con = open_dashboard_db(path, get_settings())
    try:
        report = mantel_report_content(con, period, lang, scope)  # build_mantel_report's, laid out twice
        book = load_workbook(render(report, "xlsx"))
        pdf = flat(pdf_text(render(report, "pdf"), tmp_path))
    finally:
        con.close()
    get_settings.cache_clear()
    _, standards_sheet, diagnosis_sheet, dva_sheet = book.worksheets[:4]

    # the counts of what was met, on the page, on the cover and in the verdict line
    std, dva = (m.value.split(" / ") for m in at.metric[:2])
    assert VERDICT[lang].format(*std, *dva) in pdf

    # every standard and DVA: agreed, each earlier period, achieved and status, page = Excel = PDF
    table = at.dataframe[1].value  # after this period against the last
    xlsx = {r[0].value: r for s in (standards_sheet, dva_sheet) for r in rows_of(sheet_tables(s)[0])}
    assert list(table["Code"]) == list(xlsx)
    earlier = len(table.columns) - 7  # kind, code, name, agreed, [earlier...], achieved, status, count
    for row in table.itertuples(index=False):
        code, agreed, history, achieved, state, count = row[1], row[3], row[4:-3], row[-3], row[-2], row[-1]
        x = xlsx[code]
        unit = REGISTRY[x[2].value].unit
        assert agreed == shown(x[3], unit, lang), code
        assert list(history) == [shown(c, unit, lang) for c in x[4 : 4 + earlier]], code
        assert achieved == shown(x[4 + earlier], unit, lang, x[3]), code
        assert state == x[5 + earlier].value, code
        assert count == shown(x[7 + earlier], "count", lang), code
        cells = [agreed, *history, achieved, state]
        assert " ".join(cells) in pdf, cells

    # every norm not met: the same sentence and the same culprits
    sentences = [
        m.value.split(" · ", 1)[1] for m in at.markdown if m.value.startswith("**") and " · " in m.value
    ]
    missed = [r[1] for r in table.itertuples(index=False) if r[-2][0] in "▲✖"]
    assert len(sentences) == len(missed)
    notes = sheet_text(diagnosis_sheet)
    culprits = sheet_tables(diagnosis_sheet)
    rows = rows_of(culprits[0]) if culprits else []
    for i, (subject, sentence) in enumerate(zip(missed, sentences, strict=True)):
        assert sentence in notes
        assert flat(sentence) in pdf, sentence
        page = at.dataframe[2 + i].value
        mine = [r for r in rows if r[0].value == subject]
        assert list(page.iloc[:, 1]) == [r[4].value for r in mine]  # the group named
        assert list(page.iloc[:, 3]) == [shown(r[6], "count", lang) for r in mine]
        # the workbook keeps the shortfall unrounded; the page shows one decimal of it
        assert [decimal(v, lang) for v in page.iloc[:, 4]] == pytest.approx(
            [r[7].value for r in mine], abs=0.05 + 1e-9
        )
        for group in page.iloc[:, 1]:
            assert flat(group) in pdf
