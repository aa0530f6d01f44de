"""Each malformed workbook is refused with its sheet, column and reason, and changes nothing."""

from __future__ import annotations

import pytest

from gdmetrics.reference import WorkbookRejected, import_reference, workbook_values
from gdmetrics.settings import Settings
from tests.reference.conftest import NOW, snapshot
from tests.reference.corpus import BAD, HUGE_LIMIT, UNPACKED_LIMIT_MB


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_workbook_is_named_and_changes_nothing(loaded, case: str) -> None:
    make, sheet, column, reason = BAD[case]
    before = snapshot(loaded)
    settings = Settings(reference_max_rows=HUGE_LIMIT, import_max_xlsx_unpacked_mb=UNPACKED_LIMIT_MB)
    with pytest.raises(WorkbookRejected) as caught:
        import_reference(loaded, make(), f"{case}.xlsx", "test", now=NOW, settings=settings)
    problems = caught.value.problems
    assert any(
        p.sheet == sheet and (column is None or p.column == column) and reason in p.reason for p in problems
    ), [p.text() for p in problems]
    assert all(p.text() for p in problems)
    assert snapshot(loaded) == before


def test_corpus_is_deterministic() -> None:
    """No randomness: the same cell contents every time (the zip members carry their write time)."""
    make = BAD["cycle_of_parents"][0]
    assert workbook_values(make()) == workbook_values(make())


def test_at_least_fifteen_faults() -> None:
    assert len(BAD) >= 15
