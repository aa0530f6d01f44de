"""House rules for the pages and the package: thin pages without SQL, no streamlit in gdmetrics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "ui.py")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_hold_no_sql_and_stay_thin(page):
    text = page.read_text()
    assert "duckdb" not in text
    assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", text)
    assert len(text.splitlines()) <= 150


def test_gdmetrics_never_imports_streamlit():
    offenders = [
        p
        for p in (ROOT / "gdmetrics").rglob("*.py")
        if re.search(r"^\s*(import|from) streamlit", p.read_text(), re.M)
    ]
    assert offenders == []
