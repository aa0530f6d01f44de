"""The iPDC listings: products with who delivers them, financing, tariff and norms; patterns."""

from __future__ import annotations

import duckdb
import pandas as pd


def products(
    con: duckdb.DuckDBPyConnection, lang: str = "nl", directorate: str | None = None
) -> pd.DataFrame:
    """Every product of the catalogue (of one directorate, when given) with its directorate,
    financing, tariff and norms."""
    name = "p.name_en" if lang == "en" else "p.name"
    directorate_name = "d.name_en" if lang == "en" else "d.name"
    return (
        con.cursor()
        .execute(
            f"""SELECT p.code, {name} AS name, {directorate_name} AS directorate, p.directorate_code, p.topic, p.life_event,
                       p.demand_level, p.financing, p.tariff, p.tariff_unit, p.response_norm_hours,
                       p.resolution_norm_hours, p.is_24_7,
                       (SELECT count(*) FROM product_norm n WHERE n.product_code = p.code) AS priority_norms
                FROM product p JOIN directorate d ON d.code = p.directorate_code
                WHERE CAST($directorate AS VARCHAR) IS NULL OR p.directorate_code = $directorate
                ORDER BY p.directorate_code, p.code""",
            {"directorate": directorate},
        )
        .df()
    )


def product_norms(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Catalogue norms per product and priority, with their validity."""
    return (
        con.cursor()
        .execute(
            """SELECT product_code, priority, valid_from, valid_to, response_norm_hours, resolution_norm_hours
               FROM product_norm ORDER BY product_code, priority, valid_from"""
        )
        .df()
    )


def patterns(con: duckdb.DuckDBPyConnection, lang: str = "nl") -> pd.DataFrame:
    """Each pattern with its end-to-end norm and its steps (product and delivering directorate)."""
    name = "pt.name_en" if lang == "en" else "pt.name"
    product = "p.name_en" if lang == "en" else "p.name"
    return (
        con.cursor()
        .execute(
            f"""SELECT pt.code, {name} AS name, pt.lead_time_norm_hours,
                       string_agg({product} || ' (' || p.directorate_code || ')', ' → ' ORDER BY s.step) AS steps,
                       count(s.step) AS step_count
                FROM pattern pt LEFT JOIN pattern_step s ON s.pattern_code = pt.code
                LEFT JOIN product p ON p.code = s.product_code
                GROUP BY ALL ORDER BY pt.code"""
        )
        .df()
    )
