"""The three things that need the director's attention most, derived from registry figures.

Every candidate is a figure against its target (a directorate's service level, a client's, a
mantel standard, the efficiency path, the service-level guard) or a change the director must
see (a growing backlog, tickets on hold so long that the hold may hide a breach). Each gets a severity: how far it is from its target, as a fraction of
the target (positive is short of target; negative is the margin left), so the list is never
empty and says what is closest to going wrong when everything is green.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from gdmetrics import formatting, rag
from gdmetrics.figures import FigureRequest, compute, get_figure
from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import tr

MIN_TICKETS = 30  # a client with fewer tickets in the period is noise, not a signal


@dataclass(frozen=True)
class Attention:
    severity: float
    title_nl: str
    title_en: str
    detail_nl: str
    detail_en: str
    figure_id: str
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    status: str | None = None

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_nl

    def detail(self, lang: str) -> str:
        return self.detail_en if lang == "en" else self.detail_nl


def shortfall(value: float, target: float, direction: str) -> float:
    """How far `value` falls short of `target`, as a fraction of the target (negative: margin)."""
    if not target:
        return 0.0
    gap = (target - value) if direction == "higher_is_better" else (value - target)
    return gap / abs(target)


def _item(
    figure_id, value, target, subject: tuple[str, dict], where, extra: tuple[str, dict] | None = None
) -> Attention:
    """`subject` and `extra` are catalogue messages (Dutch, gdmetrics.text) with their values."""
    figure = get_figure(figure_id)
    status = rag.status(value, target, figure.direction, figure.unit)

    def text(lang: str) -> tuple[str, str]:
        v = formatting.value(value, figure.unit, lang, target)
        t = formatting.value(target, figure.unit, lang)
        more = tr(lang, extra[0], **extra[1]) if extra else ""
        if status == "green":  # listed only when nothing is off target: say why it is here
            more += tr(lang, "; nog op doel, met de kleinste marge")
        return (
            f"{tr(lang, subject[0], **subject[1])}: {figure.label(lang).lower()} {v}",
            f"{rag.label(status, lang)} ({tr(lang, 'doel')} {t}){more}",
        )

    (title_nl, detail_nl), (title_en, detail_en) = text("nl"), text("en")
    return Attention(
        shortfall(value, target, figure.direction),
        title_nl,
        title_en,
        detail_nl,
        detail_en,
        figure_id,
        where,
        status,
    )


def candidates(
    con: duckdb.DuckDBPyConnection, req: FigureRequest, names: dict[str, dict[str, str]], settings: Settings
) -> list[Attention]:
    """Every candidate for attention for this period and these filters."""
    items: list[Attention] = []
    base = req.with_(by=())
    by_dir = compute(con, "service_level_vs_target", base.with_(by=("directorate",)), settings).frame
    for row in by_dir.dropna(subset=["value", "target"]).itertuples():
        missed = int(row.denominator - row.numerator)
        if pd.isna(row.directorate):  # imported tickets whose directorate is not mapped (yet)
            subject, where = ("Meldingen zonder directie GD", {}), req.where
        else:
            name = names.get("directorate", {}).get(row.directorate, row.directorate)
            subject = ("Directie {name}", {"name": name})
            where = (*req.where, ("directorate", (row.directorate,)))
        items.append(
            _item(
                "service_level_vs_target",
                row.value,
                row.target,
                subject,
                where,
                ("; {n} meldingen buiten norm", {"n": missed}),
            )
        )
    by_client = compute(con, "service_level_vs_target", base.with_(by=("client",)), settings).frame
    by_client = by_client[by_client["denominator"] >= MIN_TICKETS].dropna(subset=["value", "target"])
    for row in by_client.itertuples():
        if pd.isna(row.client):  # tickets without a (mapped) client are no client's signal
            continue
        name = names.get("client", {}).get(row.client, row.client)
        items.append(
            _item(
                "service_level_vs_target",
                row.value,
                row.target,
                ("Klant {name}", {"name": name}),
                (*req.where, ("client", (row.client,))),
            )
        )
    if not req.where:
        mantel = compute(con, "mantel_performance", base, settings).frame
        for row in (
            mantel[mantel["subject_kind"] == "mantel_standard"]
            .dropna(subset=["value", "target"])
            .itertuples()
        ):
            items.append(_item(row.figure_id, row.value, row.target, ("Mantelnorm", {}), ()))
    eff_req = base.with_(where=tuple((d, v) for d, v in req.where if d == "directorate"))
    eff = (
        compute(con, "efficiency_index", eff_req, settings)
        if eff_req.may_read(get_figure("efficiency_index"))
        else None
    )
    if eff is not None and eff.value is not None:
        items.append(
            _item(
                "efficiency_index", eff.value, float(eff.frame["target"].iloc[0]), ("GD", {}), eff_req.where
            )
        )
    items.append(_backlog_item(con, req, settings))
    items.append(_long_hold_item(con, req, settings))
    return [i for i in items if i is not None]


def _long_hold_item(con, req: FigureRequest, settings: Settings) -> Attention | None:
    """Open tickets on hold longer than `Settings.long_hold_days` (figure long_on_hold): their clock
    stopped, so they never breach; the share of the open tickets they make is the severity."""
    n = compute(con, "long_on_hold", req.with_(by=()), settings).value
    if not n:
        return None
    open_now = compute(con, "backlog", req.with_(by=()), settings).value or n
    days = settings.long_hold_days

    def title(lang: str) -> str:
        return tr(
            lang, "{n} meldingen langer dan {days} dagen in de wacht", n=formatting.number(n, lang), days=days
        )

    def detail(lang: str) -> str:
        return tr(lang, "hun klok staat stil, dus zij overschrijden de norm niet: is het wachten terecht?")

    return Attention(
        n / max(open_now, n),
        title("nl"),
        title("en"),
        detail("nl"),
        detail("en"),
        "long_on_hold",
        req.where,
        None,
    )


def _backlog_item(con, req: FigureRequest, settings: Settings) -> Attention | None:
    """A backlog that grew over the period: growth as a fraction of where it started."""
    day_before = req.date_from - dt.timedelta(days=1)
    start = req.with_(date_from=day_before, date_to=day_before)
    now, before = compute(con, "backlog", req, settings).value, compute(con, "backlog", start, settings).value
    if not now or not before:
        return None
    growth = now / before - 1
    arrow = "▲" if growth > 0 else "▼"

    def title(lang: str) -> str:
        return tr(lang, "Werkvoorraad {n} open meldingen", n=formatting.number(now, lang))

    def detail(lang: str) -> str:
        return tr(lang, "{arrow} {pct} t.o.v. begin van de periode ({before})", arrow=arrow,
                  pct=formatting.percent(growth, lang), before=formatting.number(before, lang))  # fmt: skip

    return Attention(
        growth / 2,  # a growing backlog weighs half a service-level shortfall: it is a warning sign
        title("nl"),
        title("en"),
        detail("nl"),
        detail("en"),
        "backlog",
        req.where,
        None,
    )


def needs_attention(
    con: duckdb.DuckDBPyConnection,
    req: FigureRequest,
    names: dict[str, dict[str, str]] | None = None,
    top: int = 3,
    settings: Settings | None = None,
) -> list[Attention]:
    """The `top` candidates furthest short of (or closest to) their target."""
    found = candidates(con, req, names or {}, settings or get_settings())
    return sorted(found, key=lambda a: a.severity, reverse=True)[:top]
