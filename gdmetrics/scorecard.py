"""The mantel scorecard: every mantel standard and every client's DVA over a period, its history
over the periods before, and for each one not met its shortfall (`gdmetrics.shortfall`). The
Mantelrapportage page and the mantel report (PDF and Excel) both lay out what `read` returns.

Definitional choices:

- The rows are the registry's `mantel_performance`: one per mantel standard in force, one per
  client with a DVA (its tickets under any of its DVA's, so a renewed DVA is one row).
- Status, met and "not met" are `gdmetrics.rag`: met is green only; amber and red are not met;
  nothing measured is neither.
- History: the `TREND - 1` periods of the same kind before the chosen one (quarters before a
  quarter, years before a year), leaving out those before the data begins.
- Filters: the period and the signed-in user's client scope only (the page's directorate,
  client, product and channel filters do not apply to the agreement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gdmetrics import shortfall
from gdmetrics.figures import REGISTRY, compute
from gdmetrics.periods import Period
from gdmetrics.reports.words import code_word
from gdmetrics.settings import Settings, get_settings

TREND = 4  # the period itself and the three before it
GRAINS = ("month", "quarter", "year")

Where = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass
class Scorecard:
    period: Period
    rows: pd.DataFrame  # mantel_performance for the period, with unit and `where` per subject
    earlier: list[Period] = field(default_factory=list)  # periods of the history, oldest first
    history: dict[str, dict] = field(default_factory=dict)  # subject -> {first day: value}
    shortfalls: dict[str, shortfall.Shortfall] = field(default_factory=dict)  # per subject not met

    @property
    def standards(self) -> pd.DataFrame:
        return self.rows[self.rows["subject_kind"] == "mantel_standard"]

    @property
    def dvas(self) -> pd.DataFrame:
        return self.rows[self.rows["subject_kind"] == "dva"]

    @property
    def missed(self) -> pd.DataFrame:
        """Rows not met (amber or red), standards first, in scorecard order."""
        return self.rows[self.rows["rag"].isin(["amber", "red"])]

    @property
    def tickets_judged(self) -> float | None:
        """Tickets with a resolution verdict in the period (the resolution standard's count)."""
        rows = self.standards[self.standards["figure_id"] == "resolution_within_norm"]
        return _float(rows["denominator"].iloc[0]) if len(rows) else None

    @property
    def all_met(self) -> bool:
        """Every standard and DVA met; false when there is nothing to judge (no rows, or a row
        without a measurement), since nothing measured is never met."""
        return bool(len(self.rows)) and bool(self.rows["met"].eq(True).all())

    def met(self, kind: str) -> tuple[int, int]:
        """(met, of) for 'mantel_standard' or 'dva'."""
        part = self.rows[self.rows["subject_kind"] == kind]
        return int(part["met"].eq(True).sum()), len(part)

    def earlier_value(self, subject: str, period: Period) -> float | None:
        return self.history.get(subject, {}).get(period.first)

    def changes(self) -> pd.DataFrame:
        """Per row (same order): the previous period's value, the difference with this one and
        whether that is `better`, `worse` or `same` for the figure's direction (None where
        either value is missing). A difference that rounds to zero as shown (0.1 point for a
        share, 0.01 otherwise) is `same`."""
        before = self.period.previous()
        out = []
        for r in self.rows.itertuples():
            prev, now = self.earlier_value(r.subject, before), _float(r.value)
            diff = None if prev is None or now is None else now - prev
            verdict = None
            if diff is not None:
                shown = round(diff * 100, 1) if r.unit == "share" else round(diff, 2)
                sign = -1 if REGISTRY[r.figure_id].direction == "lower_is_better" else 1
                verdict = "same" if shown == 0 else ("better" if sign * diff > 0 else "worse")
            out.append(
                {"subject": r.subject, "previous": prev, "value": now, "difference": diff, "verdict": verdict}
            )
        return pd.DataFrame(out, columns=["subject", "previous", "value", "difference", "verdict"])


def code_names(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, tuple[str, str]]]:
    """Dutch and English names of the codes a shortfall may name, per dimension."""
    cur = con.cursor()
    out: dict[str, dict[str, tuple[str, str]]] = {
        "directorate": {
            r[0]: (r[1], r[2] or r[1])
            for r in cur.execute("SELECT code, name, name_en FROM directorate").fetchall()
        },
        "product": {
            r[0]: (r[1], r[2] or r[1])
            for r in cur.execute("SELECT code, name, name_en FROM product").fetchall()
        },
        "client": {r[0]: (r[1], r[1]) for r in cur.execute("SELECT code, name FROM client").fetchall()},
    }
    for dim, sql in (
        ("category", "SELECT DISTINCT category FROM complaint"),
        ("reason", "SELECT DISTINCT reason FROM escalation"),
    ):
        out[dim] = {
            r[0]: (code_word("nl", r[0]), code_word("en", r[0])) for r in cur.execute(sql).fetchall() if r[0]
        }
    return out


