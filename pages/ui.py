"""Streamlit-side helpers every page shares: the connection, language, filters and cached figures.

Not a page itself (app.py's navigation lists the pages); the only module besides the pages that
imports streamlit. Business logic stays in gdmetrics: this file only caches and renders.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from gdmetrics import access, drilldown, explain, export, formatting, periods, presentation
from gdmetrics.access import Access
from gdmetrics.db import open_dashboard_db
from gdmetrics.figures import REGISTRY, FigureRequest, FigureResult, compute, get_figure
from gdmetrics.filters import (
    FILTER_KEYS,
    DashboardFilters,
    FilterOptions,
    applicable,
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
def _all_options(db_path: str) -> FilterOptions:
    return filter_options(connection(db_path))


def options(db_path: str) -> FilterOptions:
    """The filter choices this user may pick: an account manager's own clients only."""
    return access.restrict_options(_all_options(db_path), current_user().scope)


PERIOD_KINDS = ("month", "quarter", "year", "custom")
ALL = ""  # the "(alle)" choice of a filter; a real value is never empty
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
    return periods.short_name(kind, first, lang())


def _sync_from_url(opts: FilterOptions) -> None:
    """On a session's first run (a fresh link), the URL decides every widget."""
    filters, notices = filters_from_query(st.query_params.to_dict(), opts)
    st.session_state["lang"] = filters.lang
    st.session_state["flt_kind"] = filters.kind
    st.session_state["flt_period"] = filters.period
    st.session_state["flt_range"] = (filters.date_from, filters.date_to)
    for key in FILTER_KEYS:
        st.session_state[f"flt_{key}"] = getattr(filters, key) or ALL
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
    if st.session_state.get("flt_client") not in (ALL, *names["client"]):
        st.session_state["flt_client"] = ALL
    for key in FILTER_KEYS:
        sb.selectbox(t(*FILTER_LABELS[key]), (ALL, *names[key]), key=f"flt_{key}",
                     format_func=lambda c, n=names[key]: t("(alle)", "(all)") if c == ALL else n.get(c, c))  # fmt: skip
    params = {"period": period, "lang": lang()} | {
        k: st.session_state[f"flt_{k}"] for k in FILTER_KEYS if st.session_state.get(f"flt_{k}")
    }
    filters, _ = filters_from_query(params, opts)
    filters = filters.model_copy(update={"client_scope": current_user().scope})  # never from the URL
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


# --- helpers the pages share (issue 4): cached page data, headline cards, drill-down, downloads ----


@st.cache_data(max_entries=512, show_spinner=False)
def _call(db_path: str, module: str, name: str, args: tuple, kwargs: tuple) -> object:
    return getattr(importlib.import_module(module), name)(connection(db_path), *args, **dict(kwargs))


def cached(func, *args, **kwargs):
    """`func(con, *args, **kwargs)` from gdmetrics, cached by its plain arguments."""
    return _call(
        str(get_settings().db), func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items()))
    )


def fig(figure_id: str, req: FigureRequest) -> FigureResult:
    """`figure` without the filters this figure cannot take (e.g. costs per client)."""
    req, _ = applicable(req, get_figure(figure_id))
    return figure(figure_id, req)


def dropped_note(figure_ids: tuple[str, ...], req: FigureRequest) -> None:
    """One caption naming the filters some figures on this page cannot take."""
    dropped = {d for fid in figure_ids for d in applicable(req, get_figure(fid))[1]}
    if dropped:
        words = ", ".join(t(*FILTER_LABELS[d]).lower() for d in sorted(dropped) if d in FILTER_LABELS)
        st.caption(t(f"Niet elk cijfer kan worden gefilterd op {words}; die cijfers tonen het geheel.",
                     f"Not every figure can be filtered by {words}; those figures show the whole."))  # fmt: skip


def names() -> dict[str, dict[str, str]]:
    """Display names of every code a table may show, by dimension."""
    opts = options(str(get_settings().db))
    return {"directorate": opts.directorates, "client": opts.clients, "dg": opts.clients,
            "product": opts.products, "channel": {}}  # fmt: skip


