"""Streamlit-side helpers every page shares: the connection, language, filters and cached figures.

Not a page itself (app.py's navigation lists the pages); the only module besides the pages that
imports streamlit. Business logic stays in gdmetrics: this file only caches and renders.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from gdmetrics import formatting
from gdmetrics.db import open_dashboard_db
from gdmetrics.figures import FigureRequest, FigureResult, compute, get_figure
from gdmetrics.filters import (
    FILTER_KEYS,
    DashboardFilters,
    FilterOptions,
    filter_options,
    filters_from_query,
    parse_period,
    period_text,
)
from gdmetrics.settings import get_settings


def lang() -> str:
    return st.session_state.get("lang", st.query_params.get("lang", "nl"))


def t(nl: str, en: str) -> str:
    """The label in the user's language: every visible text goes through here."""
    return en if lang() == "en" else nl


@st.cache_resource(show_spinner=False)
def connection(path: str):
    """One DuckDB connection per process; every query takes its own cursor."""
    return open_dashboard_db(Path(path), get_settings())


def db():
    return connection(str(get_settings().db))


@st.cache_data(max_entries=1024, show_spinner=False)
def _figure(db_path: str, figure_id: str, request_json: str) -> tuple[pd.DataFrame, dict]:
    result = compute(connection(db_path), figure_id, FigureRequest.model_validate_json(request_json))
    return result.frame, result.meta


def figure(figure_id: str, req: FigureRequest) -> FigureResult:
    """A figure from the registry, cached by its plain request; the frame is a copy to keep."""
    frame, meta = _figure(str(get_settings().db), figure_id, req.model_dump_json())
    return FigureResult(get_figure(figure_id), req, frame.copy(), dict(meta))


@st.cache_data(max_entries=8, show_spinner=False)
def options(db_path: str) -> FilterOptions:
    return filter_options(connection(db_path))


PERIOD_KINDS = ("month", "quarter", "year", "custom")
KIND_LABELS = {
    "month": ("Maand", "Month"),
    "quarter": ("Kwartaal", "Quarter"),
    "year": ("Jaar", "Year"),
    "custom": ("Eigen periode", "Custom range"),
}
FILTER_LABELS = {
    "directorate": ("Directie GD", "GD directorate"),
    "dg": ("DG / derde", "DG / third party"),
    "client": ("Klant (directie)", "Client (directorate)"),
    "product": ("Product", "Product"),
    "channel": ("Kanaal", "Channel"),
}


def _period_choices(kind: str, opts: FilterOptions) -> list[str]:
    months = pd.period_range(opts.first_day, opts.last_day, freq="M")
    if kind == "month":
        return [f"{p.year}-{p.month:02d}" for p in reversed(months)]
    if kind == "quarter":
        return sorted({f"{p.year}-Q{p.quarter}" for p in months}, reverse=True)
    return sorted({str(p.year) for p in months}, reverse=True)


def _period_label(text: str) -> str:
    kind, first, _ = parse_period(text)
    if kind == "month":
        return formatting.month_label(first, lang())
    return text.replace("-Q", " K" if lang() == "nl" else " Q")


def _sync_from_url(opts: FilterOptions) -> None:
    """On a session's first run (a fresh link), the URL decides every widget."""
    filters, notices = filters_from_query(st.query_params.to_dict(), opts)
    st.session_state["lang"] = filters.lang
    st.session_state["flt_kind"] = filters.kind
    st.session_state["flt_period"] = filters.period
    st.session_state["flt_range"] = (filters.date_from, filters.date_to)
    for key in FILTER_KEYS:
        st.session_state[f"flt_{key}"] = getattr(filters, key)
    st.session_state["flt_notices"] = notices
    st.session_state["flt_ready"] = True


def shared_filters() -> DashboardFilters:
    """The frame's sidebar: language and filters; their state is mirrored into the URL."""
    opts = options(str(get_settings().db))
    if not st.session_state.get("flt_ready"):
        _sync_from_url(opts)
    sb = st.sidebar
    sb.radio("Taal / Language", ("nl", "en"), key="lang", horizontal=True, format_func=str.upper)
    kind = sb.selectbox(t("Periode", "Period"), PERIOD_KINDS, key="flt_kind",
                        format_func=lambda k: t(*KIND_LABELS[k]))  # fmt: skip
    if kind == "custom":
        chosen = sb.date_input(t("Van - tot en met", "From - to"), key="flt_range",
                               min_value=opts.first_day, max_value=opts.last_day, format="DD-MM-YYYY")  # fmt: skip
        first, last = (
            (chosen + (chosen[0],))[:2] if isinstance(chosen, tuple) and chosen else (opts.first_day,) * 2
        )
        period = period_text("custom", first, last)
    else:
        choices = _period_choices(kind, opts)
        if st.session_state.get("flt_period") not in choices:
            st.session_state["flt_period"] = choices[0]
        period = sb.selectbox(t(*KIND_LABELS[kind]), choices, key="flt_period", format_func=_period_label)
    names = {"directorate": opts.directorates, "dg": opts.dgs, "product": opts.products,
             "channel": dict(zip(opts.channels, opts.channels, strict=True))}  # fmt: skip
    dg = st.session_state.get("flt_dg")
    names["client"] = {c: n for c, n in opts.clients.items() if not dg or opts.client_dg.get(c) == dg}
    if st.session_state.get("flt_client") not in (None, *names["client"]):
        st.session_state["flt_client"] = None
    for key in FILTER_KEYS:
        sb.selectbox(t(*FILTER_LABELS[key]), (None, *names[key]), key=f"flt_{key}",
                     format_func=lambda c, n=names[key]: t("(alle)", "(all)") if c is None else n.get(c, c))  # fmt: skip
    params = {"period": period, "lang": lang()} | {
        k: st.session_state[f"flt_{k}"] for k in FILTER_KEYS if st.session_state.get(f"flt_{k}")
    }
    filters, _ = filters_from_query(params, opts)
    if st.query_params.to_dict() != filters.query_params():
        st.query_params.from_dict(filters.query_params())
    for notice in st.session_state.get("flt_notices", []):
        st.warning(t(f"Ongeldige waarde in de link genegeerd: {notice}; standaard gebruikt.",
                     f"Invalid value in the link ignored: {notice}; default used."), icon="⚠️")  # fmt: skip
    return filters


def period_caption(filters: DashboardFilters) -> str:
    first, last = filters.date_from, filters.date_to
    return f"{formatting.day_label(first, lang())} – {formatting.day_label(last, lang())}"


def as_of_caption(as_of: dt.datetime | None) -> str:
    if as_of is None:
        return ""
    return t("Gegevens tot en met ", "Data up to ") + formatting.day_label(as_of.date(), lang())
