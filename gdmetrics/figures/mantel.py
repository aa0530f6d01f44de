"""Mantel performance: every mantel standard and every DVA, achieved against agreed.

A composed figure, computed in one statement: the statements of the standards' figures and of
resolution within norm per DVA run together (gdmetrics.figures.run.run_statements), where eight
`compute` calls one after another took eight round trips and as many plans. A standard whose
figure is itself composed is computed through the `compute` it is given.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd

from gdmetrics import rag
from gdmetrics.completeness import loaded_kinds, not_loaded
from gdmetrics.figures.model import PERIOD_GRAINS, FigureRequest, FigureResult
from gdmetrics.figures.run import run_statements
from gdmetrics.settings import Settings

COLUMNS = [
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


def mantel_performance(
    con: duckdb.DuckDBPyConnection,
    req: FigureRequest,
    settings: Settings,
    compute: Callable[[str, FigureRequest], FigureResult],
) -> pd.DataFrame:
    """One row per mantel standard in force in the period, then one per client with a DVA
    (resolution within norm of its tickets under a DVA, against the DVA lines' target shares;
    the subject is the client's code), each with value, target, status and whether it was met."""
    # The registry declares this figure, so it is read here, when computing, not on import.
    from gdmetrics.figures.registry import get_figure

    if req.split_dims or req.where:
        raise ValueError("mantel_performance can only be split by a period; it lists every standard and DVA")
    cur = con.cursor()
    standards = cur.execute(
        """SELECT ms.code, ms.name, ms.name_en, ms.figure_id, ms.target
           FROM mantel_standard ms JOIN mantel_agreement ma ON ma.id = ms.mantel_id
           WHERE ma.valid_from < $to AND ma.valid_to > $from ORDER BY ms.code""",
        {"from": req.date_from, "to": req.end_exclusive},
    ).fetchall()
    # A client's DVA is one agreement however often it is renewed (DVA-2004-X, DVA-2005-X-v2): one
    # row per client, over its tickets under any of its DVA's, so a year in which the DVA was
    # renewed is judged on all of it (not on one version's half year).
    # A DG's DVA also covers its directies' tickets (gdmetrics.sla): tickets are counted under the
    # DVA that applied to them and so under the client that agreed it, not the ticket's client.
    client_of = {
        dva: (client, name)
        for dva, client, name in cur.execute(
            "SELECT d.id, d.client_code, c.name FROM dva d JOIN client c ON c.code = d.client_code ORDER BY d.id"
        ).fetchall()
    }
    grain = tuple(d for d in req.by if d in PERIOD_GRAINS)
    keys = ["period"] if grain else []
    loaded = loaded_kinds(con)
    by_grain = req.with_(by=grain)
    figures = {figure_id: get_figure(figure_id) for *_, figure_id, _ in standards}
    figures["resolution_within_norm"] = get_figure("resolution_within_norm")
    for figure in figures.values():
        req.require(figure)
    # Resolution within norm is both a standard and the DVA's measure: one statement per DVA, the
    # tickets under none included (dva NULL), gives both, the standard's rows as the sums per
    # period. Its numerator and denominator are counts and its value their ratio (an additive
    # figure), so those sums are its own statement's numbers exactly, from one scan, not two.
    per_dva = figures["resolution_within_norm"]
    queried = [
        fid
        for fid in dict.fromkeys(fid for *_, fid, _ in standards)
        if figures[fid].build is not None and fid != per_dva.id
    ]
    parts = [(figures[fid], by_grain) for fid in queried] + [(per_dva, req.with_(by=(*grain, "dva")))]
    *rows, dva_rows = run_statements(con, parts, settings, columns=("target",))
    rows_of = dict(zip(queried, rows, strict=True))
    rows_of[per_dva.id] = _summed_per_period(dva_rows, keys)
    # Plain records, one DataFrame at the end: pandas costs more per small frame than the query.
    records: list[dict] = []
    for code, name, name_en, figure_id, target in standards:
        figure = figures[figure_id]
        if figure.build is None:
            frame = compute(figure_id, by_grain).frame.reindex(
                columns=[*keys, "value", "numerator", "denominator"]
            )
            sub = frame.to_dict("records")
        else:
            sub = rows_of[figure_id]
        blank = bool(not_loaded(figure.rests_on, loaded))  # as compute() does: no value, never a 0
        for row in sub:
            records.append(
                {k: row.get(k) for k in (*keys, "value", "numerator", "denominator")}
                | ({"value": None, "numerator": None} if blank else {})
                | {
                    "subject_kind": "mantel_standard",
                    "subject": code,
                    "name": name,
                    "name_en": name_en,
                    "figure_id": figure_id,
                    "direction": figure.direction,
                    "target": target,
                }
            )
    # Per client: its DVA's summed; the target is the mean over the tickets judged, so each DVA's
    # weighs by its count.
    sums: dict[tuple, list[float]] = {}
    for row in dva_rows:
        if row["dva"] not in client_of:  # tickets under no DVA, or a DVA of no known client
            continue
        key = (*(row[k] for k in keys), *client_of[row["dva"]])
        # an empty value adds nothing (as pandas' sum skips it)
        num, den, target = (float(row[c] or 0) for c in ("numerator", "denominator", "target"))
        acc = sums.setdefault(key, [0.0, 0.0, 0.0])
        acc[0] += num
        acc[1] += den
        acc[2] += target * den
    for key in sorted(sums):
        num, den, weighted = sums[key]
        *period, subject, name = key
        records.append(
            dict(zip(keys, period, strict=True))
            | {
                "subject_kind": "dva",
                "subject": subject,
                "name": name,
                "name_en": name,
                "figure_id": "resolution_within_norm",
                "direction": "higher_is_better",
                "value": num / den if den > 0 else np.nan,
                "numerator": num,
                "denominator": den,
                "target": weighted / den if den > 0 else np.nan,
            }
        )
    # one red / amber / green (gdmetrics.rag): met is green; nothing measured is never met. On the
    # plain values, before the frame (iterating its columns cost more than the statuses).
    for r in records:
        r["rag"] = rag.status(
            r["value"],
            r["target"],
            r["direction"],
            figures[r["figure_id"]].unit,
            settings,
            count=r["denominator"],
        )
        r["met"] = rag.met(r["rag"])
    frame = pd.DataFrame.from_records(records, columns=[*keys, *COLUMNS, "rag", "met"])
    for col in ("value", "numerator", "denominator", "target"):
        frame[col] = frame[col].astype(float)
    return frame


def _summed_per_period(rows: list[dict], keys: list[str]) -> list[dict]:
    """Rows of a ratio of counts split further (by DVA) summed per period (`keys`), in period
    order: numerator, denominator, value. Unsplit it is one row, over no tickets too (0 of 0, no
    value), as the figure's own statement gives."""
    sums: dict[tuple, list[int]] = {} if keys else {(): [0, 0]}
    for row in rows:
        acc = sums.setdefault(tuple(row[k] for k in keys), [0, 0])
        acc[0] += row["numerator"]
        acc[1] += row["denominator"]
    return [
        dict(zip(keys, key, strict=True)) | {"numerator": n, "denominator": d, "value": n / d if d else None}
        for key, (n, d) in sums.items()
    ]