def metric(col, figure_id: str, req: FigureRequest, previous: FigureRequest | None = None) -> None:
    """A headline card: value, change against the previous period, target with its status."""
    current = fig(figure_id, req)
    before = fig(figure_id, previous) if previous is not None else None
    card = presentation.headline(current, before, lang())
    col.metric(card.label, card.value, delta=card.delta, delta_color=presentation.delta_colour(figure_id),
               help=card.help, border=True)  # fmt: skip
    if card.target:
        col.caption(card.target)


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel of `frame`, made only when clicked (formula injection neutralised)."""
    left, right = st.columns(2)
    left.download_button("CSV", lambda: export.to_csv_bytes(frame), f"{name}.csv", "text/csv", key=f"{key}_csv",
                         on_click="ignore", icon=":material/download:")  # fmt: skip
    right.download_button("Excel", lambda: export.to_excel_bytes(frame, name), f"{name}.xlsx", key=f"{key}_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", icon=":material/download:")  # fmt: skip


SHOWN_ROWS = 1000


def drill_table(figure_id: str, req: FigureRequest, key: str) -> None:
    """The rows behind one figure: a formatted table, its downloads and, for tickets, the
    explanation of one ticket's verdict."""
    req, _ = applicable(req, get_figure(figure_id)) if figure_id in REGISTRY else (req, ())
    kind = drilldown.kind_of(figure_id)
    frame = cached(drilldown.rows, figure_id, req)
    total = len(frame) if len(frame) < drilldown.ROW_LIMIT else cached(drilldown.count, figure_id, req)
    readable = presentation.readable_rows(frame, kind, lang(), at_risk=figure_id == "at_risk")
    st.caption(t(f"{formatting.number(total, 'nl')} rijen", f"{formatting.number(total, 'en')} rows")
               + (t(f"; de eerste {SHOWN_ROWS} getoond, alle in de download", f"; first {SHOWN_ROWS} shown, all in the download")
                  if total > SHOWN_ROWS else ""))  # fmt: skip
    stamp = "DD-MM-YYYY HH:mm" if lang() == "nl" else "DD/MM/YYYY HH:mm"
    config = {c: st.column_config.DatetimeColumn(c, format=stamp) for c in readable.columns
              if pd.api.types.is_datetime64_any_dtype(readable[c])}  # fmt: skip
    config |= {c: st.column_config.NumberColumn(c, format="%.1f") for c in presentation.hours_columns(lang())}
    config |= {
        c: st.column_config.NumberColumn(c, format="€ %.2f") for c in presentation.euro_columns(lang())
    }
    st.dataframe(readable.head(SHOWN_ROWS), hide_index=True, column_config=config, key=f"{key}_table")
    downloads(readable, f"{figure_id}_{req.date_from}_{req.date_to}", key)
    if kind == "tickets" and len(frame):
        ticket = st.selectbox(t("Leg het oordeel uit voor melding", "Explain the verdict of ticket"),
                              frame["ticket_id"].head(SHOWN_ROWS), index=None, key=f"{key}_explain",
                              placeholder=t("kies een melding", "choose a ticket"))  # fmt: skip
        if ticket:
            st.code(
                explain.explain_text(cached(explain.explain_ticket, ticket, current_user().scope), lang()),
                language=None,
            )


def drilldown_picker(choices: dict[str, tuple[str, FigureRequest]], key: str = "drill") -> None:
    """'Show the rows behind': the page's figures to choose from; nothing is read until chosen."""
    st.subheader(t("Achter de cijfers", "Behind the figures"))
    choice = st.selectbox(t("Toon de meldingen, klachten, escalaties of kosten achter",
                            "Show the tickets, complaints, escalations or costs behind"),
                          list(choices), index=None, key=key, placeholder=t("kies een cijfer", "choose a figure"))  # fmt: skip
    if choice:
        drill_table(*choices[choice], key=key)


def figure_label(figure_id: str) -> str:
    return get_figure(figure_id).label(lang())


def settings_db() -> str:
    return str(get_settings().db)


def choose_client() -> None:
    """The dossier's client picker writes the shared DG / client filters (and so the URL)."""
    opts = options(settings_db())
    code = st.session_state.get("dos_client")
    dg = opts.client_dg.get(code, code) if code else None
    st.session_state["flt_dg"] = dg or ALL
    st.session_state["flt_client"] = code if code and code != dg else ALL


def report_buttons(kind: str, subject: str | None, period: str) -> None:
    """PDF and Excel of the printable report, built only when clicked (gdmetrics.reports)."""
    try:
        from gdmetrics import reports
    except ImportError:
        reports = None
    if not hasattr(reports, "build_mantel_report"):
        st.caption(
            t(
                "Rapporten (PDF/Excel) zijn nog niet beschikbaar.",
                "Reports (PDF/Excel) are not available yet.",
            )
        )
        return
    con, language, user = db(), lang(), current_user()

    def build(fmt: str):
        # Built and audited when clicked, only within the user's clients (gdmetrics.access).
        return lambda: access.report_bytes(con.cursor(), user, kind, subject, period, fmt, language)

    name = f"{kind}_{subject + '_' if subject else ''}{period}"
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("PDF", build("pdf"), f"{name}.pdf", "application/pdf", key=f"{kind}_pdf",
                         on_click="ignore", icon=":material/picture_as_pdf:", type="primary")  # fmt: skip
    right.download_button("Excel", build("xlsx"), f"{name}.xlsx", key=f"{kind}_xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/table:")  # fmt: skip


