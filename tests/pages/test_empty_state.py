"""Nothing measured is never shown as met (issue 10, item 3): every page and both reports, on an
EMPTY database started by the app itself (GD_DEMO=0) and on a TICKETS-ONLY database (one TOPdesk
export, nothing else), show no green verdict, no ✔ outside the legend, no 0 for data never
loaded, and no "None"; every page that lacks data says which and links to the Gegevens page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from gdmetrics import rag, reports
from gdmetrics.cli import main as cli
from gdmetrics.reports.pdf import render_html
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only
from tests.pages.conftest import APP
from tests.pages.test_language import PAGES, visible_texts

TOPDESK = Path(__file__).resolve().parents[1] / "importing" / "fixtures" / "topdesk.csv"
PERIOD = {"period": "2024-01"}  # the month of the TOPdesk fixture's three tickets
# Pages whose counts are the database's own rows (0 contacts is a fact, not a figure).
ROW_COUNT_PAGES = ("gegevens", "toegang")
# Pages that show what is missing, per database (tickets-only: the feeds, the mantel, the catalogue).
LACKING = {
    "empty": tuple(p for p in PAGES if p not in ROW_COUNT_PAGES),
    "tickets": (
        "overzicht",
        "efficiency",
        "klachten",
        "escalaties",
        "klantdossier",
        "mantelrapportage",
        "catalogus",
        "normen",
    ),
}
ZERO = re.compile(r"^(€\s*)?0([,.]0+)?( uur)?%?$")


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, Path]:
    """The empty one is not created here: the app creates it on its first run (GD_DEMO=0)."""
    root = tmp_path_factory.mktemp("empty_state")
    tickets = root / "tickets" / "gd.duckdb"
    tickets.parent.mkdir()
    assert cli(["import", "--db", str(tickets), "--profile", "topdesk", str(TOPDESK)]) == 0
    return {"empty": root / "empty" / "gd.duckdb", "tickets": tickets}


def _nodes(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def _without_legend(text: str) -> str:
    """The legend names ✔ to explain it, and the heatmap's phone list counts its cells per
    symbol ("✔ 0 · ▲ 0 · ✖ 1"): a tally of no ✔ is no verdict."""
    for lang in ("nl", "en"):
        text = text.replace(rag.legend(lang), "")
    text = re.sub(r"✔ 0 ·", "", text)
    return text.replace("gehaald is alleen ✔", "")


def _walk_pages(db: Path, monkeypatch) -> dict[str, AppTest]:
    monkeypatch.setenv("GD_DB", str(db))
    monkeypatch.setenv("GD_DEMO", "0")
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(PERIOD)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        shown[page] = (
            visible_texts(at),
            [(m.label, m.value) for m in at.metric],
            len(at.success),
            [n for n in _nodes(at._tree) if getattr(n, "type", None) == "page_link"],
            [w.value for w in at.warning],
        )
    get_settings.cache_clear()
    return shown


@pytest.mark.parametrize("kind", ["empty", "tickets"])
def test_no_page_shows_unloaded_data_as_zero_or_met(databases, monkeypatch, kind):
    db = databases[kind]
    shown = _walk_pages(db, monkeypatch)
    assert db.exists()  # the empty one: created by the app's first run, without the demo
    with read_only(db) as con:
        assert con.execute("SELECT count(*) FROM ticket").fetchone()[0] == (0 if kind == "empty" else 3)
        assert con.execute("SELECT count(*) FROM default_norm").fetchone()[0] == 5
    problems = []
    for page, (texts, metrics, successes, links, warnings) in shown.items():
        for line in texts:
            if re.search(r"\bNone\b", line):
                problems.append(f"{page}: 'None' in {line!r}")
            if "✔" in _without_legend(line):
                problems.append(f"{page}: a ✔ in {line!r}")
        if successes:
            problems.append(f"{page}: a green success message")
        if page not in ROW_COUNT_PAGES:
            problems += [
                f"{page}: {label} = {value}" for label, value in metrics if ZERO.match(value.strip())
            ]
        if page in LACKING[kind]:
            if not any("Niet geladen" in w for w in warnings):
                problems.append(f"{page}: does not say which data is missing")
            if not links:
                problems.append(f"{page}: no link to the Gegevens page")
    assert not problems, "\n".join(problems)
    if kind == "tickets":  # the director's cards over feeds never loaded
        metrics = dict(shown["overzicht"][1])
        assert metrics["Klachten per 1.000 meldingen"] == "niet geladen"
        assert metrics["Aantal SIA-escalaties"] == "niet geladen"
        assert metrics["Efficiency-index"] == "niet geladen"
        assert metrics["Oplossing binnen norm"] == "33,3%"  # the default norms give verdicts


@pytest.mark.parametrize("kind", ["empty", "tickets"])
def test_no_report_shows_unloaded_data_as_zero_or_met(databases, kind, monkeypatch):
    db = databases[kind]
    if not db.exists():  # run alone: start it as the app would
        from gdmetrics.reference import start_empty

        start_empty(db)
    with read_only(db) as con:
        # English on the empty database only: building the tickets-only report is the expensive part
        for lang in ("nl", "en") if kind == "empty" else ("nl",):
            report = reports.mantel_report_content(con, "2024Q1", lang, now=dt.datetime(2024, 4, 1))
            assert report.verdict_status != "green"
            assert all(k.status != "green" for k in report.key_figures), report.key_figures
            texts = [report.verdict, *report.verdict_lines]
            texts += [p for s in report.sections for p in s.paragraphs]
            assert not any("None" in t or "✔" in _without_legend(t) for t in texts), texts
            if kind == "tickets":
                tiles = {k.label: k for k in report.key_figures}
                complaints = tiles["Aantal klachten" if lang == "nl" else "Complaints"]
                assert complaints.value is None
                assert complaints.note in ("Niet geladen: klachten.", "Not loaded: complaints.")
                assert report.verdict in ("Geen afspraken om te beoordelen", "No agreements to judge")
            else:
                assert report.no_data and ("Niet geladen" in report.verdict_lines[0] or lang == "en")
            if lang == "en":  # the layouts are language-blind: one rendering is enough
                continue
            book = load_workbook(io.BytesIO(reports.render(report, "xlsx")))
            cells = [
                str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None
            ]
            assert not [c for c in cells if re.search(r"\bNone\b", c) or "✔" in _without_legend(c)]
            html = render_html(report)  # the PDF's source: its text without WeasyPrint's time
            assert "✔" not in _without_legend(re.sub(r"<[^>]+>", " ", html))
