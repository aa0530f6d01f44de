"""The registry's rules, additivity of every additive figure, the CLI, and package boundaries."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from gdmetrics.figures import REGISTRY, FigureRequest, compute, registry_problems
from gdmetrics.figures.model import PERIOD_GRAINS
from gdmetrics.figures.registry import FIGURES
from tests.figure_fixture import build_figure_fixture

ROOT = Path(__file__).resolve().parents[1]
SPRING = FigureRequest(date_from=dt.date(2004, 3, 1), date_to=dt.date(2004, 5, 31))
YEARS = FigureRequest(date_from=dt.date(2004, 1, 1), date_to=dt.date(2006, 12, 31))


@pytest.fixture(scope="module")
def golden_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "golden.duckdb"
    build_figure_fixture(path).close()
    return path


@pytest.fixture(scope="module")
def con(golden_db):
    import duckdb

    c = duckdb.connect(str(golden_db), read_only=True)
    yield c
    c.close()


def test_registry_is_valid():
    assert registry_problems(FIGURES) == []


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (FIGURES + (FIGURES[0],), "figure id 'resolution_within_norm' is defined twice"),
        (
            (replace(FIGURES[0], drill=None), *FIGURES[1:]),
            "figure 'resolution_within_norm' has no drill-down (the rows behind it)",
        ),
        (
            (replace(FIGURES[0], noun_nl="een woord zonder vertaling"), *FIGURES[1:]),
            "figure 'resolution_within_norm' lacks the Dutch or English noun a report counts it in",
        ),
        (
            (replace(FIGURES[0], dimensions=FIGURES[0].dimensions | {"colour"}), *FIGURES[1:]),
            "figure 'resolution_within_norm' names unknown dimensions ['colour']",
        ),
        (
            (replace(FIGURES[0], build=None), *FIGURES[1:]),
            "figure 'resolution_within_norm' needs one query: a statement (build) or a composition",
        ),
        (
            (replace(FIGURES[0], label_nl="Een label zonder vertaling"), *FIGURES[1:]),
            "figure 'resolution_within_norm' lacks a Dutch or English label or description",
        ),
        (
            (replace(FIGURES[0], id="Bad-Id"), *FIGURES[1:]),
            "figure id 'Bad-Id' is not a lower-case identifier",
        ),
        (
            (replace(FIGURES[0], reads=()), *FIGURES[1:]),
            "figure 'resolution_within_norm' does not say which columns it reads",
        ),
        (
            (replace(FIGURES[10], category="reason"), *FIGURES[:10], *FIGURES[11:]),
            "figure 'channel_mix' splits every row by 'reason', which it does not allow",
        ),
    ],
)
def test_each_registry_rule_catches_its_fault(broken, problem):
    assert problem in registry_problems(tuple(broken))


def _sums(frame: pd.DataFrame, keys: list[str], cols: list[str] | None = None) -> pd.DataFrame:
    cols = cols or [c for c in ("numerator", "denominator") if frame[c].notna().any()] or ["value"]
    out = frame.groupby(keys, dropna=False)[cols].sum() if keys else frame[cols].sum().to_frame().T
    out = out.reset_index(drop=not keys)
    return out.astype({c: float for c in cols})


ADDITIVE_SPLITS = [
    (fid, dim)
    for fid, fig in REGISTRY.items()
    if fig.additive
    for dim in sorted(fig.dimensions - set(PERIOD_GRAINS) - {fig.category} - {"age_bucket"})
    + (["month"] if "month" in fig.dimensions else [])
]


@pytest.mark.parametrize(("figure_id", "dim"), ADDITIVE_SPLITS)
def test_split_and_summed_equals_unsplit(con, figure_id, dim):
    req = YEARS if figure_id in ("efficiency_index", "cost_per_ticket") else SPRING
    fig = REGISTRY[figure_id]
    if figure_id == "backlog" and dim == "month":
        pytest.skip("backlog per month is a snapshot per month; its sum is not the end-of-period backlog")
    whole_frame = compute(con, figure_id, req).frame
    split_frame = compute(con, figure_id, req.with_(by=(dim,))).frame
    if fig.category:
        # A mix: counts per category add up, and so do the group totals (one per group).
        assert (
            _sums(split_frame, [fig.category])["numerator"].tolist()
            == _sums(whole_frame, [fig.category])["numerator"].tolist()
        )
        if whole_frame["denominator"].notna().any():
            column = "period" if dim in PERIOD_GRAINS else dim
            group_totals = split_frame.groupby(column, dropna=False)["denominator"].first().sum()
            assert group_totals == whole_frame["denominator"].iloc[0]
        return
    whole = _sums(whole_frame, [])  # an empty split (nothing open) sums to the whole's zero
    pd.testing.assert_frame_equal(
        whole, _sums(split_frame, [], list(whole.columns)), check_exact=False, rtol=1e-9
    )


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "gdmetrics", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_figure_json(golden_db):
    out = run_cli(
        "figure",
        "resolution_within_norm",
        "--db",
        str(golden_db),
        "--from",
        "2004-03-01",
        "--to",
        "2004-03-31",
        "--by",
        "directorate",
        "--format",
        "json",
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "figure": "resolution_within_norm",
        "unit": "share",
        "direction": "higher_is_better",
        "from": "2004-03-01",
        "to": "2004-03-31",
        "rows": [
            {
                "directorate": "FAZ",
                "numerator": 2,
                "denominator": 3,
                "value": 2 / 3,
                "target": pytest.approx(0.9166667),
            },
            {"directorate": "ICT", "numerator": 1, "denominator": 2, "value": 0.5, "target": 0.9},
        ],
    }


def test_cli_figures_lists_the_registry():
    out = run_cli("figures")
    assert out.returncode == 0
    assert [line.split()[0] for line in out.stdout.splitlines()] == list(REGISTRY)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("figure", "no_such_figure"), "error: unknown figure 'no_such_figure'"),
        (("figure", "backlog", "--by", "galaxy"), "error: unknown dimension 'galaxy'"),
        (("figure", "backlog", "--from", "2004-13-01"), "error: --from '2004-13-01' is not a date"),
        (
            ("figure", "complaint_count", "--by", "channel"),
            "error: complaint_count: cannot be split by 'channel'",
        ),
        (("figure", "backlog", "--where", "galaxy=far"), "error: cannot filter on 'galaxy'"),
        (
            ("figure", "backlog", "--from", "2005-01-01", "--to", "2004-01-01"),
            "error: period ends (2004-01-01)",
        ),
        (("explain", "NOPE"), "error: no ticket 'NOPE'"),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(golden_db, args, message):
    out = run_cli(*args, "--db", str(golden_db))
    assert (out.returncode, out.stderr.count("\n"), out.stderr.startswith(message)) == (2, 1, True), (
        out.stderr
    )


def test_cli_explain(golden_db):
    out = run_cli("explain", "A", "--db", str(golden_db))
    assert out.returncode == 0
    assert "DVA-regel DVA-D1-1 r1 voor deze klant en dit product" in out.stdout
    assert "Oordeel oplossing: binnen de norm (2004-03-02 12:00)" in out.stdout


def test_gdmetrics_never_imports_streamlit():
    offenders = []
    for path in (ROOT / "gdmetrics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []
