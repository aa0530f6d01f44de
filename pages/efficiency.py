"""Efficiency: the 20% goal. Index per directorate and in total against the target path to the
target date, the forecast, and the service-level index beside it; cost per ticket."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gdmetrics import charts, formatting, presentation
from gdmetrics.settings import get_settings
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
settings = get_settings()
req, prev = filters.request(), filters.previous().request()
names = ui.names()
baseline = pd.Timestamp(settings.baseline_year, 1, 1).date()

st.title(t("Efficiency: op weg naar 20% bij gelijk serviceniveau"))
ui.page_caption(
    filters,
    t(
        "basisjaar {year} = 100; doelpad van 100 op {start} (eind basisjaar) naar {target} op {day}; "
        "formatie en materieel budget elk tegen hun eigen basis",
        year=settings.baseline_year,
        start=formatting.day_label(pd.Timestamp(settings.baseline_year + 1, 1, 1).date(), lang()),
        target=formatting.number(100 - settings.efficiency_target_pct, lang()),
        day=formatting.day_label(settings.target_date, lang()),
    ),
)
HEADLINES = ("efficiency_index", "service_level_index", "cost_per_ticket")
ui.missing_data(HEADLINES, core=("costs",))
cols = st.columns(4)
for col, figure_id in zip(cols, HEADLINES, strict=False):
    ui.metric(col, figure_id, req, prev)
history_req = req.with_(date_from=baseline, by=("month",))
index = ui.fig("efficiency_index", history_req)
forecast = index.meta.get("forecast_at_target_date", {}).get("GD")
cols[3].metric(
    t("Prognose op doeldatum"),
    formatting.number(forecast, lang(), 1),
    help=t("Rechte lijn door de maandelijkse index na het basisjaar."),
    border=True,
)
ui.dropped_note(HEADLINES, req)
parts, missing = presentation.efficiency_parts(ui.fig("efficiency_index", req), lang())
if parts:
    st.caption(parts)
if missing:
    st.warning(missing)

service = ui.fig("service_level_index", history_req)
verdict = (
    t("is er nog niet (te weinig maanden na het basisjaar)")  # nothing forecast is no verdict
    if forecast is None
    else t("haalt het doel")
    if forecast <= 100 - settings.efficiency_target_pct
    else t("haalt het doel niet in dit tempo")
)
ui.chart(
    st,
    charts.efficiency_chart(
        index.frame,
        service.frame,
        t(
            "Efficiency-index tegen het doelpad: de prognose {verdict}; het serviceniveau blijft rond 100",
            verdict=verdict,
        ),
        lang(),
        labels={
            "index": t("Efficiency-index"),
            "path": t("Doelpad"),
            "forecast": t("Prognose"),
            "service": t("Serviceniveau-index"),
        },
        target_date=pd.Timestamp(settings.target_date),
        target_value=100 - settings.efficiency_target_pct,
        forecast_value=forecast,
    ),
    key="eff_chart",
)

st.subheader(t("Per directie GD"))
by_dir_req = filters.request(by=("directorate",))
per_dir = ui.fig("efficiency_index", by_dir_req)
per_dir_forecast = ui.fig("efficiency_index", req.with_(date_from=baseline, by=("month", "directorate")))
ui.summary_table(
    st,
    presentation.efficiency_table(
        per_dir,
        ui.fig("service_level_index", by_dir_req),
        per_dir_forecast.meta.get("forecast_at_target_date", {}),
        lang(),
        names["directorate"],
    ),
    key="eff_per_dir",
)

st.subheader(t("Kosten per melding"))
cost = ui.fig("cost_per_ticket", presentation.trend_request(req, baseline, months=36))
ui.chart(
    st,
    charts.trend_with_target(
        cost.frame,
        t("Kosten per melding per maand: dalende kosten zijn pas winst als het volume niet meer daalt"),
        lang(),
        unit="euro",
    ),
    key="eff_cost",
)

choices = {ui.figure_label(fid): (fid, req) for fid in HEADLINES}
choices |= {
    f"{ui.figure_label('efficiency_index')}: {names['directorate'].get(d, d)}": (
        "efficiency_index",
        req.with_(where=(("directorate", (d,)),)),
    )
    for d in per_dir.frame["directorate"]
}
ui.drilldown_picker(choices, key="eff_drill")
