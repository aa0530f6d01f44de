"""Overzicht: the director's headline figures, red / amber / green per directorate, and the three
things that need attention most."""

from __future__ import annotations

import streamlit as st

from gdmetrics import attention, charts, formatting, presentation, rag
from gdmetrics.figures import REGISTRY
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
req, prev = filters.request(), filters.previous().request()
names = ui.names()

st.title(t("Overzicht"))
ui.page_caption(filters)
HEADLINES = tuple(  # cost figures only for a role that opens Efficiency (FigureRequest.may_read)
    tuple(fid for fid in row if req.may_read(REGISTRY[fid]))
    for row in (
        ("resolution_within_norm", "response_within_norm", "backlog", "complaints_per_1000"),
        ("efficiency_index", "service_level_index", "first_line_resolution", "escalation_count"),
    )
)
ui.missing_data(HEADLINES[0] + HEADLINES[1], core=("tickets",))
for row in HEADLINES:
    for col, figure_id in zip(st.columns(len(row)), row, strict=True):
        ui.metric(col, figure_id, req, prev)
ui.dropped_note(HEADLINES[0] + HEADLINES[1], req)

st.subheader(t("Wat vraagt nu de meeste aandacht"))
items = ui.cached(attention.needs_attention, req, names)
COLOURS = {"red": "red", "amber": "orange", "green": "green", None: "gray"}
for number, item in enumerate(items, start=1):
    title, detail = (formatting.markdown_escape(s) for s in (item.title(lang()), item.detail(lang())))
    said, button = st.columns([4, 1], vertical_alignment="center")  # [5, 1] cut the English label
    said.markdown(f":{COLOURS[item.status]}-badge[{number}] **{title}** — {detail}")
    button.button(
        t("Toon wat erachter zit"), key=f"ov_att_{number}", on_click=ui.toggle, args=("ov_att", number)
    )
if not items:
    st.info(t("Geen gegevens voor deze periode en filters."))
elif st.session_state.get("ov_att") in range(1, len(items) + 1):  # its rows, the failures first
    item = items[st.session_state["ov_att"] - 1]
    ui.drill_table(item.figure_id, req.with_(where=item.where), key="ov_att_rows")

st.subheader(t("Serviceniveau per directie GD"))
per_directorate = ui.fig("service_level_vs_target", filters.request(by=("directorate",)))
ui.chart(
    st,
    charts.bars(
        per_directorate.frame,
        "directorate",
        t("Welke directie haalt het doel ({legend})", legend=rag.legend(lang())),
        lang(),
        unit="share",
        names=names["directorate"],
        status=True,
    ),
    key="ov_bars",
)
st.dataframe(
    presentation.figure_table(per_directorate, "directorate", lang(), names["directorate"]), hide_index=True
)

choices = {ui.figure_label(fid): (fid, req) for row in HEADLINES for fid in row}
choices |= {
    f"{n}. {i.title(lang())}": (i.figure_id, req.with_(where=i.where)) for n, i in enumerate(items, 1)
}
choices |= {
    f"{ui.figure_label('service_level_vs_target')}: {names['directorate'].get(d, d)}": (
        "service_level_vs_target",
        req.with_(where=(*req.where, ("directorate", (d,)))),
    )
    for d in per_directorate.frame["directorate"].dropna()
}
ui.drilldown_picker(choices, key="ov_drill")
