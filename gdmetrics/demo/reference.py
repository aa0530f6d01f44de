"""The demo's small tables, drawn in Python from `random.Random(seed)`: catalogue, clients, DVA's, cost."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import duckdb

import gdmetrics.demo.catalogue as cat

FAR_FUTURE = dt.date(2100, 1, 1)


@dataclass(frozen=True)
class Period:
    """The demo's years and the moments the story hangs on."""

    first_year: int
    last_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        """First day after the period (exclusive), also the mantel's end."""
        return dt.date(self.last_year + 1, 1, 1)

    @property
    def renewal(self) -> dt.date:
        """When the renegotiated DVA's take over: halfway, on 1 July."""
        return dt.date(self.first_year + (self.last_year - self.first_year) // 2, 7, 1)

    @property
    def norm_change(self) -> dt.date | None:
        """When some catalogue norms were tightened: 1 January of the last year, if there is one."""
        return dt.date(self.last_year, 1, 1) if self.last_year > self.first_year else None

    def months(self) -> list[dt.date]:
        return [dt.date(y, m, 1) for y in range(self.first_year, self.last_year + 1) for m in range(1, 13)]


@dataclass(frozen=True)
class Usage:
    """Which client uses which product, and how much: the basis for tickets, DVA lines and charges."""

    client_code: str
    product_code: str
    share: float  # share of all tickets


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], columns: tuple[str, ...]) -> None:
    """Insert `rows` in one statement (executemany is slow in DuckDB); names are our own."""
    if rows:
        row_marks = "(" + ", ".join("?" for _ in columns) + ")"
        con.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(row_marks for _ in rows)}",
            [value for row in rows for value in row],
        )


def product_usage(rng: random.Random) -> list[Usage]:
    """Each client's product mix; derden take their DVA's selection, others a random plus package."""
    products = {p.code: p for p in cat.PRODUCTS}
    # Pattern steps are requested by every internal client, so their plus products are in every package.
    pattern_products = {code for pattern in cat.PATTERNS for code in pattern.steps}
    total_client_weight = sum(c.weight for c in cat.CLIENTS)
    usage: list[Usage] = []
    for client in cat.CLIENTS:
        if client.kind == "derde":
            codes = list(cat.DERDEN_PRODUCTS[client.code])
        else:
            codes = [
                p.code
                for p in cat.PRODUCTS
                if p.financing != "plus" or p.code in pattern_products or rng.random() < 0.75
            ]
        weights = {code: products[code].weight * rng.lognormvariate(0, 0.3) for code in codes}
        total = sum(weights.values())
        for code in codes:
            share = client.weight / total_client_weight * weights[code] / total
            usage.append(Usage(client.code, code, share))
    return usage


def insert_organisation(con: duckdb.DuckDBPyConnection) -> None:
    """Directorates, accountmanagers and clients (fixed, the seed document's organisation)."""
    _insert(con, "directorate", [tuple(d) for d in cat.DIRECTORATES], ("code", "name", "name_en", "kind"))
    _insert(
        con,
        "accountmanager",
        [(i, name, name.lower().replace(" ", ".") + "@minbzk.nl") for i, name in cat.ACCOUNTMANAGERS],
        ("id", "name", "email"),
    )
    # Parents first, in their own statement: a foreign key does not see rows of the same insert.
    for parents in (True, False):
        _insert(
            con,
            "client",
            [
                (c.code, c.name, c.kind, c.parent_code, c.accountmanager_id)
                for c in cat.CLIENTS
                if (c.parent_code is None) == parents
            ],
            ("code", "name", "kind", "parent_code", "accountmanager_id"),
        )


