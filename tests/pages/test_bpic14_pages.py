"""Issue 10, item 7: real tickets, real verdicts. The shared BPIC14 export with a small workbook
(tests/bpic14_org.py: directorates from its service components, default norms, one DVA): the
service-level figures on Overzicht, Serviceniveaus and the Mantelrapportage are numbers, not '–'.
Skipped, saying why, where ../shared/data is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics.settings import get_settings
from tests.bpic14_org import CLIENT
from tests.pages.conftest import APP

PERIOD = "2014-Q1"  # the export's busiest quarter
NOTHING = "–"


@pytest.fixture
def run_bpic14(bpic14, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "bpic14.duckdb"  # the app's own copy (the shared one is opened read-only)
    shutil.copyfile(bpic14.path, path)
    monkeypatch.setenv("GD_DB", str(path))
    # the service-level index compares with a baseline year: the export's first full quarter's year
    monkeypatch.setenv("GD_BASELINE_YEAR", "2013")
    get_settings.cache_clear()

    def run(page: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params.update({"period": PERIOD})
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield run
    get_settings.cache_clear()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.slow
def test_service_levels_of_real_tickets_are_numbers_on_every_page(run_bpic14) -> None:
    shown = _metrics(run_bpic14("pages/overzicht.py"))
    for label in ("Oplossing binnen norm", "Reactie binnen norm", "Serviceniveau-index", "Werkvoorraad"):
        assert shown[label] != NOTHING and shown[label], (label, shown)
    assert shown["Oplossing binnen norm"].endswith("%")

    at = run_bpic14("pages/serviceniveaus.py")
    shown = _metrics(at)
    for label in ("Oplossing binnen norm", "Reactie binnen norm", "Mediane oplostijd", "Werkvoorraad"):
        assert shown[label] != NOTHING and shown[label], (label, shown)
    by_directorate = at.dataframe[0].value
    column = next(c for c in by_directorate.columns if "binnen norm" in c.lower() or "doel" in c.lower())
    judged = [v for v in by_directorate[column] if v != NOTHING]
    assert len(judged) >= 3, by_directorate  # ICT, FAZ and CI each judged

    at = run_bpic14("pages/mantelrapportage.py")
    shown = _metrics(at)
    assert shown["Mantelnormen gehaald"].endswith("/ 2") and shown["DVA's gehaald"].endswith("/ 1"), shown
    assert shown["Meldingen beoordeeld"] not in ("0", NOTHING)
    table = next(d.value for d in at.dataframe if "Code" in d.value.columns)  # the history
    achieved = next(c for c in table.columns if c.startswith("Gerealiseerd"))
    rows = dict(zip(table["Code"], table[achieved], strict=True))
    assert set(rows) == {"MS-01", "MS-02", CLIENT}, rows
    assert all(v != NOTHING and v.endswith("%") for v in rows.values()), rows
