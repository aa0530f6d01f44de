"""The shared filters: the frame's sidebar, their mirror in the URL, and the captions naming them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from gdmetrics import formatting, text
from gdmetrics.filters import (
    FILTER_KEYS,
    DashboardFilters,
    FilterOptions,
    filters_from_query,
    period_choices,
)
from gdmetrics.periods import Period
from gdmetrics.text import N_
from pages.ui.cache import cached, options
from pages.ui.errors import guarded
from pages.ui.routing import rerun_through_frame
from pages.ui.signin import current_user
from pages.ui.text import lang, t

PERIOD_KINDS = ("month", "quarter", "year", "custom")
ALL = ""  # the "(alle)" choice of a filter; a real value is never empty
KIND_LABELS = {
    "month": N_("Maand"),
    "quarter": N_("Kwartaal"),
    "year": N_("Jaar"),
    "custom": N_("Eigen periode"),
}
FILTER_LABELS = {
    "directorate": N_("Directie GD"),
    "dg": N_("DG / derde"),
    "client": N_("Klant (directie)"),
    "product": N_("Product"),
    "channel": N_("Kanaal"),
}


def _sync_from_url(opts: FilterOptions) -> None:
    """On a session's first run (a fresh link), the URL decides every widget: the one time a run
    reads the link (gdmetrics.filters.filters_from_query)."""
    filters, notices = filters_from_query(st.query_params.to_dict(), opts)
    st.session_state["lang"] = filters.lang
    st.session_state["flt_kind"] = filters.kind
    st.session_state["flt_period"] = filters.period
    st.session_state["flt_range"] = (filters.date_from, filters.date_to)
    for key in FILTER_KEYS:
        st.session_state[f"flt_{key}"] = getattr(filters, key) or ALL
    st.session_state["flt_notices"] = notices
    st.session_state["flt_ready"] = True


@guarded
def shared_filters() -> DashboardFilters:
    """The frame's sidebar: language and filters; their state is mirrored into the URL. The
    widgets offer only valid values, so their choices become the filters as they are."""
    opts = options()
    if not st.session_state.get("flt_ready"):
        _sync_from_url(opts)
    # A widget's label is part of its identity: after a switch of language every filter would be
    # a new widget and fall back to its first choice (the period to the latest month). Values
    # set through the session state outlive their widget, so each run sets them once more.
    for key in ("flt_kind", "flt_period", "flt_range", *(f"flt_{k}" for k in FILTER_KEYS)):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    sb = st.sidebar
    sb.radio("Taal / Language", ("nl", "en"), key="lang", horizontal=True, format_func=str.upper)
    # Labels are fixed when the widget is made: a format_func that asked for the language later
    # (AppTest reads it outside the run) would compare options across languages.
    kinds = {k: t(KIND_LABELS[k]) for k in PERIOD_KINDS}
    kind = sb.selectbox(t("Periode"), PERIOD_KINDS, key="flt_kind", format_func=kinds.__getitem__)
    if kind == "custom":
        held = st.session_state.get("flt_range")
        if isinstance(held, tuple) and len(held) == 2:  # e.g. December's 31st, past the data's last day
            st.session_state["flt_range"] = opts.clamp(*held)
        chosen = sb.date_input(
            t("Van - tot en met"),
            key="flt_range",
            min_value=opts.first_day,
            max_value=opts.last_day,
            format="DD-MM-YYYY",
        )
        first, last = (
            (chosen + (chosen[0],))[:2] if isinstance(chosen, tuple) and chosen else (opts.first_day,) * 2
        )
        period = Period("custom", first, last)
    else:
        choices = period_choices(kind, opts)
        if st.session_state.get("flt_period") not in choices:
            st.session_state["flt_period"] = next(iter(choices))
        shown = {c: p.short_name(lang()) for c, p in choices.items()}
        picked = sb.selectbox(
            t(KIND_LABELS[kind]), list(choices), key="flt_period", format_func=shown.__getitem__
        )
        period = choices[picked]
    named = cached(text.reference_names, lang())  # directorates and products in the user's language
    names = {
        "directorate": {c: named["directorate"].get(c, n) for c, n in opts.directorates.items()},
        "dg": opts.dgs,
        "product": dict(
            sorted(((c, named["product"].get(c, n)) for c, n in opts.products.items()), key=lambda i: i[1])
        ),
        "channel": {c: text.code(lang(), "channel", c) for c in opts.channels},
    }
    dg = st.session_state.get("flt_dg")
    names["client"] = {c: n for c, n in opts.clients.items() if not dg or opts.client_dg.get(c) == dg}
    if st.session_state.get("flt_client") not in (ALL, *names["client"]):
        st.session_state["flt_client"] = ALL
    for key in FILTER_KEYS:
        shown = {ALL: t("(alle)"), **names[key]}
        sb.selectbox(
            t(FILTER_LABELS[key]),
            (ALL, *names[key]),
            key=f"flt_{key}",
            on_change=_chosen_in_sidebar,
            format_func=lambda c, n=shown: n.get(c, c),
        )
    values = {k: st.session_state.get(f"flt_{k}") for k in FILTER_KEYS}
    # the client scope comes from the user's role, never from the URL
    user = current_user()
    filters = DashboardFilters.chosen(period, values, lang(), user.scope, tuple(sorted(user.areas)))
    if st.query_params.to_dict() != filters.query_params():
        st.query_params.from_dict(filters.query_params())
    if notices := st.session_state.get("flt_notices"):  # one warning, each value cut short
        st.warning(
            t(
                "Ongeldige waarde in de link genegeerd: {notice}; standaard gebruikt.",
                notice="; ".join(notices),
            ),
            icon="⚠️",
        )
    return filters


def frame_filters() -> DashboardFilters:
    """The filters the frame (app.py) set for this run; a session that started on a page is
    first routed through the frame (pages.ui.routing)."""
    if "filters" not in st.session_state:
        rerun_through_frame()
    return st.session_state["filters"]


def choose_client() -> None:
    """The dossier's client picker writes the shared DG / client filters (and so the URL); the
    director's pages leave them aside until the user applies them there (pages.ui.frame)."""
    opts = options()
    code = st.session_state.get("dos_client")
    dg = opts.client_dg.get(code, code) if code else None
    st.session_state["flt_dg"] = dg or ALL
    st.session_state["flt_client"] = code if code and code != dg else ALL
    st.session_state["flt_from_dossier"] = bool(code)  # not on the director's pages unless asked


