"""Klantdossier: for an account manager before a talk with a DG, directie or third party: what
they used and what it cost, DVA performance line by line, open complaints and escalations,
quotes, channel mix, trends and the talking points that stand out."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, dossier, drilldown, presentation
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
names = ui.names()
st.title(t("Klantdossier", "Client dossier"))
code = filters.client or filters.dg
st.selectbox(
    t("Klant (DG, directie of derde)", "Client (DG, directorate or third party)"),
    list(opts.clients),
    index=list(opts.clients).index(code) if code else None,
    key="dos_client",
    on_change=ui.choose_client,
    format_func=lambda c: opts.clients[c],
    placeholder=t("kies een klant", "choose a client"),
)
if not code:
    st.info(
        t(
            "Kies een klant om het dossier te openen; de keuze staat ook in de link.",
            "Choose a client to open the dossier; the choice is kept in the link too.",
        )
    )
    st.stop()

client = ui.cached(dossier.profile, code, filters.date_to)
req, prev = filters.request(), filters.previous().request()
st.caption(
    ui.period_caption(filters)
    + " · "
    + t("accountmanager", "account manager")
    + f": {client.accountmanager}"
    + (f" ({client.accountmanager_email})" if client.accountmanager_email else "")
    + " · DVA: "
    + (", ".join(client.dvas) or t("geen", "none"))
)
ui.report_buttons("client_brief", code, filters.period)

volume, volume_before = ui.fig("ticket_volume", req).value, ui.fig("ticket_volume", prev).value
lines = dossier.line_performance(
    ui.cached(dossier.dva_lines, client.scope, req),
    ui.fig("resolution_within_norm", filters.request(by=("dva", "product"))).frame,
    ui.fig("ticket_volume", filters.request(by=("dva", "product"))).frame,
)
quotes = ui.cached(dossier.quotes, client.scope, req)
mix = ui.fig("channel_mix", req).frame
gd_mix = ui.fig("channel_mix", req.with_(where=())).frame
points = dossier.talking_points(
    lines,
    volume,
    volume_before,
    ui.cached(drilldown.count, "open_complaints", req),
    ui.cached(drilldown.count, "open_escalations", req),
    quotes,
    presentation.share_of(mix, "channel", "servicepagina"),
    presentation.share_of(gd_mix, "channel", "servicepagina"),
)
st.subheader(t("Gespreksonderwerpen", "Talking points"))
st.markdown(
    "\n".join(f"- {p[lang() == 'en']}" for p in points) or t("Niets bijzonders.", "Nothing stands out.")
)

HEADLINES = ("ticket_volume", "service_level_vs_target", "charges", "complaint_count", "escalation_count")
for col, figure_id in zip(st.columns(len(HEADLINES)), HEADLINES, strict=True):
    ui.metric(col, figure_id, req, prev)

st.subheader(t("Wat de klant afnam: basis, plus en maatwerk", "What the client used: basis, plus and custom"))
usage = ui.cached(dossier.usage_by_financing, req)
st.dataframe(presentation.financing_table(dossier.financing_totals(usage), usage, lang()), hide_index=True)
trend = presentation.trend_request(req, opts.first_day, months=12)
left, right = st.columns(2)
left.plotly_chart(
    charts.stacked_volume(
        ui.fig("charges", trend.with_(by=("month", "product"))).frame,
        "product",
        t("Verrekende plusdiensten per maand (€)", "Plus services charged per month (€)"),
        lang(),
        names["product"],
    ),
    width="stretch",
    key="dos_charges",
)
right.plotly_chart(
    charts.trend_with_target(
        ui.fig("service_level_vs_target", trend).frame,
        t(
            "Oplossing binnen norm per maand, tegen het DVA-doel",
            "Resolution within norm per month, against the DVA target",
        ),
        lang(),
        unit="share",
        target_label=t("DVA-doel", "DVA target"),
    ),
    width="stretch",
    key="dos_trend",
)

st.subheader(t("DVA-prestatie per regel", "DVA performance line by line"))
st.dataframe(presentation.dva_line_table(lines, lang()), hide_index=True)
left, right = st.columns(2)
left.plotly_chart(
    charts.mix_bars(mix, "channel", t("Kanaalmix van deze klant", "Channel mix of this client"), lang()),
    width="stretch",
    key="dos_mix",
)
right.markdown("**" + t("Offertes (maatwerk)", "Quotes (custom work)") + "**")
right.dataframe(presentation.quote_table(quotes, lang()), hide_index=True)

st.subheader(t("Klachten en escalaties in de periode", "Complaints and escalations in the period"))
ui.drill_table("complaint_count", req, key="dos_complaints")
ui.drill_table("escalation_count", req, key="dos_escalations")
choices = {ui.figure_label(fid): (fid, req) for fid in (*HEADLINES, "resolution_within_norm", "channel_mix")}
ui.drilldown_picker(choices, key="dos_drill")
