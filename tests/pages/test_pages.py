"""Every page through AppTest: filters set through the URL, values checked against the registry
for the same filters, and the language switch."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics import dossier, drilldown, formatting, presentation, rag
from gdmetrics.figures import compute
from gdmetrics.filters import filter_options, filters_from_query
from tests.pages.conftest import APP


def filters_for(con, **params):
    filters, notices = filters_from_query(params, filter_options(con))
    assert not notices
    return filters


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def value(con, figure_id, req, lang="nl") -> str:
    result = compute(con, figure_id, req)
    suffix = {"hours": " uur"}.get(result.figure.unit, "")
    return formatting.value(result.value, result.figure.unit, lang) + suffix


def switch_to_english(at):
    """The language radio, as the sidebar sets it. (AppTest drops sidebar widgets from its tree
    after the first run of an app with st.navigation, so the test sets the radio's state.)"""
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    return at


def test_overzicht_shows_registry_headlines_attention_and_switches_language(run_page, con):
    params = {"period": "2006-Q4", "directorate": "FB"}
    at = run_page("pages/overzicht.py", **params)
    f = filters_for(con, **params)
    shown = metrics(at)
    for figure_id, label in (
        ("resolution_within_norm", "Oplossing binnen norm"),
        ("backlog", "Werkvoorraad"),
        ("efficiency_index", "Efficiency-index"),
    ):
        req = (
            f.request()
            if figure_id != "efficiency_index"
            else f.request().with_(where=(("directorate", ("FB",)),))
        )
        assert shown[label] == value(con, figure_id, req)
    attention = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(attention) == 3
    table = at.dataframe[0].value
    expected = compute(con, "service_level_vs_target", f.request(by=("directorate",))).frame
    assert list(table["Serviceniveau t.o.v. doel"]) == [formatting.percent(v) for v in expected["value"]]
    switch_to_english(at)
    assert at.title[0].value == "Overview"
    assert metrics(at)["Resolution within norm"] == value(con, "resolution_within_norm", f.request(), "en")
    linked = AppTest.from_file(APP, default_timeout=60)  # a link with lang=en opens in English
    linked.query_params.update({**params, "lang": "en"})
    linked.run()
    assert linked.title[0].value == "Overview" and linked.radio(key="lang").value == "en"
    assert metrics(linked)["Resolution within norm"] == value(
        con, "resolution_within_norm", f.request(), "en"
    )


def test_overzicht_drill_down_lists_the_tickets_behind_the_figure(run_page, con):
    at = run_page("pages/overzicht.py", period="2006-11")
    f = filters_for(con, period="2006-11")
    at.selectbox(key="ov_drill").select("Oplossing binnen norm").run()
    assert not at.exception
    rows = at.dataframe[-1].value
    expected = compute(con, "resolution_within_norm", f.request()).frame
    total = int(expected["denominator"].iloc[0])
    assert f"{formatting.number(total)} rijen" in at.caption[-1].value or any(
        c.value.startswith(formatting.number(total) + " rijen") for c in at.caption
    )
    assert len(rows) == min(total, 1000)
    assert set(rows["Oordeel"]) <= {"✔ binnen norm", "✖ buiten norm"}
    assert (rows["Oordeel"] == "✖ buiten norm").sum() == min(total - int(expected["numerator"].iloc[0]), 1000)
    ticket = rows["Melding"].iloc[0]
    at.selectbox(key="ov_drill_explain").select(ticket).run()
    assert ticket in at.code[0].value and "Oplosnorm" in at.code[0].value


def test_serviceniveaus_per_client_heatmap_and_at_risk(run_page, con):
    params = {"period": "2006-12", "dg": "DGV"}
    at = run_page("pages/serviceniveaus.py", **params)
    f = filters_for(con, **params)
    assert metrics(at)["Reactie binnen norm"] == value(con, "response_within_norm", f.request())
    at.segmented_control(key="sl_dim").set_value("client").run()
    table = at.dataframe[0].value
    expected = compute(con, "service_level_vs_target", f.request(by=("client",))).frame
    assert len(table) == len(expected)
    assert sorted(table["Serviceniveau t.o.v. doel"]) == sorted(
        formatting.percent(v) for v in expected["value"]
    )
    risk = drilldown.count(con, "at_risk", f.request())
    assert any(c.value.startswith(f"{risk} open meldingen") for c in at.caption)
    switch_to_english(at)
    assert at.title[0].value == "Service levels"


def test_efficiency_index_and_forecast_per_directorate(run_page, con):
    params = {"period": "2006", "directorate": "ICT"}
    at = run_page("pages/efficiency.py", **params)
    f = filters_for(con, **params)
    shown = metrics(at)
    assert shown["Efficiency-index"] == value(con, "efficiency_index", f.request())
    assert shown["Kosten per melding"] == value(con, "cost_per_ticket", f.request())
    table = at.dataframe[0].value
    assert list(table["Directie GD"]) == ["Informatie- en Communicatietechnologie"]
    # the same cells as a plain table for a screen (the grid is shown on a phone: pages.ui.tables)
    plain = next(t.value for t in at.table if "Directie GD" in t.value.columns)
    assert plain.reset_index(drop=True).equals(table.reset_index(drop=True))
    switch_to_english(at)
    assert "Efficiency index" in metrics(at)


def test_klachten_counts_and_legal_term(run_page, con):
    params = {"period": "2006", "dg": "SG"}
    at = run_page("pages/klachten.py", **params)
    f = filters_for(con, **params)
    shown = metrics(at)
    assert shown["Aantal klachten"] == value(con, "complaint_count", f.request())
    assert shown["Klachten binnen wettelijke termijn"] == value(
        con, "complaints_within_legal_term", f.request()
    )
    switch_to_english(at)
    assert at.title[0].value == "Complaints"


def test_escalaties_counts_and_open_ones(run_page, con):
    params = {"period": "2006-Q4"}
    at = run_page("pages/escalaties.py", **params)
    f = filters_for(con, **params)
    shown = metrics(at)
    assert shown["Aantal SIA-escalaties"] == value(con, "escalation_count", f.request())
    open_now = drilldown.count(con, "open_escalations", f.request())
    assert shown["Open aan het eind van de periode"] == formatting.number(open_now)
    assert len(at.dataframe[0].value) == open_now
    switch_to_english(at)
    assert at.title[0].value == "SIA escalations"


@pytest.mark.parametrize(
    "params", [{"dg": "JUS"}, {"dg": "DGV", "client": "DGV-POL"}], ids=["derde", "directie"]
)
def test_klantdossier_for_a_third_party_and_a_directie(run_page, con, params):
    params = {"period": "2006-Q4", **params}
    at = run_page("pages/klantdossier.py", **params)
    f = filters_for(con, **params)
    code = f.client or f.dg
    shown = metrics(at)
    assert shown["Aantal meldingen"] == value(con, "ticket_volume", f.request())
    assert shown["Verrekening plusdiensten"] == value(con, "charges", f.request())
    reading = dossier.read(con, code, f.period)
    assert reading.profile.accountmanager in at.caption[0].value
    dva_table = next(d.value for d in at.dataframe if "Afgesproken" in d.value.columns)
    assert len(dva_table) == len(reading.lines)
    assert at.markdown[0].value.startswith("- ")  # talking points
    switch_to_english(at)
    assert at.title[0].value == "Client dossier"


def test_klantdossier_picker_writes_the_shared_filters(run_page):
    """The picker sets the sidebar's DG and client (and so the link). AppTest drops sidebar widget
    state after the first run, so the page itself is checked in the browser test."""
    at = run_page("pages/klantdossier.py", period="2006-Q4")
    assert at.info  # asks for a client
    at.selectbox(key="dos_client").select("DGV-POL").run()
    assert not at.exception
    assert at.session_state["flt_dg"] == "DGV" and at.session_state["flt_client"] == "DGV-POL"


def test_mantelrapportage_lists_every_standard_and_dva(run_page, con):
    at = run_page("pages/mantelrapportage.py", period="2005-Q1")
    f = filters_for(con, period="2005-Q1")
    frame = compute(con, "mantel_performance", f.request()).frame
    standards = frame[frame["subject_kind"] == "mantel_standard"]
    assert metrics(at)["Mantelnormen gehaald"] == f"{int(standards['met'].eq(True).sum())} / {len(standards)}"
    table = next(d.value for d in at.dataframe if "Code" in d.value.columns)  # the history
    assert list(table["Status"]) == [rag.label(s, "nl") for s in frame["rag"]]
    missed = frame[frame["rag"].isin(["amber", "red"])]
    # this period against the last, the history, then one culprit table per miss
    assert len(at.dataframe) == 2 + len(missed)
    switch_to_english(at)
    assert at.title[0].value == "Framework agreement report"


def test_catalogus_lists_every_product(run_page, con):
    at = run_page("pages/catalogus.py", directorate="FAZ")
    count = con.execute("SELECT count(*) FROM product WHERE directorate_code = 'FAZ'").fetchone()[0]
    assert metrics(at)["Producten"] == str(count)
    assert len(at.dataframe[0].value) == count
    switch_to_english(at)
    assert at.title[0].value == "Catalogue (iPDC)"


def test_invalid_link_gives_a_notice_and_falls_back(app_env, con):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"period": "2006-13", "directorate": "XYZ", "lang": "fr"})
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "2006-13" in warnings and "XYZ" in warnings
    assert at.query_params["period"] == filter_options(con).default_period
    assert "directorate" not in at.query_params


def test_trend_window_starts_at_the_data(con):
    f = filters_for(con, period="2004-03")
    req = presentation.trend_request(f.request(), filter_options(con).first_day, months=24)
    assert req.date_from == dt.date(2004, 1, 1) and req.by == ("month",)
