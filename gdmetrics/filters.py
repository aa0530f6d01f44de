"""The dashboard's shared filters: period, directorate, DG / client, product, channel.

They travel in the URL as plain text (`?period=2006-12&directorate=ICT`). A link is read once,
on a session's first run: its text passes one pydantic model (`FilterQuery`) and is checked
once against the values the database offers (`filters_from_query`; a bad value gives a notice
and falls back to the default, never an error; a period the data does not cover, or a custom
range past its first or last day, is a bad value too; a notice names at most `NOTICE_CHARS`
characters of the value). After that the sidebar's widgets, which offer
only valid values, give the filters directly (`DashboardFilters.chosen`), and the URL is only
written as their mirror. `DashboardFilters.request` makes the `FigureRequest` every figure
takes; its filters reach SQL as bound values (gdmetrics.figures.sql.filter_clauses).

Periods are named and parsed by gdmetrics.periods; this module only offers them as choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
from pydantic import BaseModel, ConfigDict

from gdmetrics.figures import Figure, FigureRequest
from gdmetrics.periods import Period, period_text, previous_period
from gdmetrics.sla import data_as_of

FILTER_KEYS = ("directorate", "dg", "client", "product", "channel")
LANGS = ("nl", "en")
NOTICE_CHARS = 60  # a notice names at most this much of a bad value (a link may carry 10,000)


def _notice(key: str, value: str) -> str:
    """`key='value'` for a notice, the value cut short so a crafted link cannot fill the page."""
    shown = value if len(value) <= NOTICE_CHARS - len(key) - 4 else value[: NOTICE_CHARS - len(key) - 5] + "…"
    return f"{key}={shown!r}"


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter may take, read from the database."""

    first_day: dt.date
    last_day: dt.date
    directorates: dict[str, str]
    dgs: dict[str, str]
    clients: dict[str, str]  # directies and third parties (and DG's themselves)
    client_dg: dict[str, str]
    products: dict[str, str]
    channels: tuple[str, ...]

    last_complete_month: dt.date | None = None

    def covers(self, period: Period) -> bool:
        """Whether `period` is one the sidebar can show: a month, quarter or year the data
        touches, or a custom range inside the data's first and last day (the date picker's
        bounds; a range past them made Streamlit raise)."""
        if period.kind == "custom":
            return self.first_day <= period.first and period.last <= self.last_day
        return period.last >= self.first_day and period.first <= self.last_day

    def clamp(self, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
        """A range moved inside the data's first and last day (for the date picker)."""
        first = min(max(first, self.first_day), self.last_day)
        return first, min(max(last, first), self.last_day)

    @property
    def default_period(self) -> str:
        """The last complete month of the data."""
        month = self.last_complete_month or self.last_day.replace(day=1) - dt.timedelta(days=1)
        return f"{month:%Y-%m}"


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    cur = con.cursor()
    first, last = cur.execute(
        "SELECT min(registered_at)::DATE, max(registered_at)::DATE FROM ticket"
    ).fetchone()
    first = first or dt.date(2004, 1, 1)
    last = last or dt.date(2004, 12, 31)
    directorates = dict(cur.execute("SELECT code, name FROM directorate ORDER BY code").fetchall())
    dgs = dict(
        cur.execute("SELECT code, name FROM client WHERE kind IN ('dg', 'derde') ORDER BY name").fetchall()
    )
    clients = dict(cur.execute("SELECT code, name FROM client ORDER BY name").fetchall())
    client_dg = dict(cur.execute("SELECT client_code, dg_code FROM client_dim").fetchall())
    products = dict(cur.execute("SELECT code, name FROM product ORDER BY name").fetchall())
    channels = tuple(
        r[0] for r in cur.execute("SELECT DISTINCT channel FROM ticket_sla ORDER BY 1").fetchall()
    )
    # A month is complete when no working day of it lies after the data's as-of moment.
    as_of = data_as_of(cur) or dt.datetime.combine(last, dt.time(23, 59))
    complete = cur.execute(
        """SELECT max(date_trunc('month', day))::DATE FROM work_calendar c
           WHERE day <= CAST($as_of AS DATE) AND NOT EXISTS (
               SELECT 1 FROM work_calendar w2 WHERE w2.is_working AND w2.day > CAST($as_of AS DATE)
                 AND date_trunc('month', w2.day) = date_trunc('month', c.day))""",
        {"as_of": as_of},
    ).fetchone()[0]
    return FilterOptions(first, last, directorates, dgs, clients, client_dg, products, channels, complete)


def period_choices(kind: str, options: FilterOptions) -> dict[str, Period]:
    """Every month, quarter or year the data covers, newest first, by its URL text."""
    period, choices = Period.of(kind, options.last_day), {}
    while period.last >= options.first_day:
        choices[period.text] = period
        period = period.previous()
    return choices


class FilterQuery(BaseModel):
    """The shared filters as a link carries them: text, each optional; other parameters ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    period: str = ""
    lang: str = ""
    directorate: str = ""
    dg: str = ""
    client: str = ""
    product: str = ""
    channel: str = ""


class DashboardFilters(BaseModel):
    """The validated state of the shared filters."""

    model_config = ConfigDict(frozen=True)

    period: str
    kind: str
    date_from: dt.date
    date_to: dt.date
    directorate: str | None = None
    dg: str | None = None
    client: str | None = None
    product: str | None = None
    channel: str | None = None
    lang: str = "nl"
    # The signed-in user's clients (an account manager's); None means every client. Set by the
    # frame from the user's role, never from the URL, and carried into every request.
    client_scope: tuple[str, ...] | None = None
    # The areas the user's role opens (None: all), set by the frame like the scope; a figure of
    # another area (cost data) is refused by gdmetrics.figures, whichever page asks.
    areas: tuple[str, ...] | None = None

    @classmethod
    def chosen(
        cls,
        period: Period,
        values: Mapping[str, str | None],
        lang: str,
        client_scope: tuple[str, ...] | None,
        areas: tuple[str, ...] | None = None,
    ) -> DashboardFilters:
        """The filters from choices that are valid by construction (the sidebar offers only
        valid values), so nothing is parsed or checked against the database again."""
        return cls(
            period=period.text,
            kind=period.kind,
            date_from=period.first,
            date_to=period.last,
            lang=lang,
            client_scope=client_scope,
            areas=areas,
            **{k: values.get(k) or None for k in FILTER_KEYS},
        )

    def request(self, by: tuple[str, ...] = ()) -> FigureRequest:
        """A figure request for this period, these filters and the user's client scope."""
        where = tuple((k, (v,)) for k in FILTER_KEYS if (v := getattr(self, k)))
        return FigureRequest(
            date_from=self.date_from,
            date_to=self.date_to,
            by=by,
            where=where,
            client_scope=self.client_scope,
            areas=self.areas,
        )

    def previous(self) -> DashboardFilters:
        first, last = previous_period(self.kind, self.date_from, self.date_to)
        return self.model_copy(
            update={"date_from": first, "date_to": last, "period": period_text(self.kind, first, last)}
        )

    def query_params(self) -> dict[str, str]:
        """What goes into the URL: only what differs from an empty filter."""
        out = {"period": self.period, "lang": self.lang}
        out.update({k: v for k in FILTER_KEYS if (v := getattr(self, k))})
        return out


def filters_from_query(
    params: Mapping[str, str], options: FilterOptions
) -> tuple[DashboardFilters, list[str]]:
    """Read a link's parameters once: through `FilterQuery`, then against the values the database
    offers. Every bad value is dropped with a notice (the caller words it in Dutch or English),
    so a hand-edited link never breaks the page."""
    query = FilterQuery.model_validate({k: v for k, v in params.items() if isinstance(v, str)})
    notices: list[str] = []
    lang = query.lang or "nl"
    if lang not in LANGS:
        notices.append(_notice("lang", lang))
        lang = "nl"
    try:
        period = Period.parse(query.period or options.default_period)
        if not options.covers(period):
            raise ValueError("outside the data")
    except ValueError:
        notices.append(_notice("period", query.period))
        period = Period.parse(options.default_period)
    allowed = {
        "directorate": options.directorates,
        "dg": options.dgs,
        "client": options.clients,
        "product": options.products,
        "channel": dict.fromkeys(options.channels, ""),
    }
    values: dict[str, str | None] = {}
    for key in FILTER_KEYS:
        value = getattr(query, key)
        if value and value not in allowed[key]:
            notices.append(_notice(key, value))
            value = ""
        values[key] = value or None
    if values["client"] and values["dg"] and options.client_dg.get(values["client"]) != values["dg"]:
        notices.append(_notice("client", values["client"]))
        values["client"] = None
    return DashboardFilters.chosen(period, values, lang, None), notices


def applicable(req: FigureRequest, figure: Figure) -> tuple[FigureRequest, tuple[str, ...]]:
    """The request without the filters this figure cannot take (e.g. costs per client), and
    which were dropped, so a page can say so beside the figure."""
    keep = tuple((d, v) for d, v in req.where if d in figure.dimensions)
    dropped = tuple(d for d, _ in req.where if d not in figure.dimensions)
    return (req.with_(where=keep) if dropped else req), dropped