def catalogue_norms(period: Period) -> list[tuple[str, int, dt.date, dt.date | None, float, float]]:
    """product_norm rows: per priority 1-4 for every non-maatwerk product, some tightened once."""
    rows = []
    change = period.norm_change
    for p in cat.PRODUCTS:
        if p.financing == "maatwerk":
            continue  # maatwerk is agreed per quote; the product's own norm is the fallback
        for prio, factor in cat.PRIORITY_FACTORS.items():
            response = p.response_h * factor
            if p.code in cat.NORM_CHANGES and change is not None:
                old = cat.NORM_CHANGES[p.code] * factor
                rows.append((p.code, prio, period.start, change, response, old))
                rows.append((p.code, prio, change, None, response, p.resolution_h * factor))
            else:
                rows.append((p.code, prio, period.start, None, response, p.resolution_h * factor))
    return rows


def insert_catalogue(con: duckdb.DuckDBPyConnection, period: Period) -> None:
    """Products, per-priority and default norms, patterns and their steps."""
    _insert(
        con,
        "product",
        [
            (
                p.code,
                p.name,
                p.name_en,
                p.directorate,
                p.topic,
                p.life_event,
                p.level,
                p.financing,
                p.tariff,
                p.tariff_unit,
                p.is_24_7,
                p.response_h,
                p.resolution_h,
            )
            for p in cat.PRODUCTS
        ],
        (
            "code",
            "name",
            "name_en",
            "directorate_code",
            "topic",
            "life_event",
            "demand_level",
            "financing",
            "tariff",
            "tariff_unit",
            "is_24_7",
            "response_norm_hours",
            "resolution_norm_hours",
        ),
    )
    _insert(
        con,
        "product_norm",
        catalogue_norms(period),
        (
            "product_code",
            "priority",
            "valid_from",
            "valid_to",
            "response_norm_hours",
            "resolution_norm_hours",
        ),
    )
    _insert(
        con,
        "default_norm",
        list(cat.DEFAULT_NORMS),
        ("priority", "response_norm_hours", "resolution_norm_hours"),
    )
    _insert(
        con,
        "pattern",
        [(p.code, p.name, p.name_en, p.lead_time_h) for p in cat.PATTERNS],
        ("code", "name", "name_en", "lead_time_norm_hours"),
    )
    _insert(
        con,
        "pattern_step",
        [(p.code, i, product) for p in cat.PATTERNS for i, product in enumerate(p.steps, start=1)],
        ("pattern_code", "step", "product_code"),
    )


