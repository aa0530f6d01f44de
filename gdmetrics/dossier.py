"""The client dossier (klantdossier): what an account manager needs before talking to a client.

Who the client is and which DVA applies, what they used by financing type (basis / plus /
maatwerk), the DVA lines with their performance (from the registry), quotes, and the talking
points that stand out. Works the same for a DG (with its directies), a directie and a third
party (derde).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gdmetrics import formatting
from gdmetrics.figures import FigureRequest
from gdmetrics.figures.sql import TICKETS, filter_clauses


@dataclass(frozen=True)
class ClientProfile:
    code: str
    name: str
    kind: str  # dg / directie / derde
    parent: str | None
    accountmanager: str | None
    accountmanager_email: str | None
    scope: tuple[str, ...]  # the client and, for a DG, its directies
    dvas: tuple[str, ...] = field(default=())


def profile(con: duckdb.DuckDBPyConnection, code: str, on: dt.date) -> ClientProfile:
    """The client, its account manager, the clients it covers and the DVA's in force on `on`."""
    cur = con.cursor()
    row = cur.execute(
        """SELECT c.code, c.name, c.kind, p.name, am.name, am.email FROM client c
           LEFT JOIN client p ON p.code = c.parent_code
           LEFT JOIN accountmanager am ON am.id = c.accountmanager_id WHERE c.code = $code""",
        {"code": code},
    ).fetchone()
    if row is None:
        raise KeyError(f"no client {code!r}")
    scope = tuple(
        r[0]
        for r in cur.execute(
            "SELECT code FROM client WHERE code = $code OR parent_code = $code ORDER BY code = $code DESC, code",
            {"code": code},
        ).fetchall()
    )
    dvas = tuple(
        r[0]
        for r in cur.execute(
            """SELECT id FROM dva WHERE list_contains($scope, client_code)
               AND valid_from <= $on AND valid_to > $on ORDER BY id""",
            {"scope": list(scope), "on": on},
        ).fetchall()
    )
    return ClientProfile(*row, scope=scope, dvas=dvas)


def usage_by_financing(con: duckdb.DuckDBPyConnection, req: FigureRequest) -> pd.DataFrame:
    """Tickets registered in the period per financing type and product: what the client used."""
    params: dict = {"from": req.date_from, "to": req.end_exclusive}
    where = " AND ".join(
        ["registered_at >= $from", "registered_at < $to", *filter_clauses(req, TICKETS, params)]
    )
    sql = f"""
        SELECT coalesce(p.financing, 'onbekend') AS financing, t.product_code AS product,
               coalesce(p.name, t.product_code) AS product_name, count(*) AS tickets
        FROM (SELECT product_code FROM ticket_sla WHERE {where}) t
        LEFT JOIN product p ON p.code = t.product_code
        GROUP BY ALL ORDER BY financing, tickets DESC, product"""
    return con.cursor().execute(sql, params).df()


def financing_totals(usage: pd.DataFrame) -> pd.DataFrame:
    """Tickets and share per financing type, in the order basis, plus, maatwerk."""
    order = {"basis": 0, "plus": 1, "maatwerk": 2}
    totals = usage.groupby("financing", as_index=False)["tickets"].sum()
    totals["share"] = totals["tickets"] / totals["tickets"].sum() if len(totals) else []
    return totals.sort_values("financing", key=lambda s: s.map(order).fillna(9)).reset_index(drop=True)


def dva_lines(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...], req: FigureRequest) -> pd.DataFrame:
    """The lines of every DVA of these clients in force during the period."""
    return (
        con.cursor()
        .execute(
            """SELECT l.dva_id AS dva, d.client_code, c.name AS client, l.line_no, l.product_code AS product,
                      p.name AS product_name, l.priority, l.resolution_norm_hours, l.target_share,
                      l.agreed_volume, l.tariff
               FROM dva_line l JOIN dva d ON d.id = l.dva_id JOIN client c ON c.code = d.client_code
               JOIN product p ON p.code = l.product_code
               WHERE list_contains($scope, d.client_code) AND d.valid_from < $to AND d.valid_to > $from
               ORDER BY d.client_code, l.dva_id, l.line_no""",
            {"scope": list(scope), "from": req.date_from, "to": req.end_exclusive},
        )
        .df()
    )


