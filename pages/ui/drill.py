"""The rows behind a figure: the picker, the formatted table, its downloads, a ticket's verdict."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gdmetrics import access, drilldown, explain, formatting, presentation
from gdmetrics.figures import FigureRequest, get_figure
from gdmetrics.filters import applicable
from gdmetrics.settings import get_settings
from pages.ui.cache import cached
from pages.ui.cards import names
from pages.ui.signin import current_user
from pages.ui.text import lang, t

SHOWN_ROWS = 1000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel of `frame`, made and audited only when clicked (gdmetrics.access.data_bytes)."""
    actor, log = current_user().email or "demo", get_settings().db
    left, right = st.columns(2)
    left.download_button(
        "CSV",
        lambda: access.data_bytes(frame, "csv", actor, name, access_log=log),
        f"{name}.csv",
        "text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Excel",
        lambda: access.data_bytes(frame, "xlsx", actor, name, access_log=log, sheet=name[:31]),
        f"{name}.xlsx",
        key=f"{key}_xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )


def drill_table(figure_id: str, req: FigureRequest, key: str) -> None:
    """The rows behind one figure: a formatted table, its downloads and, for tickets, the
    explanation of one ticket's verdict."""
    req, _ = applicable(req, get_figure(figure_id))
    drill = drilldown.drill_of(figure_id)
    kind = drill.kind
    frame = cached(drilldown.rows, figure_id, req)
    total = len(frame) if len(frame) < drilldown.ROW_LIMIT else cached(drilldown.count, figure_id, req)
    readable = presentation.readable_rows(frame, kind, lang(), drill.columns, names=names())
    shown = (
        t("; de eerste {SHOWN_ROWS} getoond, alle in de download", SHOWN_ROWS=SHOWN_ROWS)
        if total > SHOWN_ROWS
        else ""
    )
    st.caption((t("1 rij") if total == 1 else t("{n} rijen", n=formatting.number(total, lang()))) + shown)
    stamp = "DD-MM-YYYY HH:mm" if lang() == "nl" else "DD/MM/YYYY HH:mm"
    config = {
        c: st.column_config.DatetimeColumn(c, format=stamp)
        for c in readable.columns
        if pd.api.types.is_datetime64_any_dtype(readable[c])
    }
    config |= {c: st.column_config.NumberColumn(c, format="%.1f") for c in presentation.hours_columns(lang())}
    config |= {
        c: st.column_config.NumberColumn(c, format="€ %.2f") for c in presentation.euro_columns(lang())
    }
    # in a box of its own: a list of rows may scroll sideways inside its frame (the browser walk
    # tells it from a summary table by this key)
    # a missing moment (an open complaint's "Afgehandeld") as the dash every other table shows,
    # not the grid's English "None"
    st.container(key=f"gd_rows_{key}").dataframe(
        readable.head(SHOWN_ROWS), hide_index=True, column_config=config, key=f"{key}_table", placeholder="–"
    )
    downloads(readable, f"{figure_id}_{req.date_from}_{req.date_to}", key)
    if kind == "tickets" and len(frame):
        ticket = st.selectbox(
            t("Leg het oordeel uit voor melding"),
            frame["ticket_id"].head(SHOWN_ROWS),
            index=None,
            key=f"{key}_explain",
            placeholder=t("kies een melding"),
        )
        if ticket:
            st.code(
                explain.explain_text(
                    cached(
                        explain.explain_ticket,
                        ticket,
                        current_user().scope,
                        tuple(sorted(current_user().areas)),
                    ),
                    lang(),
                ),
                language=None,
            )


def drilldown_picker(choices: dict[str, tuple[str, FigureRequest]], key: str = "drill") -> None:
    """'Show the rows behind': the page's figures to choose from; nothing is read until chosen."""
    st.subheader(t("Achter de cijfers"))
    choice = st.selectbox(
        t("Toon de meldingen, klachten, escalaties of kosten achter"),
        list(choices),
        index=None,
        key=key,
        placeholder=t("kies een cijfer"),
    )
    if choice:
        drill_table(*choices[choice], key=key)


def toggle(key: str, value: object) -> None:
    """A button's callback: show `value` under `key` (e.g. which attention item's rows), or
    hide it when it is already shown."""
    st.session_state[key] = None if st.session_state.get(key) == value else value
