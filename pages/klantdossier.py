"""Klantdossier: for an account manager before a talk with a DG, directie or third party: what
they used and what it cost, DVA performance line by line, open complaints and escalations,
quotes, channel mix, trends and the talking points that stand out."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, dossier, presentation
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
names = ui.names()
st.title(t("Klantdossier"))
ui.missing_data(kinds=("clients",), core=("clients",))
code = ui.client_picker(filters, opts)
if not code:
    st.info(t("Kies een klant om het dossier te openen; de keuze staat ook in de link."))
    st.stop()

d = ui.cached(
    dossier.read, code, filters.period, filters.client_scope, areas=filters.areas
)  # the same reading as the client brief
req = d.period.request(where=d.where, scope=filters.client_scope, areas=filters.areas)
prev = d.period.previous().request(where=d.where, scope=filters.client_scope, areas=filters.areas)
st.caption(d.heading(lang()))
if filters.directorate or filters.product or filters.channel:
    st.caption(
        t("Het dossier geldt voor de hele klant; de filters directie, product en kanaal tellen hier niet.")
    )
ui.report_buttons("client_brief", code, filters.period)
if d.no_data:
    st.info(t("Geen meldingen, klachten, escalaties of verrekeningen voor deze klant in deze periode."))
    st.stop()

st.subheader(t("Gespreksonderwerpen"))
st.markdown("\n".join(f"- {p.markdown(lang())}" for p in d.points))

HEADLINES = ("ticket_volume", "service_level_vs_target", "charges", "complaint_count", "escalation_count")
ui.missing_data(HEADLINES, kinds=("dvas", "quotes"))
for col, figure_id in zip(st.columns(len(HEADLINES)), HEADLINES, strict=True):
    ui.metric(col, figure_id, req, prev)

st.subheader(t("Wat de klant afnam: basis, plus en maatwerk"))
ui.summary_table(st, presentation.financing_table(d.financing, lang()), key="dos_financing")
trend = presentation.trend_request(req, opts.first_day, months=12)
left, right = st.columns(2)
ui.chart(
    left,
    charts.stacked_volume(
        ui.fig("charges", trend.with_(by=("month", "product"))).frame,
        "product",
        t("Verrekende plusdiensten per maand (€)"),
        lang(),
        names["product"],
    ),
    key="dos_charges",
)
ui.chart(
    right,
    charts.trend_with_target(
        ui.fig("service_level_vs_target", trend).frame,
        t("Oplossing binnen norm per maand, tegen het DVA-doel"),
        lang(),
        unit="share",
        target_label=t("DVA-doel"),
    ),
    key="dos_trend",
)

st.subheader(t("DVA-prestatie per regel, niet gehaalde eerst"))
lines = presentation.dva_line_table(d.lines, lang())
# the DVA and its client, when every line has the same, are named above the page's tables already
same = tuple(c for c in lines.columns[:2] if len(lines) > 1 and lines[c].nunique() == 1)
ui.summary_table(st, lines, key="dos_lines", hide=same)
ui.chart(
    st,
    charts.mix_bars(
        ui.fig("channel_mix", req).frame,
        "channel",
        t("Kanaalmix van deze klant"),
        lang(),
        names["channel"],
    ),
    key="dos_mix",
)
# the full width: six columns in half of it wrapped a quote's number and amount over lines
st.markdown("**" + t("Offertes (maatwerk)") + "**")
ui.summary_table(st, presentation.quote_table(d.quotes, lang()), key="dos_quotes")

st.subheader(t("Open klachten en escalaties aan het eind van de periode"))
ui.drill_table("open_complaints", req, key="dos_complaints")
ui.drill_table("open_escalations", req, key="dos_escalations")
choices = {ui.figure_label(fid): (fid, req) for fid in (*HEADLINES, "resolution_within_norm", "channel_mix")}
ui.drilldown_picker(choices, key="dos_drill")