def _float(v: object) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _performance(con, period: Period, scope, settings, areas=None) -> tuple[pd.DataFrame, list[Period], dict]:
    """mantel_performance for the period and each subject's value in the periods before it. A
    month, quarter or year is one call split by that grain, so the data is scanned once."""
    periods = period.trend(TREND)
    before = periods[:-1]
    history: dict[str, dict] = {}
    if period.kind in GRAINS:
        span = Period(period.kind, periods[0].first, period.last)
        frame = compute(
            con, "mantel_performance", span.request(by=(period.kind,), scope=scope, areas=areas), settings
        ).frame
        starts = pd.to_datetime(frame["period"]).dt.date
        now = frame[starts == period.first].drop(columns="period").reset_index(drop=True)
        for r in frame[starts != period.first].itertuples():
            history.setdefault(r.subject, {})[pd.Timestamp(r.period).date()] = _float(r.value)
    else:
        for p in before:
            for r in compute(
                con, "mantel_performance", p.request(scope=scope, areas=areas), settings
            ).frame.itertuples():
                history.setdefault(r.subject, {})[p.first] = _float(r.value)
        now = compute(con, "mantel_performance", period.request(scope=scope, areas=areas), settings).frame
    # periods before the data began would be a column of dashes
    before = [p for p in before if any(v.get(p.first) is not None for v in history.values())]
    return now, before, history


def read(
    con: duckdb.DuckDBPyConnection,
    period: str | Period,
    client_scope: tuple[str, ...] | None = None,
    settings: Settings | None = None,
    areas: tuple[str, ...] | None = None,
) -> Scorecard:
    """The scorecard over `period` for the clients in `client_scope` (all when None), for a user
    whose role opens `areas` (None: all; PermissionError without a figure area)."""
    settings = settings or get_settings()
    period = period if isinstance(period, Period) else Period.parse(period)
    now, before, history = _performance(con, period, client_scope, settings, areas)
    dvas_of = (
        con.cursor()
        .execute("SELECT client_code, list(id ORDER BY id) FROM dva GROUP BY client_code")
        .fetchall()
    )
    dvas_of = dict(dvas_of)
    now = now.copy()
    now["unit"] = [REGISTRY[f].unit for f in now["figure_id"]]
    now["where"] = [
        (("client", (s,)), ("dva", tuple(dvas_of.get(s, ())))) if k == "dva" else ()
        for k, s in zip(now["subject_kind"], now["subject"], strict=True)
    ]
    now["rag"] = now["rag"].astype(object).where(now["rag"].notna(), None)
    card = Scorecard(period, now.reset_index(drop=True), before, history)
    if len(card.missed):
        names = code_names(con)
        for r in card.missed.itertuples():
            req = period.request(where=r.where, scope=client_scope, areas=areas)
            card.shortfalls[r.subject] = shortfall.find(
                con,
                r.figure_id,
                req,
                _float(r.target),
                subject=r.subject,
                name_nl=r.name,
                name_en=r.name_en,
                names=names,
                settings=settings,
            )
    return card