def frame_filters() -> DashboardFilters:
    """The filters the frame (app.py) set for this run. On a fresh server Streamlit runs the
    first session's page straight from the pages/ folder (its old multipage mode, decided before
    app.py has called st.navigation); then rerun, so the frame runs and routes to this page."""
    if "filters" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["filters"]


def page_caption(filters: DashboardFilters, extra: str = "") -> None:
    """The period shown, and what the arrows on the cards compare with."""
    prev = filters.previous()
    st.caption(period_caption(filters) + " · " + t("pijltjes: verschil met ", "arrows: change against ")
               + period_caption(prev) + (f" · {extra}" if extra else ""))  # fmt: skip


# --- sign-in and roles (issue 7). Which rows a user sees is the client scope in every request;
# the gate decides the user, and navigation only hides pages their role cannot open. ---


def auth_configured() -> bool:
    """Sign-in is on when secrets.toml has an [auth] section; without one the app is the open demo."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all (StreamlitSecretNotFoundError)
        return False


def current_user() -> Access:
    """The user the frame signed in for this session; nobody (no role, no clients) before that."""
    return st.session_state.get("user") or Access("", None, None, (), "none")


ROLE_LABELS = {"directeur": ("directeur GD", "GD director"), "psg": ("PSG (opdrachtgever)", "PSG (principal)"),
               "accountmanager": ("accountmanager", "account manager"), "beheer": ("functioneel beheer", "administrator"),
               access.DEMO: ("demo, zonder inlog", "demo, no sign-in")}  # fmt: skip


def sign_in() -> Access:
    """The frame's gate: without [auth] the open demo (with a banner); with it, a sign-in through
    the OIDC provider, the role from the database, and no data at all without a role."""
    if not auth_configured():
        st.session_state["user"] = access.demo_access()
        st.warning(t("Demomodus: er is geen inlog ingesteld, dus iedereen ziet alle gegevens. Stel een "
                     "OpenID Connect-provider in (README: Inloggen en rollen) voordat echte gegevens worden geladen.",
                     "Demo mode: no sign-in is configured, so everyone sees all data. Configure an OpenID "
                     "Connect provider (README: Inloggen en rollen) before loading real data."), icon=":material/science:")  # fmt: skip
        return st.session_state["user"]
    if not st.user.is_logged_in:
        st.session_state.pop("user", None)
        st.title("GD Dashboard")
        st.info(t("Log in met uw account van het ministerie om het dashboard te zien.",
                  "Sign in with your ministry account to see the dashboard."))  # fmt: skip
        named = [k for k, v in st.secrets["auth"].items() if hasattr(v, "keys")]
        st.button(t("Inloggen", "Sign in"), on_click=st.login, args=(named[0] if len(named) == 1 else None,),
                  type="primary", icon=":material/login:", key="auth_login")  # fmt: skip
        st.stop()
    user = access.resolve(db(), st.user.get("email"), st.user.get("name"))
    st.session_state["user"] = user
    if st.session_state.get("auth_audited") != user.email:  # once per session
        access.audit(
            db(),
            user.email or f"sub:{st.user.get('sub')}",
            "sign_in",
            f"role={user.role or '-'} via {user.source}",
        )
        st.session_state["auth_audited"] = user.email
    role = t(*ROLE_LABELS[user.role]) if user.role else t("geen rol", "no role")
    st.sidebar.caption(f"{user.name or user.email} · {role}")
    st.sidebar.button(
        t("Uitloggen", "Sign out"), on_click=st.logout, icon=":material/logout:", key="auth_logout"
    )
    if user.role is None:
        st.title("GD Dashboard")
        st.warning(t(f"U bent ingelogd als {user.email or 'onbekend'}, maar u hebt nog geen rol in het dashboard. "
                     "Vraag functioneel beheer van de GD om u een rol te geven.",
                     f"You are signed in as {user.email or 'unknown'}, but you have no role in the dashboard yet. "
                     "Ask the GD's administrators to give you one."), icon=":material/lock:")  # fmt: skip
        st.stop()
    return user


def require_area(area: str) -> Access:
    """For a page that reads no shared filters: the frame's gate must have run (see
    frame_filters), and the user's role must open `area`; otherwise a message and nothing else."""
    if "user" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    user = current_user()
    if not user.may(area):
        st.error(t("Deze pagina is alleen voor functioneel beheer.", "This page is for administrators only."))
        st.stop()
    return user
