"""Mantel performance: every mantel standard and every DVA, achieved against agreed.

A composed figure: it computes other figures through the `compute` it is given (so this module
needs neither the registry nor gdmetrics.figures.compute, and neither needs it)."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from gdmetrics import rag
from gdmetrics.figures.model import PERIOD_GRAINS, FigureRequest, FigureResult
from gdmetrics.settings import Settings


def mantel_performance(
    con: duckdb.DuckDBPyConnection,
    req: FigureRequest,
    settings: Settings,
    compute: Callable[[str, FigureRequest], FigureResult],
) -> pd.DataFrame:
    """One row per mantel standard in force in the period, then one per client with a DVA
    (resolution within norm of its tickets under a DVA, against the DVA lines' target shares;
    the subject is the client's code), each with value, target, status and whether it was met."""
    if req.split_dims or req.where:
        raise ValueError("mantel_performance can only be split by a period; it lists every standard and DVA")
    standards = (
        con.cursor()
        .execute(
            """SELECT ms.code, ms.name, ms.name_en, ms.figure_id, ms.target
               FROM mantel_standard ms JOIN mantel_agreement ma ON ma.id = ms.mantel_id
               WHERE ma.valid_from < $to AND ma.valid_to > $from ORDER BY ms.code""",
            {"from": req.date_from, "to": req.end_exclusive},
        )
        .fetchall()
    )
    grain = tuple(d for d in req.by if d in PERIOD_GRAINS)
    parts = []
    figures = {}
    for code, name, name_en, figure_id, target in standards:
        result = compute(figure_id, req.with_(by=grain))
        sub, figures[figure_id] = result.frame.copy(), result.figure
        direction = result.figure.direction
        sub = sub.assign(
            subject_kind="mantel_standard",
            subject=code,
            name=name,
            name_en=name_en,
            figure_id=figure_id,
            target=target,
            direction=direction,
        )
        parts.append(sub)
    # A client's DVA is one agreement however often it is renewed (DVA-2004-X, DVA-2005-X-v2): one
    # row per client, over its tickets under any of its DVA's, so a year in which the DVA was
    # renewed is judged on all of it (not on one version's half year).
    # A DG's DVA also covers its directies' tickets (gdmetrics.sla): tickets are counted under the
    # DVA that applied to them and so under the client that agreed it, not the ticket's client.
    cur = con.cursor()
    agreed = pd.DataFrame(
        cur.execute(
            "SELECT d.id, d.client_code, c.name FROM dva d JOIN client c ON c.code = d.client_code ORDER BY d.id"
        ).fetchall(),
        columns=["dva", "subject", "name"],
    )
    dva_ids = tuple(agreed["dva"])
    by_dva = req.with_(by=(*grain, "dva"), where=(("dva", dva_ids),) if dva_ids else ())
    result = compute("resolution_within_norm", by_dva)
    figures["resolution_within_norm"] = result.figure
    per_dva = result.frame if dva_ids else result.frame.iloc[0:0]
    per_dva = per_dva[per_dva["dva"].notna()].merge(agreed, on="dva")
    # the target is the mean over the tickets judged, so weigh each DVA's by its count
    per_dva = per_dva.assign(
        numerator=per_dva["numerator"].astype(float),
        denominator=per_dva["denominator"].astype(float),
        weighted_target=per_dva["target"] * per_dva["denominator"],
    )
    dvas = per_dva.groupby([*(["period"] if grain else []), "subject", "name"], as_index=False)[
        ["numerator", "denominator", "weighted_target"]
    ].sum()
    dvas = dvas.assign(
        value=dvas["numerator"] / dvas["denominator"].where(dvas["denominator"] > 0),
        target=dvas["weighted_target"] / dvas["denominator"].where(dvas["denominator"] > 0),
        subject_kind="dva",
        figure_id="resolution_within_norm",
        direction="higher_is_better",
    )
    dvas = dvas.assign(name_en=dvas["name"])
    parts.append(dvas)
    columns = [
        *(["period"] if grain else []),
        "subject_kind",
        "subject",
        "name",
        "name_en",
        "figure_id",
        "direction",
        "value",
        "numerator",
        "denominator",
        "target",
    ]
    frame = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    # one red / amber / green (gdmetrics.rag): met is green; nothing measured is never met
    units = [figures[f].unit for f in frame["figure_id"]]
    frame["rag"] = [
        rag.status(v, t, d, u, settings, count=n)
        for v, t, d, u, n in zip(
            frame["value"], frame["target"], frame["direction"], units, frame["denominator"], strict=True
        )
    ]
    frame["met"] = [rag.met(s) for s in frame["rag"]]
    return frame