def _chosen_in_sidebar() -> None:
    st.session_state["flt_from_dossier"] = False


def client_picker(filters: DashboardFilters, opts: FilterOptions) -> str | None:
    """The dossier's client picker (it writes the shared DG / client filters, and so the link);
    the client chosen, or None (a DG of which the user holds only some directies is refused)."""
    code = filters.client or filters.dg
    if code and code not in opts.clients:
        st.warning(
            t("Het dossier van {name} omvat klanten buiten de uwe; kies een van uw klanten.", name=code)
        )
        code = None
    shown = dict(opts.clients)
    st.selectbox(
        t("Klant (DG, directie of derde)"),
        list(shown),
        index=list(shown).index(code) if code else None,
        key="dos_client",
        on_change=choose_client,
        format_func=shown.__getitem__,
        placeholder=t("kies een klant"),
    )
    return code


def period_caption(filters: DashboardFilters) -> str:
    first, last = filters.date_from, filters.date_to
    return f"{formatting.day_label(first, lang())} – {formatting.day_label(last, lang())}"


def as_of_caption(as_of: dt.datetime | None) -> str:
    if as_of is None:
        return ""
    return t("Gegevens tot en met ") + formatting.day_label(as_of.date(), lang())


def page_caption(filters: DashboardFilters, extra: str = "") -> None:
    """The period shown, and what the arrows on the cards compare with."""
    prev = filters.previous()
    st.caption(
        period_caption(filters)
        + " · "
        + t("pijltjes: verschil met ")
        + period_caption(prev)
        + (f" · {extra}" if extra else "")
    )