def line_performance(lines: pd.DataFrame, performance: pd.DataFrame, volume: pd.DataFrame) -> pd.DataFrame:
    """DVA lines beside the registry's resolution within norm per DVA and product and the volume
    registered, with whether each line met its target share (None without a verdict)."""
    perf = performance.rename(columns={"value": "achieved", "denominator": "judged"})[
        ["dva", "product", "achieved", "numerator", "judged"]
    ]
    vol = volume.rename(columns={"value": "tickets"})[["dva", "product", "tickets"]]
    out = lines.merge(perf, on=["dva", "product"], how="left").merge(vol, on=["dva", "product"], how="left")
    out["tickets"] = out["tickets"].fillna(0).astype(int)
    out["met"] = [
        None if pd.isna(a) else bool(a >= t)
        for a, t in zip(out["achieved"], out["target_share"], strict=True)
    ]
    return out


def quotes(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...], req: FigureRequest) -> pd.DataFrame:
    """Quotes (offertes) for custom work requested in the year up to the period's end, and every
    quote still awaiting a decision."""
    return (
        con.cursor()
        .execute(
            """SELECT q.id, q.client_code, c.name AS client, q.description, q.amount, q.status,
                      q.requested_on, q.sent_on, q.decided_on
               FROM quote q JOIN client c ON c.code = q.client_code
               WHERE list_contains($scope, q.client_code) AND q.requested_on < $to
                 AND (q.requested_on >= $year_ago OR q.status IN ('concept', 'uitgebracht'))
               ORDER BY q.requested_on DESC, q.id""",
            {
                "scope": list(scope),
                "to": req.end_exclusive,
                "year_ago": req.end_exclusive - dt.timedelta(days=365),
            },
        )
        .df()
    )


def talking_points(
    lines: pd.DataFrame,
    usage_now: int | None,
    usage_before: int | None,
    open_complaints: int,
    open_escalations: int,
    quotes_frame: pd.DataFrame,
    digital_share: float | None,
    digital_share_gd: float | None,
) -> list[tuple[str, str]]:
    """What stands out, in Dutch and English: DVA lines missed, a change in use, open complaints
    and escalations, quotes awaiting a decision, the digital channel against the GD as a whole."""
    points: list[tuple[str, str]] = []
    missed = lines[lines["met"].eq(False)]
    for row in missed.head(3).itertuples():
        a_nl, a_en = formatting.percent(row.achieved, "nl"), formatting.percent(row.achieved, "en")
        t_nl, t_en = formatting.percent(row.target_share, "nl"), formatting.percent(row.target_share, "en")
        points.append(
            (
                f"✖ DVA-regel {row.product_name} ({row.client}): {a_nl} binnen norm, afgesproken {t_nl}.",
                f"✖ DVA line {row.product_name} ({row.client}): {a_en} within norm, agreed {t_en}.",
            )
        )
    if len(lines) and not len(missed) and lines["met"].notna().any():
        points.append(
            (
                "✔ Alle DVA-regels met meldingen haalden hun doel.",
                "✔ Every DVA line with tickets met its target.",
            )
        )
    if usage_now and usage_before:
        change = usage_now / usage_before - 1
        if abs(change) >= 0.10:
            points.append(
                (
                    f"{'▲' if change > 0 else '▼'} Gebruik {formatting.percent(change, 'nl')} t.o.v. vorige periode "
                    f"({formatting.number(usage_now, 'nl')} meldingen).",
                    f"{'▲' if change > 0 else '▼'} Use {formatting.percent(change, 'en')} vs previous period "
                    f"({formatting.number(usage_now, 'en')} tickets).",
                )
            )
    if open_complaints:
        points.append(
            (
                f"{open_complaints} klacht(en) nog niet afgehandeld.",
                f"{open_complaints} complaint(s) still open.",
            )
        )
    if open_escalations:
        points.append(
            (
                f"{open_escalations} SIA-escalatie(s) nog open.",
                f"{open_escalations} SIA escalation(s) still open.",
            )
        )
    waiting = (
        quotes_frame[quotes_frame["status"].isin(["concept", "uitgebracht"])]
        if len(quotes_frame)
        else quotes_frame
    )
    if len(waiting):
        total_nl, total_en = (
            formatting.euro(waiting["amount"].sum(), "nl"),
            formatting.euro(waiting["amount"].sum(), "en"),
        )
        points.append(
            (
                f"{len(waiting)} offerte(s) wachten op een besluit ({total_nl}).",
                f"{len(waiting)} quote(s) await a decision ({total_en}).",
            )
        )
    if digital_share is not None and digital_share_gd is not None and digital_share < digital_share_gd - 0.05:
        points.append(
            (
                f"Servicepagina {formatting.percent(digital_share, 'nl')} van de meldingen, GD-breed "
                f"{formatting.percent(digital_share_gd, 'nl')}: kans om naar het digitale kanaal te sturen.",
                f"Service page {formatting.percent(digital_share, 'en')} of tickets, GD-wide "
                f"{formatting.percent(digital_share_gd, 'en')}: room to steer to the digital channel.",
            )
        )
    return points
