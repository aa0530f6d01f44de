"""Issue 10, item 6: the demo organisation rebuilt from an empty database through the public
formats only, and every registry figure equals the demo's.

The demo is exported as a GD would hand over its data: the reference workbook
(`export-reference`), each feed (`export-feed`) and the tickets as a TOPdesk CSV
(`export-tickets --profile topdesk`). Those files are imported through the command line, each
command its own process as a GD would run it, into a database that does not exist yet. Then
every figure of the registry, unsplit and split by each dimension it allows, by month, quarter
and year over the demo's three years (`requests` says which splits on which grain), equals the demo's.

What the formats cannot carry is not skipped: the expected database is the demo with exactly
those losses applied (`as_the_formats_carry_it`), each said and justified there, and a test
shows each loss is real (the figures it touches differ from the untouched demo's).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gdmetrics import access
from gdmetrics.cli import main
from gdmetrics.db import connect
from gdmetrics.demo import DemoParams, build_demo
from gdmetrics.figures import REGISTRY, FigureRequest, compute
from gdmetrics.settings import get_settings
from gdmetrics.sla import refresh_ticket_sla
from tests.dashboard_db import read_only

REPO = Path(__file__).resolve().parents[1]
FEEDS = ("costs", "complaints", "escalations", "charges", "quotes")  # quotes refer to escalations
FIRST, LAST = dt.date(2004, 1, 1), dt.date(2006, 12, 31)
GRAINS = ("month", "quarter", "year")


def gdmetrics_cli(*args: str | Path) -> str:
    """One command in its own process, as a GD runs it; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "gdmetrics", *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def exported(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo in its public formats: the workbook, one CSV per feed, the TOPdesk tickets."""
    folder = tmp_path_factory.mktemp("public")
    demo = folder / "demo.duckdb"  # a copy: the exports publish the demo's derived tables first
    shutil.copyfile(demo_db_path, demo)
    files = {"reference": folder / "referentiegegevens.xlsx", "tickets": folder / "incidenten.csv"}
    assert main(["export-reference", "--db", str(demo), "--out", str(files["reference"])]) == 0
    assert (
        main(["export-tickets", "--db", str(demo), "--profile", "topdesk", "--out", str(files["tickets"])])
        == 0
    )
    for feed in FEEDS:
        files[feed] = folder / f"{feed}.csv"
        assert main(["export-feed", "--db", str(demo), "--feed", feed, "--out", str(files[feed])]) == 0
    return files


@pytest.fixture(scope="module")
def rebuilt(exported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database loaded from the public files only, in the README's order."""
    db = tmp_path_factory.mktemp("rebuilt") / "gd.duckdb"
    gdmetrics_cli("import-reference", "--db", db, exported["reference"])
    out = gdmetrics_cli("import", "--db", db, "--profile", "topdesk", exported["tickets"])
    assert "0 rejected" in out and "unmapped" not in out, out  # every client, product, group known
    for feed in FEEDS:
        gdmetrics_cli("import-feed", "--db", db, "--feed", feed, exported[feed])
    return db


def as_the_formats_carry_it(demo_db_path: Path, folder: Path) -> Path:
    """The demo with what the public formats cannot carry taken out, each loss justified:

    1. Pauses: a TOPdesk incident row has one on-hold period (`Datum on hold`, `Datum einde on
       hold`); TOPdesk exports no on-hold history. A ticket paused more than once comes back with
       its latest pause only.
    2. The data's as-of moment: the demo states it (the end of its last working day, 17:00); an
       import takes the latest moment its tickets mention. Open tickets are judged at that moment.
    Everything else that is not in the ticket file does not change a figure: escalated_to_sia (the
    escalations feed carries the escalations) and the demand level (the catalogue's product has
    it, gdmetrics.sla). Pattern cases travel in two free fields (Patroon, Patroongeval).
    """
    path = folder / "expected.duckdb"
    shutil.copyfile(demo_db_path, path)
    con = connect(path)
    con.execute(
        """DELETE FROM ticket_pause WHERE (ticket_id, paused_at) IN (
               SELECT ticket_id, paused_at FROM ticket_pause
               QUALIFY row_number() OVER (PARTITION BY ticket_id ORDER BY paused_at DESC) > 1)"""
    )
    as_of = con.execute(
        "SELECT max(greatest(registered_at, coalesce(resolved_at, registered_at), "
        "coalesce(closed_at, registered_at))) FROM ticket"
    ).fetchone()[0]
    con.execute("UPDATE meta SET value = $v WHERE key = 'data_as_of'", {"v": as_of.isoformat(sep=" ")})
    refresh_ticket_sla(con, as_of=as_of, settings=get_settings())
    con.close()
    return path


def requests() -> list[tuple[str, FigureRequest]]:
    """Every figure, unsplit and by each dimension it allows, on every month, quarter and year.

    By month and by year unsplit and by each dimension; by quarter unsplit. Quarter and year buckets
    are one code path (gdmetrics.figures.sql.month_key, the same query with another bucket), and a
    difference in the rebuilt data shows in its month and in its year, split as it is: splitting
    every quarter too (184 requests, twice) proved nothing more for the CI time it took.

    A snapshot figure (open at the period's end: backlog ageing, open complaints and escalations)
    depends only on the period's last day, and every quarter and year ends with a month: it is
    taken at every month's end unsplit and at every year's end by each dimension (every quarter's
    end before; the same query on another day). `at_risk` looks ahead from the data's as-of moment
    whatever the period: once per dimension."""
    out = []
    for figure in REGISTRY.values():
        splits = [()] + [(d,) for d in sorted(figure.dimensions) if d not in (*GRAINS, "day", "week")]
        if figure.compose is not None:
            splits = [()]  # it lists every standard and DVA itself
        if "month" in figure.dimensions:
            for grain in GRAINS:
                out += [
                    (figure.id, FigureRequest(date_from=FIRST, date_to=LAST, by=(grain, *s)))
                    for s in (splits if grain != "quarter" else [()])
                ]
            continue
        for year in (2004, 2005, 2006):
            for month in range(1, 13):
                first = dt.date(year, month, 1)
                last = (pd.Timestamp(first) + pd.offsets.MonthEnd(1)).date()
                for split in splits if month == 12 else [()]:
                    if figure.id == "at_risk" and (year, month) != (2006, 12):
                        continue
                    out.append((figure.id, FigureRequest(date_from=first, date_to=last, by=split)))
    return out


def figures(path: Path, wanted: list | None = None) -> dict[tuple[str, FigureRequest], pd.DataFrame]:
    with read_only(path) as con:
        return {(fid, req): _normal(compute(con, fid, req).frame) for fid, req in wanted or requests()}


def _normal(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reindex(sorted(frame.columns), axis=1)
    keys = [c for c in frame.columns if frame[c].dtype == object or c == "period"]
    return frame.sort_values(keys, na_position="first").reset_index(drop=True) if keys else frame


def differences(expected: dict, got: dict) -> list[str]:
    out = []
    for key, frame in expected.items():
        try:
            pd.testing.assert_frame_equal(got[key], frame, check_dtype=False, rtol=1e-9, atol=1e-9)
        except AssertionError as exc:
            fid, req = key
            out.append(f"{fid} by {req.by or 'nothing'} {req.date_from}..{req.date_to}: {str(exc)[:300]}")
    return out


@pytest.mark.slow
def test_every_figure_of_the_demo_comes_back_through_the_public_formats(
    demo_db_path: Path, rebuilt: Path, tmp_path: Path
) -> None:
    expected_db = as_the_formats_carry_it(demo_db_path, tmp_path)
    expected, got = figures(expected_db), figures(rebuilt)
    assert len(expected) > 600
    assert sum(len(f) for f in expected.values()) > 10_000  # real rows, not empty frames
    problems = differences(expected, got)
    assert not problems, f"{len(problems)} of {len(expected)} figures differ:\n" + "\n".join(problems[:20])

    # The loss is real, and no larger than said: the pauses before a ticket's latest.
    whole = FigureRequest(date_from=FIRST, date_to=LAST)
    with read_only(demo_db_path) as demo, read_only(expected_db) as carried:
        pauses = "SELECT count(*), count(DISTINCT ticket_id) FROM ticket_pause"
        (demo_pauses, paused), (kept, kept_tickets) = (
            demo.execute(pauses).fetchone(),
            carried.execute(pauses).fetchone(),
        )
        assert kept_tickets == paused and 0 < demo_pauses - kept < paused / 5
        assert compute(carried, "pattern_lead_time", whole).value is not None  # cases came back


# --- a small organisation through the Gegevens page ---------------------------------------------

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def small_org_files(tmp_path: Path) -> dict[str, Path]:
    """A small demo (1,000 tickets a year) in its public formats."""
    demo = tmp_path / "small.duckdb"
    build_demo(demo, DemoParams(seed=7, tickets_per_year=1_000))
    files = {"reference": tmp_path / "organisatie.xlsx", "tickets": tmp_path / "incidenten.csv"}
    assert main(["export-reference", "--db", str(demo), "--out", str(files["reference"])]) == 0
    assert main(["export-tickets", "--db", str(demo), "--out", str(files["tickets"])]) == 0
    for feed in FEEDS:
        files[feed] = tmp_path / f"{feed}.csv"
        assert main(["export-feed", "--db", str(demo), "--feed", feed, "--out", str(files[feed])]) == 0
    return files


def _load_through_the_page(db: Path, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Functioneel beheer on the Gegevens page: the workbook, the tickets, then each feed."""
    monkeypatch.setenv("GD_DB", str(db))
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "pages" / "gegevens.py"), default_timeout=120)
    at.session_state["user"] = access.Access("beheer@minbzk.nl", None, "beheer", None, "user_role")
    at.run()

    def upload(key: str, name: str, kind: str) -> None:
        uploader = next(u for u in at.get("file_uploader") if u.key == key)
        uploader.set_value((files[name].name, files[name].read_bytes(), kind))
        at.run()

    upload("geg_ref_upload", "reference", XLSX)
    at.button(key="geg_ref_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.selectbox(key="geg_profile").set_value("topdesk")
    upload("geg_upload", "tickets", CSV)
    at.button(key="geg_confirm").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    for feed in FEEDS:
        at.selectbox(key="geg_feed").set_value(feed)
        upload("geg_feed_upload", feed, CSV)
        at.button(key="geg_feed_go").click().run()
        assert not at.exception and not at.error, (feed, [e.value for e in at.error])
    st.cache_resource.clear()  # release the page's connection to the file
    get_settings.cache_clear()


@pytest.mark.slow
def test_a_small_organisation_loaded_on_the_gegevens_page_equals_the_cli(
    small_org_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_cli = tmp_path / "cli.duckdb"
    assert main(["import-reference", "--db", str(by_cli), str(small_org_files["reference"])]) == 0
    assert main(["import", "--db", str(by_cli), "--profile", "topdesk", str(small_org_files["tickets"])]) == 0
    for feed in FEEDS:
        assert main(["import-feed", "--db", str(by_cli), "--feed", feed, str(small_org_files[feed])]) == 0
    by_page = tmp_path / "page.duckdb"
    connect(by_page).close()  # an empty database, as `GD_DEMO=0` starts the app on
    _load_through_the_page(by_page, small_org_files, monkeypatch)

    with read_only(by_page) as con:
        counts = con.execute(
            "SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM cost), (SELECT count(*) FROM complaint)"
        ).fetchone()
    assert counts[0] >= 3_000 and counts[1] > 0 and counts[2] > 0, counts
    # every figure by every dimension it allows, per year (snapshots at each year's end)
    wanted = [
        (f, r) for f, r in requests() if r.grain == "year" or (r.grain is None and r.date_to.month == 12)
    ]
    expected, got = figures(by_cli, wanted), figures(by_page, wanted)
    problems = differences(expected, got)
    assert not problems, f"{len(problems)} of {len(expected)} figures differ:\n" + "\n".join(problems[:20])