def insert_agreements(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    usage: list[Usage],
    tickets_per_year: int,
    rng: random.Random,
) -> None:
    """The mantel, its standards, and a DVA per client (renewed halfway for a few clients)."""
    mantel_id = f"MO-{period.first_year}"
    con.execute(
        "INSERT INTO mantel_agreement VALUES ($id, $name, $from, $to)",
        {
            "id": mantel_id,
            "name": f"Mantelovereenkomst GD {period.first_year}-{period.last_year}",
            "from": period.start,
            "to": period.end,
        },
    )
    _insert(
        con,
        "mantel_standard",
        [(mantel_id, *standard) for standard in cat.MANTEL_STANDARDS],
        ("mantel_id", "code", "name", "name_en", "figure_id", "target"),
    )
    products = {p.code: p for p in cat.PRODUCTS}
    by_client: dict[str, list[Usage]] = {}
    for u in usage:
        by_client.setdefault(u.client_code, []).append(u)

    dvas, lines = [], []
    for client in cat.CLIENTS:
        kind = "derden" if client.kind == "derde" else "plus"
        used = sorted(by_client[client.code], key=lambda u: (-u.share, u.product_code))
        first_lines: list[dict] = []
        for u in used:
            p = products[u.product_code]
            monthly = u.share * tickets_per_year / 12
            if p.financing == "plus":
                first_lines.append(
                    {
                        "product": p.code,
                        "priority": None,
                        "response": None,
                        "resolution": None,
                        "target": 0.90,
                        "volume": max(1, round(monthly)),
                        "tariff": p.tariff,
                    }
                )
        basis = [u for u in used if products[u.product_code].financing == "basis"]
        n_basis = len(basis) if kind == "derden" else 4 + rng.randint(0, 2)
        for u in basis[:n_basis]:
            first_lines.append(
                {
                    "product": u.product_code,
                    "priority": None,
                    "response": None,
                    "resolution": None,
                    "target": 0.95 if kind == "derden" else rng.choice((0.90, 0.95)),
                    "volume": None,
                    "tariff": None,
                }
            )
        # A stricter agreed norm for urgent workstation faults, for some clients.
        if any(u.product_code == "ICT-STORING" for u in used) and rng.random() < 0.4:
            p = products["ICT-STORING"]
            first_lines.append(
                {
                    "product": p.code,
                    "priority": 1,
                    "response": p.response_h * cat.PRIORITY_FACTORS[1] / 2,
                    "resolution": p.resolution_h * cat.PRIORITY_FACTORS[1] / 2,
                    "target": 0.95,
                    "volume": None,
                    "tariff": None,
                }
            )
        signed = period.start - dt.timedelta(days=rng.randint(10, 60))
        versions = [(f"DVA-{period.first_year}-{client.code}", period.start, period.end, signed, first_lines)]
        if client.code in cat.RENEWED_DVA_CLIENTS:
            renewed = [dict(line) for line in first_lines]
            # The renegotiated version tightens the norm of the first basis line and grows plus volumes.
            for line in renewed:
                p = products[line["product"]]
                if p.financing == "basis" and line["priority"] is None:
                    line["resolution"] = p.resolution_h * 0.75
                    line["target"] = 0.95
                    break
            for line in renewed:
                if line["volume"] is not None:
                    line["volume"] = max(1, round(line["volume"] * 1.1))
            first_id, start, end, signed, first = versions[0]
            versions = [
                (first_id, start, period.renewal, signed, first),
                (
                    f"DVA-{period.renewal.year}-{client.code}-v2",
                    period.renewal,
                    end,
                    period.renewal - dt.timedelta(days=rng.randint(5, 30)),
                    renewed,
                ),
            ]
        for dva_id, start, end, signed_on, dva_lines in versions:
            dvas.append((dva_id, client.code, kind, mantel_id, start, end, signed_on))
            for no, line in enumerate(dva_lines, start=1):
                lines.append(
                    (
                        dva_id,
                        no,
                        line["product"],
                        line["priority"],
                        line["response"],
                        line["resolution"],
                        line["target"],
                        line["volume"],
                        line["tariff"],
                    )
                )
    _insert(
        con, "dva", dvas, ("id", "client_code", "kind", "mantel_id", "valid_from", "valid_to", "signed_on")
    )
    _insert(
        con,
        "dva_line",
        lines,
        (
            "dva_id",
            "line_no",
            "product_code",
            "priority",
            "response_norm_hours",
            "resolution_norm_hours",
            "target_share",
            "agreed_volume",
            "tariff",
        ),
    )


def insert_cost(con: duckdb.DuckDBPyConnection, period: Period, rng: random.Random) -> None:
    """Monthly FTE, personnel cost and material per directorate: the road to 20% less.

    Each directorate shrinks linearly from April of the first year to its own reduction by the
    last month; the GD as a whole lands near 80% of the first year's average.
    """
    months = period.months()
    last = len(months) - 1
    rows = []
    for code, (fte0, material0, reduction) in cat.COST_PLAN.items():
        for m, month in enumerate(months):
            ramp = max(0.0, (m - 3) / (last - 3))
            level = 1 - reduction * ramp
            year_mid = min(last, (m // 12) * 12 + 6)
            budget_level = 1 - reduction * max(0.0, (year_mid - 3) / (last - 3))
            fte = round(fte0 * level * (1 + rng.gauss(0, 0.004)), 1)
            budget = round(material0 * budget_level * 1.02, 2)
            spend = round(material0 * level * (1 + rng.gauss(0, 0.02)), 2)
            rows.append((code, month, fte, round(fte * cat.COST_PER_FTE_MONTH, 2), budget, spend))
    _insert(
        con,
        "cost",
        rows,
        ("directorate_code", "month", "fte", "personnel_cost", "material_budget", "material_spend"),
    )
