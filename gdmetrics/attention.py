"""The three things that need the director's attention most, derived from registry figures.

Every candidate is a figure against its target (a directorate's service level, a client's, a
mantel standard, the efficiency path, the service-level guard) or a change the director must
see (a growing backlog, tickets on hold so long that the hold may hide a breach). Each gets a severity: how far it is from its target, as a fraction of
the target (positive is short of target; negative is the margin left), so the list is never
empty and says what is closest to going wrong when everything is green.

An item's title and detail are catalogue messages with their values (gdmetrics.text.Text), put
into words in the reader's language when shown: one list serves both languages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from gdmetrics import formatting, rag
from gdmetrics.figures import FigureRequest, compute, get_figure
from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import Text, msg

MIN_TICKETS = 30  # a client with fewer tickets in the period is noise, not a signal


@dataclass(frozen=True)
class Attention:
    severity: float
    title_text: Text
    detail_text: Text
    figure_id: str
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    status: str | None = None

    def title(self, lang: str) -> str:
        return self.title_text.in_lang(lang)

    def detail(self, lang: str) -> str:
        return self.detail_text.in_lang(lang)


@dataclass(frozen=True)
class _Shown:
    """A value of a Text that is put into words by language: a figure's value in its unit
    (beside its target), a count, a share, a status word or a figure's label."""

    kind: str  # "value", "number", "percent", "status", "label"
    value: object
    unit: str = ""
    target: float | None = None

    def in_lang(self, lang: str) -> str:
        if self.kind == "value":
            return formatting.value(self.value, self.unit, lang, self.target)  # type: ignore[arg-type]
        if self.kind == "number":
            return formatting.number(self.value, lang)  # type: ignore[arg-type]
        if self.kind == "percent":
            return formatting.percent(self.value, lang)  # type: ignore[arg-type]
        if self.kind == "status":
            return rag.label(str(self.value), lang)
        return get_figure(str(self.value)).label(lang).lower()


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
    value, target = float(value), float(target)
    title = msg(
        "{subject}: {figure} {value}",
        subject=msg(subject[0], **subject[1]),
        figure=_Shown("label", figure_id),
        value=_Shown("value", value, figure.unit, target),
    )
    more = msg(extra[0], **extra[1]) if extra else ""
    # listed only when nothing is off target: say why it is here
    green = msg("; nog op doel, met de kleinste marge") if status == "green" else ""
    detail = msg(
        "{status} (doel {target}){more}{green}",
        status=_Shown("status", status),
        target=_Shown("value", target, figure.unit),
        more=more,
        green=green,
    )
    return Attention(shortfall(value, target, figure.direction), title, detail, figure_id, where, status)


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
    return Attention(
        n / max(open_now, n),
        msg(
            "{n} meldingen langer dan {days} dagen in de wacht",
            n=_Shown("number", n),
            days=settings.long_hold_days,
        ),
        msg("hun klok staat stil, dus zij overschrijden de norm niet: is het wachten terecht?"),
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
    return Attention(
        growth / 2,  # a growing backlog weighs half a service-level shortfall: it is a warning sign
        msg("Werkvoorraad {n} open meldingen", n=_Shown("number", now)),
        msg(
            "{arrow} {pct} t.o.v. begin van de periode ({before})",
            arrow="▲" if growth > 0 else "▼",
            pct=_Shown("percent", growth),
            before=_Shown("number", before),
        ),
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
